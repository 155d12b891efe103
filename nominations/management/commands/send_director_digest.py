"""Send each training director the day's new nominations to their centres' sessions; a
scheduler runs it once a day. A director with nothing new gets no e-mail."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from nominations import tasks
from nominations.notifications import digest_directors, digest_nominations


class Command(BaseCommand):
    help = (
        "E-mail each director one list of the nominations submitted or waitlisted to their "
        "centres' sessions in the last --since-hours (nothing when there is none)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since-hours",
            type=int,
            default=24,
            help="How far back to look (default: 24, for a daily run).",
        )

    def handle(self, *args, since_hours, **options):
        if since_hours < 1:
            raise CommandError("--since-hours must be at least 1.")
        since = timezone.now() - timedelta(hours=since_hours)
        queued = 0
        for director in digest_directors():
            if digest_nominations(director, since).exists():
                tasks.send_director_digest.enqueue(director.pk, since.isoformat())
                queued += 1
        self.stdout.write(f"Director digests: {queued} queued (since {since:%Y-%m-%d %H:%M %Z}).")
