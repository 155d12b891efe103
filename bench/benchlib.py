"""What the benchmarks share: a throwaway database, Django set up, the centres, and timing.

Import it first: it sets the environment before Django loads.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
TMP = tempfile.mkdtemp(prefix="th-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "training_hub.settings.test"
os.environ["ALLOWED_HOSTS"] = "testserver"

# Django set up as the served site sets it up (training_hub/wsgi.py: the objects made while
# loading are frozen out of the garbage collector's way), so in-process timings match.
from training_hub.wsgi import application  # noqa: E402, F401

REPEATS = int(os.environ.get("BENCH_REPEATS", "7"))
ZONES = [
    "Asia/Jakarta",
    "Asia/Seoul",
    "Asia/Bangkok",
    "Australia/Sydney",
    "Pacific/Fiji",
    "Asia/Colombo",
]


def bench_centres(title="Centre {i}"):
    """One centre per zone in ZONES, created by an RSO account (the only role that may)."""
    from courses.models import CentrePage
    from courses.services import centre_create
    from training_hub.models import Member, User
    from training_hub.roles import Role
    from training_hub.services import user_create

    centres = list(CentrePage.objects.order_by("pk"))
    if centres:
        return centres
    rso = User.objects.filter(role=Role.RSO).first() or user_create(
        username="bench-rso", password="bench-password-1", role=Role.RSO, email="rso@bench.test"
    )
    countries = list(Member.objects.filter(kind="state")[: len(ZONES)])
    return [
        centre_create(
            user=rso,
            title=title.format(i=i),
            slug=f"centre-{i}",
            acronym=f"C{i}",
            country=countries[i],
            city=f"City {i}",
            time_zone=zone,
        )
        for i, zone in enumerate(ZONES)
    ]


def timed(fn, before=None):
    """Median seconds of REPEATS runs of `fn`, calling `before` (untimed) ahead of each."""
    samples = []
    for _ in range(REPEATS):
        if before is not None:
            before()
        began = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)
