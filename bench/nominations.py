"""Nominations under load: focal points submitting and directors accepting over HTTP, on
gunicorn and PostgreSQL, and the SQL queries of the focal point's pages as nominations grow.

    .venv/bin/python bench/nominations.py
    BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/nominations.py

Without BENCH_POSTGRES_URL it starts a throwaway PostgreSQL 15 cluster on a free port with
scripts/postgres.sh (as scripts/test.sh does) and removes it at the end; with it, it uses
that server. Either way it creates a scratch database, migrates it and drops it afterwards.

1. Generates BENCH_MEMBERS (16) members with a focal point and 20 officials each, six
   centres with a director each, two courses per centre, 60 open sessions, and a history of
   BENCH_HISTORY (10,000) nominations on 200 older sessions, so the tables are not empty.
2. Serves the site with gunicorn (2 sync workers on 127.0.0.1, production settings over
   plain HTTP: bench/nominations_settings.py; DEBUG off, the database task backend).
3. Runs the three rounds twice, each time with BENCH_CLIENTS (16) threads started together,
   every client signed in through POST /accounts/login/ with its CSRF token:
   - baseline: GET /healthz (the cheapest request that reaches the database);
   - submit: each focal point POSTs /nominations/sessions/<id>/ (official, rank, action
     "submit") BENCH_SUBMITS (30) times, two officials to each of 15 sessions that the
     other focal points' sessions overlap, so they queue on the same session locks;
   - accept: directors POST each submitted nomination's admin page
     /admin/nominations/inspect/<id>/ (to "accepted", version), 16 clients over 6 centres.
   The first time, the 16 work as people do: each waits between two requests, a pause drawn
   evenly between half and one and a half BENCH_THINK_MS (1000; seeded). This is the
   target's round: p95 under 150 ms, no errors. The second time they send back to back
   (no pause): with 2 workers a request then waits behind the ones queued before it, about
   clients / workers of them, so its p95 is about 8 times a worker's own time; it shows the
   throughput the two workers reach. For each round it prints p50, p95, errors, requests
   per second, and the ratios to the baseline of the same round. An error is a failed
   request or a move the service refused (a 400 page, or an error message in the messages
   cookie of the redirect). "worker ms" (gunicorn's access log) is the time a worker spent
   on a request, waiting for a free worker excluded.
4. Counts the SQL queries of the focal point's /portal/ and of its session page at 1x and
   10x nominations (Django's test client, in this process): they must not grow.

Not a test: nothing here passes or fails; the targets are printed next to the figures.
"""

import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "16"))
SUBMITS = int(os.environ.get("BENCH_SUBMITS", "30"))
HEALTH_REQUESTS = int(os.environ.get("BENCH_HEALTH_REQUESTS", "30"))
HISTORY = int(os.environ.get("BENCH_HISTORY", "10000"))
THINK = int(os.environ.get("BENCH_THINK_MS", "1000")) / 1000
OFFICIALS = 20
OPEN_SESSIONS = 60
PASSWORD = "bench-password-1"
TARGET_P95_MS = 150


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- PostgreSQL and Django -----------------------------------------------------------------


class Postgres:
    """A scratch database: on BENCH_POSTGRES_URL's server, or on a throwaway cluster."""

    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="th-bench-nominations-"))
        self.tmp.chmod(0o755)  # the cluster runs as the postgres user when we are root
        self.cluster = None
        server = os.environ.get("BENCH_POSTGRES_URL")
        if not server:
            port = free_port()
            self.cluster = self.tmp / "pg"
            subprocess.run(
                [ROOT / "scripts" / "postgres.sh", "start", self.cluster, str(port)], check=True
            )
            server = f"postgres://postgres@127.0.0.1:{port}/postgres"
        self.server = server
        self.name = f"bench_nominations_{secrets.token_hex(4)}"
        self._admin(f'CREATE DATABASE "{self.name}"')
        self.url = urllib.parse.urlsplit(server)._replace(path=f"/{self.name}").geturl()

    def _admin(self, sql):
        import psycopg

        with psycopg.connect(self.server, autocommit=True) as connection:
            connection.execute(sql)

    def close(self):
        try:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        finally:
            if self.cluster is not None:
                subprocess.run([ROOT / "scripts" / "postgres.sh", "stop", self.cluster])
            shutil.rmtree(self.tmp, ignore_errors=True)


