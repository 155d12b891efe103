"""Calendar feeds at scale: cold build, warm (cached) request and 304, against a bare page.

    .venv/bin/python bench/feeds.py                   # SQLite file in a temp dir
    DATABASE_URL=postgres://... .venv/bin/python bench/feeds.py
    BENCH_FEED_SESSIONS=5000,40000 BENCH_REPEATS=7 .venv/bin/python bench/feeds.py

Generates centres, courses and sessions (BENCH_FEED_COURSES courses, sessions spread over
them), then prints medians over repeated runs of:

- the baseline: a request for the home page, a bare Wagtail page, measured in the same run;
- cold: a request for /calendar/catalogue.ics with the feed cache emptied first (query and
  build), and the build alone from rows already in memory;
- warm: the same request again, answered from the cache;
- 304: the same request with If-None-Match set to the ETag it was given;

with the SQL queries each one runs and ratios against the baseline (× base: how many times
the baseline's time). Not a test: nothing here passes or fails.
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

SIZES = [int(n) for n in os.environ.get("BENCH_FEED_SESSIONS", "40000").split(",")]
COURSES = int(os.environ.get("BENCH_FEED_COURSES", "400"))
FEED = "/calendar/catalogue.ics"


def _courses():
    """COURSES published courses below six centres (made once, kept between sizes)."""
    from courses.models import CoursePage

    centres = bench_centres(title="Regional centre of excellence {i}")
    themes = ["early_detection", "prevention", "protection", "migration_management"]
    for n in range(CoursePage.objects.count(), COURSES):
        centres[n % len(centres)].add_child(
            instance=CoursePage(
                title=f"Course {n:04d}: detecting fraudulent travel and identity documents",
                slug=f"course-{n:04d}",
                summary="Bench course.",
                theme=themes[n % 4],
                audience="Officers",
                level="foundation",
                delivery_mode="residential",
                duration_days=5,
            )
        )
    return list(CoursePage.objects.select_related("centre").order_by("pk"))


def build(total_sessions):
    """Grow the catalogue to `total_sessions` sessions spread over the courses."""
    from courses.models import Session

    courses = _courses()
    now = dt.datetime.now(dt.UTC)
    sessions = []
    for n in range(Session.objects.count(), total_sessions):
        course = courses[n % len(courses)]
        zone = zoneinfo.ZoneInfo(course.centre.time_zone)
        starts = dt.datetime(2027, 1, 4, 9, tzinfo=zone) + dt.timedelta(days=(n * 7) % 1400)
        sessions.append(
            Session(
                course=course,
                starts_at=starts,
                ends_at=starts + dt.timedelta(days=4, hours=8),
                time_zone=course.centre.time_zone,
                venue=f"Training hall {n % 9}, north wing",
                city=course.centre.city,
                capacity=24,
                default_quota=2,
                status=["open", "planned", "cancelled", "closed"][n % 4],
                nominations_open_at=now - dt.timedelta(days=10),
                nominations_close_at=starts - dt.timedelta(days=7),
            )
        )
    Session.objects.bulk_create(sessions, batch_size=2000)


def queries(fn):
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from courses.calendar import build_calendar, calendar_rows
    from courses.selectors import public_sessions

    client = Client()
    rows = []
    for size in SIZES:
        began = time.perf_counter()
        build(size)
        generated = time.perf_counter() - began
        assert client.get("/").status_code == 200
        baseline = timed(lambda: client.get("/"))

        def cold():
            response = client.get(FEED)
            assert response.status_code == 200
            return response

        clear_feed_cache()
        first = cold()
        etag, body = first["ETag"], first.content
        cold_time = timed(cold, before=clear_feed_cache)
        clear_feed_cache()
        cold_queries = queries(cold)
        data = calendar_rows(public_sessions())
        build_time = timed(lambda data=data: build_calendar(data, title="Bench"))

        def warm():
            response = client.get(FEED)
            assert response.status_code == 200
            return response

        assert warm().content == body  # checked once: comparing 26 MB is not the request
        warm_time, warm_queries = timed(warm), queries(warm)

        def not_modified(etag=etag):
            assert client.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 304

        revalidate_time, revalidate_queries = timed(not_modified), queries(not_modified)
        rows.append(
            {
                "sessions": public_sessions().count(),
                "mb": len(body) / 1e6,
                "gen": generated,
                "base": baseline,
                "cold": (cold_time, cold_queries),
                "build": (build_time, None),
                "warm": (warm_time, warm_queries),
                "304": (revalidate_time, revalidate_queries),
            }
        )
    print(
        f"database: {connection.vendor}; median of {REPEATS} runs; {COURSES} courses; "
        f"baseline = GET / (a bare Wagtail page) in the same run; "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
    )
    print(
        f"{'sessions':>9} {'feed MB':>8} {'base ms':>8}  "
        f"{'measure':<22} {'ms':>9} {'queries':>8} {'x base':>8} {'req/s vs base':>14}"
    )
    labels = {
        "cold": "cold request (built)",
        "build": "build only (no SQL)",
        "warm": "warm request (cached)",
        "304": "304 (If-None-Match)",
    }
    for row in rows:
        for key, label in labels.items():
            seconds, count = row[key]
            print(
                f"{row['sessions']:>9} {row['mb']:>8.1f} {row['base'] * 1000:>8.2f}  "
                f"{label:<22} {seconds * 1000:>9.2f} {'-' if count is None else count:>8} "
                f"{seconds / row['base']:>8.2f} {row['base'] / seconds:>14.3f}"
            )


if __name__ == "__main__":
    main()
