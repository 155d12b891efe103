"""A visitor finds a course in a real Chromium: the autocomplete offers titles as they type
(keyboard only), the page works without JavaScript, facets narrow the results, and on a
phone the results come before the filters, which open from a disclosure. Every page is
screenshot and checked with axe-core."""

import pytest
from playwright.sync_api import expect

from courses.choices import SessionStatus
from tests.browser import Visit
from tests.factories import make_course, make_session

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def catalogue(jclec, jeju):
    tip = make_course(jclec, title="Trafficking in persons investigations", theme="protection")
    make_session(tip, status=SessionStatus.OPEN)
    make_course(jeju, title="Refugee status determination", theme="protection")
    make_course(jclec, title="Countering people smuggling", theme="prevention")
    return tip


def test_autocomplete_leads_to_the_course_with_the_keyboard(page, live_server, request, catalogue):
    visit = Visit.for_test(page, live_server, request)
    visit.open("/catalogue/", "catalogue")
    box = page.get_by_role("combobox", name="Search courses")
    box.press_sequentially("traf", delay=60)
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_text("Trafficking in persons investigations")
    expect(box).to_have_attribute("aria-expanded", "true")
    visit.check("suggestions")
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(page).to_have_url(live_server.url + catalogue.url)
    visit.check("course")


def test_search_and_facets_without_javascript(chromium, live_server, request, catalogue):
    context = chromium.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    visit = Visit.for_test(page, live_server, request)
    try:
        # axe runs as a script, which this context refuses: the same page is checked above.
        visit.open("/catalogue/", "catalogue-no-script", accessibility=False)
        page.get_by_label("Search courses").fill("investigations")
        page.get_by_role("button", name="Search", exact=True).click()
        expect(page.get_by_role("heading", name="1 course", exact=True)).to_be_visible()
        visit.open("/catalogue/", "catalogue-again", accessibility=False)
        page.get_by_label("Protection (2)").check()
        page.get_by_role("button", name="Apply filters").first.click()
        expect(page.get_by_role("heading", name="2 courses")).to_be_visible()
        visit.check("filtered", accessibility=False)
    finally:
        context.close()


def test_on_a_phone_results_come_first_and_filters_open_on_demand(
    chromium, live_server, request, catalogue
):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    visit = Visit.for_test(page, live_server, request)
    try:
        visit.open("/catalogue/", "phone")
        results = page.get_by_role("heading", name="3 courses")
        filters = page.get_by_role("group", name="Theme")
        expect(results).to_be_visible()
        expect(filters).to_be_hidden()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.get_by_text("Filters", exact=True).click()
        expect(filters).to_be_visible()
        visit.check("phone-filters-open")
    finally:
        context.close()
