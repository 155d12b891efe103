"""The RSO's dashboard and matching page at scale: render time and SQL queries.

    .venv/bin/python bench/coordination.py              # SQLite file in a temp dir
    DATABASE_URL=postgres://... .venv/bin/python bench/coordination.py

Builds a tenth of the data first (the baseline, measured in the same run), then grows it
to `BENCH_NEEDS` (5,000) open training needs, `BENCH_PLEDGES` (500) pledges with earmarks
and allocations, and `BENCH_SESSIONS` (20,000) sessions of `BENCH_COURSES` (1,000) courses,
with officials' nominations for the participation chart. At each size it requests, as the
RSO, through Django's test client: the dashboard (the default period, and every member),
the matching page (ten needs with their candidates and pledges) and one need's page. It
prints the queries of each page and, over `BENCH_REPEATS` runs, the median and p95 render
time, with the charts' SVG built each time (cache emptied: "cold") and kept ("warm"), beside
`/healthz` in the same run (the machine's pace: other work on it slows every row alike).
The planner's statistics are refreshed (ANALYZE) after each bulk load.
Target: p95 under 300 ms, and queries that do not grow with the data. Not a test.
"""

import datetime as dt
import os
import random
import statistics
import time
import zoneinfo
from decimal import Decimal

from benchlib import REPEATS, bench_centres  # noqa: I001  (sets up Django first)
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

NEEDS = int(os.environ.get("BENCH_NEEDS", "5000"))
PLEDGES = int(os.environ.get("BENCH_PLEDGES", "500"))
SESSIONS = int(os.environ.get("BENCH_SESSIONS", "20000"))
COURSES = int(os.environ.get("BENCH_COURSES", "1000"))
THEMES = ["early_detection", "prevention", "protection", "migration_management"]
RUNS = max(REPEATS, 20)
rng = random.Random(10)


def _rso():
    from training_hub.models import User
    from training_hub.roles import Role

    return User.objects.filter(role=Role.RSO).first()


def _curriculum(rso):
    from courses.models import CurriculumPage
    from courses.services import curriculum_create

    found = CurriculumPage.objects.first()
    if found is not None:
        return found
    return curriculum_create(
        user=rso,
        title="Bench curriculum",
        slug="bench-curriculum",
        modules=[
            {"code": f"B-{i:02d}", "title": f"Module {i}", "learning_outcomes": "x", "hours": 4}
            for i in range(20)
        ],
    )


