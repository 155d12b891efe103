"""The site in four languages: the URL's prefix decides a page's language, the switcher keeps
the page, a signed-in person's choice is kept on their account, dates follow the locale."""

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from tests.factories import make_course, make_session

pytestmark = pytest.mark.django_db


def _in(language, text):
    with translation.override(language):
        return _(text)


def test_a_prefix_gives_the_page_in_that_language(client):
    html = client.get("/th/catalogue/").content.decode()
    assert '<html lang="th"' in html
    assert _in("th", "Course catalogue") in html and "Course catalogue" != _in(
        "th", "Course catalogue"
    )
    for code in ("en", "th", "id", "vi"):
        assert f'hreflang="{code}"' in html
    assert '<html lang="en"' in client.get("/catalogue/").content.decode()


def test_the_switcher_keeps_the_page(client, jclec):
    course = make_course(jclec, title="Interviewing techniques")
    html = client.get(course.url).content.decode()
    assert f'href="/th{course.url}" hreflang="th"' in html
    thai = client.get(f"/th{course.url}")
    assert thai.status_code == 200 and "Interviewing techniques" in thai.content.decode()
    assert '<html lang="th"' in thai.content.decode()


def test_an_unknown_prefix_is_a_404_in_english(client):
    response = client.get("/xx/catalogue/")
    assert response.status_code == 404
    assert '<html lang="en"' in response.content.decode()


def test_a_signed_in_choice_is_kept_on_the_account(client, focal_point):
    client.force_login(focal_point)
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/nominations/officials/"})
    assert response.status_code == 302 and response["Location"] == "/vi/nominations/officials/"
    focal_point.refresh_from_db()
    assert focal_point.language == "vi"
    assert client.post("/i18n/setlang/", {"language": "xx", "next": "/"}).status_code == 302
    focal_point.refresh_from_db()
    assert focal_point.language == "vi"


def test_sign_in_leads_to_the_accounts_language(client, focal_point):
    from tests.factories import PASSWORD

    focal_point.language = "id"
    focal_point.save(update_fields=["language"])
    response = client.post(
        "/accounts/login/", {"username": focal_point.username, "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/id/portal/"


def test_dates_follow_the_locale_and_stay_at_the_venue(client, jclec):
    session = make_session(make_course(jclec, title="Document examination"))
    month = session.wall_start.strftime("%B")
    english = client.get(f"/sessions/{session.pk}/").content.decode()
    thai = client.get(f"/th/sessions/{session.pk}/").content.decode()
    with translation.override("th"):
        from django.utils.formats import date_format

        thai_day = date_format(session.wall_start, "j M Y")
    assert thai_day in thai and thai_day not in english
    assert session.time_zone in thai
    assert month[:3] in english
