"""Side doors of the Wagtail admin: views that are not the session listing or the page editor
(choosers, confirmation pages, search, export, the user form) must keep to the same scope."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import escape

from courses.forms import DUPLICATE_QUOTA, FOREIGN_QUOTA
from courses.models import Session, SessionQuota
from tests.factories import (
    PASSWORD,
    make_course,
    make_session,
    make_superuser,
    member,
    quota_row,
    session_for,
)
from training_hub import services as user_services
from training_hub.models import User
from training_hub.roles import ADMIN_GROUPS, Role
from training_hub.services import DIRECTOR_NEEDS_CENTRE

pytestmark = pytest.mark.django_db

# The admin answers a refusal with a redirect home (PermissionDenied) or a 404.
REFUSED = (302, 403, 404)

SESSIONS_URL = "/admin/snippets/courses/session/"
CHOOSER_URL = "/admin/snippets/choose/courses/session/"


@pytest.fixture
def own_session(jclec):
    course = make_course(jclec, title="Document examination")
    return make_session(course, city="Semarang", venue="JCLEC campus")


@pytest.fixture
def foreign_session(jeju):
    course = make_course(jeju, title="Maritime patrol")
    return make_session(course, tz="Asia/Seoul", city="Jeju", venue="Jeju campus")


@pytest.fixture
def foreign_draft(jeju):
    """A course page of another centre that was never published."""
    return make_course(jeju, title="Unannounced Jeju draft", publish=False)


@pytest.fixture
def foreign_renamed(jeju, rso):
    """A live course page of another centre, with a draft that renames it."""
    course = make_course(jeju, title="Published Jeju course")
    course.title = "Embargoed Jeju rename"
    course.save_revision(user=rso)
    return course


@pytest.fixture
def own_draft(jclec):
    return make_course(jclec, title="Own JCLEC draft", publish=False)


def make_session_from(session, user=None):
    """Save an unsaved session (quotas included) through the service."""
    from courses.services import session_save

    return session_save(session=session, user=user or User.objects.filter(role=Role.RSO).first())


def _json(response):
    return json.loads(response.content.decode())


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


# --- 1. the session chooser ------------------------------------------------------------


@pytest.mark.parametrize("path", ["", "results/", "?q=campus", "results/?q=campus"])
def test_session_chooser_lists_only_the_directors_sessions(
    client, director, own_session, foreign_session, path
):
    client.force_login(director)
    response = client.get(CHOOSER_URL + path)
    assert response.status_code == 200
    body = response.content.decode()
    assert f"{CHOOSER_URL}chosen/{own_session.pk}/" in body
    assert f"{CHOOSER_URL}chosen/{foreign_session.pk}/" not in body
    assert "Maritime patrol" not in body


def test_session_chooser_lists_every_session_for_the_rso(client, rso, own_session, foreign_session):
    client.force_login(rso)
    body = client.get(CHOOSER_URL).content.decode()
    assert f"{CHOOSER_URL}chosen/{own_session.pk}/" in body
    assert f"{CHOOSER_URL}chosen/{foreign_session.pk}/" in body


def test_session_chooser_does_not_answer_for_a_foreign_id(
    client, director, own_session, foreign_session
):
    client.force_login(director)
    assert client.get(f"{CHOOSER_URL}chosen/{own_session.pk}/").status_code == 200
    response = client.get(f"{CHOOSER_URL}chosen/{foreign_session.pk}/")
    assert response.status_code == 404
    assert "Maritime patrol" not in response.content.decode()


def test_session_chooser_chosen_multiple_drops_foreign_ids(
    client, director, own_session, foreign_session
):
    client.force_login(director)
    response = client.get(
        f"{CHOOSER_URL}chosen-multiple/?id={own_session.pk}&id={foreign_session.pk}"
    )
    assert response.status_code == 200
    result = _json(response)["result"]
    assert [item["id"] for item in result] == [str(own_session.pk)]


# --- 2. the page chooser ---------------------------------------------------------------


def test_page_chooser_hides_other_centres_drafts(
    client, director, jeju, foreign_draft, foreign_renamed
):
    client.force_login(director)
    response = client.get(f"/admin/choose-page/{jeju.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Unannounced Jeju draft" not in body
    assert "Embargoed Jeju rename" not in body


def test_page_chooser_refuses_to_open_another_centres_draft(client, director, foreign_draft):
    client.force_login(director)
    response = client.get(f"/admin/choose-page/{foreign_draft.pk}/")
    assert response.status_code in REFUSED
    assert "Unannounced Jeju draft" not in response.content.decode()


@pytest.mark.parametrize("query", ["Unannounced", "Published", "Embargoed", "Jeju"])
def test_page_chooser_search_hides_other_centres_drafts(
    client, director, foreign_draft, foreign_renamed, query
):
    client.force_login(director)
    response = client.get(f"/admin/choose-page/search/?q={query}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Unannounced Jeju draft" not in body
    assert "Embargoed Jeju rename" not in body


def test_page_chooser_still_offers_own_drafts_and_public_pages(
    client, director, jclec, jeju, own_draft
):
    public = make_course(jeju, title="Public Jeju course")
    client.force_login(director)
    assert "Own JCLEC draft" in client.get(f"/admin/choose-page/{jclec.pk}/").content.decode()
    assert "Own JCLEC draft" in client.get("/admin/choose-page/search/?q=Own").content.decode()
    assert public.title in client.get(f"/admin/choose-page/{jeju.pk}/").content.decode()
    assert public.title in client.get("/admin/choose-page/search/?q=Public").content.decode()


def test_page_chooser_lets_a_director_walk_down_to_their_centre(client, director, jclec):
    client.force_login(director)
    path = [jclec.get_parent().get_parent(), jclec.get_parent()]  # home, centres index
    body = client.get("/admin/choose-page/").content.decode()
    assert f"/admin/choose-page/{path[0].pk}/" in body
    body = client.get(f"/admin/choose-page/{path[0].pk}/").content.decode()
    assert f"/admin/choose-page/{path[1].pk}/" in body
    body = client.get(f"/admin/choose-page/{path[1].pk}/").content.decode()
    assert jclec.title in body


def test_page_chooser_shows_everything_to_the_rso(client, rso, jeju, foreign_draft):
    client.force_login(rso)
    assert foreign_draft.title in client.get(f"/admin/choose-page/{jeju.pk}/").content.decode()


def _chosen_multiple_ids(response):
    return [item["id"] for item in _json(response)["result"]]


def test_scoped_page_chosen_multiple_answers_only_for_choosable_pages(
    rf, director, own_draft, foreign_draft, foreign_renamed
):
    from training_hub.viewsets import scoped_page_chosen_multiple

    ids = (own_draft.pk, foreign_draft.pk, foreign_renamed.pk)
    request = rf.get("/admin/choose-page/chosen-multiple/", {"id": ids})
    request.user = director
    response = scoped_page_chosen_multiple(request)
    assert _chosen_multiple_ids(response) == [own_draft.pk]
    assert "Unannounced" not in response.content.decode()
    assert "Embargoed" not in response.content.decode()


def test_page_chooser_chosen_multiple_url_drops_other_centres_drafts(
    client, director, own_draft, foreign_draft, foreign_renamed
):
    client.force_login(director)
    ids = f"id={own_draft.pk}&id={foreign_draft.pk}&id={foreign_renamed.pk}"
    response = client.get(f"/admin/choose-page/chosen-multiple/?{ids}")
    assert _chosen_multiple_ids(response) == [own_draft.pk]


# --- 3. confirmation pages -------------------------------------------------------------


def test_move_confirmation_refuses_another_centres_page(client, director, jclec, foreign_draft):
    client.force_login(director)
    response = client.get(f"/admin/pages/{foreign_draft.pk}/move/{jclec.pk}/confirm/")
    assert response.status_code in REFUSED
    assert "Unannounced Jeju draft" not in response.content.decode()


def test_move_confirmation_refuses_another_centres_destination(
    client, director, jeju, own_draft, foreign_draft
):
    client.force_login(director)
    response = client.get(f"/admin/pages/{own_draft.pk}/move/{foreign_draft.pk}/confirm/")
    assert response.status_code in REFUSED
    assert "Unannounced Jeju draft" not in response.content.decode()


def test_move_confirmation_still_works_for_the_rso(client, rso, jclec, jeju, foreign_draft):
    client.force_login(rso)
    response = client.get(f"/admin/pages/{foreign_draft.pk}/move/{jclec.pk}/confirm/")
    assert response.status_code == 200
    assert "Unannounced Jeju draft" in response.content.decode()


@pytest.mark.parametrize("action", ["delete", "unpublish", "move", "publish"])
@pytest.mark.parametrize("fixture", ["foreign_draft", "foreign_renamed"])
def test_page_bulk_confirmations_refuse_other_centres_pages(
    client, request, director, own_draft, action, fixture
):
    page = request.getfixturevalue(fixture)
    client.force_login(director)
    response = client.get(f"/admin/bulk/wagtailcore/page/{action}/?id={own_draft.pk}&id={page.pk}")
    assert response.status_code in REFUSED
    body = response.content.decode()
    assert "Unannounced Jeju draft" not in body
    assert "Embargoed Jeju rename" not in body


def test_page_bulk_confirmation_of_own_pages_still_answers(client, director, own_draft):
    client.force_login(director)
    response = client.get(f"/admin/bulk/wagtailcore/page/delete/?id={own_draft.pk}")
    assert response.status_code == 200
    assert "Own JCLEC draft" in response.content.decode()


def test_page_bulk_confirmation_for_the_rso_lists_any_page(client, rso, foreign_draft):
    client.force_login(rso)
    response = client.get(f"/admin/bulk/wagtailcore/page/delete/?id={foreign_draft.pk}")
    assert response.status_code == 200
    assert "Unannounced Jeju draft" in response.content.decode()


def test_session_bulk_delete_confirmation_refuses_foreign_sessions(
    client, director, own_session, foreign_session
):
    client.force_login(director)
    response = client.get(
        f"/admin/bulk/courses/session/delete/?id={own_session.pk}&id={foreign_session.pk}"
    )
    assert response.status_code in REFUSED
    assert "Maritime patrol" not in response.content.decode()
    response = client.post(f"/admin/bulk/courses/session/delete/?id={foreign_session.pk}")
    assert response.status_code in REFUSED
    assert Session.objects.filter(pk=foreign_session.pk).exists()


def test_session_bulk_delete_of_all_keeps_to_the_directors_sessions(
    client, director, own_session, foreign_session
):
    client.force_login(director)
    response = client.get("/admin/bulk/courses/session/delete/?id=all")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Document examination" in body
    assert "Maritime patrol" not in body


def test_session_bulk_delete_still_works_for_the_rso(client, rso, foreign_session):
    client.force_login(rso)
    url = f"/admin/bulk/courses/session/delete/?id={foreign_session.pk}"
    assert "Maritime patrol" in client.get(url).content.decode()


# --- 4. searching the session list ------------------------------------------------------


@pytest.mark.parametrize("path", ["", "results/"])
def test_director_searches_own_sessions_by_city_and_course_title(
    client, director, own_session, foreign_session, path
):
    client.force_login(director)
    for query in ("Semarang", "Document"):
        response = client.get(f"{SESSIONS_URL}{path}?q={query}")
        assert response.status_code == 200
        assert f"{SESSIONS_URL}edit/{own_session.pk}/" in response.content.decode()
    response = client.get(f"{SESSIONS_URL}{path}?q=Jeju")
    assert response.status_code == 200
    assert f"{SESSIONS_URL}edit/{foreign_session.pk}/" not in response.content.decode()


def test_director_search_export_stays_scoped(client, director, own_session, foreign_session):
    client.force_login(director)
    rows = _csv(client.get(f"{SESSIONS_URL}?q=campus&export=csv"))
    titles = [row[0] for row in rows[1:]]
    assert titles == ["Document examination"]


def test_rso_search_finds_any_centres_session(client, rso, own_session, foreign_session):
    client.force_login(rso)
    response = client.get(f"{SESSIONS_URL}?q=Jeju")
    assert f"{SESSIONS_URL}edit/{foreign_session.pk}/" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["funding_status=funded", "ordering=capacity", "ordering=-funding_status"]
)
def test_director_search_with_funding_filter_or_sort(client, director, own_session, query):
    client.force_login(director)
    response = client.get(f"{SESSIONS_URL}?q=Semarang&{query}")
    assert response.status_code == 200
    assert f"{SESSIONS_URL}edit/{own_session.pk}/" in response.content.decode()


@pytest.mark.parametrize("query", ["status=open", "ordering=starts_at", "ordering=-status"])
def test_director_search_with_status_filter_centre_filter_or_date_sort(
    client, director, jclec, own_session, query
):
    client.force_login(director)
    response = client.get(f"{SESSIONS_URL}?q=Semarang&centre={jclec.pk}&{query}")
    assert response.status_code == 200
    assert f"{SESSIONS_URL}edit/{own_session.pk}/" in response.content.decode()


# --- 5. creating from the chooser -------------------------------------------------------


@pytest.mark.parametrize("fixture", ["rso", "director"])
def test_session_chooser_offers_no_creation(client, request, fixture, jclec):
    course = make_course(jclec)
    client.force_login(request.getfixturevalue(fixture))
    # Refused (the admin turns a refusal into a redirect), never a 500 or an empty form.
    assert client.get(f"{CHOOSER_URL}create/").status_code in (302, 403)
    response = client.post(f"{CHOOSER_URL}create/", {"course": course.pk})
    assert response.status_code in (302, 403)
    assert not Session.objects.exists()
    assert "tab-create" not in client.get(CHOOSER_URL).content.decode()


# --- 6. export --------------------------------------------------------------------------

EXPORT_HEADINGS = [
    "Course",
    "Centre",
    "Starts (venue time)",
    "Ends (venue time)",
    "Time zone",
    "City",
    "Status",
    "Capacity",
    "Funding",
]


def test_rso_exports_every_session_as_csv(client, rso, own_session, foreign_session):
    client.force_login(rso)
    response = client.get(f"{SESSIONS_URL}?export=csv")
    assert response.status_code == 200
    rows = _csv(response)
    assert rows[0] == EXPORT_HEADINGS
    by_course = {row[0]: row for row in rows[1:]}
    assert set(by_course) == {"Document examination", "Maritime patrol"}
    jeju_row = by_course["Maritime patrol"]
    local = foreign_session.wall_start
    assert jeju_row[1] == "Centre CIFAL Jeju"
    assert jeju_row[2] == str(local)
    assert local.hour == 9
    assert jeju_row[4:] == [
        "Asia/Seoul",
        "Jeju",
        "Open for nominations",
        "20",
        "Funded",
    ]  # no cost per participant: nothing to fund


def test_director_exports_only_their_sessions(client, director, own_session, foreign_session):
    client.force_login(director)
    rows = _csv(client.get(f"{SESSIONS_URL}?export=csv"))
    assert [row[0] for row in rows[1:]] == ["Document examination"]


def test_a_cell_a_spreadsheet_would_run_is_exported_as_text(client, rso, jclec):
    make_session(make_course(jclec, title="=HYPERLINK(1)"), city="+Semarang", venue="Campus")
    client.force_login(rso)
    (row,) = _csv(client.get(f"{SESSIONS_URL}?export=csv"))[1:]
    assert row[0] == "'=HYPERLINK(1)" and row[5] == "'+Semarang"


def test_xlsx_export_has_the_rows(client, rso, own_session, foreign_session):
    from openpyxl import load_workbook

    client.force_login(rso)
    response = client.get(f"{SESSIONS_URL}?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert list(rows[0]) == EXPORT_HEADINGS
    assert {row[0] for row in rows[1:]} == {"Document examination", "Maritime patrol"}


# --- 7. the new-session form and the list ---------------------------------------------


def test_new_session_form_starts_at_the_directors_centre(client, director, jclec):
    client.force_login(director)
    body = client.get(f"{SESSIONS_URL}add/").content.decode()
    assert '<option value="Asia/Jakarta" selected>' in body
    assert 'name="city" value="Semarang"' in body
    assert f'name="venue" value="{jclec.title}"' in body
    # The centre's zone heads the list, before the other six hundred.
    group = body.index('<optgroup label="Time zones of your centres">')
    assert body.index('value="Asia/Jakarta"', group) < body.index('value="Africa/Abidjan"')
    assert body.count('<option value="Asia/Jakarta"') == 1


def test_session_list_has_date_and_centre_columns_newest_first(client, rso, jclec, jeju):
    import datetime as dt

    course = make_course(jclec, title="Document examination")
    older = make_session(course, start=dt.date(2027, 1, 4))
    newer = make_session(course, start=dt.date(2027, 6, 7))
    client.force_login(rso)
    body = " ".join(client.get(SESSIONS_URL).content.decode().split())
    assert "Starts (venue time) </a> </th>" in body
    assert "<th > Centre </th>" in body
    assert "<td > 2027-06-07 09:00 (Asia/Jakarta) </td> <td > Centre JCLEC </td>" in body
    assert body.index(f"edit/{newer.pk}/") < body.index(f"edit/{older.pk}/")


def test_session_list_filters_by_centre(client, rso, jclec, own_session, foreign_session):
    client.force_login(rso)
    body = client.get(f"{SESSIONS_URL}?centre={jclec.pk}").content.decode()
    assert f"edit/{own_session.pk}/" in body
    assert f"edit/{foreign_session.pk}/" not in body


def test_centre_filter_offers_a_director_only_their_centres(client, director, jclec, jeju):
    client.force_login(director)
    body = client.get(SESSIONS_URL).content.decode()
    assert f'<option value="{jclec.pk}">{jclec}</option>' in body
    assert f'<option value="{jeju.pk}">' not in body


# --- 8. a foreign quota id in the session form ----------------------------------------


def _edit_form(session, **overrides):
    wall = session.wall_start
    data = {
        "course": session.course_id,
        "time_zone": session.time_zone,
        "starts_at": wall.strftime("%Y-%m-%d %H:%M"),
        "ends_at": session.wall_end.strftime("%Y-%m-%d %H:%M"),
        "venue": session.venue,
        "city": session.city,
        "capacity": str(session.capacity),
        "default_quota": str(session.default_quota),
        "nominations_open_at": session.wall_nominations_open.strftime("%Y-%m-%d %H:%M"),
        "nominations_close_at": session.wall_nominations_close.strftime("%Y-%m-%d %H:%M"),
        "status": session.status,
        "funding_status": session.funding_status,
        "quotas-TOTAL_FORMS": "0",
        "quotas-INITIAL_FORMS": "0",
        "quotas-MIN_NUM_FORMS": "0",
        "quotas-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("initial", ["0", "1"])
def test_foreign_quota_id_is_a_form_error(client, director, jclec, foreign_session, initial):
    own = session_for(make_course(jclec, title="Document examination"))
    own.quotas = [SessionQuota(member=member("TH"), seats=2)]
    own = make_session_from(own)
    foreign = session_for(foreign_session.course, tz="Asia/Seoul")
    foreign.quotas = [SessionQuota(member=member("TH"), seats=4)]
    foreign = make_session_from(foreign)
    quota = foreign.quotas.get()
    client.force_login(director)
    # The director's page showed their own quota row; its id was replaced by a foreign one.
    data = _edit_form(
        own,
        **quota_row("TH", 3, quota_id=quota.pk, initial=initial),
    )
    response = client.post(f"{SESSIONS_URL}edit/{own.pk}/", data)
    assert response.status_code == 200
    assert escape(str(FOREIGN_QUOTA)) in response.content.decode()
    quota.refresh_from_db()
    assert (quota.session_id, quota.member, quota.seats) == (foreign.pk, member("TH"), 4)
    assert [(q.member, q.seats) for q in own.quotas.all()] == [(member("TH"), 2)]


def test_a_new_row_for_a_member_with_a_quota_is_a_form_error(client, director, jclec):
    """The same 500 without any tampering: a page opened before someone added the quota."""
    own = session_for(make_course(jclec, title="Document examination"))
    own.quotas = [SessionQuota(member=member("TH"), seats=2)]
    own = make_session_from(own)
    client.force_login(director)
    data = _edit_form(
        own,
        **quota_row("TH", 3),
    )
    response = client.post(f"{SESSIONS_URL}edit/{own.pk}/", data)
    assert response.status_code == 200
    assert escape(str(DUPLICATE_QUOTA % {"member": member("TH")})) in response.content.decode()
    assert [(q.member, q.seats) for q in own.quotas.all()] == [(member("TH"), 2)]


def test_own_quota_rows_still_save(client, director, jclec):
    own = make_session(make_course(jclec, title="Document examination"))
    client.force_login(director)
    data = _edit_form(
        own,
        **quota_row("TH", 3),
    )
    response = client.post(f"{SESSIONS_URL}edit/{own.pk}/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    quota = own.quotas.get()
    assert quota.seats == 3
    data.update({"quotas-INITIAL_FORMS": "1", "quotas-0-id": str(quota.pk), "quotas-0-seats": "5"})
    response = client.post(f"{SESSIONS_URL}edit/{own.pk}/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert [(q.pk, q.seats) for q in own.quotas.all()] == [(quota.pk, 5)]


# --- 9. the user form -----------------------------------------------------------------


def _user_form(**overrides):
    data = {
        "username": "new.person",
        "email": "new.person@example.org",
        "first_name": "New",
        "last_name": "Person",
        "password1": "a-long-enough-passphrase",
        "password2": "a-long-enough-passphrase",
        "role": Role.TRAINEE,
        "member": str(member("ID").pk),
        "is_active": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def moderators(db):
    group, _created = Group.objects.get_or_create(name="Moderators")
    return group


@pytest.mark.parametrize("path", ["new/", "edit/{pk}/"])
def test_rso_user_form_offers_neither_superuser_nor_groups(client, rso, trainee, path):
    client.force_login(rso)
    body = client.get("/admin/users/" + path.format(pk=trainee.pk)).content.decode()
    assert 'name="is_superuser"' not in body
    assert 'name="groups"' not in body
    assert 'name="role"' in body


def test_rso_cannot_make_a_superuser_on_edit(client, rso, trainee, moderators):
    client.force_login(rso)
    data = _user_form(
        username=trainee.username,
        email=trainee.email,
        first_name=trainee.first_name,
        last_name=trainee.last_name,
        password1="",
        password2="",
        is_superuser="on",
        groups=[moderators.pk],
    )
    response = client.post(f"/admin/users/edit/{trainee.pk}/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    trainee.refresh_from_db()
    assert not trainee.is_superuser
    assert not trainee.groups.filter(pk=moderators.pk).exists()


def test_rso_cannot_make_a_superuser_on_create(client, rso, moderators):
    client.force_login(rso)
    response = client.post(
        "/admin/users/new/", _user_form(is_superuser="on", groups=[moderators.pk])
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    created = User.objects.get(username="new.person")
    assert not created.is_superuser
    assert not created.groups.filter(pk=moderators.pk).exists()


def test_rso_cannot_edit_a_superuser(client, rso):
    admin = make_superuser()
    client.force_login(rso)
    assert client.get(f"/admin/users/edit/{admin.pk}/").status_code in REFUSED
    response = client.post(
        f"/admin/users/edit/{admin.pk}/",
        _user_form(
            username=admin.username,
            password1="x-new-passphrase-1",
            password2="x-new-passphrase-1",
            role="",
        ),
    )
    assert response.status_code in REFUSED
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD)


def test_superuser_may_grant_superuser_and_groups(client, moderators):
    client.force_login(make_superuser())
    response = client.post(
        "/admin/users/new/", _user_form(is_superuser="on", groups=[moderators.pk])
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    created = User.objects.get(username="new.person")
    assert created.is_superuser
    assert created.groups.filter(pk=moderators.pk).exists()


def test_admin_user_form_goes_through_the_services(client, monkeypatch, rso, jclec, trainee):
    calls = []
    for name in ("user_create", "user_update"):
        original = getattr(user_services, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            calls.append((_name, kwargs.get("actor")))
            return _original(*args, **kwargs)

        monkeypatch.setattr(user_services, name, spy)
    client.force_login(rso)
    response = client.post(
        "/admin/users/new/", _user_form(role=Role.DIRECTOR, member="", centres=[jclec.pk])
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    data = _user_form(username=trainee.username, email=trainee.email, password1="", password2="")
    response = client.post(f"/admin/users/edit/{trainee.pk}/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert calls == [("user_create", rso), ("user_update", rso)]


def test_admin_edit_refuses_a_director_without_centre(client, rso, director):
    client.force_login(rso)
    data = _user_form(
        username=director.username,
        email=director.email,
        role=Role.DIRECTOR,
        member="",
        password1="",
        password2="",
    )
    response = client.post(f"/admin/users/edit/{director.pk}/", data)
    assert response.status_code == 200
    assert str(DIRECTOR_NEEDS_CENTRE) in response.content.decode()
    assert director.centres.exists()


def test_user_update_checks_actor_scope_and_privileges(rso, director, trainee, jclec):
    with pytest.raises(PermissionDenied):
        user_services.user_update(actor=director, user=trainee, first_name="Changed")
    with pytest.raises(PermissionDenied):
        user_services.user_update(actor=rso, user=trainee, is_superuser=True)
    with pytest.raises(ValidationError) as caught:
        user_services.user_update(
            actor=rso, user=trainee, role=Role.DIRECTOR, member=None, centres=[]
        )
    assert caught.value.message_dict["centres"] == [DIRECTOR_NEEDS_CENTRE]
    updated = user_services.user_update(
        actor=rso, user=trainee, role=Role.DIRECTOR, member=None, centres=[jclec]
    )
    assert set(updated.groups.values_list("name", flat=True)) == {
        ADMIN_GROUPS[Role.DIRECTOR],
        f"Centre editors: {jclec.slug}",
    }


def test_user_create_refuses_superusers_from_non_superusers(rso):
    with pytest.raises(PermissionDenied):
        user_services.user_create(
            actor=rso, username="sneaky", password=PASSWORD, role="", is_superuser=True
        )
    assert not User.objects.filter(username="sneaky").exists()


def test_rso_cannot_add_people_to_groups_in_bulk(client, rso, trainee, moderators):
    client.force_login(rso)
    url = f"/admin/bulk/training_hub/user/assign_role/?id={trainee.pk}"
    assert client.get(url).status_code in REFUSED
    response = client.post(url, {"role": moderators.pk})
    assert response.status_code in REFUSED
    assert not trainee.groups.filter(pk=moderators.pk).exists()


def test_rso_cannot_deactivate_a_superuser_in_bulk(client, rso, trainee):
    admin = make_superuser()
    client.force_login(rso)
    url = f"/admin/bulk/training_hub/user/set_active_state/?id={admin.pk}&id={trainee.pk}"
    response = client.post(url, {"mark_as_active": "False"})
    assert response.status_code == 302
    admin.refresh_from_db()
    trainee.refresh_from_db()
    assert admin.is_active
    assert not trainee.is_active


def test_superuser_still_assigns_groups_in_bulk(client, trainee, moderators):
    client.force_login(make_superuser())
    url = f"/admin/bulk/training_hub/user/assign_role/?id={trainee.pk}"
    assert client.post(url, {"role": moderators.pk}).status_code == 302
    assert trainee.groups.filter(pk=moderators.pk).exists()
