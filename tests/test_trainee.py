"""The trainee's side: the e-mailed confirmation link (once, not expired, not forged, their
own), the first password, the private calendar feed and its secret, the portal panel."""

import datetime as dt
import re
import time

import icalendar
import pytest
from django.core import signing
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape

from courses.calendar import session_uid
from nominations import links
from nominations.choices import N
from nominations.links import LINK_EXPIRED, LINK_INVALID, LINK_USED, confirmation_token
from nominations.models import Official
from nominations.notifications import LINK_AGAIN
from nominations.services import nomination_transition
from nominations.views.focal_point import LINK_SENT
from nominations.views.trainee import LINK_ON_ITS_WAY, NO_ANSWER, OTHER_ACCOUNT, PASSWORD_SET
from tests.factories import (
    PASSWORD,
    make_course,
    make_official,
    make_session,
    nominate,
    official_for,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-new-passphrase-42"


@pytest.fixture
def session(jclec):
    return make_session(make_course(jclec, title="Document examination"))


@pytest.fixture
def official(focal_point):
    """A registered official: their account has no usable password yet."""
    return make_official("ID", focal_point=focal_point, name="Dewi Lestari")


def accepted(session, official, director):
    nomination = nominate(session, official)
    nomination, _notice = nomination_transition(nomination=nomination, to=N.ACCEPTED, user=director)
    return nomination


def confirm_url(nomination):
    return reverse("nominations:confirm", args=[confirmation_token(nomination)])


def set_password_data(answer="confirm"):
    return {"answer": answer, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}


def text(response):
    return response.content.decode()


def shows(response, message):
    """Whether the page shows `message` (as the template escapes it)."""
    return escape(str(message)) in text(response)


# --- the confirmation link -----------------------------------------------------------------


def test_the_link_confirms_once_sets_the_first_password_and_signs_in(
    client, session, official, director
):
    nomination = accepted(session, official, director)
    url = confirm_url(nomination)

    page = client.get(url)
    assert page.status_code == 200
    assert "Document examination" in text(page)
    assert 'name="new_password1"' in text(page)  # no usable password yet

    response = client.post(url, set_password_data())
    assert response.status_code == 302 and response["Location"] == reverse("portal")
    nomination.refresh_from_db()
    assert nomination.status == N.CONFIRMED
    official.user.refresh_from_db()
    assert official.user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(official.user_id)
    portal = client.get(reverse("portal"))
    assert shows(portal, PASSWORD_SET)

    # Used: the link is refused, whatever is posted, and nothing moves.
    client.logout()
    again = client.post(url, {"answer": "decline"})
    assert again.status_code == 410 and shows(again, LINK_USED)
    assert client.get(url).status_code == 410
    nomination.refresh_from_db()
    assert nomination.status == N.CONFIRMED


def test_confirming_needs_a_valid_password_when_the_account_has_none(
    client, session, official, director
):
    nomination = accepted(session, official, director)
    url = confirm_url(nomination)
    response = client.post(
        url, {"answer": "confirm", "new_password1": NEW_PASSWORD, "new_password2": "other"}
    )
    assert response.status_code == 400
    nomination.refresh_from_db()
    official.user.refresh_from_db()
    assert nomination.status == N.ACCEPTED
    assert not official.user.has_usable_password()
    assert "_auth_user_id" not in client.session
    # No answer at all is refused too.
    response = client.post(url, {})
    assert response.status_code == 400 and shows(response, NO_ANSWER)


def test_declining_through_the_link_needs_no_password(client, session, official, director):
    nomination = accepted(session, official, director)
    response = client.post(confirm_url(nomination), {"answer": "decline"})
    assert response.status_code == 200
    assert "You declined your place on Document examination" in text(response)
    nomination.refresh_from_db()
    official.user.refresh_from_db()
    assert nomination.status == N.DECLINED
    assert not official.user.has_usable_password()
    assert "_auth_user_id" not in client.session


def test_an_expired_link_is_refused_and_saves_nothing(
    client, session, official, director, monkeypatch
):
    nomination = accepted(session, official, director)
    fifteen_days_ago = time.time() - 15 * 86400
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: fifteen_days_ago)
        url = confirm_url(nomination)
    response = client.post(url, set_password_data())
    assert response.status_code == 410 and shows(response, LINK_EXPIRED)
    nomination.refresh_from_db()
    assert nomination.status == N.ACCEPTED
    # The same link within a longer validity works: the age alone refused it.
    with override_settings(TRAINING_HUB_CONFIRMATION_DAYS=30):
        assert client.get(url).status_code == 200


