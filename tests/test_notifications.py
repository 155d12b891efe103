"""The e-mails of the nominations: who hears of each move, the acceptance with its link and
calendar invitation, CANCEL when a place or the session goes, nothing on a rollback, the
focal points' window reminders (once) and the directors' digest (their centres only)."""

import datetime as dt
import re

import icalendar
import pytest
from django.core import mail as django_mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses.calendar import session_uid
from courses.models import SessionQuota
from courses.services import session_save
from nominations import notifications
from nominations.choices import N
from nominations.links import read_confirmation_token
from nominations.models import Nomination, Reminder
from nominations.services import nomination_transition
from tests.factories import (
    make_course,
    make_official,
    make_session,
    make_user,
    member,
    nominate,
)
from training_hub.models import Member
from training_hub.roles import Role

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"https?://\S+/nominations/confirm/([^/\s\"]+)/")


@pytest.fixture
def course(jclec):
    return make_course(jclec, title="Document examination")


@pytest.fixture
def session(course):
    return make_session(course, capacity=4, default_quota=2)


@pytest.fixture
def official(focal_point):
    return make_official(
        "ID", focal_point=focal_point, name="Dewi Lestari", email="dewi@example.org"
    )


@pytest.fixture
def bystanders(other_focal_point, other_director):
    """People of another member (TH) and another centre (CIFAL Jeju): never told anything."""
    return {other_focal_point.email, other_director.email}


def to(address, outbox=None):
    return [m for m in (outbox if outbox is not None else django_mail.outbox) if m.to == [address]]


def invitation(message):
    """The parsed calendar invitation attached to `message`, and its MIME type."""
    (attachment,) = [a for a in message.attachments if a.mimetype.startswith("text/calendar")]
    return icalendar.Calendar.from_ical(attachment.content), attachment.mimetype


def html_of(message):
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


def accept(nomination, director, capture):
    with capture(execute=True):
        nomination, _notice = nomination_transition(
            nomination=nomination, to=N.ACCEPTED, user=director
        )
    return nomination


# --- one move at a time -------------------------------------------------------------------


