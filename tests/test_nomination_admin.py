"""The directors' and the RSO's admin screens of nominations: the list, its filters and
export, inspect, history, one session's nominations and their bulk moves, and the
director's portal panel. A director sees only their centres' sessions' nominations, at
every URL; every move goes through the service and is reported per nomination."""

import csv
import datetime as dt
import io
import types

import pytest
from django.urls import reverse

from courses.models import Session
from nominations import tasks
from nominations.choices import N
from nominations.models import Nomination
from nominations.reports import DIRECTOR_PANEL_STATUSES, director_sessions
from nominations.services import nomination_transition
from nominations.services.common import SESSION_FULL, STALE
from nominations.views.admin import MOVED, NOTHING_SELECTED
from tests.factories import make_course, make_official, make_session, nominate
from training_hub.scopes import scope_for

pytestmark = pytest.mark.django_db

LIST = "/admin/nominations/"
FOREIGN_NAME = "JEJU-NOMINEE-SECRET"
FOREIGN_EMAIL = "jeju.nominee@example.org"


@pytest.fixture(autouse=True)
def no_mail(monkeypatch):
    """The e-mails are not what these tests check: enqueue nothing after commit."""
    monkeypatch.setattr(tasks, "notify_move", types.SimpleNamespace(enqueue=lambda *a: None))


@pytest.fixture
def world(jclec, jeju):
    """A JCLEC session with two seats and three submitted nominees (two of ID, one of TH),
    and a CIFAL Jeju session with one nominee the JCLEC director must never see."""
    session = make_session(make_course(jclec, title="Document examination"), capacity=2)
    ayu = nominate(session, make_official("ID", name="AYU PRATIWI"))
    budi = nominate(session, make_official("ID", name="BUDI SANTOSO"))
    kanya = nominate(session, make_official("TH", name="KANYA SRISAWAT"))
    foreign_session = make_session(
        make_course(jeju, title="Jeju course"), tz="Asia/Seoul", city="Jeju"
    )
    foreign = nominate(foreign_session, make_official("KR", name=FOREIGN_NAME, email=FOREIGN_EMAIL))
    return types.SimpleNamespace(
        session=session,
        ayu=ayu,
        budi=budi,
        kanya=kanya,
        foreign_session=foreign_session,
        foreign=foreign,
    )


def _get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    return response, response.content.decode()


def _status(nomination):
    return Nomination.objects.get(pk=nomination.pk).status


