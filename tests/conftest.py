"""Fixtures, and the rule for services: under CI=true a missing service fails the test,
elsewhere it is skipped with a loud reason."""

import os
import socket
import urllib.parse

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.factories import make_centre, make_user
from training_hub.roles import Role

# Playwright's sync API runs an event loop in the test thread; Django would refuse ORM calls
# from that thread otherwise. Tests only: the live server itself runs in its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() == "true"
# Failed sign-ins need no reset between tests: axes keeps them as AccessAttempt rows (its
# database handler, the default), which each test's rollback or flush removes.


def service_missing(reason):
    """Fail under CI (a missing service must not pass silently), skip elsewhere."""
    message = f"SERVICE MISSING: {reason}"
    if IN_CI:
        pytest.fail(message + " (CI=true requires it)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: pages cached by one (the anonymous catalogue,
    the feeds) must not answer another's requests over a different database."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _require_postgres(request):
    if request.node.get_closest_marker("postgres") is None:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        service_missing(f"PostgreSQL (DATABASE_URL gives {connection.vendor})")


@pytest.fixture(scope="session")
def elasticsearch_url():
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        service_missing("Elasticsearch (ELASTICSEARCH_URL is not set)")
    parts = urllib.parse.urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port or 9200), timeout=3).close()
    except OSError as error:
        service_missing(f"Elasticsearch at {url} does not answer ({error})")
    return url


@pytest.fixture
def jclec(db):
    return make_centre(acronym="JCLEC", country="ID", city="Semarang", time_zone="Asia/Jakarta")


@pytest.fixture
def jeju(db):
    return make_centre(acronym="CIFAL Jeju", country="KR", city="Jeju", time_zone="Asia/Seoul")


@pytest.fixture
def rso(db):
    return make_user(Role.RSO, username="rso")


@pytest.fixture
def director(jclec):
    return make_user(Role.DIRECTOR, centres=[jclec], username="director.jclec")


@pytest.fixture
def other_director(jeju):
    return make_user(Role.DIRECTOR, centres=[jeju], username="director.jeju")


@pytest.fixture
def focal_point(db):
    return make_user(Role.FOCAL_POINT, member_code="ID", username="focal.id")


@pytest.fixture
def other_focal_point(db):
    return make_user(Role.FOCAL_POINT, member_code="TH", username="focal.th")


@pytest.fixture
def trainee(db):
    return make_user(
        Role.TRAINEE,
        member_code="ID",
        username="trainee.id",
        first_name="Dewi",
        last_name="Lestari",
    )


@pytest.fixture
def other_trainee(db):
    return make_user(
        Role.TRAINEE,
        member_code="TH",
        username="trainee.th",
        first_name="Nattaya",
        last_name="Chaiyaphum",
    )


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        service_missing(f"Chromium ({CHROMIUM} is not installed; run scripts/system-deps.sh)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread, and from then on
    # Django hands out connection objects from async-context storage: fresh ones, without
    # the snapshot that serialized_rollback restores the migrated data from. Carry it over.
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in snapshots.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def demo_site(chromium, django_db_setup, django_db_blocker):
    """The demo data behind a live server, shared by the tests of one module (see
    tests/live_demo.py); its tests may use the database without a django_db mark."""
    from tests.live_demo import demo_server

    with demo_server(django_db_blocker) as server:
        yield server


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def search_index(elasticsearch_url, settings, db):
    """The catalogue searching the real node: an index of its own (a fresh prefix), built
    by the callable this returns (after the test made its courses), removed afterwards."""
    import uuid

    from search import client, indexing, services

    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.TRAINING_HUB_SEARCH_INDEX_PREFIX = f"test_{uuid.uuid4().hex[:8]}_"
    es = client.connect(elasticsearch_url)
    services._down_until = 0.0

    def build():
        return indexing.rebuild(min_share=0)

    yield build
    es.indices.delete(
        index=f"{settings.TRAINING_HUB_SEARCH_INDEX_PREFIX}*", ignore_unavailable=True
    )
    services._down_until = 0.0


@pytest.fixture
def certificate_template(jclec, rso):
    from tests.factories import make_certificate_template

    return make_certificate_template(centre=jclec, user=rso, name="JCLEC certificate")


@pytest.fixture
def completed(jclec, director, trainee):
    """The trainee's completed nomination to a JCLEC session (native name in Khmer)."""
    from tests.factories import complete, make_course, make_session, nominate, official_for

    course = make_course(jclec, title="Countering people smuggling networks")
    session = make_session(course)
    official = official_for(trainee, native_name="ស្រីពេជ្រ សុខ")
    return complete(nominate(session, official), director=director)