def test_acceptance_mail_has_both_parts_the_link_and_a_request_invitation(
    session, official, director, focal_point, bystanders, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    nomination = nominate(session, official, user=focal_point)
    nomination = accept(nomination, director, django_capture_on_commit_callbacks)

    (message,) = to("dewi@example.org", mailoutbox)
    assert message.subject == notifications.TO_TRAINEE[N.ACCEPTED] % {
        "course": "Document examination"
    }
    # The link is in the text and in the HTML, and names this nomination at this version.
    (token,) = CONFIRM_LINK.findall(message.body)
    assert f"/nominations/confirm/{token}/" in html_of(message)
    assert read_confirmation_token(token) == (nomination.pk, nomination.version)
    # The account has no password yet: the mail says the link lets them choose one.
    assert "choose a password" in message.body

    calendar, mimetype = invitation(message)
    assert mimetype.startswith("text/calendar") and "method=REQUEST" in mimetype
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == session_uid(session)
    assert event["SEQUENCE"] == session.sequence
    assert str(event["ATTENDEE"]) == "mailto:dewi@example.org"
    assert str(event["ORGANIZER"]).startswith("mailto:")
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Asia/Jakarta" and start.hour == 9  # the venue's wall clock
    assert start == session.starts_at
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Jakarta"]

    # The member's focal point is told; the director who accepted is not; nobody else is.
    assert len(to(focal_point.email, mailoutbox)) == 1
    assert to(director.email, mailoutbox) == []
    assert not {m.to[0] for m in mailoutbox} & bystanders


def test_submission_reaches_nobody_but_a_reserve_copies_the_focal_points(
    course, official, focal_point, director, mailoutbox, django_capture_on_commit_callbacks
):
    session = make_session(course, capacity=4, default_quota=1)
    second = make_official("ID", focal_point=focal_point, name="Budi Santoso")
    with django_capture_on_commit_callbacks(execute=True):
        nominate(session, official, user=focal_point)
    assert mailoutbox == []  # directors read submissions in their digest
    with django_capture_on_commit_callbacks(execute=True):
        reserve = nominate(session, second, user=focal_point)
    assert reserve.status == N.WAITLISTED
    (copy,) = mailoutbox
    assert copy.to == [focal_point.email]
    assert copy.subject == notifications.RESERVE_COPY % {
        "name": "Budi Santoso",
        "course": course.title,
    }
    assert "waitlist" in copy.body and "waitlist" in html_of(copy)


def test_withdrawing_an_accepted_place_cancels_the_invitation_with_the_same_uid(
    session, official, director, focal_point, bystanders, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    nomination = accept(nominate(session, official), director, django_capture_on_commit_callbacks)
    (request,) = to("dewi@example.org", mailoutbox)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        nomination_transition(nomination=nomination, to=N.WITHDRAWN, user=focal_point)

    (cancel,) = to("dewi@example.org", mailoutbox)
    calendar, mimetype = invitation(cancel)
    assert calendar["METHOD"] == "CANCEL" and "method=CANCEL" in mimetype
    (event,) = calendar.walk("VEVENT")
    (requested,) = invitation(request)[0].walk("VEVENT")
    assert str(event["UID"]) == str(requested["UID"]) == session_uid(session)
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == requested["SEQUENCE"]
    assert CONFIRM_LINK.findall(cancel.body) == []
    # The centre learns of the released seat; the focal point who withdrew is not told.
    assert len(to(director.email, mailoutbox)) == 1
    assert to(focal_point.email, mailoutbox) == []
    assert not {m.to[0] for m in mailoutbox} & bystanders


def test_a_trainee_declining_their_own_place_still_gets_the_cancel(
    session, official, director, focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = accept(nominate(session, official), director, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        nomination_transition(nomination=nomination, to=N.DECLINED, user=official.user)
    (cancel,) = to("dewi@example.org", mailoutbox)
    assert invitation(cancel)[0]["METHOD"] == "CANCEL"
    assert len(to(focal_point.email, mailoutbox)) == 1
    assert len(to(director.email, mailoutbox)) == 1


def test_declining_a_submission_tells_the_focal_points_not_the_trainee(
    session, official, director, focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = nominate(session, official)
    with django_capture_on_commit_callbacks(execute=True):
        nomination_transition(nomination=nomination, to=N.DECLINED, user=director)
    assert [m.to for m in mailoutbox] == [[focal_point.email]]
    assert all(not m.attachments for m in mailoutbox)


def test_confirmation_tells_focal_points_and_directors_not_the_trainee(
    session, official, director, focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = accept(nominate(session, official), director, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        nomination_transition(nomination=nomination, to=N.CONFIRMED, user=official.user)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([focal_point.email, director.email])
    (to_director,) = to(director.email, mailoutbox)
    assert to_director.subject == notifications.TO_DIRECTORS % {
        "name": "Dewi Lestari",
        "member": official.member.name,
        "status": N.CONFIRMED.label,
        "course": session.course.title,
    }


def test_attendance_is_for_the_trainee_alone(
    session, official, director, focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = accept(nominate(session, official), director, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    after_start = session.starts_at + dt.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        nomination_transition(nomination=nomination, to=N.ATTENDED, user=director, now=after_start)
    assert [m.to for m in mailoutbox] == [["dewi@example.org"]]
    assert mailoutbox[0].attachments == []


def test_promotion_from_the_waitlist_invites_the_trainee_and_tells_the_focal_points(
    course, focal_point, other_focal_point, director, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    session = make_session(course, capacity=1, default_quota=1)
    first = make_official("ID", focal_point=focal_point, email="first@example.org")
    reserve_official = make_official("TH", focal_point=other_focal_point, email="th@example.org")
    placed = accept(nominate(session, first), director, django_capture_on_commit_callbacks)
    reserve = nominate(session, reserve_official, user=other_focal_point)
    reserve, _notice = nomination_transition(nomination=reserve, to=N.WAITLISTED, user=director)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        nomination_transition(nomination=placed, to=N.DECLINED, user=first.user)

    reserve.refresh_from_db()
    assert reserve.status == N.ACCEPTED
    (promoted,) = to("th@example.org", mailoutbox)
    assert invitation(promoted)[0]["METHOD"] == "REQUEST"
    assert "next on the waitlist" in promoted.body
    (token,) = CONFIRM_LINK.findall(promoted.body)
    assert read_confirmation_token(token) == (reserve.pk, reserve.version)
    # Each member's focal point hears of its own nominee only.
    (th_note,) = to(other_focal_point.email, mailoutbox)
    assert th_note.subject == (
        f"{reserve_official.passport_name}: {N.ACCEPTED.label} for {course.title}"
    )
    (id_note,) = to(focal_point.email, mailoutbox)
    assert first.passport_name in id_note.subject
    assert reserve_official.passport_name not in id_note.body


def test_nothing_is_sent_when_the_transaction_rolls_back(
    session, official, director, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = nominate(session, official)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            nomination_transition(nomination=nomination, to=N.ACCEPTED, user=director)
            raise RuntimeError("the request failed after the move")
    assert callbacks == []
    assert mailoutbox == []
    nomination.refresh_from_db()
    assert nomination.status == N.SUBMITTED


def test_each_mail_is_rendered_in_the_recipients_language(
    session, official, director, focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    # The trainee reads Bahasa Indonesia, the focal point English: one move, two languages.
    trainee = official.user
    trainee.language = "id"
    trainee.save(update_fields=["language"])
    accept(nominate(session, official), director, django_capture_on_commit_callbacks)
    (to_trainee,) = to("dewi@example.org", mailoutbox)
    (to_focal_point,) = to(focal_point.email, mailoutbox)
    assert '<html lang="id">' in html_of(to_trainee)
    assert '<html lang="en">' in html_of(to_focal_point)
    with translation.override("id"):
        assert str(_("Confirm your place, or decline it")) in html_of(to_trainee)
        expected = str(notifications.TO_TRAINEE[N.ACCEPTED]) % {"course": session.course.title}
    assert to_trainee.subject == expected != "You have a place on " + session.course.title
    assert "/id/nominations/confirm/" in html_of(to_trainee)


def test_a_focal_point_in_bahasa_gets_the_nomination_mails_in_bahasa(
    session, official, director, focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    focal_point.language = "id"
    focal_point.save(update_fields=["language"])
    accept(nominate(session, official), director, django_capture_on_commit_callbacks)
    (mail,) = to(focal_point.email, mailoutbox)
    with translation.override("id"):
        status = str(N.ACCEPTED.label).lower()
    assert '<html lang="id">' in html_of(mail)
    assert status in mail.subject.lower() and status != "accepted"


# --- a session cancelled or moved -----------------------------------------------------------


def test_a_cancelled_session_cancels_every_place_and_tells_the_focal_points(
    session, official, director, focal_point, rso, bystanders, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    accept(nominate(session, official), director, django_capture_on_commit_callbacks)
    waiting = nominate(session, make_official("ID", focal_point=focal_point, name="Budi"))
    mailoutbox.clear()

    session.status = "cancelled"
    with django_capture_on_commit_callbacks(execute=True):
        session_save(session=session, user=rso)

    (cancel,) = to("dewi@example.org", mailoutbox)
    calendar, _mimetype = invitation(cancel)
    (event,) = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "CANCEL" and str(event["UID"]) == session_uid(session)
    assert cancel.subject == notifications.SESSION_CANCELLED % {"course": session.course.title}
    (note,) = to(focal_point.email, mailoutbox)
    assert "Dewi Lestari" in note.body and waiting.official.passport_name in note.body
    # Each nominee as they stood before the cancellation withdrew them.
    assert f"Dewi Lestari ({N.ACCEPTED.label})" in note.body
    assert f"{waiting.official.passport_name} ({N.SUBMITTED.label})" in note.body
    assert note.attachments == []
    assert not {m.to[0] for m in mailoutbox} & bystanders
    # One e-mail each, not one more per withdrawn nomination.
    assert len(mailoutbox) == 2


def test_new_dates_send_the_trainee_an_updated_request(
    session, official, director, rso, mailoutbox, django_capture_on_commit_callbacks
):
    accept(nominate(session, official), director, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    session.venue = "New campus"
    with django_capture_on_commit_callbacks(execute=True):
        session_save(session=session, user=rso)
    (update,) = mailoutbox
    calendar, _mimetype = invitation(update)
    (event,) = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "REQUEST"
    assert event["SEQUENCE"] == 1 and str(event["LOCATION"]).startswith("New campus")
    assert str(event["UID"]) == session_uid(session)


# --- reminders before a window closes -------------------------------------------------------


def test_window_reminders_go_once_to_each_active_members_focal_points(
    course, focal_point, other_focal_point, mailoutbox
):
    now = timezone.now()
    closing = make_session(course, closes=now + dt.timedelta(hours=20))
    later = make_session(course, closes=now + dt.timedelta(days=5))
    inactive = make_user(Role.FOCAL_POINT, member_code="KR")
    Member.objects.filter(code="KR").update(is_active=False)
    no_places = make_user(Role.FOCAL_POINT, member_code="MY")
    SessionQuota.objects.create(session=closing, member=member("MY"), seats=0)

    call_command("send_window_reminders")
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [focal_point.email, other_focal_point.email]
    )
    assert all(m.subject == f"Nominations for {course.title} close soon" for m in mailoutbox)
    assert f"/nominations/sessions/{closing.pk}/" in mailoutbox[0].body
    assert inactive.email not in {m.to[0] for m in mailoutbox}
    assert no_places.email not in {m.to[0] for m in mailoutbox}

    call_command("send_window_reminders")  # the scheduler runs it again: nothing more
    assert len(mailoutbox) == 2
    assert Reminder.objects.filter(session=closing).count() == 2

    call_command("send_window_reminders", hours=24 * 6)  # further ahead: only the new one
    assert len(mailoutbox) == 5
    assert Reminder.objects.filter(session=later).count() == 3
    assert no_places.email in {m.to[0] for m in mailoutbox[2:]}


def test_a_window_reminder_task_run_twice_sends_once(course, focal_point, mailoutbox):
    closing = make_session(course, closes=timezone.now() + dt.timedelta(hours=20))
    member_id = focal_point.member_id
    assert notifications.send_window_reminder(closing.pk, member_id) == 1
    assert notifications.send_window_reminder(closing.pk, member_id) == 0
    assert len(mailoutbox) == 1


# --- the directors' digest ------------------------------------------------------------------


@pytest.fixture
def both_centres(course, jeju, focal_point):
    """A nominee submitted to a JCLEC session, another to a CIFAL Jeju session."""
    jeju_session = make_session(make_course(jeju, title="Jeju border induction"), tz="Asia/Seoul")
    jclec_session = make_session(course)
    jclec_nominee = make_official("ID", focal_point=focal_point, name="JCLEC Nominee")
    jeju_nominee = make_official("ID", focal_point=focal_point, name="Jeju Nominee")
    return nominate(jclec_session, jclec_nominee), nominate(jeju_session, jeju_nominee)


def test_the_digest_lists_only_the_directors_centres(
    both_centres, director, other_director, mailoutbox
):
    call_command("send_director_digest")
    (jclec_mail,) = to(director.email, mailoutbox)
    (jeju_mail,) = to(other_director.email, mailoutbox)
    for message, mine, theirs in (
        (jclec_mail, "JCLEC Nominee", "Jeju Nominee"),
        (jeju_mail, "Jeju Nominee", "JCLEC Nominee"),
    ):
        assert message.subject == "1 new nomination for your sessions"
        assert mine in message.body and mine in html_of(message)
        assert theirs not in message.body and theirs not in html_of(message)
    assert len(mailoutbox) == 2


def test_no_digest_without_new_nominations(both_centres, director, other_director, mailoutbox):
    jclec_nomination, _jeju_nomination = both_centres
    long_ago = timezone.now() - dt.timedelta(hours=30)
    Nomination.objects.update(submitted_at=long_ago)
    call_command("send_director_digest")
    assert mailoutbox == []
    call_command("send_director_digest", since_hours=48)
    assert len(mailoutbox) == 2
    # One already decided is no longer waiting: it leaves the digest.
    Nomination.objects.filter(pk=jclec_nomination.pk).update(status=N.DECLINED)
    mailoutbox.clear()
    call_command("send_director_digest", since_hours=48)
    assert [m.to for m in mailoutbox] == [[other_director.email]]
