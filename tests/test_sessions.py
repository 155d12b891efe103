"""Sessions: validation on the field concerned, transitions, SEQUENCE, and admin scoping."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from courses.choices import SessionStatus
from courses.exceptions import NotYourCentre, SessionTransitionNotAllowed
from courses.models import sessions as m
from courses.models.vocabularies import UNKNOWN_TIME_ZONE
from courses.services import NOT_YOUR_CENTRE, TRANSITION_REFUSED, session_save
from tests.factories import make_course, make_session, member, quota_row, session_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(jclec):
    return make_course(jclec, title="Document examination")


def _errors(session, user):
    with pytest.raises(ValidationError) as caught:
        session_save(session=session, user=user)
    return caught.value.message_dict


def test_end_before_start_is_refused_on_the_end(course, rso):
    session = session_for(course)
    session.ends_at = session.starts_at - dt.timedelta(hours=1)
    assert _errors(session, rso)["ends_at"] == [m.END_BEFORE_START]


def test_capacity_below_one_is_refused(course, rso):
    session = session_for(course, capacity=0, default_quota=0)
    below_one = MinValueValidator(1).message % {"limit_value": 1}
    assert _errors(session, rso) == {"capacity": [below_one]}


def test_quota_above_capacity_is_refused(course, rso):
    session = session_for(course, capacity=4, default_quota=5)
    assert _errors(session, rso)["default_quota"] == [m.QUOTA_ABOVE_CAPACITY % {"capacity": 4}]


def test_window_closing_after_start_is_refused(course, rso):
    session = session_for(course)
    session.nominations_close_at = session.starts_at + dt.timedelta(hours=1)
    assert _errors(session, rso)["nominations_close_at"] == [m.WINDOW_AFTER_START]


def test_unknown_time_zone_is_refused(course, rso):
    session = session_for(course)
    session.time_zone = "Mars/Olympus_Mons"
    assert _errors(session, rso) == {
        "time_zone": [UNKNOWN_TIME_ZONE % {"value": "Mars/Olympus_Mons"}]
    }


def test_nothing_is_saved_when_refused(course, rso):
    session = session_for(course, capacity=4, default_quota=5)
    with pytest.raises(ValidationError) as caught:
        session_save(session=session, user=rso)
    assert caught.value.message_dict == {
        "default_quota": [m.QUOTA_ABOVE_CAPACITY % {"capacity": 4}]
    }
    assert not m.Session.objects.exists()


def test_quota_override_wins_over_the_default(course, rso):
    session = session_for(course, default_quota=2)
    session.quotas = [m.SessionQuota(member=member("TH"), seats=4)]
    session_save(session=session, user=rso)
    assert session.quota_for(member("TH")) == 4
    assert session.quota_for(member("ID")) == 2


def test_open_now_needs_status_and_window(course, rso):
    session = make_session(course, status=SessionStatus.OPEN)
    now = timezone.now()
    assert session.is_open_for_nominations(now)
    # Inside the window, but not open for nominations.
    session.status = SessionStatus.CLOSED
    assert not session.is_open_for_nominations(now)
    session.status = SessionStatus.OPEN
    # Open, but the window has not opened yet...
    session.nominations_open_at = now + dt.timedelta(days=1)
    session.nominations_close_at = now + dt.timedelta(days=10)
    assert not session.is_open_for_nominations(now)
    # ...or has closed already.
    session.nominations_open_at = now - dt.timedelta(days=10)
    session.nominations_close_at = now - dt.timedelta(days=1)
    assert not session.is_open_for_nominations(now)
    # Its edges: open from the first instant, shut from the closing one.
    session.nominations_open_at = now
    session.nominations_close_at = now + dt.timedelta(days=1)
    assert session.is_open_for_nominations(now)
    assert not session.is_open_for_nominations(session.nominations_close_at)


def test_sequence_rises_when_time_or_venue_changes_only(course, rso):
    session = make_session(course)
    assert session.sequence == 0
    session.capacity = 30
    session_save(session=session, user=rso)
    assert session.sequence == 0
    session.starts_at += dt.timedelta(days=1)
    session.ends_at += dt.timedelta(days=1)
    session_save(session=session, user=rso)
    assert session.sequence == 1
    session.venue = "New hall"
    session_save(session=session, user=rso)
    assert session.sequence == 2


def _transition_refusal(session, user):
    with pytest.raises(SessionTransitionNotAllowed) as caught:
        session_save(session=session, user=user)
    return caught.value.message_dict


def _stored_status(session):
    return m.Session.objects.get(pk=session.pk).status


def test_transitions_follow_the_table(course, rso):
    session = make_session(course, status=SessionStatus.PLANNED)
    session.status = SessionStatus.COMPLETED
    assert _transition_refusal(session, rso) == {
        "status": [TRANSITION_REFUSED % {"old": "planned", "new": "completed"}]
    }
    assert _stored_status(session) == SessionStatus.PLANNED
    session.status = SessionStatus.CANCELLED
    session_save(session=session, user=rso)
    assert _stored_status(session) == SessionStatus.CANCELLED
    session.status = SessionStatus.OPEN
    assert _transition_refusal(session, rso) == {
        "status": [TRANSITION_REFUSED % {"old": "cancelled", "new": "open for nominations"}]
    }
    assert _stored_status(session) == SessionStatus.CANCELLED


def test_director_cannot_save_another_centres_session(course, other_director):
    with pytest.raises(NotYourCentre) as caught:
        session_save(session=session_for(course), user=other_director)
    assert str(caught.value) == str(NOT_YOUR_CENTRE)
    assert not m.Session.objects.exists()


def test_director_cannot_move_another_centres_session_to_their_own(course, jeju, other_director):
    """The old owner is checked as well as the new one."""
    session = make_session(course)
    session.course = make_course(jeju, title="Jeju course")
    with pytest.raises(NotYourCentre) as caught:
        session_save(session=session, user=other_director)
    assert str(caught.value) == str(NOT_YOUR_CENTRE)
    assert m.Session.objects.get(pk=session.pk).course_id == course.pk


def test_director_saves_their_own_centres_session(course, director):
    assert session_save(session=session_for(course), user=director).pk


# --- the admin -------------------------------------------------------------------------

SESSIONS_URL = "/admin/snippets/courses/session/"


def test_director_lists_only_their_centres_sessions(client, course, jeju, director):
    own = make_session(course)
    other = make_session(make_course(jeju, title="Jeju course"), tz="Asia/Seoul")
    client.force_login(director)
    html = client.get(SESSIONS_URL).content.decode()
    assert f"{SESSIONS_URL}edit/{own.pk}/" in html
    assert f"{SESSIONS_URL}edit/{other.pk}/" not in html


# Wagtail answers a PermissionDenied in its admin with a redirect to the dashboard.
PERMISSION_DENIED = "Sorry, you do not have permission to access this area."


def _assert_refused(response):
    """A refusal: 403/404, or Wagtail's redirect to the dashboard with its error message."""
    if response.status_code in (403, 404):
        return
    assert response.status_code == 302, response.status_code
    assert response["Location"] == reverse("wagtailadmin_home")
    messages = [str(message).strip() for message in get_messages(response.wsgi_request)]
    assert PERMISSION_DENIED in messages


