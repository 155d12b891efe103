"""The discovery page through the search service, on the database backend (the Elasticsearch
backend answers the same checks in tests/test_search_elasticsearch.py): text, acronyms,
disjunctive facets, months, sorting, deep pages, bad input, the API's `q`, autocomplete,
and the fallback when the node is down."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.html import escape

from catalogue.filters import DATES_INVERTED
from catalogue.views import SIMPLIFIED, TEXT_CUT
from courses.choices import SessionStatus
from search import services
from search.query import MAX_PAGES, MAX_TEXT, CourseQuery
from tests.factories import make_course, make_session

pytestmark = pytest.mark.django_db
URL = "/catalogue/"


@pytest.fixture
def catalogue(jclec, jeju):
    today = timezone.now().date()
    courses = {
        "tip": make_course(
            jclec, title="Trafficking in persons investigations", theme="protection"
        ),
        "rsd": make_course(jeju, title="Refugee status determination", theme="protection"),
        "smuggling": make_course(jclec, title="Countering people smuggling", theme="prevention"),
        "pilot": make_course(jeju, title="Pilot projects on data", theme="migration_management"),
        "idle": make_course(jclec, title="Archive of past work", theme="prevention"),
    }
    make_session(courses["tip"], status=SessionStatus.OPEN, start=today + dt.timedelta(days=60))
    make_session(courses["rsd"], status=SessionStatus.PLANNED, start=today + dt.timedelta(days=200))
    make_session(
        courses["smuggling"], status=SessionStatus.PLANNED, start=today + dt.timedelta(days=100)
    )
    return courses


def _titles(client, **params):
    html = client.get(URL, params).content.decode()
    listed = html.split('class="course-list"', 1)[1].split("</ol>", 1)[0]
    return [part.split("</a>", 1)[0].split(">", 1)[1] for part in listed.split("<h3><a ")[1:]]


def test_words_must_all_match_and_start_words(client, catalogue):
    assert _titles(client, q="trafficking persons") == ["Trafficking in persons investigations"]
    # "ilo" is no word of "Pilot": nothing is found by a word's middle.
    assert "Pilot projects on data" not in _titles(client, q="ilo")


def test_an_acronym_finds_what_it_stands_for_and_back(client, catalogue):
    assert _titles(client, q="RSD") == ["Refugee status determination"]
    assert _titles(client, q="TIP") == ["Trafficking in persons investigations"]


def test_a_changed_acronym_is_searched_at_once(
    client, catalogue, django_capture_on_commit_callbacks
):
    from search.models import Acronym

    assert _titles(client, q="PDP") == []
    with django_capture_on_commit_callbacks(execute=True):
        Acronym.objects.create(acronym="PDP", expansions="pilot projects")
    assert _titles(client, q="PDP") == ["Pilot projects on data"]


def test_facets_are_disjunctive_within_a_group_and_conjunctive_across(client, catalogue):
    results = services.search(CourseQuery(theme=("protection",)))
    counts = {option.value: option.count for option in results.facets["theme"]}
    # The other themes keep the counts they would add if ticked as well.
    assert counts == {
        "protection": 2,
        "prevention": 2,
        "early_detection": 0,
        "migration_management": 1,
    }
    both = services.search(CourseQuery(theme=("protection", "prevention")))
    assert both.total == counts["protection"] + counts["prevention"]
    # Across groups: the centre counts follow the chosen theme.
    centres = {option.value: option.count for option in results.facets["centre"]}
    assert centres == {catalogue["tip"].centre.slug: 1, catalogue["rsd"].centre.slug: 1}
    by_centre = services.search(CourseQuery(centre=(catalogue["tip"].centre.slug,)))
    listed = {option.value for option in by_centre.facets["centre"]}
    assert catalogue["rsd"].centre.slug in listed  # the other centre does not vanish


def test_months_and_open_now_hold_for_one_session(client, catalogue):
    tip_session = catalogue["tip"].sessions.get()
    month = f"{tip_session.local_start:%Y-%m}"
    results = services.search(CourseQuery(month=(month,)))
    assert results.ids == [catalogue["tip"].pk]
    months = {option.value: option.count for option in results.facets["month"]}
    assert months[month] == 1 and len(months) >= 2  # the other months stay offered
    assert services.search(CourseQuery(open=True)).ids == [catalogue["tip"].pk]
    # Open now, but not in that other month: no course has one session meeting both.
    rsd_month = f"{catalogue['rsd'].sessions.get().local_start:%Y-%m}"
    assert services.search(CourseQuery(open=True, month=(rsd_month,))).ids == []


def test_next_session_first_puts_courses_without_one_last(client, catalogue):
    titles = _titles(client, sort="next")
    assert titles[:3] == [
        "Trafficking in persons investigations",
        "Countering people smuggling",
        "Refugee status determination",
    ]
    assert set(titles[3:]) == {"Pilot projects on data", "Archive of past work"}


def test_an_inverted_date_range_says_so(client, catalogue):
    response = client.get(URL, {"starts_after": "2027-05-01", "starts_before": "2027-01-01"})
    assert response.status_code == 200
    assert escape(str(DATES_INVERTED)) in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "x" * 5000},
        {"q": '"unclosed (quote: \\ * ~ AND OR NOT title:x^3'},
        {"q": "ILO", "theme": "astrology"},
        {"q": "ILO", "month": "2027-13"},
        {"page": "999999"},
        {"page": "-3"},
        {"page": "two"},
        {"sort": "chaos"},
    ],
)
def test_bad_input_gives_a_well_formed_page(client, catalogue, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert 'id="results-heading"' in response.content.decode()


def test_a_long_query_is_cut_and_the_page_says_so(client, catalogue):
    html = client.get(URL, {"q": "trafficking " + "x" * 5000}).content.decode()
    assert escape(str(TEXT_CUT % {"length": MAX_TEXT})) in html


def test_pages_past_the_end_show_the_last_page(client, jclec):
    for n in range(25):
        make_course(jclec, title=f"Course {n:02d}")
    html = client.get(URL, {"page": "99"}).content.decode()
    assert "Page 2 of 2" in html and "Course 24" in html


def test_deep_pages_stop_at_the_served_limit():
    from search.query import CourseResults

    results = CourseResults(
        ids=[], total=MAX_PAGES * 20 + 1, facets={}, page=1, page_size=20, backend="x"
    )
    assert results.capped and results.num_pages == MAX_PAGES


def test_the_database_answer_says_it_is_simplified(client, catalogue):
    assert escape(str(SIMPLIFIED)) in client.get(URL, {"q": "trafficking"}).content.decode()


def test_a_node_that_does_not_answer_falls_back_to_the_database(client, catalogue, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    from search import client as search_client

    search_client.connect()
    services._down_until = 0.0
    try:
        response = client.get(URL, {"q": "trafficking"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Trafficking in persons investigations" in html
        assert escape(str(SIMPLIFIED)) in html
        assert client.get("/healthz").json()["search"] == {
            "backend": "database",
            "status": "elasticsearch unreachable",
        }
    finally:
        services._down_until = 0.0


def test_the_api_course_list_searches_with_q(client, catalogue):
    answer = client.get("/api/courses", {"q": "RSD"}).json()
    assert answer["count"] == 1
    assert [item["title"] for item in answer["items"]] == ["Refugee status determination"]
    assert client.get("/api/courses", {"q": "nothing-like-it"}).json() == {"count": 0, "items": []}


def test_autocomplete_offers_titles_as_the_user_types(client, catalogue):
    answer = client.get("/catalogue/suggest/", {"q": "traf"}).json()
    assert [item["title"] for item in answer["results"]] == [
        "Trafficking in persons investigations"
    ]
    assert answer["results"][0]["url"].endswith(f"/{catalogue['tip'].slug}/")
    assert client.get("/catalogue/suggest/", {"q": "t"}).json()["results"] == []
