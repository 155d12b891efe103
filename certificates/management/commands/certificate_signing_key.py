"""Make the development signing key and self-signed certificate when no production key is
configured (TRAINING_HUB_SIGNING_KEY / _CERT); say which key signs certificates."""

from django.conf import settings
from django.core.management.base import BaseCommand

from certificates.pdf import signing


class Command(BaseCommand):
    help = "Make the development signing key on first start; show which key signs."

    def handle(self, *args, **options):
        if settings.TRAINING_HUB_SIGNING_KEY or settings.TRAINING_HUB_SIGNING_CERT:
            files = signing.key_files()
            self.stdout.write(f"Certificates are signed with {files.key} ({files.cert}).")
            return
        made = signing.ensure_development_key(settings.TRAINING_HUB_SIGNING_DEV_DIR)
        if made:
            self.stdout.write(
                "Made a development signing key and self-signed certificate in "
                f"{settings.TRAINING_HUB_SIGNING_DEV_DIR} (not for production)."
            )
