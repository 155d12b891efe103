"""Catalogue and feed at scale: SQL queries per catalogue page, and feed render time.

    .venv/bin/python bench/catalogue.py              # SQLite file in a temp dir
    DATABASE_URL=postgres://... .venv/bin/python bench/catalogue.py

Generates centres, courses and sessions, then prints medians over repeated runs and ratios
against the smallest size measured in the same run (the baseline). Not a test: nothing here
passes or fails.
"""

import datetime as dt
import os
import time
import zoneinfo

from benchlib import REPEATS, bench_centres, timed  # noqa: I001  (sets up Django first)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from catalogue.feeds import clear_feed_cache  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "100,5000").split(",")]


def build(total_courses):
    """Grow the catalogue to `total_courses` courses with one session each."""
    from courses.models import CoursePage, Language, Session, Topic

    centres = bench_centres()
    topics, languages = list(Topic.objects.all()), list(Language.objects.all())
    themes = ["early_detection", "prevention", "protection", "migration_management"]
    start = CoursePage.objects.count()
    now = dt.datetime.now(dt.UTC)
    sessions = []
    for n in range(start, total_courses):
        centre = centres[n % len(centres)]
        course = CoursePage(
            title=f"Course {n:05d}",
            slug=f"course-{n:05d}",
            summary="Bench course.",
            theme=themes[n % 4],
            audience="Officers",
            level="foundation",
            delivery_mode=["residential", "online", "blended"][n % 3],
            duration_days=5,
        )
        centre.add_child(instance=course)
        course.topics.set(topics[n % len(topics) : n % len(topics) + 2])
        course.languages.set(languages[n % len(languages) : n % len(languages) + 2])
        course.save()
        zone = zoneinfo.ZoneInfo(centre.time_zone)
        for k in range(1):  # one session per course: N courses, N sessions
            starts = dt.datetime(2027, 1, 4, 9, tzinfo=zone) + dt.timedelta(
                days=(n * 3 + k * 90) % 700
            )
            sessions.append(
                Session(
                    course=course,
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(days=4, hours=8),
                    time_zone=centre.time_zone,
                    venue="Main hall",
                    city=centre.city,
                    capacity=24,
                    default_quota=2,
                    status=["open", "planned", "cancelled", "closed"][n % 4],
                    nominations_open_at=now - dt.timedelta(days=10),
                    nominations_close_at=starts - dt.timedelta(days=7),
                )
            )
    Session.objects.bulk_create(sessions)


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from courses.calendar import build_calendar
    from courses.models import CoursePage
    from courses.selectors import public_sessions

    client = Client()
    rows = []
    for size in SIZES:
        began = time.perf_counter()
        build(size)
        generated = time.perf_counter() - began
        client.get("/catalogue/")  # warm the site-root cache, which the count should not see
        with CaptureQueriesContext(connection) as first:
            assert client.get("/catalogue/").status_code == 200
        # Count now: every later request clears the connection's query log.
        first_count = len(first)
        with CaptureQueriesContext(connection) as filtered:
            assert client.get("/catalogue/?theme=prevention&open=true&page=2").status_code == 200
        filtered_count = len(filtered)
        page_time = timed(lambda: client.get("/catalogue/"))
        sessions = list(public_sessions().order_by("starts_at", "pk"))
        feed_time = timed(lambda rows=sessions: build_calendar(rows, title="Bench"))
        # Built each time: the feed cache is emptied first (bench/feeds.py times it warm).
        feed_view = timed(lambda: (clear_feed_cache(), client.get("/calendar/catalogue.ics")))
        rows.append(
            {
                "courses": CoursePage.objects.count(),
                "sessions": len(sessions),
                "queries": first_count,
                "queries_filtered": filtered_count,
                "page": page_time,
                "feed": feed_time,
                "feed_view": feed_view,
                "gen": generated,
            }
        )
    base = rows[0]
    print(f"database: {connection.vendor}; median of {REPEATS} runs; baseline = first row")
    print(
        f"{'courses':>8} {'sessions':>9} {'queries/page':>13} {'filtered':>9} "
        f"{'page ms':>9} {'x base':>7} {'feed build ms':>14} {'x base':>7} {'feed view ms':>13} "
        f"{'µs/session':>11}"
    )
    for row in rows:
        print(
            f"{row['courses']:>8} {row['sessions']:>9} {row['queries']:>13} "
            f"{row['queries_filtered']:>9} {row['page'] * 1000:>9.1f} "
            f"{row['page'] / base['page']:>7.2f} {row['feed'] * 1000:>14.1f} "
            f"{row['feed'] / base['feed']:>7.2f} {row['feed_view'] * 1000:>13.1f} "
            f"{row['feed_view'] / row['sessions'] * 1e6:>11.1f}"
        )


if __name__ == "__main__":
    main()
