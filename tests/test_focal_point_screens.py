"""The focal point's screens, through the Django test client: register officials, record
needs, nominate, rank, submit drafts and move a nomination; every refusal shows a clear
message and saves nothing; another member's records are a 404 without their data.

The rules themselves are tested on the services (test_nomination_services.py); these
tests check the wiring, what the pages show and who may open them."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses.models import Session
from nominations.choices import N, NeedStatus
from nominations.forms import NOT_YOUR_OFFICIAL, RANK_NOT_A_NUMBER, VERSION_NOT_A_NUMBER
from nominations.models import Nomination, Official, TrainingNeed
from nominations.services import nomination_transition
from nominations.services.common import (
    ALREADY_NOMINATED,
    OFFICIAL_EMAIL_TAKEN,
    RESERVE,
    SESSION_CANCELLED,
    STALE,
)
from nominations.views.focal_point import DRAFTS_SUBMITTED, NOTHING_TO_SUBMIT, SYSTEM
from tests.factories import (
    make_course,
    make_need,
    make_official,
    make_session,
    make_user,
    member,
    nominate,
    official_for,
)
from training_hub.roles import Role

pytestmark = pytest.mark.django_db


# --- helpers ------------------------------------------------------------------------------


def text(response):
    """The page as a reader sees it: entities decoded (names with apostrophes, arrows)."""
    return html.unescape(response.content.decode())


def message(lazy, **values):
    return str(lazy) % values if values else str(lazy)


@pytest.fixture
def course(jclec):
    return make_course(jclec, title="Document examination")


@pytest.fixture
def session(course):
    """Open for nominations now; Indonesia's quota is 2."""
    return make_session(course, capacity=10, default_quota=2)


@pytest.fixture
def fp(client, focal_point):
    client.force_login(focal_point)
    return client


def official(focal_point, name, **fields):
    return make_official("ID", focal_point=focal_point, name=name, **fields)


OFFICIAL_FORM = {
    "passport_name": "Siti Rahmawati",
    "native_name": "",
    "gender": "female",
    "agency": "Directorate General of Immigration",
    "position": "Senior immigration officer",
    "email": "siti.rahmawati@example.org",
    "phone": "+62 21 555 0101",
}

NEED_FORM = {
    "title": "Fraudulent document detection",
    "theme": "protection",
    "audience": "Airport immigration officers",
    "officials": "12",
    "frequency": "yearly",
    "preferred_from": "2027-03-01",
    "preferred_until": "2027-06-30",
    "priority": "high",
    "justification": "Three new international terminals open next year.",
}


def nominate_post(client, session, official, action="submit", **extra):
    url = reverse("nominations:session", args=[session.pk])
    return client.post(url, {"action": action, "official": official.pk, **extra}, follow=True)


def move_post(client, nomination, to, version=None, **extra):
    data = {"to": to, "version": nomination.version if version is None else version, **extra}
    return client.post(reverse("nominations:move", args=[nomination.pk]), data, follow=True)


def need_key(client):
    """The one-time key the need form was shown with."""
    response = client.get(reverse("nominations:need_create"))
    match = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', response.content.decode())
    assert match, "the need form carries no submission_key"
    return match.group(1)


# --- the happy path -----------------------------------------------------------------------


