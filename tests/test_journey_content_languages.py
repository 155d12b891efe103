"""A visitor switches to ไทย on a course page, in a real Chromium: the same course, in Thai,
with its dates in the Thai locale; in Bahasa Indonesia, which it lacks, the English course
with a note in Indonesian; and the catalogue in Thai lists it once, in Thai. Every page is
screenshot and checked with axe-core."""

import pytest
from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from courses.choices import SessionStatus
from tests.browser import Visit
from tests.factories import make_course, make_session, translate
from training_hub.localization import UNTRANSLATED

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THAI_TITLE = "การสืบสวนคดีค้ามนุษย์"
THAI_SUMMARY = "การสืบสวนคดีค้ามนุษย์โดยยึดผู้เสียหายเป็นศูนย์กลาง"


@pytest.fixture
def course(jclec, rso):
    course = make_course(jclec, title="Trafficking in persons investigations")
    session = make_session(course, status=SessionStatus.OPEN)
    translate(course, "th", texts={"title": THAI_TITLE, "summary": THAI_SUMMARY}, user=rso)
    make_course(jclec, title="Document examination")
    with translation.override("en"):
        path = course.url
    return course, session, path


def test_a_visitor_switches_to_thai_and_stays_on_the_course(page, live_server, request, course):
    course, session, path = course
    visit = Visit.for_test(page, live_server, request)
    visit.open(path, "course-in-english")
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)

    page.get_by_role("navigation", name="Language").get_by_role("link", name="ไทย").click()
    expect(page).to_have_url(f"{live_server.url}/th{path}")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("heading", level=1)).to_have_text(THAI_TITLE)
    expect(page.get_by_text(THAI_SUMMARY)).to_be_visible()
    with translation.override("th"):
        start = date_format(session.wall_start, "j M Y")
        end = date_format(session.wall_end, "j M Y")
    # The session's dates in Thai (Thai month names), linking to the session in Thai.
    dates = page.get_by_role("link", name=f"{start}–{end}")
    expect(dates).to_be_visible()
    expect(dates).to_have_attribute("href", f"/th/sessions/{session.pk}/")
    assert not any("a" <= ch <= "z" for ch in start.split()[1].lower()), start
    visit.check("course-in-thai")

    # Bahasa Indonesia has no translation: the English course, with the note in Indonesian.
    # (The switcher's name is in Thai now: found by its place.)
    page.locator("nav.languages").get_by_role("link", name="Bahasa Indonesia").click()
    expect(page).to_have_url(f"{live_server.url}/id{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    with translation.override("id"):
        note = str(UNTRANSLATED % {"language": translation.get_language_info("id")["name_local"]})
    expect(page.get_by_role("note")).to_have_text(note)
    visit.check("course-in-indonesian-fallback")

    # The catalogue in Thai: the course once, in Thai, leading to the Thai page.
    visit.open("/th/catalogue/", "catalogue-in-thai")
    cards = page.get_by_role("heading", level=3)
    expect(cards).to_have_count(2)
    link = page.get_by_role("link", name=THAI_TITLE)
    expect(link).to_have_count(1)
    link.click()
    expect(page).to_have_url(f"{live_server.url}/th{path}")
    visit.check("course-from-thai-catalogue")
