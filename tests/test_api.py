"""The read-only JSON API and its OpenAPI schema."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openapi_spec_validator import validate

from tests.factories import make_course, make_session, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(jclec, jeju, rso):
    from courses.models import SessionQuota
    from courses.services import session_save
    from tests.factories import session_for

    protection = make_course(
        jclec, title="Protection screening", theme="protection", languages=("en", "id")
    )
    border = make_course(jeju, title="Border induction", theme="early_detection", languages=("ko",))
    draft = make_course(jclec, title="Draft", publish=False)
    session = session_for(protection, tz="Asia/Jakarta", capacity=20)
    session.quotas = [SessionQuota(member=member("TH"), seats=5)]
    session_save(session=session, user=rso)
    make_session(border, tz="Asia/Seoul", status="planned")
    make_session(draft)
    return {"protection": protection, "border": border, "draft": draft, "session": session}


def test_course_list_shows_only_published_courses(client, data):
    body = client.get("/api/courses").json()
    assert body["count"] == 2
    assert [c["title"] for c in body["items"]] == ["Border induction", "Protection screening"]
    assert body["items"][0]["centre"]["country"] == "KR"


def test_course_filters_match_the_catalogue(client, data):
    body = client.get("/api/courses", {"theme": "protection", "language": "id"}).json()
    assert [c["title"] for c in body["items"]] == ["Protection screening"]


@pytest.mark.parametrize(
    "params",
    [{"theme": "astrology"}, {"centre": "nowhere"}, {"language": "xx"}, {"starts_after": "soon"}],
)
def test_unknown_filter_values_give_an_empty_list(client, data, params):
    response = client.get("/api/courses", params)
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


def test_course_detail(client, data):
    course = data["protection"]
    body = client.get(f"/api/courses/{course.pk}").json()
    assert body["title"] == "Protection screening"
    assert set(body["languages"]) == {"en", "id"}
    assert body["url"].startswith("http://testserver/")
    assert body["upcoming_sessions"][0]["starts_at"].endswith("+07:00")


def test_unpublished_and_unknown_courses_are_404(client, data):
    assert client.get(f"/api/courses/{data['draft'].pk}").status_code == 404
    assert client.get("/api/courses/999999").status_code == 404


def test_session_detail_carries_the_venue_offset_and_quotas(client, data):
    session = data["session"]
    body = client.get(f"/api/sessions/{session.pk}").json()
    assert body["starts_at"].endswith("T09:00:00+07:00")
    assert body["quotas"] == {"TH": 5}
    assert body["is_open_for_nominations"] is True
    assert body["course_title"] == "Protection screening"


def test_session_list_filters(client, data):
    all_sessions = client.get("/api/sessions").json()
    assert all_sessions["count"] == 2
    planned = client.get("/api/sessions", {"status": "planned"}).json()
    assert [s["course_title"] for s in planned["items"]] == ["Border induction"]
    by_course = client.get("/api/sessions", {"course": data["protection"].pk}).json()
    assert by_course["count"] == 1
    assert client.get("/api/sessions", {"status": "lost"}).json()["count"] == 0
    assert client.get("/api/sessions", {"open": "true"}).json()["count"] == 1


def test_unpublished_session_is_404(client, data):
    from courses.models import Session

    hidden = Session.objects.get(course=data["draft"])
    assert client.get(f"/api/sessions/{hidden.pk}").status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_queries_do_not_grow_with_the_page(client, jclec):
    def add(n):
        for _ in range(n):
            make_session(make_course(jclec, languages=("en", "th")))

    add(2)
    client.get("/api/courses")  # the site's root paths, read once and cached
    small = _queries(client, "/api/courses"), _queries(client, "/api/sessions")
    add(20)
    assert (_queries(client, "/api/courses"), _queries(client, "/api/sessions")) == small


def test_openapi_schema_is_valid_and_lists_the_endpoints(client):
    schema = client.get("/api/openapi.json").json()
    validate(schema)
    assert {
        "/api/courses",
        "/api/courses/{course_id}",
        "/api/sessions",
        "/api/sessions/{session_id}",
    } <= set(schema["paths"])


def test_courses_behind_a_login_stay_out_of_the_api(client, data):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=data["border"], restriction_type="login")
    assert [c["title"] for c in client.get("/api/courses").json()["items"]] == [
        "Protection screening"
    ]
    assert client.get(f"/api/courses/{data['border'].pk}").status_code == 404
    assert client.get("/api/sessions").json()["count"] == 1


def test_same_titles_page_without_repeats(client, jclec, jeju):
    for centre in (jclec, jeju, jclec):
        make_course(centre, title="Same title")
    seen = []
    for page_number in (1, 2, 3):
        body = client.get("/api/courses", {"page_size": 1, "page": page_number}).json()
        seen += [c["id"] for c in body["items"]]
    assert len(seen) == len(set(seen)) == 3
