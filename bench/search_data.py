"""The generated catalogue of bench/search.py: courses in words of the field, over six
centres, with topics, languages and sessions spread over two years. Run inside the site's
settings (`manage.py shell -c`), so that the servers read what was made."""

import datetime as dt
import random
import zoneinfo

WORDS = [
    ("Trafficking", "trafficking in persons"),
    ("Smuggling", "people smuggling"),
    ("Document", "travel document examination"),
    ("Border", "border management"),
    ("Interviewing", "interviewing persons with specific needs"),
    ("Refugee", "refugee status determination"),
    ("Visa", "visa integrity"),
    ("Identity", "identity management"),
    ("Intelligence", "intelligence analysis"),
    ("Maritime", "irregular movements by sea"),
    ("Return", "assisted voluntary return and reintegration"),
    ("Privacy", "privacy and data protection"),
]
KINDS = ["investigations", "examination", "screening", "analysis", "cooperation", "casework"]
THEMES = ["early_detection", "prevention", "protection", "migration_management"]
ZONES = ["Asia/Jakarta", "Asia/Seoul", "Asia/Bangkok", "Australia/Sydney", "Pacific/Fiji"]
ZONES.append("Asia/Colombo")
BATCH = 500


def _centres():
    from courses.models import CentrePage
    from courses.services import centre_create
    from training_hub.models import Member
    from training_hub.roles import Role
    from training_hub.services import user_create

    centres = list(CentrePage.objects.order_by("pk"))
    if centres:
        return centres
    rso = user_create(
        username="bench-rso", password="bench-password-1", role=Role.RSO, email="rso@bench.test"
    )
    countries = list(Member.objects.filter(kind="state").order_by("code")[: len(ZONES)])
    return [
        centre_create(
            user=rso,
            title=f"Centre {i}",
            slug=f"centre-{i}",
            acronym=f"C{i}",
            country=countries[i],
            city=f"City {i}",
            time_zone=zone,
        )
        for i, zone in enumerate(ZONES)
    ]


def _course(n):
    from courses.models import CoursePage

    word, phrase = WORDS[n % len(WORDS)]
    return CoursePage(
        title=f"{word} {KINDS[n % len(KINDS)]} {n:05d}",
        slug=f"course-{n:05d}",
        summary=f"Regional course on {phrase} for officials of the Bali Process members.",
        theme=THEMES[n % 4],
        audience="Officers",
        level=["foundation", "intermediate", "advanced", "trainer"][n % 4],
        delivery_mode=["residential", "online", "blended"][n % 3],
        duration_days=3 + n % 8,
    )


def _session(course, rng, now):
    from courses.models import Session

    zone = zoneinfo.ZoneInfo(course.centre.time_zone)
    days = rng.randint(-300, 700)
    starts = (now + dt.timedelta(days=days)).astimezone(zone)
    starts = starts.replace(hour=9, minute=0, second=0, microsecond=0)
    opens, closes = starts - dt.timedelta(days=90), starts - dt.timedelta(days=14)
    if days < 0:
        status = "completed"
    elif opens <= now < closes:
        status = rng.choice(["open", "open", "open", "cancelled"])
    else:
        status = rng.choice(["planned", "planned", "cancelled"]) if now < opens else "closed"
    return Session(
        course=course,
        starts_at=starts,
        ends_at=starts + dt.timedelta(days=4, hours=8),
        time_zone=course.centre.time_zone,
        venue="Main hall",
        city=course.centre.city,
        capacity=24,
        default_quota=2,
        status=status,
        nominations_open_at=opens,
        nominations_close_at=closes,
    )


def generate(courses, sessions):
    from django.db import transaction

    from courses.models import CoursePage, Language, Session, Topic

    rng = random.Random(7)
    centres = _centres()
    topics, languages = list(Topic.objects.all()), list(Language.objects.all())
    for start in range(CoursePage.objects.count(), courses, BATCH):
        with transaction.atomic():
            for n in range(start, min(start + BATCH, courses)):
                course = _course(n)
                centres[n % len(centres)].add_child(instance=course)
                course.topics.set(rng.sample(topics, 2))
                course.languages.set(rng.sample(languages, 2))
        print(f"  {min(start + BATCH, courses)} courses", flush=True)
    now = dt.datetime.now(dt.UTC)
    rows = list(CoursePage.objects.select_related("centre").order_by("pk"))
    made = [_session(rows[k % len(rows)], rng, now) for k in range(sessions)]
    Session.objects.bulk_create(made, batch_size=2000)
    print(f"  {len(made)} sessions", flush=True)


def print_centres():
    from courses.models import CentrePage

    print(" ".join(CentrePage.objects.order_by("pk").values_list("slug", flat=True)))
