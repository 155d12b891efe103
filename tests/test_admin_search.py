"""The Wagtail admin's own search (database backend): sessions by course title, centre or
city, and members by name or code, in the list and in the quota form's member chooser."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_course, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(jclec, jeju):
    countering = make_course(jclec, title="Countering people smuggling networks")
    make_session(countering, venue="JCLEC campus", city="Semarang")
    other = make_course(jeju, title="Document examination")
    make_session(other, venue="CIFAL campus", city="Jeju", tz="Asia/Seoul")
    return countering, other


def _titles(response):
    # Without the admin's scripts: their configuration lists the content languages by name
    # ("Bahasa Indonesia"), which is no result of the search.
    return re.sub(r"<script.*?</script>", "", response.content.decode(), flags=re.S)


@pytest.mark.parametrize("query", ["Countering", "counter", "Semarang", "JCLEC", "smuggling"])
def test_the_rso_finds_sessions_by_course_centre_and_city(client, rso, sessions, query):
    client.force_login(rso)
    response = client.get(reverse("wagtailsnippets_courses_session:list"), {"q": query})
    assert response.status_code == 200
    body = _titles(response)
    assert "Countering people smuggling networks" in body
    assert "Document examination" not in body


def test_a_director_finds_only_their_centres_sessions(client, director, sessions):
    client.force_login(director)
    url = reverse("wagtailsnippets_courses_session:list")
    assert "Countering people smuggling" in _titles(client.get(url, {"q": "Semarang"}))
    assert "Document examination" not in _titles(client.get(url, {"q": "Document"}))


@pytest.mark.parametrize(
    ("query", "found", "absent"),
    [
        ("Indonesia", "Indonesia", "Thailand"),
        ("indo", "Indonesia", "Thailand"),
        ("ID", "Indonesia", "Thailand"),
        ("Thailand", "Thailand", "Indonesia"),
        ("th", "Thailand", "Indonesia"),
    ],
)
def test_members_are_found_by_name_and_code(client, rso, query, found, absent):
    client.force_login(rso)
    for name in (
        "wagtailsnippets_training_hub_member:list",
        "wagtailsnippetchoosers_training_hub_member:choose_results",
    ):
        response = client.get(reverse(name), {"q": query})
        assert response.status_code == 200
        body = _titles(response)
        assert found in body, (name, query)
        assert absent not in body, (name, query)
