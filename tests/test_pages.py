"""The public pages and the error pages, in the site's chrome."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

from training_hub import urls as project_urls

pytestmark = pytest.mark.django_db


def test_home_page_explains_the_hub_and_links_the_ways_in(client):
    html = client.get("/").content.decode()
    assert "Bali Process" in html
    for link in ('href="/catalogue/"', 'href="/portal/"', 'href="/certificates/verify/"'):
        assert link in html


def test_centres_index_lists_published_centres(client, jclec, jeju):
    html = client.get("/centres/").content.decode()
    assert "Centre JCLEC" in html and "Centre CIFAL Jeju" in html
    assert client.get(jclec.url).status_code == 200


def test_404_is_a_page_in_the_chrome(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "Training Hub" in html and "Traceback" not in html


def _boom(request):
    raise RuntimeError("secret internal detail")


def _forbidden(request):
    raise PermissionDenied("internal reason")


urlpatterns = [path("boom/", _boom), path("forbidden/", _forbidden)] + project_urls.urlpatterns
handler403 = project_urls.handler403
handler500 = project_urls.handler500


@pytest.mark.urls("tests.test_pages")
def test_403_is_a_page_in_the_chrome(client):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot open this page" in html and "Training Hub" in html
    assert "internal reason" not in html


@pytest.mark.urls("tests.test_pages")
def test_500_is_a_page_in_the_chrome_without_a_trace():
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "secret internal detail" not in html and "Traceback" not in html


def test_healthz_answers(client):
    assert client.get("/healthz").json() == {
        "status": "ok",
        "search": {"backend": "database", "status": "ok"},
    }
