from django.core.management.base import BaseCommand

from training_hub.demo import DEMO_LOGINS, DEMO_PASSWORD, load_demo_data
from training_hub.roles import Role


class Command(BaseCommand):
    help = "Load the demo centres and accounts (idempotent) and print one login per role."

    def handle(self, *args, **options):
        created = load_demo_data()
        self.stdout.write(
            f"Demo data: {len(created)} account(s) created"
            + (f" ({', '.join(created)})." if created else "; everything was already there.")
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, username in DEMO_LOGINS.items():
            self.stdout.write(f"  {Role(role).label:<22} {username}")