def _wall(value):
    return value.strftime("%Y-%m-%d %H:%M")


def _edit_form(session, **overrides):
    """The session's edit form as its page shows it: complete and valid."""
    data = {
        "course": session.course_id,
        "time_zone": session.time_zone,
        "starts_at": _wall(session.wall_start),
        "ends_at": _wall(session.wall_end),
        "venue": session.venue,
        "city": session.city,
        "capacity": str(session.capacity),
        "default_quota": str(session.default_quota),
        "nominations_open_at": _wall(session.wall_nominations_open),
        "nominations_close_at": _wall(session.wall_nominations_close),
        "status": session.status,
        "funding_status": session.funding_status,
        "quotas-TOTAL_FORMS": "0",
        "quotas-INITIAL_FORMS": "0",
        "quotas-MIN_NUM_FORMS": "0",
        "quotas-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def _row(session):
    return m.Session.objects.filter(pk=session.pk).values().get()


def test_director_cannot_open_or_edit_another_centres_session(
    client, course, director, other_director
):
    session = make_session(course)
    before = _row(session)
    edit = f"{SESSIONS_URL}edit/{session.pk}/"
    hijack = _edit_form(session, venue="Hijacked hall", capacity="30")
    client.force_login(other_director)
    _assert_refused(client.get(edit))
    _assert_refused(client.post(edit, hijack))
    assert _row(session) == before
    # The very same form from the centre's own director saves: it was valid, and only the
    # scope refused it above.
    client.force_login(director)
    response = client.post(edit, hijack)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == SESSIONS_URL
    session.refresh_from_db()
    assert (session.venue, session.capacity) == ("Hijacked hall", 30)


def test_director_cannot_pull_another_centres_session_into_their_centre(
    client, course, jeju, other_director
):
    session = make_session(course)
    before = _row(session)
    theirs = make_course(jeju, title="Jeju course")
    own = make_session(theirs, tz="Asia/Seoul", city="Jeju")
    # A complete form naming the intruder's own course, which their form offers.
    pull = _edit_form(session, course=theirs.pk, venue="Jeju hall")
    client.force_login(other_director)
    _assert_refused(client.post(f"{SESSIONS_URL}edit/{session.pk}/", pull))
    assert _row(session) == before
    # The same form on their own session saves: it was valid for them.
    response = client.post(f"{SESSIONS_URL}edit/{own.pk}/", pull)
    assert response.status_code == 302, response.content.decode()[-3000:]
    own.refresh_from_db()
    assert (own.course_id, own.venue) == (theirs.pk, "Jeju hall")


@pytest.mark.parametrize("fixture", ["focal_point", "trainee"])
def test_focal_points_and_trainees_have_no_session_admin(client, request, fixture, course):
    client.force_login(request.getfixturevalue(fixture))
    for response in (client.get(SESSIONS_URL), client.post(f"{SESSIONS_URL}add/", _form(course))):
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert not m.Session.objects.exists()


def _day(days):
    """The date `days` from today: the form's dates move with the calendar."""
    return timezone.localdate() + dt.timedelta(days=days)


def _at(days, time):
    """A wall-clock time as the admin's date-time fields take it."""
    return f"{_day(days):%Y-%m-%d} {time}"


def _form(course, **overrides):
    data = {
        "course": course.pk,
        "time_zone": "Asia/Jakarta",
        "starts_at": _at(100, "09:00"),
        "ends_at": _at(104, "17:00"),
        "venue": "JCLEC campus",
        "city": "Semarang",
        "capacity": "24",
        "default_quota": "2",
        "nominations_open_at": _at(-10, "09:00"),
        "nominations_close_at": _at(70, "17:00"),
        "status": "open",
        "funding_status": "funded",
        "quotas-TOTAL_FORMS": "0",
        "quotas-INITIAL_FORMS": "0",
        "quotas-MIN_NUM_FORMS": "0",
        "quotas-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_director_creates_a_session_in_the_venues_time_zone(client, course, director):
    client.force_login(director)
    response = client.post(f"{SESSIONS_URL}add/", _form(course))
    assert response.status_code == 302, response.content.decode()[-3000:]
    session = m.Session.objects.get()
    assert session.local_start.isoformat() == f"{_day(100):%Y-%m-%d}T09:00:00+07:00"
    assert session.starts_at.utcoffset() is not None
    edit = client.get(f"{SESSIONS_URL}edit/{session.pk}/").content.decode()
    assert f'value="{_at(100, "09:00")}' in edit


def test_admin_form_reports_each_error_on_its_field(client, course, director):
    client.force_login(director)
    response = client.post(
        f"{SESSIONS_URL}add/",
        _form(course, ends_at=_at(99, "09:00"), default_quota="30", capacity="24"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["ends_at"] == [m.END_BEFORE_START]
    assert errors["default_quota"] == [m.QUOTA_ABOVE_CAPACITY % {"capacity": 24}]
    html = response.content.decode()
    assert str(m.END_BEFORE_START) in html
    assert escape(m.QUOTA_ABOVE_CAPACITY % {"capacity": 24}) in html
    assert not m.Session.objects.exists()


def test_admin_form_refuses_a_member_quota_above_capacity(client, course, director):
    client.force_login(director)
    data = _form(
        course,
        **quota_row("TH", 40),
    )
    response = client.post(f"{SESSIONS_URL}add/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [m.QUOTA_ROW_ABOVE_CAPACITY]
    assert escape(str(m.QUOTA_ROW_ABOVE_CAPACITY)) in response.content.decode()
    assert not m.Session.objects.exists()


def test_director_cannot_pick_another_centres_course(client, course, jeju, director):
    foreign = make_course(jeju, title="Jeju only")
    client.force_login(director)
    response = client.post(f"{SESSIONS_URL}add/", _form(foreign))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["course"] == [form.fields["course"].error_messages["invalid_choice"]]
    assert list(form.fields["course"].queryset) == [course]
    assert not m.Session.objects.exists()


def test_public_session_page_shows_seats_quota_and_window(client, course):
    session = make_session(course, capacity=18, default_quota=3)
    html = client.get(f"/sessions/{session.pk}/").content.decode()
    assert "<dt>Seats</dt><dd>18</dd>" in html
    assert "<dt>Quota per member</dt><dd>3 nominees</dd>" in html
    window = (
        f"From {session.wall_nominations_open:%-d %b %Y, %H:%M}"
        f" until {session.wall_nominations_close:%-d %b %Y, %H:%M} (Asia/Jakarta)"
    )
    assert window in html
    assert 'data-nominations="open"' in html and "Open for nominations now" in html


def test_public_session_page_says_when_nominations_are_not_open(client, course):
    later = timezone.now() + dt.timedelta(days=5)
    session = make_session(course, opens=later, closes=later + dt.timedelta(days=10))
    html = client.get(f"/sessions/{session.pk}/").content.decode()
    assert 'data-nominations="shut"' in html and "Not taking nominations now" in html
    assert "Open for nominations now" not in html


def test_session_of_an_unpublished_course_is_not_public(client, jclec):
    draft = make_course(jclec, publish=False)
    session = make_session(draft)
    assert client.get(f"/sessions/{session.pk}/").status_code == 404


def test_pages_show_wall_clock_times_at_the_venue_whatever_the_server_zone(client, jeju):
    seoul = make_course(jeju, title="Jeju course")
    monday = _day(60) + dt.timedelta(days=-_day(60).weekday() % 7)
    session = make_session(seoul, tz="Asia/Seoul", city="Jeju", start=monday)
    html = client.get(f"/sessions/{session.pk}/").content.decode()
    assert f"Monday {monday.day} {monday:%B %Y}, 09:00" in html and "(Asia/Seoul)" in html
