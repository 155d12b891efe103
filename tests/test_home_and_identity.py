"""Where people start (the home page's search box and the sessions open now) and the
mechanism's identity (name and logo, which the RSO changes) on the site and the admin."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import make_course, make_session
from training_hub.models import HomePage, SiteIdentity

pytestmark = pytest.mark.django_db


def _home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_page_has_the_search_box_with_autocomplete(client):
    html = _home(client)
    assert 'action="/catalogue/"' in html
    assert 'data-autocomplete="/catalogue/suggest/"' in html
    assert "catalogue/autocomplete" in html


def test_the_home_page_lists_the_sessions_open_for_nominations_now(client, jclec):
    now = timezone.now()
    open_course = make_course(jclec, title="Document examination basics")
    make_session(open_course, opens=now - dt.timedelta(days=3), closes=now + dt.timedelta(days=9))
    later = make_course(jclec, title="Window not open yet")
    make_session(
        later,
        start=(now + dt.timedelta(days=200)).date(),
        opens=now + dt.timedelta(days=30),
        closes=now + dt.timedelta(days=60),
    )
    draft = make_course(jclec, title="Unpublished course", publish=False)
    make_session(draft, opens=now - dt.timedelta(days=3), closes=now + dt.timedelta(days=9))
    html = _home(client)
    section = html[html.index('id="open-now-heading"') :]
    assert "Document examination basics" in section
    assert "Window not open yet" not in section
    assert "Unpublished course" not in html


def test_the_home_page_says_when_nothing_is_open(client):
    assert "No session is taking nominations right now." in _home(client)


def test_titles_are_not_doubled(client, jclec):
    course = make_course(jclec, title="Interviewing techniques")
    assert "<title>Training Hub</title>" in _home(client)
    html = client.get(course.url).content.decode()
    assert "<title>Interviewing techniques · Training Hub</title>" in html


def test_the_rso_renames_the_site_and_every_title_follows(client, rso):
    client.force_login(rso)
    url = f"/admin/settings/training_hub/siteidentity/{SiteIdentity.load().pk}/"
    form = {
        "short_name": "RCTM",
        "full_name": "Regional Coordinated Training Mechanism",
        "office": "Regional Support Office, Bangkok",
        "logo": "",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SiteIdentity.load().short_name == "RCTM"
    assert "<title>RCTM</title>" in client.get("/").content.decode()
    assert (
        "<title>Verify a certificate · RCTM</title>"
        in client.get("/certificates/verify/").content.decode()
    )
    client.logout()
    login = client.get("/admin/login/").content.decode()
    assert "Sign in to RCTM" in login
    assert "Regional Coordinated Training Mechanism" in login


def test_only_the_rso_changes_the_identity(client, director):
    client.force_login(director)
    response = client.post(
        f"/admin/settings/training_hub/siteidentity/{SiteIdentity.load().pk}/",
        {"short_name": "Mine", "full_name": "x", "office": "x", "logo": ""},
    )
    assert response.status_code in (302, 403)
    assert SiteIdentity.load().short_name == "Training Hub"


def test_the_home_page_exists_once():
    assert HomePage.objects.count() == 1