def test_a_shorter_validity_setting_expires_links_sooner(client, session, official, director):
    nomination = accepted(session, official, director)
    two_days_ago = time.time() - 2 * 86400
    signer = signing.TimestampSigner(salt=links.SALT)
    signer.timestamp = lambda: signing.b62_encode(int(two_days_ago))
    token = signer.sign_object({"n": nomination.pk, "v": nomination.version})
    url = reverse("nominations:confirm", args=[token])
    assert client.get(url).status_code == 200
    with override_settings(TRAINING_HUB_CONFIRMATION_DAYS=1):
        response = client.get(url)
    assert response.status_code == 410 and shows(response, LINK_EXPIRED)


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature tampered
        lambda token: signing.TimestampSigner(salt="other").sign_object({"n": 1, "v": 2}),
        lambda token: "not-a-token",
    ],
    ids=["tampered", "other-salt", "garbage"],
)
def test_a_forged_link_is_refused_and_saves_nothing(client, session, official, director, forge):
    nomination = accepted(session, official, director)
    url = reverse("nominations:confirm", args=[forge(confirmation_token(nomination))])
    response = client.post(url, set_password_data())
    assert response.status_code == 400 and shows(response, LINK_INVALID)
    nomination.refresh_from_db()
    official.user.refresh_from_db()
    assert nomination.status == N.ACCEPTED
    assert not official.user.has_usable_password()


def test_a_link_of_a_nomination_that_moved_on_is_used(client, session, official, director):
    nomination = accepted(session, official, director)
    url = confirm_url(nomination)
    nomination_transition(nomination=nomination, to=N.DECLINED, user=director)
    response = client.get(url)
    assert response.status_code == 410 and shows(response, LINK_USED)


def test_a_link_signed_for_an_earlier_version_is_used(client, session, official, director):
    nomination = accepted(session, official, director)
    signer = signing.TimestampSigner(salt=links.SALT)
    token = signer.sign_object({"n": nomination.pk, "v": nomination.version - 1})
    response = client.post(reverse("nominations:confirm", args=[token]), set_password_data())
    assert response.status_code == 410 and shows(response, LINK_USED)
    nomination.refresh_from_db()
    assert nomination.status == N.ACCEPTED


def test_someone_else_signed_in_cannot_use_the_link(
    client, session, official, director, other_trainee, focal_point
):
    nomination = accepted(session, official, director)
    url = confirm_url(nomination)
    for someone in (other_trainee, focal_point):
        client.force_login(someone)
        page = client.get(url)
        assert page.status_code == 403 and shows(page, OTHER_ACCOUNT)
        assert "Dewi Lestari" not in text(page)
        response = client.post(url, set_password_data())
        assert response.status_code == 403
    nomination.refresh_from_db()
    official.user.refresh_from_db()
    assert nomination.status == N.ACCEPTED
    assert not official.user.has_usable_password()


def test_the_trainee_signed_in_confirms_without_a_password_form(client, session, trainee, director):
    official = official_for(trainee)
    nomination = accepted(session, official, director)
    client.force_login(trainee)
    url = confirm_url(nomination)
    assert 'name="new_password1"' not in text(client.get(url))
    response = client.post(url, {"answer": "confirm"})
    assert response.status_code == 302
    nomination.refresh_from_db()
    trainee.refresh_from_db()
    assert nomination.status == N.CONFIRMED
    assert trainee.check_password(PASSWORD)  # unchanged