def grow(courses, sessions, needs, pledges):
    """Grow the data to these totals (each kind in bulk, pages one by one)."""
    from courses.models import CourseModule, CoursePage, Language, Session
    from nominations.models import (
        Allocation,
        Donor,
        Earmark,
        Nomination,
        Official,
        Pledge,
        TrainingNeed,
    )
    from training_hub.models import Member, User

    centres = bench_centres()
    rso = _rso()
    curriculum = _curriculum(rso)
    modules = list(curriculum.modules.all())
    languages = list(Language.objects.all())
    members = list(Member.objects.filter(kind="state"))
    today = dt.date.today()
    for n in range(CoursePage.objects.count(), courses):
        centre = centres[n % len(centres)]
        course = CoursePage(
            title=f"Course {n:05d}",
            slug=f"course-{n:05d}",
            summary="Bench course.",
            theme=THEMES[n % 4],
            audience=["Frontline border officers", "Investigators", "Consular staff"][n % 3],
            level=["foundation", "intermediate", "advanced"][n % 3],
            delivery_mode=["residential", "online", "blended"][n % 3],
            duration_days=5,
            cost_per_participant=Decimal(500 + 100 * (n % 20)),
            currency="USD",
        )
        centre.add_child(instance=course)
        course.languages.set(languages[n % len(languages) : n % len(languages) + 2])
        CourseModule.objects.bulk_create(
            [CourseModule(course=course, module=modules[(n + k) % len(modules)]) for k in range(2)]
        )
    all_courses = list(CoursePage.objects.select_related("centre").order_by("pk"))
    now = dt.datetime.now(dt.UTC)
    batch = []
    for n in range(Session.objects.count(), sessions):
        course = all_courses[n % len(all_courses)]
        zone = zoneinfo.ZoneInfo(course.centre.time_zone)
        starts = dt.datetime.combine(today, dt.time(9), zone) + dt.timedelta(
            days=(n * 7) % 900 - 300
        )
        batch.append(
            Session(
                course=course,
                starts_at=starts,
                ends_at=starts + dt.timedelta(days=4, hours=8),
                time_zone=course.centre.time_zone,
                venue="Main hall",
                city="City",
                capacity=24,
                default_quota=4,
                status="planned" if starts > now else "completed",
                nominations_open_at=starts - dt.timedelta(days=90),
                nominations_close_at=starts - dt.timedelta(days=14),
                funding_status=["not_funded", "partial", "funded"][n % 3],
                funding_covered=Decimal(0),
            )
        )
    Session.objects.bulk_create(batch, batch_size=2000)
    focal = User.objects.filter(role="rso").first()
    existing = TrainingNeed.objects.count()
    new_needs = []
    for n in range(existing, needs):
        start = today + dt.timedelta(days=rng.randint(-200, 500))
        new_needs.append(
            TrainingNeed(
                member=members[n % len(members)],
                title=f"Need {n}",
                theme=THEMES[n % 4],
                curriculum=curriculum if n % 2 else None,
                audience="Frontline border officers at airports",
                level=["", "foundation", "advanced"][n % 3],
                officials=rng.randint(2, 20),
                frequency="once",
                preferred_from=start,
                preferred_until=start + dt.timedelta(days=rng.randint(30, 200)),
                language=languages[n % len(languages)] if n % 3 else None,
                justification="Bench.",
                created_by=focal,
            )
        )
    made = TrainingNeed.objects.bulk_create(new_needs, batch_size=2000)
    through = TrainingNeed.modules.through
    through.objects.bulk_create(
        [
            through(trainingneed_id=need.pk, module_id=modules[(i + k) % len(modules)].pk)
            for i, need in enumerate(made)
            if i % 2
            for k in range(2)
        ],
        batch_size=5000,
    )
    donors = list(Donor.objects.all()) or Donor.objects.bulk_create(
        [Donor(kind="organisation", name=f"Donor {i}") for i in range(20)]
    )
    new_pledges = Pledge.objects.bulk_create(
        [
            Pledge(
                donor=donors[i % len(donors)],
                title=f"Pledge {i}",
                amount=Decimal(100000 + 1000 * (i % 50)),
                currency=["USD", "AUD", "EUR"][i % 3],
                starts_on=today - dt.timedelta(days=400),
                ends_on=today + dt.timedelta(days=rng.randint(100, 900)),
            )
            for i in range(Pledge.objects.count(), pledges)
        ]
    )
    centres_by_index = centres
    Earmark.objects.bulk_create(
        [Earmark(pledge=p, theme=THEMES[i % 4]) for i, p in enumerate(new_pledges) if i % 2]
        + [
            Earmark(pledge=p, member=members[i % len(members)])
            for i, p in enumerate(new_pledges)
            if i % 3 == 0
        ]
        + [
            Earmark(pledge=p, centre=centres_by_index[i % len(centres)])
            for i, p in enumerate(new_pledges)
            if i % 5 == 0
        ]
    )
    future = list(
        Session.objects.filter(starts_at__gt=now)
        .order_by("?")
        .values_list("pk", flat=True)[: len(new_pledges) * 4]
    )
    Allocation.objects.bulk_create(
        [
            Allocation(
                pledge=p,
                session_id=future[(i * 4 + k) % len(future)],
                amount=Decimal(1000),
                covered=Decimal(1000),
                covered_currency="USD",
            )
            for i, p in enumerate(new_pledges)
            for k in range(4)
        ]
    )
    # Officials and their nominations, for the participation figures.
    if not Official.objects.exists():
        users = User.objects.bulk_create(
            [User(username=f"bench-official-{i}", email=f"o{i}@bench.test") for i in range(400)]
        )
        Official.objects.bulk_create(
            [
                Official(
                    user=user,
                    member=members[i % len(members)],
                    passport_name=f"Official {i}",
                    gender=["female", "male"][i % 2],
                    agency="Immigration",
                    position="Officer",
                    email=user.email,
                )
                for i, user in enumerate(users)
            ]
        )
    officials = list(Official.objects.all())
    past = list(Session.objects.order_by("pk").values_list("pk", flat=True))
    done = Nomination.objects.count()
    target = sessions // 2
    Nomination.objects.bulk_create(
        [
            Nomination(
                session_id=past[n % len(past)],
                official=officials[(n // len(past)) % len(officials)],
                member_id=officials[(n // len(past)) % len(officials)].member_id,
                rank=1,
                status=["submitted", "accepted", "completed", "declined"][n % 4],
            )
            for n in range(done, target)
        ],
        batch_size=5000,
    )


def _analyze():
    """Fresh planner statistics after the bulk load, as PostgreSQL's autovacuum keeps them
    on a live site. SQLite has none until ANALYZE runs: without them it reads the matching
    page's candidate sessions by the wrong index (77 ms against 35 ms for a page's ten
    candidate queries at 20,000 sessions)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(client, url, *, cold):
    """(queries of one request, median ms, p95 ms over RUNS requests)."""
    cache.clear()
    client.get(url)  # the site root and charts' stylesheet caches, which are not the point
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    count = len(queries)
    samples = []
    for _ in range(RUNS):
        if cold:
            cache.clear()
        began = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    return count, statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main():
    # No setup_test_environment(): its instrumented template rendering (for assertions on
    # contexts) would be timed too, and production renders without it.
    call_command("migrate", verbosity=0)
    bench_centres()
    from courses.models import Session
    from nominations.models import Pledge, TrainingNeed

    client = Client()
    client.force_login(_rso())
    rows = []
    for share in (10, 1):
        began = time.perf_counter()
        grow(COURSES // share, SESSIONS // share, NEEDS // share, PLEDGES // share)
        _analyze()
        built = time.perf_counter() - began
        need = TrainingNeed.objects.filter(status="open").order_by("pk").first()
        sizes = (TrainingNeed.objects.count(), Pledge.objects.count(), Session.objects.count())
        for label, url, cold in (
            # The machine's own pace in this run: a page that reads almost nothing.
            ("baseline: /healthz", "/healthz", False),
            ("dashboard, cold charts", "/coordination/", True),
            ("dashboard, warm charts", "/coordination/", False),
            ("matching page", "/coordination/matching/", False),
            ("one need's page", f"/coordination/needs/{need.pk}/", False),
        ):
            rows.append((sizes, label, *measure(client, url, cold=cold), built))
    print(f"database: {connection.vendor}; {RUNS} requests each; baseline = the first size")
    print(
        f"{'needs':>6} {'pledges':>8} {'sessions':>9}  {'page':<24}{'queries':>8} "
        f"{'median ms':>10} {'p95 ms':>8} {'x base':>7}"
    )
    base = {label: median for _sizes, label, _q, median, _p95, _b in rows[:5]}
    for (needs, pledges, sessions), label, queries, median, p95, _built in rows:
        print(
            f"{needs:>6} {pledges:>8} {sessions:>9}  {label:<24}{queries:>8} {median:>10.1f} "
            f"{p95:>8.1f} {median / base[label]:>7.2f}"
        )


if __name__ == "__main__":
    main()
