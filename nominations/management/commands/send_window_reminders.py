"""Remind focal points that nomination windows close soon; a scheduler runs it (hourly, say).

Each (session, member) gets the reminder once: the task records it when it sends, so
running the command again, or twice at the same time, sends nothing more.
"""

from django.core.management.base import BaseCommand, CommandError

from nominations import tasks
from nominations.notifications import window_reminders_due


class Command(BaseCommand):
    help = (
        "E-mail the focal points of active members about each session whose nomination "
        "window closes within --hours (once per session and member)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=int, default=48, help="How far ahead to look (default: 48)."
        )

    def handle(self, *args, hours, **options):
        if hours < 1:
            raise CommandError("--hours must be at least 1.")
        due = window_reminders_due(hours=hours)
        for session_id, member_id in due:
            tasks.send_window_reminder.enqueue(session_id, member_id)
        self.stdout.write(f"Window reminders: {len(due)} queued (closing within {hours} h).")
