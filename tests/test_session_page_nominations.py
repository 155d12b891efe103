"""The public session page and the nominations: seats left as counts for everyone, "Full,
waitlist open" while a full session still takes nominations, a focal point's own member's
places and the way to nominate; never an official's name, and never a shared cache for a
signed-in user's page."""

import datetime as dt
import types

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.choices import SessionStatus
from courses.models import SessionQuota
from courses.services import session_save
from nominations import tasks
from nominations.choices import N
from nominations.services import nomination_create, nomination_transition
from tests.factories import make_course, make_official, make_user, member, session_for
from training_hub.roles import Role

pytestmark = pytest.mark.django_db

FULL_AND_OPEN = "Full, waitlist open"
PANEL = 'data-panel="focal-point"'
# Officials of both members, in their passport and their own scripts.
NAMES = {
    "ID": [("DEWI KARTIKA SARI", "Dewi Kartika Sari"), ("AGUS BUDIMAN", "Agus Budiman")],
    "TH": [("KANYA SRISAWAT", "กัญญา ศรีสวัสดิ์"), ("ANAN CHAIYO", "อนันต์ ชัยโย")],
}


@pytest.fixture(autouse=True)
def no_mail(monkeypatch):
    """The e-mails are not what these tests check: enqueue nothing after commit."""
    monkeypatch.setattr(tasks, "notify_move", types.SimpleNamespace(enqueue=lambda *a: None))


@pytest.fixture
def course(jclec):
    return make_course(jclec, title="Document examination")


def _session(course, *, capacity=10, default_quota=2, quotas=None, **kwargs):
    session = session_for(course, capacity=capacity, default_quota=default_quota, **kwargs)
    session.quotas = [
        SessionQuota(member=member(code), seats=seats) for code, seats in (quotas or {}).items()
    ]
    return session_save(session=session, user=make_user(Role.RSO))


def _nominate(session, focal, code, *, accept_by=None):
    """Every official of `code` submitted by `focal`; accepted by `accept_by` if given."""
    nominations = []
    for passport, native in NAMES[code]:
        official = make_official(code, focal_point=focal, name=passport, native_name=native)
        nomination, _notice = nomination_create(
            user=focal, session=session, official=official, submit=True
        )
        if accept_by is not None:
            nomination, _notice = nomination_transition(
                nomination=nomination, to=N.ACCEPTED, user=accept_by
            )
        nominations.append(nomination)
    return nominations


def _page(client, session, user=None):
    if user is not None:
        client.force_login(user)
    response = client.get(f"/sessions/{session.pk}/")
    assert response.status_code == 200
    return response, response.content.decode()


def _no_names(html):
    for names in NAMES.values():
        for passport, native in names:
            assert passport not in html and native not in html
            assert passport.title() not in html


@pytest.fixture
def nominated(course, focal_point, other_focal_point, director):
    """Capacity 10, ID's default quota 2, TH's own 4; two ID places taken, two TH
    nominations submitted (counted against TH's quota, holding no seat)."""
    session = _session(course, capacity=10, quotas={"TH": 4})
    _nominate(session, focal_point, "ID", accept_by=director)
    _nominate(session, other_focal_point, "TH")
    session.refresh_from_db()
    return session


def test_a_visitor_sees_seats_left_and_no_member_s_places(client, nominated):
    response, html = _page(client, nominated)
    assert nominated.seats_taken == 2
    assert '<dt>Seats left</dt><dd data-seats-left="8">8 of 10</dd>' in html
    assert PANEL not in html and "Places used" not in html and "Nominate</a>" not in html
    assert FULL_AND_OPEN not in html
    cache = response["Cache-Control"]
    assert "public" in cache and "private" not in cache
    assert "Cookie" in response["Vary"]
    _no_names(html)


def test_a_full_session_still_taking_nominations_says_the_waitlist_is_open(
    client, course, focal_point, other_focal_point, director
):
    session = _session(course, capacity=2, default_quota=2)
    _nominate(session, focal_point, "ID", accept_by=director)
    waiting = _nominate(session, other_focal_point, "TH")
    for nomination in waiting:  # no seat is left for them
        nomination_transition(nomination=nomination, to=N.WAITLISTED, user=director)
    _response, html = _page(client, session)
    assert f'<dd data-seats-left="0">{FULL_AND_OPEN}</dd>' in html
    _no_names(html)


def test_a_full_session_no_longer_taking_nominations_is_only_full(
    client, course, focal_point, director
):
    session = _session(course, capacity=2)
    _nominate(session, focal_point, "ID", accept_by=director)
    session.refresh_from_db()
    session.status = SessionStatus.CLOSED  # the director closes the nominations early
    session_save(session=session, user=director)
    _response, html = _page(client, session)
    assert '<dd data-seats-left="0">Full</dd>' in html
    assert FULL_AND_OPEN not in html


def test_a_focal_point_sees_their_member_s_places_deadline_and_the_way_to_nominate(
    client, nominated, focal_point
):
    response, html = _page(client, nominated, focal_point)
    assert PANEL in html and "Places of Indonesia" in html
    assert '<dd data-quota="2">2 places</dd>' in html
    assert '<dd data-used="2">2</dd>' in html
    assert '<dd data-left="0">0</dd>' in html
    deadline = f"{nominated.wall_nominations_close:%-d %B %Y, %H:%M} (Asia/Jakarta)"
    assert f"<dd data-deadline>{deadline}</dd>" in html
    nominate = reverse("nominations:session", args=[nominated.pk])
    assert f'<a class="button" href="{nominate}">Nominate</a>' in html
    cache = response["Cache-Control"]
    assert "private" in cache and "public" not in cache
    _no_names(html)


def test_another_member_s_focal_point_sees_only_their_own_numbers(
    client, nominated, other_focal_point
):
    _response, html = _page(client, nominated, other_focal_point)
    assert "Places of Thailand" in html and "Places of Indonesia" not in html
    assert '<dd data-quota="4">4 places</dd>' in html
    assert '<dd data-used="2">2</dd>' in html
    assert '<dd data-left="2">2</dd>' in html
    _no_names(html)


def test_the_nominate_link_waits_for_the_window(client, course, focal_point):
    later = timezone.now() + dt.timedelta(days=5)
    session = _session(course, opens=later, closes=later + dt.timedelta(days=10))
    _response, html = _page(client, session, focal_point)
    assert PANEL in html and '<dd data-left="2">2</dd>' in html
    assert reverse("nominations:session", args=[session.pk]) not in html


@pytest.mark.parametrize("role", [Role.RSO, Role.DIRECTOR, Role.TRAINEE])
def test_other_roles_see_the_public_page_privately_and_no_places(client, nominated, jclec, role):
    centres = [jclec] if role == Role.DIRECTOR else []
    response, html = _page(client, nominated, make_user(role, centres=centres))
    assert '<dd data-seats-left="8">8 of 10</dd>' in html
    assert PANEL not in html
    assert "private" in response["Cache-Control"]
    _no_names(html)
