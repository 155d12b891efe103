"""The RSO's view across members: the training needs admin (the RSO's alone), and the
portal's reports: nominations per member and status, sessions at risk, members that have
nominated nobody."""

import csv
import datetime as dt
import io
import types

import pytest
from django.urls import reverse
from django.utils import timezone

from nominations import tasks
from nominations.choices import N, NeedStatus
from nominations.models import TrainingNeed
from nominations.reports import (
    AT_RISK_CLOSING_DAYS,
    member_status_pivot,
    members_without_nominations,
    sessions_at_risk,
)
from nominations.services import nomination_transition
from tests.factories import make_course, make_need, make_official, make_session, member, nominate
from training_hub.models import Member
from training_hub.scopes import scope_for

pytestmark = pytest.mark.django_db

NEEDS = "/admin/training-needs/"


@pytest.fixture(autouse=True)
def no_mail(monkeypatch):
    """The e-mails are not what these tests check: enqueue nothing after commit."""
    monkeypatch.setattr(tasks, "notify_move", types.SimpleNamespace(enqueue=lambda *a: None))


@pytest.fixture
def course(jclec):
    return make_course(jclec, title="Document examination")


def _closing_in(course, days, *, capacity):
    """An open session whose nominations close `days` from now."""
    return make_session(
        course,
        capacity=capacity,
        default_quota=capacity,
        closes=timezone.now() + dt.timedelta(days=days),
    )


def _nominees(session, code, count):
    return [nominate(session, make_official(code)) for _ in range(count)]


def _get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    return response, response.content.decode()


# --- nominations per member and status ----------------------------------------------------


def test_the_pivot_has_a_row_per_member_and_a_column_per_status(rso, director, course):
    session = make_session(course, capacity=10, default_quota=5)
    indonesians = _nominees(session, "ID", 3)
    _nominees(session, "TH", 1)
    nomination_transition(nomination=indonesians[0], to=N.ACCEPTED, user=director)
    nomination_transition(nomination=indonesians[1], to=N.DECLINED, user=director)
    # A session that is over counts for nothing here.
    past = make_session(course)
    _nominees(past, "TH", 2)
    shift = dt.timedelta(days=200)
    type(past).objects.filter(pk=past.pk).update(
        starts_at=past.starts_at - shift, ends_at=past.ends_at - shift
    )

    statuses, rows = member_status_pivot(rso)
    assert statuses == list(N)
    table = {row["member"]: dict(zip(statuses, row["counts"], strict=True)) for row in rows}
    assert set(table) == {"Indonesia", "Thailand"}
    assert table["Indonesia"][N.ACCEPTED] == 1
    assert table["Indonesia"][N.DECLINED] == 1
    assert table["Indonesia"][N.SUBMITTED] == 1
    assert table["Thailand"][N.SUBMITTED] == 1
    assert sum(table["Thailand"].values()) == 1
    assert [row["total"] for row in rows] == [3, 1]


def test_the_pivot_is_one_query(rso, course, django_assert_num_queries):
    session = make_session(course, capacity=10, default_quota=5)
    _nominees(session, "ID", 2)
    _nominees(session, "TH", 2)
    scope_for(rso)
    with django_assert_num_queries(1):
        member_status_pivot(rso)


def test_the_reports_are_the_rsos_only(director, focal_point, course):
    session = _closing_in(course, 3, capacity=10)
    _nominees(session, "ID", 1)
    for user in (director, focal_point):
        assert member_status_pivot(user)[1] == []
        assert list(sessions_at_risk(user)) == []
        assert list(members_without_nominations(user)) == []


# --- sessions at risk ---------------------------------------------------------------------


def test_sessions_at_risk_close_soon_with_less_than_half_their_seats_put_forward(rso, course):
    at_risk = _closing_in(course, 3, capacity=4)
    _nominees(at_risk, "ID", 1)  # 1 of 4: a quarter
    half_full = _closing_in(course, 3, capacity=4)
    _nominees(half_full, "ID", 2)  # 2 of 4: half is not less than half
    far = _closing_in(course, AT_RISK_CLOSING_DAYS + 3, capacity=4)  # closes later
    empty = _closing_in(course, AT_RISK_CLOSING_DAYS - 1, capacity=10)
    # Drafts, declined and withdrawn nominees fill nothing.
    declined = _closing_in(course, 2, capacity=2)
    (nominee,) = _nominees(declined, "TH", 1)
    nominate(declined, make_official("TH"), submit=False)
    nomination_transition(nomination=nominee, to=N.DECLINED, user=rso)

    found = {session.pk: session.nominated for session in sessions_at_risk(rso)}
    assert found == {at_risk.pk: 1, empty.pk: 0, declined.pk: 0}
    assert half_full.pk not in found and far.pk not in found