def test_focal_point_registers_records_nominates_ranks_submits_and_withdraws(
    fp, focal_point, session
):
    # Register an official through the screen (after another, so that no official's id is
    # its nomination's: the rank fields must be named by the nomination).
    official(focal_point, "Agus Salim")
    response = fp.post(reverse("nominations:official_create"), OFFICIAL_FORM, follow=True)
    assert response.redirect_chain[-1][0] == reverse("nominations:officials")
    assert "Siti Rahmawati is registered." in text(response)
    siti = Official.objects.get(email="siti.rahmawati@example.org")
    assert siti.member == focal_point.member and siti.user.role == Role.TRAINEE
    budi, dewi = official(focal_point, "Budi Santoso"), official(focal_point, "Dewi Anggraini")

    # Record a training need.
    response = fp.post(
        reverse("nominations:need_create"), {**NEED_FORM, "submission_key": need_key(fp)}
    )
    assert response.status_code == 302
    need = TrainingNeed.objects.get()
    assert need.member == focal_point.member and need.title == NEED_FORM["title"]

    # The session is listed as open, with the quota and the places left.
    listing = text(fp.get(reverse("nominations:sessions")))
    assert "Document examination" in listing
    assert reverse("nominations:session", args=[session.pk]) in listing

    # Three nominees with a quota of two: the third is a reserve on the waitlist.
    for person in (siti, budi):
        assert nominate_post(fp, session, person).status_code == 200
    response = nominate_post(fp, session, dewi)
    reserve = message(RESERVE, name="Dewi Anggraini", member="Indonesia", quota=2)
    assert reserve in text(response)
    statuses = dict(Nomination.objects.values_list("official__passport_name", "status"))
    assert statuses == {
        "Siti Rahmawati": N.SUBMITTED,
        "Budi Santoso": N.SUBMITTED,
        "Dewi Anggraini": N.WAITLISTED,
    }
    assert "2 places: 2 used, 0 left" in text(response)

    # Reorder: Dewi first, Siti last.
    by_name = {n.official.passport_name: n for n in Nomination.objects.select_related("official")}
    ranks = {
        f"rank-{by_name['Dewi Anggraini'].pk}": "1",
        f"rank-{by_name['Budi Santoso'].pk}": "2",
        f"rank-{by_name['Siti Rahmawati'].pk}": "3",
        "action": "rank",
    }
    response = fp.post(reverse("nominations:session", args=[session.pk]), ranks)
    assert response.status_code == 302
    order = list(Nomination.objects.order_by("rank").values_list("official__passport_name"))
    assert order == [("Dewi Anggraini",), ("Budi Santoso",), ("Siti Rahmawati",)]

    # A fourth as a draft, then "Submit all drafts": a reserve too, with the notice.
    rudi = official(focal_point, "Rudi Hartono")
    response = nominate_post(fp, session, rudi, action="draft")
    assert Nomination.objects.get(official=rudi).status == N.DRAFT
    assert "Submit all drafts" in text(response)
    response = fp.post(
        reverse("nominations:session", args=[session.pk]),
        {"action": "submit_drafts"},
        follow=True,
    )
    page = text(response)
    assert str(DRAFTS_SUBMITTED) in page
    assert message(RESERVE, name="Rudi Hartono", member="Indonesia", quota=2) in page
    assert Nomination.objects.get(official=rudi).status == N.WAITLISTED

    # Withdraw Siti from her page: the moves are buttons carrying the version shown.
    siti_nomination = Nomination.objects.get(official=siti)
    detail = text(fp.get(reverse("nominations:detail", args=[siti_nomination.pk])))
    assert f'name="version" value="{siti_nomination.version}"' in detail
    assert 'name="to" value="withdrawn"' in detail
    response = move_post(fp, siti_nomination, "withdrawn", reason="Reassigned to another post")
    siti_nomination.refresh_from_db()
    assert siti_nomination.status == N.WITHDRAWN
    page = text(response)
    assert response.redirect_chain[-1][0] == reverse(
        "nominations:detail", args=[siti_nomination.pk]
    )
    assert "Submitted → Withdrawn" in page and "Reassigned to another post" in page


def test_nothing_to_submit_says_so(fp, session):
    url = reverse("nominations:session", args=[session.pk])
    response = fp.post(url, {"action": "submit_drafts"}, follow=True)
    assert str(NOTHING_TO_SUBMIT) in text(response)