def configure(database_url, static_root):
    """The environment production settings need; gunicorn's workers get the same."""
    static_root.mkdir(exist_ok=True)  # empty: nothing here serves static files
    # Production settings require the certificates' signing key: a throwaway one here.
    from certificates.pdf import signing

    os.environ.update(signing.development_key_environment(static_root.parent / "signing"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.nominations_settings",
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        TRAINING_HUB_SSL_REDIRECT="false",
        TRAINING_HUB_TRUSTED_PROXY_COUNT="0",
        TRAINING_HUB_TASK_BACKEND="django_tasks_db.DatabaseBackend",
        TRAINING_HUB_LOG_LEVEL="WARNING",
        TRAINING_HUB_STATIC_ROOT=str(static_root),
    )
    import django

    django.setup()


# --- generated data --------------------------------------------------------------------------


def _account(username, role, **fields):
    from training_hub.services import user_create

    return user_create(username=username, password=PASSWORD, role=role, **fields)


def generate():
    """Members, focal points, officials, centres, directors, courses, sessions, history."""
    import datetime as dt
    import zoneinfo

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from courses.models import CoursePage, Session
    from courses.services import centre_create
    from nominations.choices import N
    from nominations.models import Nomination, Official
    from training_hub.models import Member, User
    from training_hub.roles import Role

    rso = _account("bench-rso", Role.RSO, email="rso@bench.test")
    states = list(Member.objects.filter(kind="state").order_by("code")[: MEMBERS + 1])
    zones = ["Asia/Jakarta", "Asia/Seoul", "Asia/Bangkok", "Australia/Sydney", "Pacific/Fiji"]
    zones.append("Asia/Colombo")
    centres, directors, courses = [], [], []
    for i, zone in enumerate(zones):
        centre = centre_create(
            user=rso,
            title=f"Centre {i}",
            slug=f"centre-{i}",
            acronym=f"C{i}",
            country=states[i],
            city=f"City {i}",
            time_zone=zone,
        )
        centres.append(centre)
        directors.append(
            _account(f"director-{i}", Role.DIRECTOR, centres=[centre], email=f"d{i}@bench.test")
        )
        for k in range(2):
            course = CoursePage(
                title=f"Course {i}-{k}",
                slug=f"course-{i}-{k}",
                summary="Bench course.",
                theme="prevention",
                audience="Officers",
                level="foundation",
                delivery_mode="residential",
                duration_days=5,
            )
            centre.add_child(instance=course)
            courses.append(course)
    focal_points = [
        _account(f"focal-{m.code.lower()}", Role.FOCAL_POINT, member=m, email=f"fp@{m.code}.test")
        for m in states
    ]
    # Officials in bulk: the trainee accounts behind them have no usable password.
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                username=f"official-{m.code.lower()}-{j}",
                email=f"official-{j}@{m.code}.test",
                role=Role.TRAINEE,
                member=m,
                password=unusable,
            )
            for m in states
            for j in range(OFFICIALS)
        ]
    )
    officials = Official.objects.bulk_create(
        [
            Official(
                user=user,
                member_id=user.member_id,
                passport_name=f"Official {user.username}",
                gender="female",
                agency="Immigration",
                position="Officer",
                email=user.email,
            )
            for user in users
        ]
    )
    by_member = {}
    for official in officials:
        by_member.setdefault(official.member_id, []).append(official)

    now = timezone.now()
    zone_of = {course.pk: zoneinfo.ZoneInfo(zones[n // 2]) for n, course in enumerate(courses)}

    def session(n, *, starts, capacity, status="open"):
        course = courses[n % len(courses)]
        zone = zone_of[course.pk]
        starts = starts.astimezone(zone).replace(hour=9, minute=0, second=0, microsecond=0)
        return Session(
            course=course,
            starts_at=starts,
            ends_at=starts + dt.timedelta(days=4, hours=8),
            time_zone=str(zone),
            venue="Main hall",
            city="City",
            capacity=capacity,
            default_quota=4,
            status=status,
            nominations_open_at=min(now, starts) - dt.timedelta(days=30),
            nominations_close_at=starts - dt.timedelta(days=7),
        )

    open_sessions = Session.objects.bulk_create(
        [
            session(n, starts=now + dt.timedelta(days=60 + n % 20), capacity=40)
            for n in range(OPEN_SESSIONS + 1)  # one more, for the query counts
        ]
    )
    older = Session.objects.bulk_create(
        [
            session(n, starts=now - dt.timedelta(days=30 + n), capacity=50, status="completed")
            for n in range(200)
        ]
    )
    history, everyone = [], [o for m in states[:MEMBERS] for o in by_member[m.pk]]
    statuses = [N.COMPLETED, N.ATTENDED, N.DECLINED, N.NO_SHOW, N.WITHDRAWN]
    for n in range(HISTORY):
        past = older[n % len(older)]
        official = everyone[(n // len(older)) % len(everyone)]
        history.append(
            Nomination(
                session=past,
                official=official,
                member_id=official.member_id,
                rank=1,
                status=statuses[n % len(statuses)],
                submitted_at=past.nominations_open_at,
            )
        )
    Nomination.objects.bulk_create(history, batch_size=2000)
    return {
        "focal_points": focal_points[:MEMBERS],
        "officials": [by_member[m.pk] for m in states[:MEMBERS]],
        "directors": directors,
        "centres": centres,
        "sessions": open_sessions[:OPEN_SESSIONS],
        "query_focal_point": focal_points[MEMBERS],
        "query_officials": by_member[states[MEMBERS].pk],
        "query_session": open_sessions[OPEN_SESSIONS],
        "query_other_sessions": open_sessions[:OPEN_SESSIONS],
    }


# --- gunicorn and HTTP clients -------------------------------------------------------------


class Server:
    def __init__(self, tmp):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(Path(tmp) / "gunicorn.log", "wb")  # noqa: SIM115  (closed in stop)
        self.access = Path(tmp) / "access.log"
        self.process = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "training_hub.wsgi:application",
                f"--bind=127.0.0.1:{self.port}",
                "--workers=2",
                "--worker-class=sync",
                f"--chdir={ROOT}",
                f"--access-logfile={self.access}",
                "--access-logformat=%(m)s %(U)s %(s)s %(D)s",
            ],
            env=os.environ.copy(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(300):
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        tail = Path(self.log.name).read_text(errors="replace")[-3000:]
        raise SystemExit(f"gunicorn did not start:\n{tail}")

    def worker_times(self, since):
        """Seconds the workers spent on each request logged after byte `since` of the
        access log (gunicorn's %(D)s: from the worker accepting it to the response)."""
        with self.access.open("rb") as log:
            log.seek(since)
            return [int(line.split()[-1]) / 1e6 for line in log if line.strip()]

    def mark(self):
        return self.access.stat().st_size if self.access.exists() else 0

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def sign_in(base, username):
    client = requests.Session()
    client.get(base + "/accounts/login/", timeout=30).raise_for_status()
    answer = client.post(
        base + "/accounts/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302 or "sessionid" not in client.cookies:
        raise SystemExit(f"{username} could not sign in ({answer.status_code})")
    return client


def refused_by_messages(response):
    """An error message in the redirect's messages cookie: the service refused the move."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    value = response.cookies.get("messages")
    if not value:
        return None
    decoded = CookieStorage(HttpRequest())._decode(value.strip('"')) or []
    errors = [str(m.message) for m in decoded if m.level >= constants.ERROR]
    return "; ".join(errors) or None


def run_round(clients, plans, send, think):
    """Every client sends its plan, all starting together, pausing between two requests a
    time drawn evenly between half and one and a half `think` (seeded per client); returns
    (latencies, errors, seconds the round took)."""
    barrier = threading.Barrier(len(clients))
    latencies, errors, lock = [], [], threading.Lock()

    def work(n, client, plan):
        pauses = random.Random(n)
        barrier.wait()
        for item in plan:
            client.cookies.pop("messages", None)
            began = time.perf_counter()
            try:
                problem = send(client, item)
            except Exception as error:  # noqa: BLE001  (counted and shown)
                problem = f"{type(error).__name__}: {error}"
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                if problem:
                    errors.append(problem)
            if think:
                time.sleep(think * pauses.uniform(0.5, 1.5))

    threads = [
        threading.Thread(target=work, args=(n, client, plan))
        for n, (client, plan) in enumerate(zip(clients, plans, strict=True))
    ]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - began


def percentiles(values):
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def measured(server, clients, plans, send, think):
    """One round: client latencies and errors, and the workers' own time per request."""
    since = server.mark()
    latencies, errors, seconds = run_round(clients, plans, send, think)
    time.sleep(0.5)  # let the workers' access log lines land
    p50, p95 = percentiles(latencies)
    worker_p50, worker_p95 = percentiles(server.worker_times(since))
    return {
        "n": len(latencies),
        "p50": p50,
        "p95": p95,
        "per_second": len(latencies) / seconds,
        "worker_p50": worker_p50,
        "worker_p95": worker_p95,
        "errors": errors,
    }


# The two ways the 16 clients work: as people (pausing between requests; the target's
# round) and back to back (the workers' throughput). Each submits to its own half of the
# open sessions, so that the second round finds seats as the first did.
MODES = {"as people (pauses)": (THINK, 0), "back to back": (0, OPEN_SESSIONS // 2)}


def load(world, server):
    """The three rounds in each mode; returns {mode: {name: summary}}."""
    from django.urls import NoReverseMatch, reverse

    from nominations.models import Nomination

    base = server.base
    # Baseline: /healthz, no sign-in needed.
    health = [requests.Session() for _ in range(CLIENTS)]

    def get_health(client, _item):
        answer = client.get(base + "/healthz", timeout=60)
        return None if answer.status_code == 200 else f"healthz {answer.status_code}"

    # Warm both workers up (imports, URL resolvers, templates) before anything is timed.
    warm = sign_in(base, world["focal_points"][0].username)
    for _ in range(10):
        warm.get(base + f"/nominations/sessions/{world['sessions'][0].pk}/", timeout=60)
        warm.get(base + "/portal/", timeout=60)
        health[0].get(base + "/healthz", timeout=60)

    focal_points = [sign_in(base, fp.username) for fp in world["focal_points"][:CLIENTS]]
    directors = [
        sign_in(base, world["directors"][t % len(world["directors"])].username)
        for t in range(CLIENTS)
    ]

    def submit(client, item):
        session_id, official_id = item
        answer = client.post(
            f"{base}/nominations/sessions/{session_id}/",
            data={
                "official": official_id,
                "rank": "",
                "action": "submit",
                "csrfmiddlewaretoken": client.cookies["csrftoken"],
            },
            allow_redirects=False,
            timeout=60,
        )
        if answer.status_code != 302:
            return f"submit {answer.status_code}"
        return None

    try:
        accept_path = reverse("nominations_admin:inspect", args=[0]).replace("/0/", "/{}/")
    except NoReverseMatch:  # the admin screens are not there: the front-end's move view
        accept_path = "/nominations/{}/move/"

    def accept(client, item):
        pk, version = item
        answer = client.post(
            base + accept_path.format(pk),
            data={
                "to": "accepted",
                "version": version,
                "csrfmiddlewaretoken": client.cookies["csrftoken"],
            },
            allow_redirects=False,
            timeout=60,
        )
        if answer.status_code != 302:
            return f"accept {answer.status_code}"
        return refused_by_messages(answer)

    results = {}
    for mode, (think, offset) in MODES.items():
        rounds = results[mode] = {}
        rounds["GET /healthz (baseline)"] = measured(
            server, health, [range(HEALTH_REQUESTS)] * CLIENTS, get_health, think
        )
        # Submit: focal point i puts two officials forward to each of 15 sessions from
        # i (+ the mode's offset) on, which overlap the other focal points' sessions.
        sessions = world["sessions"]
        plans = []
        for i in range(len(focal_points)):
            officials = world["officials"][i % MEMBERS]
            plans.append(
                [
                    (
                        sessions[(offset + i + k // 2) % OPEN_SESSIONS].pk,
                        officials[k % OFFICIALS].pk,
                    )
                    for k in range(SUBMITS)
                ]
            )
        rounds["POST submit (focal point)"] = measured(server, focal_points, plans, submit, think)

        # Accept: the clients share the centres' directors; each accepts its share.
        submitted = list(
            Nomination.objects.filter(session__in=sessions, status="submitted")
            .select_related("session__course")
            .order_by("pk")
        )
        centre_of = {c.pk: n for n, c in enumerate(world["centres"])}
        plans = [[] for _ in range(CLIENTS)]
        counters = {}
        for nomination in submitted:
            centre = centre_of[nomination.session.course.get_parent().pk]
            # The clients of this centre: t with t % 6 == centre, in turn.
            mine = [t for t in range(CLIENTS) if t % len(world["directors"]) == centre]
            turn = counters.get(centre, 0)
            counters[centre] = turn + 1
            plans[mine[turn % len(mine)]].append((nomination.pk, nomination.version))
        name = f"POST accept (director, {accept_path.format('<id>')})"
        rounds[name] = measured(server, directors, plans, accept, think)
    return results


# --- SQL queries of the focal point's pages ---------------------------------------------------


def query_counts(world):
    """Queries of /portal/ and the session page at 1x and 10x the focal point's nominations."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from nominations.services import nomination_create

    user, session = world["query_focal_point"], world["query_session"]
    officials, others = world["query_officials"], world["query_other_sessions"]
    client = Client()
    client.force_login(user)
    pages = {"/portal/": "/portal/", "session page": f"/nominations/sessions/{session.pk}/"}
    made = {"here": 0, "elsewhere": 0}

    def grow(here, elsewhere):
        while made["here"] < here:
            official = officials[made["here"]]
            nomination_create(user=user, session=session, official=official, submit=True)
            made["here"] += 1
        while made["elsewhere"] < elsewhere:
            n = made["elsewhere"]
            official = officials[n % len(officials)]
            nomination_create(user=user, session=others[n], official=official, submit=True)
            made["elsewhere"] += 1

    counts = {}
    for scale, (here, elsewhere) in {"1x": (2, 3), "10x": (20, 30)}.items():
        grow(here, elsewhere)
        for name, url in pages.items():
            assert client.get(url).status_code == 200  # warm caches the count should not see
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts[(name, scale)] = len(captured)
    return counts, made


def main():
    postgres = Postgres()
    server = None
    try:
        configure(postgres.url, postgres.tmp / "static")
        from django.core.management import call_command

        began = time.perf_counter()
        call_command("migrate", verbosity=0)
        world = generate()
        generated = time.perf_counter() - began
        server = Server(postgres.tmp)
        results = load(world, server)
        server.stop()
        server = None
        counts, made = query_counts(world)
    finally:
        if server is not None:
            server.stop()
        postgres.close()

    load_average = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"database: PostgreSQL; gunicorn 2 sync workers; {CLIENTS} concurrent clients; "
        f"migrated and generated in {generated:.0f} s; "
        f"{os.cpu_count()} CPUs, load average {load_average}"
    )
    print(
        "client ms: as the client saw it, waiting for a free worker included; worker ms: the "
        "worker's own time (gunicorn's %(D)s); x base: times the baseline of the same round, "
        "GET /healthz; req/s: requests answered per second in the round"
    )
    for mode, rounds in results.items():
        think, _offset = MODES[mode]
        pause = f"pauses of {think * 500:.0f} to {think * 1500:.0f} ms" if think else "no pause"
        print(f"\n{CLIENTS} clients {mode}: {pause}")
        print(
            f"{'request':<58} {'n':>5} {'req/s':>6} {'p50 ms':>8} {'x base':>7} {'p95 ms':>8} "
            f"{'x base':>7} {'worker p50':>11} {'worker p95':>11} {'errors':>7}"
        )
        base = rounds["GET /healthz (baseline)"]
        for name, row in rounds.items():
            print(
                f"{name:<58} {row['n']:>5} {row['per_second']:>6.0f} "
                f"{row['p50'] * 1000:>8.1f} {row['p50'] / base['p50']:>7.1f} "
                f"{row['p95'] * 1000:>8.1f} {row['p95'] / base['p95']:>7.1f} "
                f"{row['worker_p50'] * 1000:>11.1f} {row['worker_p95'] * 1000:>11.1f} "
                f"{len(row['errors']):>7}"
            )
        for name, row in rounds.items():
            for error in sorted(set(row["errors"]))[:5]:
                print(f"  {name}: {row['errors'].count(error)} x {error}")
    target_mode = next(iter(MODES))
    rounds = results[target_mode]
    worst = max(row["p95"] for row in rounds.values()) * 1000
    errors = sum(len(row["errors"]) for mode in results.values() for row in mode.values())
    verdict = "met" if worst < TARGET_P95_MS and not errors else "NOT met"
    print(
        f"\ntarget p95 < {TARGET_P95_MS} ms ({CLIENTS} clients {target_mode}) and no errors "
        f"in any round: {verdict} (worst p95 {worst:.0f} ms, {errors} errors)"
    )

    print(
        f"\nSQL queries per page for one focal point "
        f"(1x: 2 nominees on the session, 5 in all; 10x: 20 and {sum(made.values())})"
    )
    print(f"{'page':<14} {'1x':>5} {'10x':>5}")
    for name in ("/portal/", "session page"):
        one, ten = counts[(name, "1x")], counts[(name, "10x")]
        print(f"{name:<14} {one:>5} {ten:>5}{'' if ten <= one else '   GROWS'}")


if __name__ == "__main__":
    main()
