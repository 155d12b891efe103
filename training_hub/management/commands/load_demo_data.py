from contextlib import contextmanager

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand

from training_hub.demo import DEMO_LOGINS, DEMO_PASSWORD, load_demo_data
from training_hub.roles import Role

KEEP_MAIL = "django.core.mail.backends.locmem.EmailBackend"


@contextmanager
def mail_kept():
    """The e-mails sent meanwhile are kept in `mail.outbox`, not sent: the demo's moves
    notify people as real ones do, and `make run` need not print them all."""
    backend, had_outbox = settings.EMAIL_BACKEND, hasattr(mail, "outbox")
    outbox = getattr(mail, "outbox", None)
    settings.EMAIL_BACKEND, mail.outbox = KEEP_MAIL, []
    try:
        yield mail.outbox
    finally:
        settings.EMAIL_BACKEND = backend
        if had_outbox:
            mail.outbox = outbox
        else:
            del mail.outbox


class Command(BaseCommand):
    help = "Load the demo centres and accounts (idempotent) and print one login per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--send-mail",
            action="store_true",
            help="Send the e-mails the demo's moves write (the console backend prints them).",
        )

    def handle(self, *args, send_mail=False, **options):
        if send_mail:
            created, kept = load_demo_data(), []
        else:
            with mail_kept() as kept:
                created = load_demo_data()
        self.stdout.write(
            f"Demo data: {len(created)} account(s) created"
            + (f" ({', '.join(created)})." if created else "; everything was already there.")
        )
        if kept:
            self.stdout.write(
                f"The demo's nominations wrote {len(kept)} e-mail(s); none was sent "
                "(--send-mail sends them)."
            )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, username in DEMO_LOGINS.items():
            self.stdout.write(f"  {Role(role).label:<22} {username}")
