"""The course services do the five steps: permission, rules, write, log, after-commit signal."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry

from courses import services, signals
from courses.choices import SessionStatus
from courses.exceptions import NotAllowed, NotYourCentre
from courses.models import Session
from courses.models import sessions as session_rules
from tests.factories import make_course, make_curriculum, make_session, member, session_for

pytestmark = pytest.mark.django_db


def _centre_fields(n):
    return {
        "title": f"Centre {n}",
        "slug": f"centre-service-{n}",
        "country": member("TH"),
        "city": "Bangkok",
        "time_zone": "Asia/Bangkok",
    }


@pytest.mark.parametrize("who", ["director", "focal_point", "trainee"])
def test_only_the_rso_creates_centres_and_curricula(request, who):
    user = request.getfixturevalue(who)
    with pytest.raises(NotAllowed, match=str(services.RSO_ONLY)):
        services.centre_create(user=user, **_centre_fields(1))
    with pytest.raises(NotAllowed, match=str(services.RSO_ONLY)):
        make_curriculum(user=user)


def test_centre_create_logs_publishes_and_announces_after_commit(
    rso, django_capture_on_commit_callbacks
):
    received = []
    signals.centre_saved.connect(lambda sender, centre, **kw: received.append(centre), weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            centre = services.centre_create(user=rso, **_centre_fields(2))
        assert received == []  # nothing is announced before the commit
        for callback in callbacks:
            callback()
    finally:
        signals.centre_saved.receivers.clear()
    assert received == [centre]
    assert centre.live
    actions = set(PageLogEntry.objects.filter(page=centre).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.publish"} <= actions


def test_a_director_drafts_courses_for_their_own_centre_only(director, jclec, jeju):
    with pytest.raises(NotYourCentre, match=str(services.NOT_YOUR_CENTRE)):
        make_course(jeju, user=director, publish=False)
    with pytest.raises(NotAllowed, match=str(services.DIRECTORS_CANNOT_PUBLISH)):
        make_course(jclec, user=director, publish=True)
    draft = make_course(jclec, user=director, publish=False)
    assert not draft.live and draft.centre_id == jclec.pk
    assert PageLogEntry.objects.filter(page=draft, action="wagtail.create", user=director).exists()


def test_session_save_refuses_moving_another_centres_session_onto_ones_own_course(
    director, jclec, jeju
):
    foreign = make_session(make_course(jeju))
    own_course = make_course(jclec)
    foreign.course = own_course  # what a tampered form would send
    with pytest.raises(NotYourCentre, match=str(services.NOT_YOUR_CENTRE)):
        services.session_save(session=foreign, user=director)
    assert Session.objects.get(pk=foreign.pk).course_id != own_course.pk


def test_session_save_logs_each_kind_of_change(director, jclec):
    session = make_session(make_course(jclec), user=director, status=SessionStatus.PLANNED)
    session.venue = "Another hall"
    services.session_save(session=session, user=director)
    session.status = SessionStatus.OPEN
    services.session_save(session=session, user=director)
    entries = ModelLogEntry.objects.filter(object_id=str(session.pk)).order_by("timestamp", "pk")
    assert [e.action for e in entries] == [
        services.SESSION_CREATED,
        services.SESSION_EDITED,
        services.SESSION_STATUS_CHANGED,
    ]
    assert entries.last().data == {"status": "open", "previous_status": "planned"}
    assert all(entry.user_id == director.pk for entry in entries)


def test_a_past_session_cannot_be_saved_as_planned(rso, jclec):
    past = timezone.localdate() - dt.timedelta(days=30)
    session = session_for(
        make_course(jclec),
        start=past,
        status=SessionStatus.PLANNED,
        opens=timezone.now() - dt.timedelta(days=90),
        closes=timezone.now() - dt.timedelta(days=60),
    )
    with pytest.raises(Exception) as refused:
        services.session_save(session=session, user=rso)
    expected = session_rules.STATUS_AGAINST_DATES % {"fits": "Completed", "status": "Planned"}
    assert refused.value.message_dict["status"] == [expected]
    session.status = SessionStatus.COMPLETED
    assert services.session_save(session=session, user=rso).pk


def test_an_open_session_shows_its_opening_date_before_the_window(jclec):
    opens = timezone.now() + dt.timedelta(days=3)
    session = make_session(
        make_course(jclec), status=SessionStatus.OPEN, opens=opens, closes=opens + dt.timedelta(7)
    )
    assert session.current_status() == SessionStatus.PLANNED
    assert session.current_status_label.startswith("Nominations open on ")
    assert session.current_status(opens + dt.timedelta(hours=1)) == SessionStatus.OPEN
    assert session.current_status(opens + dt.timedelta(days=8)) == SessionStatus.CLOSED


def test_the_open_rule_is_the_same_on_a_row_and_in_a_query(jclec):
    course = make_course(jclec)
    now = timezone.now()
    sessions = [
        make_session(course, status=status, opens=now + shift, closes=now + shift + dt.timedelta(2))
        for status in (SessionStatus.OPEN, SessionStatus.PLANNED, SessionStatus.CLOSED)
        for shift in (dt.timedelta(days=-1), dt.timedelta(days=1))
    ]
    for moment in (now, now + dt.timedelta(days=1, hours=1), now + dt.timedelta(days=5)):
        in_query = set(Session.objects.open_for_nominations(moment).values_list("pk", flat=True))
        on_rows = {s.pk for s in sessions if s.is_open_for_nominations(moment)}
        assert in_query == on_rows
    assert in_query == set() and on_rows == set()
    assert len(set(Session.objects.open_for_nominations(now).values_list("pk", flat=True))) == 1


def test_the_centre_page_lists_no_cancelled_session_among_upcoming(client, jclec):
    course = make_course(jclec, title="Course with a cancellation")
    kept = make_session(course, venue="Kept hall")
    make_session(course, venue="Cancelled hall", status=SessionStatus.CANCELLED)
    html = client.get(jclec.url).content.decode()
    assert f"/sessions/{kept.pk}/" in html
    assert "Cancelled hall" not in html and html.count("Course with a cancellation:") == 1


@pytest.mark.parametrize("title", ["Line\nbreak", "Carriage\rreturn", "Tab\tbetween"])
def test_titles_with_control_characters_are_refused_on_save(rso, jclec, title):
    from django.core.exceptions import ValidationError

    from courses.models.vocabularies import CONTROL_CHARACTERS

    with pytest.raises(ValidationError) as refused:
        make_course(jclec, title=title)
    assert refused.value.message_dict["title"] == [str(CONTROL_CHARACTERS)]
    session = session_for(make_course(jclec), venue=f"Hall {title}")
    with pytest.raises(ValidationError) as refused:
        services.session_save(session=session, user=rso)
    assert refused.value.message_dict["venue"] == [str(CONTROL_CHARACTERS)]
