"""Sessions: validation on the field concerned, transitions, SEQUENCE, and admin scoping."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape

from courses.choices import SessionStatus
from courses.exceptions import NotYourCentre, SessionTransitionNotAllowed
from courses.models import sessions as m
from courses.services import session_save
from tests.factories import make_course, make_session, member, session_for

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
    assert "capacity" in _errors(session, rso)


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
    assert "time_zone" in _errors(session, rso)


def test_nothing_is_saved_when_refused(course, rso):
    session = session_for(course, capacity=4, default_quota=5)
    with pytest.raises(ValidationError):
        session_save(session=session, user=rso)
    assert not m.Session.objects.exists()


def test_quota_override_wins_over_the_default(course, rso):
    session = session_for(course, default_quota=2)
    session.quotas = [m.SessionQuota(member=member("TH"), seats=4)]
    session_save(session=session, user=rso)
    assert session.quota_for(member("TH")) == 4
    assert session.quota_for(member("ID")) == 2


def test_open_now_needs_status_and_window(course, rso):
    session = make_session(course, status=SessionStatus.OPEN)
    assert session.is_open_for_nominations()
    session.status = SessionStatus.CLOSED
    assert not session.is_open_for_nominations()


def test_sequence_rises_when_time_or_venue_changes_only(course, rso):
    session = make_session(course)
    assert session.sequence == 0
    session.capacity = 30
    session_save(session=session, user=rso)
    assert session.sequence == 0
    session.starts_at += dt.timedelta(days=1)
    session.ends_at += dt.timedelta(days=1)
    session_save(session=session, user=rso)
    session.venue = "New hall"
    session_save(session=session, user=rso)
    assert session.sequence == 2


def test_transitions_follow_the_table(course, rso):
    session = make_session(course, status=SessionStatus.PLANNED)
    session.status = SessionStatus.COMPLETED
    with pytest.raises(SessionTransitionNotAllowed):
        session_save(session=session, user=rso)
    session.status = SessionStatus.CANCELLED
    session_save(session=session, user=rso)
    session.status = SessionStatus.OPEN
    with pytest.raises(SessionTransitionNotAllowed):
        session_save(session=session, user=rso)


def test_director_cannot_save_another_centres_session(course, other_director):
    with pytest.raises(NotYourCentre):
        session_save(session=session_for(course), user=other_director)


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


def test_director_cannot_open_another_centres_session(client, course, other_director):
    session = make_session(course)
    client.force_login(other_director)
    response = client.get(f"{SESSIONS_URL}edit/{session.pk}/")
    assert response.status_code in (302, 403)
    response = client.post(f"{SESSIONS_URL}edit/{session.pk}/", {"venue": "Hijacked"})
    session.refresh_from_db()
    assert session.venue == "Main campus"


@pytest.mark.parametrize("fixture", ["focal_point", "trainee"])
def test_focal_points_and_trainees_have_no_session_admin(client, request, fixture, course):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(SESSIONS_URL).status_code in (302, 403)


def _form(course, **overrides):
    data = {
        "course": course.pk,
        "time_zone": "Asia/Jakarta",
        "starts_at": "2027-03-01 09:00",
        "ends_at": "2027-03-05 17:00",
        "venue": "JCLEC campus",
        "city": "Semarang",
        "capacity": "24",
        "default_quota": "2",
        "nominations_open_at": "2026-12-01 09:00",
        "nominations_close_at": "2027-02-01 17:00",
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
    assert session.local_start.isoformat() == "2027-03-01T09:00:00+07:00"
    assert session.starts_at.utcoffset() is not None
    edit = client.get(f"{SESSIONS_URL}edit/{session.pk}/").content.decode()
    assert 'value="2027-03-01 09:00' in edit


def test_admin_form_reports_each_error_on_its_field(client, course, director):
    client.force_login(director)
    response = client.post(
        f"{SESSIONS_URL}add/",
        _form(course, ends_at="2027-02-28 09:00", default_quota="30", capacity="24"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert str(m.END_BEFORE_START) in html
    assert escape(m.QUOTA_ABOVE_CAPACITY % {"capacity": 24}) in html
    assert not m.Session.objects.exists()


def test_admin_form_refuses_a_member_quota_above_capacity(client, course, director):
    client.force_login(director)
    data = _form(
        course,
        **{
            "quotas-TOTAL_FORMS": "1",
            "quotas-0-member": str(member("TH").pk),
            "quotas-0-seats": "40",
            "quotas-0-ORDER": "1",
        },
    )
    response = client.post(f"{SESSIONS_URL}add/", data)
    assert response.status_code == 200
    assert escape(str(m.QUOTA_ROW_ABOVE_CAPACITY)) in response.content.decode()


def test_director_cannot_pick_another_centres_course(client, course, jeju, director):
    foreign = make_course(jeju, title="Jeju only")
    client.force_login(director)
    response = client.post(f"{SESSIONS_URL}add/", _form(foreign))
    assert response.status_code == 200
    assert not m.Session.objects.exists()


def test_public_session_page_shows_seats_quota_and_window(client, course):
    session = make_session(course, capacity=18, default_quota=3)
    html = client.get(f"/sessions/{session.pk}/").content.decode()
    assert "18" in html and "3 nominees" in html
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
    session = make_session(seoul, tz="Asia/Seoul", city="Jeju", start=dt.date(2027, 5, 3))
    html = client.get(f"/sessions/{session.pk}/").content.decode()
    assert "Monday 3 May 2027, 09:00" in html and "(Asia/Seoul)" in html