def test_a_cancelled_or_closed_session_is_not_at_risk(rso, course):
    cancelled = _closing_in(course, 3, capacity=10)
    type(cancelled).objects.filter(pk=cancelled.pk).update(status="cancelled")
    closed = _closing_in(course, 3, capacity=10)
    type(closed).objects.filter(pk=closed.pk).update(
        nominations_close_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert list(sessions_at_risk(rso)) == []


# --- members that have nominated nobody ---------------------------------------------------


def test_members_that_nominated_nobody(rso, course):
    session = make_session(course, capacity=10, default_quota=5)
    _nominees(session, "ID", 1)
    nominate(session, make_official("TH"), submit=False)  # a draft is nobody yet
    (withdrawn,) = _nominees(session, "KR", 1)
    nomination_transition(nomination=withdrawn, to=N.WITHDRAWN, user=rso)
    (declined,) = _nominees(session, "MY", 1)  # declined, but put forward all the same
    nomination_transition(nomination=declined, to=N.DECLINED, user=rso)
    Member.objects.filter(code="FJ").update(is_active=False)

    silent = set(members_without_nominations(rso).values_list("code", flat=True))
    assert "ID" not in silent and "MY" not in silent
    assert {"TH", "KR"} <= silent
    assert "FJ" not in silent
    assert silent == set(
        Member.objects.filter(is_active=True)
        .exclude(code__in=["ID", "MY"])
        .values_list("code", flat=True)
    )


def test_the_rso_portal_shows_the_three_reports(client, rso, course):
    at_risk = _closing_in(course, 3, capacity=10)
    _nominees(at_risk, "ID", 1)
    _response, html = _get(client, rso, reverse("portal"))
    assert "Nominations to upcoming sessions, per member" in html
    assert f'href="{reverse("nominations_admin:index")}?member={member("ID").pk}"' in html
    assert "Sessions at risk" in html
    assert f'href="{reverse("nominations_admin:session", args=[at_risk.pk])}"' in html
    assert "Members that nominated nobody" in html and "Thailand (TH)" in html


def test_other_roles_portals_show_none_of_the_rsos_reports(client, director, focal_point):
    for user in (director, focal_point):
        _response, html = _get(client, user, reverse("portal"))
        assert "Sessions at risk" not in html
        assert "Members that nominated nobody" not in html


# --- the training needs admin -------------------------------------------------------------


def test_rso_lists_and_filters_every_members_needs(client, rso):
    make_need("ID", title="Airport profiling", priority="high")
    make_need("TH", title="Maritime interdiction", theme="prevention")
    _response, html = _get(client, rso, NEEDS)
    assert "Airport profiling" in html and "Maritime interdiction" in html
    _response, html = _get(client, rso, f"{NEEDS}?member={member('TH').pk}")
    assert "Maritime interdiction" in html and "Airport profiling" not in html
    _response, html = _get(client, rso, f"{NEEDS}?priority=high")
    assert "Airport profiling" in html and "Maritime interdiction" not in html
    _response, html = _get(client, rso, f"{NEEDS}?theme=prevention")
    assert "Maritime interdiction" in html and "Airport profiling" not in html


@pytest.mark.parametrize("fixture", ["director", "focal_point", "trainee"])
def test_others_are_refused_the_training_needs_admin(client, request, fixture):
    need = make_need("ID", title="NEED-SECRET")
    user = request.getfixturevalue(fixture)
    for url in (
        NEEDS,
        f"{NEEDS}?export=csv",
        f"{NEEDS}inspect/{need.pk}/",
        f"{NEEDS}history/{need.pk}/",
    ):
        response, html = _get(client, user, url)
        assert response.status_code in (302, 403, 404), url
        assert "NEED-SECRET" not in html
    client.post(f"{NEEDS}inspect/{need.pk}/", {"to": "matched"})
    assert TrainingNeed.objects.get(pk=need.pk).status == NeedStatus.OPEN


def test_the_needs_csv_export_neutralises_formulas(client, rso):
    make_need("ID", title="=cmd|' /C calc'!A0", audience="@SUM(1+1)")
    client.force_login(rso)
    response = client.get(f"{NEEDS}?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Member", "Title", "Theme"]
    assert rows[1][1] == "'=cmd|' /C calc'!A0"
    assert rows[1][4] == "'@SUM(1+1)"


def test_rso_moves_a_need_through_the_service(client, rso):
    need = make_need("ID")
    client.force_login(rso)
    url = f"{NEEDS}inspect/{need.pk}/"
    assert 'value="matched"' in client.get(url).content.decode()
    client.post(url, {"to": "matched"})
    assert TrainingNeed.objects.get(pk=need.pk).status == NeedStatus.MATCHED
    history = client.get(f"{NEEDS}history/{need.pk}/").content.decode()
    assert "Training need status changed" in history
    # A move the workflow does not have (matched -> matched) changes nothing.
    client.post(url, {"to": "matched"})
    client.post(url, {"to": "draft"})
    assert TrainingNeed.objects.get(pk=need.pk).status == NeedStatus.MATCHED