# --- the private calendar feed --------------------------------------------------------------


@pytest.fixture
def feed_world(jclec, trainee, other_trainee, director, focal_point, other_focal_point):
    """The trainee: accepted on one session, submitted on another; another trainee accepted
    on a third."""
    course = make_course(jclec, title="Protection screening")
    own, pending, theirs = (make_session(course, start=dt.date.today() + dt.timedelta(days=d))
                            for d in (40, 50, 70))  # fmt: skip
    mine = official_for(trainee)
    other = official_for(other_trainee)
    accepted(own, mine, director)
    nominate(pending, mine)
    accepted(theirs, other, director)
    return {"own": own, "pending": pending, "theirs": theirs, "official": mine}


def feed_uids(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


def test_the_feed_lists_only_the_trainees_own_places_and_revoking_kills_it(
    client, trainee, feed_world
):
    client.force_login(trainee)
    settings_url = reverse("nominations:calendar")
    assert client.get(settings_url).status_code == 200
    client.post(settings_url, {"action": "create"})
    official = Official.objects.get(pk=feed_world["official"].pk)
    assert official.calendar_token
    feed_url = reverse("nominations:calendar_feed", args=[official.calendar_token])
    assert feed_url in text(client.get(settings_url))

    client.logout()  # the feed answers its secret alone: calendar apps do not sign in
    response = client.get(feed_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    assert feed_uids(response) == {session_uid(feed_world["own"])}

    client.force_login(trainee)
    client.post(settings_url, {"action": "revoke"})
    assert Official.objects.get(pk=official.pk).calendar_token == ""
    assert ".ics" not in text(client.get(settings_url))  # no link shown any more
    client.logout()
    assert client.get(feed_url).status_code == 404


def test_a_new_link_replaces_the_old_one(client, trainee, feed_world):
    client.force_login(trainee)
    settings_url = reverse("nominations:calendar")
    client.post(settings_url, {"action": "create"})
    old = Official.objects.get(pk=feed_world["official"].pk).calendar_token
    client.post(settings_url, {"action": "reset"})
    new = Official.objects.get(pk=feed_world["official"].pk).calendar_token
    assert new and new != old
    assert client.get(reverse("nominations:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("nominations:calendar_feed", args=[new])).status_code == 200


def test_a_place_given_up_leaves_the_feed(client, trainee, feed_world):
    client.force_login(trainee)
    client.post(reverse("nominations:calendar"), {"action": "create"})
    official = Official.objects.get(pk=feed_world["official"].pk)
    url = reverse("nominations:calendar_feed", args=[official.calendar_token])
    first = client.get(url)
    nomination = official.nominations.get(session=feed_world["own"])
    nomination_transition(nomination=nomination, to=N.DECLINED, user=trainee)
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and feed_uids(second) == set()


def test_unknown_feed_tokens_are_404(client, trainee, feed_world):
    assert client.get("/nominations/calendar/not-a-token.ics").status_code == 404
    # A trainee who never made a link has an empty token: nothing answers to it.
    assert Official.objects.get(pk=feed_world["official"].pk).calendar_token == ""
    assert client.get("/nominations/calendar/.ics").status_code == 404


def test_calendar_settings_are_the_trainees_alone(client, focal_point, director):
    for user in (focal_point, director):
        client.force_login(user)
        assert client.get(reverse("nominations:calendar")).status_code == 404
    client.logout()
    response = client.get(reverse("nominations:calendar"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- the portal panel -----------------------------------------------------------------------


def test_the_portal_lists_the_trainees_nominations_and_confirms_from_there(
    client, session, trainee, director
):
    official = official_for(trainee)
    nomination = accepted(session, official, director)
    client.force_login(trainee)
    portal = text(client.get(reverse("portal")))
    assert "Document examination" in portal
    assert reverse("nominations:calendar") in portal
    move_url = reverse("nominations:move", args=[nomination.pk])
    form = re.search(rf'<form method="post" action="{move_url}".*?</form>', portal, re.S)
    assert form is not None
    assert f'name="version" value="{nomination.version}"' in form.group(0)
    assert 'value="confirmed"' in form.group(0) and 'value="declined"' in form.group(0)

    response = client.post(
        move_url,
        {"to": "confirmed", "version": nomination.version, "next": reverse("portal")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal")
    nomination.refresh_from_db()
    assert nomination.status == N.CONFIRMED
    portal = text(client.get(reverse("portal")))
    assert 'value="confirmed"' not in portal  # confirmed: only declining is left


# --- a new link, when the first one expired ------------------------------------------------


def expired_url(nomination, monkeypatch):
    fifteen_days_ago = time.time() - 15 * 86400
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: fifteen_days_ago)
        return confirm_url(nomination)


def links_in(message):
    return re.findall(r"/nominations/confirm/[^/\s\"]+/", message.body)


def test_an_expired_link_asks_for_a_new_one_which_reaches_the_registered_address(
    client, session, official, director, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = accepted(session, official, director)
    url = expired_url(nomination, monkeypatch)
    page = client.get(url)
    assert page.status_code == 410 and shows(page, LINK_EXPIRED)
    again = reverse("nominations:confirm_again", args=[url.split("/")[-2]])
    assert f'action="{again}"' in text(page)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(again)
    assert answer.status_code == 200 and shows(answer, LINK_ON_ITS_WAY)
    (mail,) = mailoutbox
    assert mail.to == [official.email]
    assert mail.subject == LINK_AGAIN % {"course": session.course.title}
    (fresh,) = links_in(mail)
    # The new link works and sets the first password, as the first one would have.
    assert client.post(fresh, set_password_data()).status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == N.CONFIRMED

    # Asked again through the old link: the place no longer waits, nothing is sent.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert shows(client.post(again), LINK_ON_ITS_WAY)
    assert mailoutbox == []


def test_asking_for_new_links_sends_one_an_hour_and_the_same_answer_to_forgers(
    client, session, official, director, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = accepted(session, official, director)
    token = expired_url(nomination, monkeypatch).split("/")[-2]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.post(reverse("nominations:confirm_again", args=[t])) for t in (token, token)
        ]
        forged_token = token[:-1] + "x"
        forged = client.post(reverse("nominations:confirm_again", args=[forged_token]))
    assert len(mailoutbox) == 1
    # What the page says (the language links around it repeat the requested address).
    bodies = {text(a).split("<main", 1)[1] for a in [*answers, forged]}
    assert len(bodies) == 1 and {a.status_code for a in [*answers, forged]} == {200}


def test_the_focal_point_sends_the_link_again_from_the_nomination_page(
    client,
    session,
    official,
    director,
    focal_point,
    other_focal_point,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    nomination = accepted(session, official, director)
    client.force_login(other_focal_point)
    url = reverse("nominations:resend_link", args=[nomination.pk])
    mailoutbox.clear()
    assert client.post(url).status_code == 404 and mailoutbox == []
    client.force_login(focal_point)
    page = client.get(reverse("nominations:detail", args=[nomination.pk]))
    assert f'action="{url}"' in text(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert shows(response, LINK_SENT % {"name": official.passport_name, "email": official.email})
    (mail,) = mailoutbox
    assert mail.to == [official.email] and len(links_in(mail)) == 1


def test_a_trainee_without_a_password_can_choose_one_by_password_reset(
    client, official, mailoutbox
):
    assert not official.user.has_usable_password()
    client.post(reverse("password_reset"), {"email": official.email.upper()})
    (mail,) = mailoutbox
    assert mail.to == [official.email]
    # A look-alike address (dotless ı for i) matches by case folding only: nothing is sent.
    mailoutbox.clear()
    client.post(reverse("password_reset"), {"email": official.email.replace("i", "ı")})
    assert mailoutbox == []
