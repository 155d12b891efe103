"""Check that every face a certificate needs is installed, and make the TrueType copy of
the CJK face (`certificates/pdf/fonts.py`). Run by `make demo`, `make test` and the image
build; it does nothing when everything is there."""

from django.core.management.base import BaseCommand, CommandError

from certificates.pdf import fonts


class Command(BaseCommand):
    help = "Check the certificate fonts; convert the CJK face to TrueType when missing."

    def handle(self, *args, **options):
        try:
            made = fonts.convert_missing(log=lambda line: self.stdout.write(line))
            found = fonts.paths()
        except fonts.FontMissing as error:
            raise CommandError(str(error)) from error
        if made or options["verbosity"] > 1:
            for face, path in found.items():
                self.stdout.write(
                    f"{face.family:<20} {'bold' if face.bold else 'regular':<8} {path}"
                )