def test_need_can_be_withdrawn_and_is_then_no_longer_editable(fp, focal_point):
    need = make_need("ID", focal_point=focal_point, title="Maritime patrols")
    assert fp.get(reverse("nominations:need_withdraw", args=[need.pk])).status_code == 405
    response = fp.post(reverse("nominations:need_withdraw", args=[need.pk]), follow=True)
    need.refresh_from_db()
    assert need.status == NeedStatus.WITHDRAWN
    assert "“Maritime patrols” is withdrawn" in text(response)
    response = fp.get(reverse("nominations:need_edit", args=[need.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("nominations:needs")
    assert "Only an open need can be edited" in text(response)


def test_need_edit_saves_changes(fp, focal_point):
    need = make_need("ID", focal_point=focal_point, title="Maritime patrols")
    data = {**NEED_FORM, "title": "Maritime patrols and boarding"}
    response = fp.post(reverse("nominations:need_edit", args=[need.pk]), data)
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.title == "Maritime patrols and boarding" and need.officials == 12


def test_official_edit_saves_changes_and_the_account_follows(fp, focal_point):
    person = official(focal_point, "Budi Santoso")
    data = {**OFFICIAL_FORM, "passport_name": "Budi Santoso Wijaya", "email": "budi@example.org"}
    response = fp.post(reverse("nominations:official_edit", args=[person.pk]), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.passport_name == "Budi Santoso Wijaya"
    assert person.user.email == "budi@example.org"


# --- each bad input: a clear message, nothing saved ---------------------------------------


def test_nominating_after_the_window_is_refused(fp, focal_point, course):
    now = timezone.now()
    closed = make_session(
        course,
        status="closed",
        opens=now - dt.timedelta(days=20),
        closes=now - dt.timedelta(days=1),
    )
    person = official(focal_point, "Budi Santoso")
    response = nominate_post(fp, closed, person)
    assert response.status_code == 400
    assert "Nominations for this session closed on" in text(response)
    assert not Nomination.objects.exists()


def test_submitting_drafts_after_the_window_is_refused_and_they_stay_drafts(
    fp, focal_point, session
):
    drafts = [
        nominate(session, official(focal_point, f"Nominee {i}"), submit=False) for i in (1, 2)
    ]
    Session.objects.filter(pk=session.pk).update(
        nominations_close_at=timezone.now() - dt.timedelta(hours=1)
    )
    url = reverse("nominations:session", args=[session.pk])
    response = fp.post(url, {"action": "submit_drafts"})
    assert response.status_code == 400
    assert "Nominations for this session closed on" in text(response)
    assert {n.status for n in Nomination.objects.filter(pk__in=[d.pk for d in drafts])} == {N.DRAFT}


def test_submitting_drafts_is_all_or_nothing(fp, focal_point, session):
    first = nominate(session, official(focal_point, "Budi Santoso"), submit=False)
    second = nominate(session, official(focal_point, "Dewi Anggraini"), submit=False)
    # The second one's official has moved to another member since it was drafted.
    Official.objects.filter(pk=second.official_id).update(member=member("TH"))
    url = reverse("nominations:session", args=[session.pk])
    response = fp.post(url, {"action": "submit_drafts"})
    assert response.status_code == 400
    assert "Dewi Anggraini is not an official of Indonesia." in text(response)
    assert set(
        Nomination.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    ) == {N.DRAFT}


def test_nominating_to_a_cancelled_session_is_refused(fp, focal_point, course):
    cancelled = make_session(course, status="cancelled")
    response = nominate_post(fp, cancelled, official(focal_point, "Budi Santoso"), "draft")
    assert response.status_code == 400
    assert str(SESSION_CANCELLED) in text(response)
    assert not Nomination.objects.exists()


def test_nominating_an_official_twice_is_refused(fp, focal_point, session):
    person = official(focal_point, "Budi Santoso")
    nominate(session, person)
    response = nominate_post(fp, session, person)
    assert response.status_code == 400
    assert message(ALREADY_NOMINATED, name="Budi Santoso") in text(response)
    assert Nomination.objects.count() == 1


def test_another_members_official_cannot_be_nominated(fp, session, other_focal_point):
    theirs = make_official("TH", focal_point=other_focal_point, name="Somchai Thongdee")
    response = nominate_post(fp, session, theirs)
    assert response.status_code == 400
    assert str(NOT_YOUR_OFFICIAL) in text(response)
    assert not Nomination.objects.exists()


def test_a_malformed_email_is_refused(fp):
    data = {**OFFICIAL_FORM, "email": "siti.rahmawati(at)example"}
    response = fp.post(reverse("nominations:official_create"), data)
    assert response.status_code == 400
    assert "Enter a valid email address." in text(response)
    assert not Official.objects.exists()


def test_a_300_character_name_is_refused(fp):
    data = {**OFFICIAL_FORM, "passport_name": "A" * 300}
    response = fp.post(reverse("nominations:official_create"), data)
    assert response.status_code == 400
    assert "Ensure this value has at most 150 characters (it has 300)." in text(response)
    assert not Official.objects.exists()


def test_an_email_already_registered_is_refused(fp, focal_point):
    official(focal_point, "Budi Santoso", email="budi@example.org")
    data = {**OFFICIAL_FORM, "email": "BUDI@example.org"}
    response = fp.post(reverse("nominations:official_create"), data)
    assert response.status_code == 400
    assert "Nothing was saved" in text(response)
    assert Official.objects.count() == 1


def test_an_email_already_registered_is_named_on_the_email_field(fp, focal_point):
    official(focal_point, "Budi Santoso", email="budi@example.org")
    data = {**OFFICIAL_FORM, "email": "BUDI@example.org"}
    response = fp.post(reverse("nominations:official_create"), data)
    taken = message(OFFICIAL_EMAIL_TAKEN, name="Budi Santoso", email="BUDI@example.org")
    assert f'<ul class="errorlist" id="id_email_error"><li>{taken}</li>' in text(response)


def test_a_rank_that_is_not_a_number_is_refused(fp, focal_point, session):
    first = nominate(session, official(focal_point, "Budi Santoso"))
    second = nominate(session, official(focal_point, "Dewi Anggraini"))
    url = reverse("nominations:session", args=[session.pk])
    data = {"action": "rank", f"rank-{first.pk}": "second", f"rank-{second.pk}": "1"}
    response = fp.post(url, data)
    assert response.status_code == 400
    assert str(RANK_NOT_A_NUMBER) in text(response)
    assert list(Nomination.objects.order_by("pk").values_list("rank", flat=True)) == [1, 2]
    # The rank of a new nominee too.
    response = nominate_post(fp, session, official(focal_point, "Rudi Hartono"), rank="first")
    assert response.status_code == 400
    assert str(RANK_NOT_A_NUMBER) in text(response)
    assert Nomination.objects.count() == 2


def test_another_members_nomination_is_not_reordered(fp, focal_point, session, other_focal_point):
    theirs = nominate(
        session, make_official("TH", focal_point=other_focal_point), user=other_focal_point
    )
    mine = nominate(session, official(focal_point, "Budi Santoso"))
    url = reverse("nominations:session", args=[session.pk])
    fp.post(url, {"action": "rank", f"rank-{theirs.pk}": "9", f"rank-{mine.pk}": "1"})
    theirs.refresh_from_db()
    assert theirs.rank == 1 and theirs.version == 2  # as nominate() left it


def test_a_stale_version_is_refused_with_the_message(fp, focal_point, director, session):
    nomination = nominate(session, official(focal_point, "Budi Santoso"))
    shown = nomination.version
    # The director accepts it after the focal point loaded its page.
    nomination_transition(nomination=nomination, to=N.ACCEPTED, user=director)
    response = move_post(fp, nomination, "withdrawn", version=shown)
    assert message(STALE, status="Accepted") in text(response)
    after = Nomination.objects.get(pk=nomination.pk)
    assert (after.status, after.version) == (N.ACCEPTED, shown + 1)


def test_a_version_that_is_not_a_number_is_refused(fp, focal_point, session):
    nomination = nominate(session, official(focal_point, "Budi Santoso"))
    response = move_post(fp, nomination, "withdrawn", version="latest")
    assert str(VERSION_NOT_A_NUMBER) in text(response)
    assert Nomination.objects.get(pk=nomination.pk).status == N.SUBMITTED


def test_a_move_the_workflow_lacks_is_refused(fp, focal_point, session):
    nomination = nominate(session, official(focal_point, "Budi Santoso"))
    response = move_post(fp, nomination, "accepted")
    assert "cannot move a nomination from “Submitted” to “Accepted”" in text(response)
    response = move_post(fp, nomination, "promoted-to-director")
    assert "Choose one of the moves shown on the page." in text(response)
    assert Nomination.objects.get(pk=nomination.pk).status == N.SUBMITTED


def test_a_repeated_need_post_records_one_need(fp):
    data = {**NEED_FORM, "submission_key": need_key(fp)}
    first = fp.post(reverse("nominations:need_create"), data)
    second = fp.post(reverse("nominations:need_create"), data)
    assert first.status_code == second.status_code == 302
    assert TrainingNeed.objects.count() == 1


def test_each_need_form_has_its_own_key(fp):
    for _ in range(2):
        data = {**NEED_FORM, "submission_key": need_key(fp)}
        assert fp.post(reverse("nominations:need_create"), data).status_code == 302
    assert TrainingNeed.objects.count() == 2


def test_a_need_with_its_period_inverted_is_refused(fp):
    data = {**NEED_FORM, "preferred_from": "2027-07-01", "submission_key": need_key(fp)}
    response = fp.post(reverse("nominations:need_create"), data)
    assert response.status_code == 400
    assert "Nothing was saved" in text(response)
    assert not TrainingNeed.objects.exists()


# --- scope: another member's records are not there ----------------------------------------


@pytest.fixture
def my_records(focal_point, session):
    person = official(focal_point, "Budi Santoso", email="budi.santoso@example.org")
    return {
        "official": person,
        "nomination": nominate(session, person),
        "need": make_need("ID", focal_point=focal_point, title="Maritime patrols"),
    }


SECRETS = ("Budi Santoso", "budi.santoso@example.org", "Maritime patrols")


def assert_not_there(response):
    assert response.status_code == 404
    body = text(response)
    assert not [secret for secret in SECRETS if secret in body]


def test_another_focal_point_gets_404_and_none_of_my_data(
    client, other_focal_point, my_records, session
):
    client.force_login(other_focal_point)
    nomination, person, need = my_records["nomination"], my_records["official"], my_records["need"]
    assert_not_there(client.get(reverse("nominations:detail", args=[nomination.pk])))
    assert_not_there(client.get(reverse("nominations:official_edit", args=[person.pk])))
    assert_not_there(client.get(reverse("nominations:need_edit", args=[need.pk])))
    assert_not_there(client.post(reverse("nominations:need_withdraw", args=[need.pk])))
    assert_not_there(
        client.post(
            reverse("nominations:move", args=[nomination.pk]),
            {"to": "withdrawn", "version": nomination.version},
        )
    )
    edit = {**OFFICIAL_FORM, "passport_name": "Taken over"}
    assert_not_there(client.post(reverse("nominations:official_edit", args=[person.pk]), edit))
    # The session's page is theirs too, with their own nominees only.
    page = client.get(reverse("nominations:session", args=[session.pk]))
    assert page.status_code == 200
    assert not [secret for secret in SECRETS if secret in text(page)]
    for listing in ("nominations:officials", "nominations:needs", "nominations:sessions"):
        body = text(client.get(reverse(listing)))
        assert not [secret for secret in SECRETS if secret in body]
    # Nothing changed.
    nomination.refresh_from_db(), need.refresh_from_db(), person.refresh_from_db()
    assert nomination.status == N.SUBMITTED and need.status == NeedStatus.OPEN
    assert person.passport_name == "Budi Santoso"


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.TRAINEE, Role.RSO])
def test_the_focal_point_screens_are_the_focal_points_alone(client, jclec, role, my_records):
    other = make_user(role, centres=[jclec] if role == Role.DIRECTOR else ())
    client.force_login(other)
    need, person = my_records["need"], my_records["official"]
    for url in (
        reverse("nominations:sessions"),
        reverse("nominations:session", args=[my_records["nomination"].session_id]),
        reverse("nominations:officials"),
        reverse("nominations:official_create"),
        reverse("nominations:official_edit", args=[person.pk]),
        reverse("nominations:needs"),
        reverse("nominations:need_create"),
        reverse("nominations:need_edit", args=[need.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_sign_in(client, my_records):
    for url in (
        reverse("nominations:sessions"),
        reverse("nominations:detail", args=[my_records["nomination"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_trainee_opens_their_own_nomination_only(client, focal_point, trainee, session):
    own = nominate(session, official_for(trainee))
    someone_else = nominate(session, official(focal_point, "Budi Santoso"))
    client.force_login(trainee)
    page = text(client.get(reverse("nominations:detail", args=[own.pk])))
    assert "Dewi Lestari for Document examination" in page
    assert "Budi Santoso" not in page
    assert_not_there(client.get(reverse("nominations:detail", args=[someone_else.pk])))
    # Their moves are theirs: they may not withdraw (the focal point's move).
    response = move_post(client, own, "withdrawn")
    assert "Your role cannot move a nomination" in text(response)
    assert Nomination.objects.get(pk=own.pk).status == N.SUBMITTED


# --- extra POST fields are ignored --------------------------------------------------------


def test_extra_fields_of_a_move_are_ignored(fp, focal_point, session, other_focal_point):
    nomination = nominate(session, official(focal_point, "Budi Santoso"))
    move_post(
        fp,
        nomination,
        "withdrawn",
        status="accepted",
        member=other_focal_point.member_id,
        rank="7",
        official=make_official("TH", focal_point=other_focal_point).pk,
    )
    after = Nomination.objects.get(pk=nomination.pk)
    assert after.status == N.WITHDRAWN
    assert (after.member_id, after.rank, after.official_id) == (
        focal_point.member_id,
        nomination.rank,
        nomination.official_id,
    )


def test_extra_fields_of_a_nomination_are_ignored(fp, focal_point, session, other_focal_point):
    person = official(focal_point, "Budi Santoso")
    nominate_post(fp, session, person, status="accepted", member=other_focal_point.member_id)
    nomination = Nomination.objects.get()
    assert (nomination.status, nomination.member_id) == (N.SUBMITTED, focal_point.member_id)


def test_a_move_goes_back_to_a_safe_next_only(fp, focal_point, session):
    first = nominate(session, official(focal_point, "Budi Santoso"))
    back = reverse("nominations:session", args=[session.pk])
    response = fp.post(
        reverse("nominations:move", args=[first.pk]),
        {"to": "withdrawn", "version": first.version, "next": back},
    )
    assert response["Location"] == back
    second = nominate(session, official(focal_point, "Dewi Anggraini"))
    response = fp.post(
        reverse("nominations:move", args=[second.pk]),
        {"to": "withdrawn", "version": second.version, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("nominations:detail", args=[second.pk])


# --- what the pages show -------------------------------------------------------------------


def test_open_sessions_show_quota_places_seats_and_deadline_at_the_venue(
    fp, focal_point, course, jeju
):
    session = make_session(course, capacity=3, default_quota=2)
    nominate(session, official(focal_point, "Budi Santoso"))
    full = make_session(
        make_course(jeju, title="Maritime law"), tz="Asia/Seoul", capacity=1, default_quota=1
    )
    Session.objects.filter(pk=full.pk).update(seats_taken=1)
    closed = make_session(course, status="planned")  # not open: not listed
    response = fp.get(reverse("nominations:sessions"))
    page = text(response)
    row = re.search(rf'<tr data-session="{session.pk}">(.*?)</tr>', page, re.S).group(1)
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    assert cells[3:7] == ["2", "1", "1", "3 / 3"]  # quota, used, left, seats left
    deadline = session.wall_nominations_close.strftime("%-d %b %Y, %H:%M")
    assert f"{deadline} (Asia/Jakarta)" in cells[7]
    full_row = re.search(rf'<tr data-session="{full.pk}">(.*?)</tr>', page, re.S).group(1)
    assert "Full, waitlist open" in full_row
    assert f'data-session="{closed.pk}"' not in page


def test_the_history_shows_who_moved_it_and_the_system(fp, focal_point, director, course):
    session = make_session(course, capacity=2, default_quota=1)
    first = nominate(session, official(focal_point, "Budi Santoso"))
    reserve = nominate(session, official(focal_point, "Dewi Anggraini"))
    assert reserve.status == N.WAITLISTED
    first, _ = nomination_transition(nomination=first, to=N.ACCEPTED, user=director)
    # Withdrawing the accepted place promotes the reserve, by the system.
    move_post(fp, first, "withdrawn", reason="Cannot travel")
    reserve.refresh_from_db()
    assert reserve.status == N.ACCEPTED
    page = text(fp.get(reverse("nominations:detail", args=[reserve.pk])))
    history = page.split("History", 1)[1]
    assert "focal.id" in history and "Draft → Submitted" not in history
    assert "Draft → Waitlisted" in history
    assert re.search(rf"<td[^>]*>{re.escape(str(SYSTEM))}</td>", history)
    assert "Waitlisted → Accepted" in history
    assert ModelLogEntry.objects.for_instance(reserve).count() == 3


def test_the_detail_offers_only_the_moves_the_role_may_make_now(fp, focal_point, session, course):
    nomination = nominate(session, official(focal_point, "Budi Santoso"), submit=False)
    page = text(fp.get(reverse("nominations:detail", args=[nomination.pk])))
    assert 'value="submitted"' in page and 'value="withdrawn"' in page
    assert 'value="accepted"' not in page  # the director's
    Session.objects.filter(pk=session.pk).update(
        nominations_close_at=timezone.now() - dt.timedelta(hours=1)
    )
    page = text(fp.get(reverse("nominations:detail", args=[nomination.pk])))
    assert 'value="submitted"' not in page and 'value="withdrawn"' in page


def test_the_portal_panel_shows_sessions_needs_officials_and_nominations(
    fp, focal_point, session, other_focal_point
):
    nominate(session, official(focal_point, "Budi Santoso"))
    make_need("ID", focal_point=focal_point)
    make_need("TH", focal_point=other_focal_point, title="Their need")
    make_official("TH", focal_point=other_focal_point, name="Somchai Thongdee")
    page = text(fp.get(reverse("portal")))
    assert "Sessions open for nominations" in page
    assert reverse("nominations:session", args=[session.pk]) in page
    assert "Open: 1" in re.sub(r"<[^>]+>", "", page)
    assert "My training needs (1)" in page
    assert "1 official registered" in page
    assert "Budi Santoso" in page and "Somchai" not in page and "Their need" not in page


def test_the_portal_panel_is_the_focal_points_only(client, trainee):
    client.force_login(trainee)
    assert "My latest nominations" not in text(client.get(reverse("portal")))


# --- in a real browser, checked with axe-core ---------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_focal_point_screens_pass_axe_in_a_browser(page, live_server, request, jclec):
    from playwright.sync_api import expect

    from tests.browser import Visit
    from tests.factories import PASSWORD

    focal_point = make_user(Role.FOCAL_POINT, member_code="ID", username="focal.id")
    session = make_session(make_course(jclec, title="Document examination"), default_quota=1)
    nomination = nominate(session, official(focal_point, "Budi Santoso"))
    nominate(session, official(focal_point, "Dewi Anggraini"))  # a reserve
    official(focal_point, "Rudi Hartono")
    make_need("ID", focal_point=focal_point, title="Maritime patrols")
    visit = Visit.for_test(page, live_server, request)
    visit.sign_in("focal.id", PASSWORD)
    expect(page.get_by_role("heading", name="Sessions open for nominations")).to_be_visible()
    visit.open(reverse("nominations:sessions"), "open sessions")
    visit.open(reverse("nominations:session", args=[session.pk]), "session")
    # Without JavaScript: a server round trip that refuses a rank, shown on the form.
    page.get_by_label("Rank of Budi Santoso").fill("0")
    page.get_by_role("button", name="Save order").click()
    expect(page.get_by_role("alert")).to_contain_text("The order was not saved")
    visit.check("session with a refused rank")
    page.get_by_label("Official").select_option(label="Rudi Hartono")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator("main")).to_contain_text("Rudi Hartono is saved as a draft")
    visit.check("session with a draft")
    visit.open(reverse("nominations:officials"), "officials")
    visit.open(reverse("nominations:official_create"), "register an official")
    page.get_by_label("Name as in the passport").fill("Siti Rahmawati")
    page.get_by_label("Gender").select_option("female")
    page.get_by_label("Agency").fill("Directorate General of Immigration")
    page.get_by_label("Position").fill("Officer")
    page.get_by_label("E-mail").fill("not-an-address")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    visit.check("register an official with errors")
    visit.open(reverse("nominations:needs"), "needs")
    visit.open(reverse("nominations:need_create"), "record a need")
    visit.open(reverse("nominations:detail", args=[nomination.pk]), "nomination")
    page.get_by_label("Reason (optional)").fill("Reassigned")
    page.get_by_role("button", name="Withdraw").click()
    expect(page.locator("main")).to_contain_text("Submitted → Withdrawn")
    visit.check("nomination withdrawn")
    visit.open(reverse("portal"), "portal")