def _csv_rows(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def _messages(response):
    return [str(message) for message in response.context["messages"]]


# --- the list, its filters and export -----------------------------------------------------


def test_director_lists_only_their_centres_nominations(client, director, world):
    response, html = _get(client, director, LIST)
    assert response.status_code == 200
    for name in ("AYU PRATIWI", "BUDI SANTOSO", "KANYA SRISAWAT"):
        assert name in html
    assert "Document examination" in html
    assert FOREIGN_NAME not in html


def test_the_list_filters_by_member_and_status(client, director, world):
    from tests.factories import member

    _response, html = _get(client, director, f"{LIST}?member={member('TH').pk}")
    assert "KANYA SRISAWAT" in html and "AYU PRATIWI" not in html

    nomination_transition(nomination=world.ayu, to=N.ACCEPTED, user=director)
    _response, html = _get(client, director, f"{LIST}?status=accepted")
    assert "AYU PRATIWI" in html and "BUDI SANTOSO" not in html


def test_another_centres_session_is_no_filter_choice(client, director, world):
    response, html = _get(client, director, f"{LIST}?session={world.foreign_session.pk}")
    assert response.status_code == 200
    assert FOREIGN_NAME not in html
    assert "Jeju course" not in html
    _response, html = _get(client, director, f"{LIST}?session={world.session.pk}")
    assert "AYU PRATIWI" in html


def test_director_exports_only_their_centres_nominations(client, director, world):
    client.force_login(director)
    rows = _csv_rows(client.get(f"{LIST}?export=csv"))
    assert rows[0][:4] == ["Course", "Starts (venue time)", "City", "Name as in the passport"]
    names = [row[3] for row in rows[1:]]
    assert sorted(names) == ["AYU PRATIWI", "BUDI SANTOSO", "KANYA SRISAWAT"]
    assert FOREIGN_EMAIL not in str(rows)


def test_the_csv_export_neutralises_formulas(client, director, jclec):
    session = make_session(make_course(jclec))
    nominate(
        session,
        make_official("ID", name='=HYPERLINK("http://evil.example","x")', agency="+61 agency"),
    )
    client.force_login(director)
    rows = _csv_rows(client.get(f"{LIST}?export=csv"))
    assert rows[1][3] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[1][6] == "'+61 agency"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_xlsx_export_keeps_formulas_as_text(client, director, jclec):
    import openpyxl

    session = make_session(make_course(jclec))
    nominate(session, make_official("ID", name="=1+1"))
    client.force_login(director)
    response = client.get(f"{LIST}?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet.cell(row=2, column=4)
    assert cell.value == "=1+1" and cell.data_type == "s"


# --- inspect and history ------------------------------------------------------------------


def test_director_inspects_a_nomination_of_their_centre(client, director, world):
    response, html = _get(client, director, f"{LIST}inspect/{world.ayu.pk}/")
    assert response.status_code == 200
    assert "AYU PRATIWI" in html and world.ayu.official.email in html
    # The moves a director may make now are offered.
    assert 'value="accepted"' in html and 'value="waitlisted"' in html


@pytest.mark.parametrize("view", ["inspect", "history", "history-results"])
def test_another_centres_nomination_is_refused_without_its_data(client, director, world, view):
    response, html = _get(client, director, f"{LIST}{view}/{world.foreign.pk}/")
    assert response.status_code in (302, 403, 404)
    assert FOREIGN_NAME not in html and FOREIGN_EMAIL not in html


def test_history_shows_the_nominations_log_entries(client, director, world):
    nomination_transition(nomination=world.ayu, to=N.ACCEPTED, user=director)
    response, html = _get(client, director, f"{LIST}history/{world.ayu.pk}/")
    assert response.status_code == 200
    assert "Nomination drafted" in html
    assert "Submitted" in html and "Accepted" in html


def test_there_is_no_admin_form_that_writes_a_nomination(client, rso, world):
    client.force_login(rso)
    for url in ("new/", f"edit/{world.ayu.pk}/", f"delete/{world.ayu.pk}/"):
        assert client.get(LIST + url).status_code == 404
    assert client.post(LIST + f"delete/{world.ayu.pk}/").status_code == 404
    assert Nomination.objects.filter(pk=world.ayu.pk).exists()


def test_a_single_move_from_the_inspect_view_goes_through_the_service(client, director, world):
    client.force_login(director)
    url = f"{LIST}inspect/{world.ayu.pk}/"
    response = client.post(url, {"to": "accepted", "version": world.ayu.version}, follow=True)
    assert _status(world.ayu) == N.ACCEPTED
    assert str(MOVED % {"name": "AYU PRATIWI", "status": "Accepted"}) in _messages(response)
    # A move the page does not offer (the trainee's) is refused, nothing changes.
    client.post(url, {"to": "confirmed"})
    assert _status(world.ayu) == N.ACCEPTED


def test_a_move_on_another_centres_nomination_is_refused(client, director, world):
    client.force_login(director)
    response = client.post(f"{LIST}inspect/{world.foreign.pk}/", {"to": "accepted"})
    assert response.status_code == 404
    assert _status(world.foreign) == N.SUBMITTED


# --- one session: grouped by status, bulk moves -------------------------------------------


def _session_url(session):
    return f"{LIST}session/{session.pk}/"


def test_the_session_view_groups_nominations_by_status(client, director, world):
    nomination_transition(nomination=world.kanya, to=N.WAITLISTED, user=director)
    response, html = _get(client, director, _session_url(world.session))
    assert response.status_code == 200
    groups = {g["label"]: len(g["nominations"]) for g in response.context["groups"]}
    assert groups == {"Submitted": 2, "Waitlisted": 1}
    assert "Submitted (2)" in html and "Waitlisted (1)" in html
    assert "Accept" in html and "Attended" not in html  # before the start


def test_another_centres_session_view_is_refused(client, director, world):
    response, html = _get(client, director, _session_url(world.foreign_session))
    assert response.status_code == 404
    assert FOREIGN_NAME not in html
    client.post(
        _session_url(world.foreign_session),
        {"action": "accepted", "nominations": [world.foreign.pk]},
    )
    assert _status(world.foreign) == N.SUBMITTED


def test_bulk_accept_beyond_capacity_reports_full_and_applies_nothing_beyond(
    client, director, world
):
    client.force_login(director)
    ids = [world.ayu.pk, world.budi.pk, world.kanya.pk]
    response = client.post(
        _session_url(world.session), {"action": "accepted", "nominations": ids}, follow=True
    )
    # Each member's first choice first: Ayu (ID, 1) and Kanya (TH, 1) take the two seats.
    assert [_status(n) for n in (world.ayu, world.kanya, world.budi)] == [
        N.ACCEPTED,
        N.ACCEPTED,
        N.SUBMITTED,
    ]
    messages = _messages(response)
    assert str(MOVED % {"name": "AYU PRATIWI", "status": "Accepted"}) in messages
    assert str(MOVED % {"name": "KANYA SRISAWAT", "status": "Accepted"}) in messages
    full = str(SESSION_FULL % {"capacity": 2})
    assert any(m.startswith("BUDI SANTOSO") and full in m for m in messages)
    assert Session.objects.get(pk=world.session.pk).seats_taken == 2


def test_bulk_ignores_ids_outside_the_directors_scope(client, director, world):
    client.force_login(director)
    response = client.post(
        _session_url(world.session),
        {"action": "declined", "nominations": [world.ayu.pk, world.foreign.pk]},
        follow=True,
    )
    assert _status(world.ayu) == N.DECLINED
    assert _status(world.foreign) == N.SUBMITTED
    assert not any(FOREIGN_NAME in m for m in _messages(response))


def test_bulk_with_nothing_selected_says_so(client, director, world):
    client.force_login(director)
    response = client.post(_session_url(world.session), {"action": "accepted"}, follow=True)
    assert str(NOTHING_SELECTED) in _messages(response)


def test_bulk_refuses_a_nomination_changed_since_the_page_was_shown(client, director, world):
    shown = world.ayu.version
    nomination_transition(nomination=world.ayu, to=N.WAITLISTED, user=director)
    client.force_login(director)
    response = client.post(
        _session_url(world.session),
        {"action": "declined", "nominations": [world.ayu.pk], f"version-{world.ayu.pk}": shown},
        follow=True,
    )
    assert _status(world.ayu) == N.WAITLISTED
    stale = str(STALE % {"status": "Waitlisted"})
    assert any(stale in m for m in _messages(response))


def test_attendance_is_recorded_in_bulk_once_the_session_started(client, director, world):
    for nomination in (world.ayu, world.kanya):
        nomination_transition(nomination=nomination, to=N.ACCEPTED, user=director)
    session = world.session
    shift = dt.timedelta(days=61)
    Session.objects.filter(pk=session.pk).update(
        starts_at=session.starts_at - shift,
        ends_at=session.ends_at - shift,
        nominations_open_at=session.nominations_open_at - shift,
        nominations_close_at=session.nominations_close_at - shift,
    )
    client.force_login(director)
    response = client.post(
        _session_url(session),
        {"action": "attended", "nominations": [world.ayu.pk, world.budi.pk]},
        follow=True,
    )
    assert _status(world.ayu) == N.ATTENDED
    assert _status(world.budi) == N.SUBMITTED  # a submitted nominee did not get a place
    assert any(m.startswith("BUDI SANTOSO: nothing changed") for m in _messages(response))


# --- who may open these screens -----------------------------------------------------------


def test_rso_sees_every_centres_nominations(client, rso, world):
    _response, html = _get(client, rso, LIST)
    assert FOREIGN_NAME in html and "AYU PRATIWI" in html
    response, html = _get(client, rso, _session_url(world.foreign_session))
    assert response.status_code == 200 and FOREIGN_NAME in html
    response, html = _get(client, rso, f"{LIST}inspect/{world.foreign.pk}/")
    assert response.status_code == 200 and FOREIGN_EMAIL in html


@pytest.mark.parametrize("fixture", ["focal_point", "trainee"])
def test_focal_points_and_trainees_are_refused_the_admin_screens(client, request, fixture, world):
    user = request.getfixturevalue(fixture)
    for url in (
        LIST,
        f"{LIST}?export=csv",
        f"{LIST}inspect/{world.ayu.pk}/",
        f"{LIST}history/{world.ayu.pk}/",
        _session_url(world.session),
        "/admin/training-needs/",
    ):
        response, html = _get(client, user, url)
        assert response.status_code == 302, url
        assert "/admin/login/" in response["Location"]
        assert "AYU PRATIWI" not in html
    client.post(_session_url(world.session), {"action": "accepted", "nominations": [world.ayu.pk]})
    assert _status(world.ayu) == N.SUBMITTED


def test_the_menu_offers_nominations_to_directors_and_needs_to_the_rso_only(client, director, rso):
    _response, html = _get(client, director, "/admin/")
    assert LIST in html and "/admin/training-needs/" not in html
    _response, html = _get(client, rso, "/admin/")
    assert LIST in html and "/admin/training-needs/" in html


# --- the director's portal ----------------------------------------------------------------


def test_director_portal_counts_each_sessions_nominations_per_status(client, director, world):
    nomination_transition(nomination=world.ayu, to=N.ACCEPTED, user=director)
    nomination_transition(nomination=world.kanya, to=N.WAITLISTED, user=director)
    rows = director_sessions(director)
    assert [row["session"] for row in rows] == [world.session]
    counts = dict(zip(DIRECTOR_PANEL_STATUSES, rows[0]["counts"], strict=True))
    assert counts == {
        N.SUBMITTED: 1,
        N.WAITLISTED: 1,
        N.ACCEPTED: 1,
        N.CONFIRMED: 0,
        N.DECLINED: 0,
    }
    assert rows[0]["seats_taken"] == 1

    _response, html = _get(client, director, reverse("portal"))
    assert "Your upcoming sessions" in html
    assert f'href="{_session_url(world.session)}"' in html
    assert '<td data-label="Seats taken">1 / 2</td>' in html
    assert f'href="{reverse("wagtailsnippets_courses_session:add")}"' in html
    assert "Jeju course" not in html


def test_director_portal_counts_in_one_query(director, world, django_assert_num_queries):
    scope_for(director)  # the director's centres, read once per request
    with django_assert_num_queries(2):  # the sessions, then every count at once
        director_sessions(director)


def test_the_rsos_site_history_links_a_nomination_to_its_inspect_view(client, rso, world):
    response, html = _get(client, rso, "/admin/reports/site-history/")
    assert response.status_code == 200
    assert f'href="{LIST}inspect/{world.ayu.pk}/"' in html


def test_nominations_are_no_usage_of_their_member_or_session(client, rso, jclec):
    from tests.factories import member

    _get(client, rso, "/admin/")  # the admin's viewsets are registered from here on
    session = make_session(make_course(jclec))
    nominate(session, make_official("ID", name="AYU PRATIWI"))
    for url in (
        f"/admin/snippets/training_hub/member/usage/{member('ID').pk}/",
        f"/admin/snippets/courses/session/usage/{session.pk}/",
    ):
        response, html = _get(client, rso, url)
        assert response.status_code == 200
        assert "AYU PRATIWI" not in html and f"{LIST}inspect/" not in html


def test_a_director_never_sees_a_members_draft(client, jclec, director, focal_point):
    from nominations.selectors import nominations_visible_to
    from tests.factories import make_course, make_official, make_session, nominate

    session = make_session(make_course(jclec))
    draft = nominate(
        session, make_official(focal_point=focal_point, name="DRAFT-NOMINEE"), submit=False
    )
    sent = nominate(session, make_official(focal_point=focal_point, name="SENT-NOMINEE"))
    assert list(nominations_visible_to(director)) == [sent]
    assert draft in nominations_visible_to(focal_point)
    client.force_login(director)
    page = client.get(f"/admin/nominations/session/{session.pk}/").content.decode()
    assert "SENT-NOMINEE" in page and "DRAFT-NOMINEE" not in page
    assert client.get(f"/admin/nominations/inspect/{draft.pk}/").status_code in (302, 403, 404)
