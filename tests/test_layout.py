"""Layout in a real Chromium, on the demo data, in every language.

- Every public and portal page (the pseudo-locale crawl's list) reflows at 320 CSS pixels
  and at 200 % zoom (1280 pixels at a device scale factor of 2: 640 CSS pixels): nothing
  scrolls sideways, nothing sticks out of the viewport or is cut off.
- The header is one short row on a phone and at 200 %, two on a desktop.
- Wagtail's session list keeps words whole on a phone, and the nominations of a session
  (our admin page) turn into cards.
- Focus is visible on every element the keyboard reaches, on every page.

The pages are screenshot (tests/screenshots/layout-*), one per page and language at 320 px.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.browser import SCREENSHOTS, focus_problem, reflow_problems
from tests.test_translations import _crawl_targets
from training_hub.models import User

pytestmark = pytest.mark.browser

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PHONE, ZOOMED, DESKTOP = 320, 640, 1280  # CSS pixels; 640 is a 1280-pixel window at 200 %
# The header: one row (the brand and the menu's button) below 48rem, two rows above.
HEADER_AT_MOST = {PHONE: 80, ZOOMED: 72, DESKTOP: 112}


def _prefix(language):
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


def _slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _sign_in(context, base_url, username):
    """The session cookie of `username` in the browser (the sign-in form is tested elsewhere)."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])


class Browsers:
    """One browser context per person (None: a visitor), all at a device scale factor of 2."""

    def __init__(self, chromium, base_url, width):
        self.chromium, self.base_url, self.width = chromium, base_url, width
        self.pages = {}

    def page_for(self, username):
        if username not in self.pages:
            context = self.chromium.new_context(
                viewport={"width": self.width, "height": 800}, device_scale_factor=2
            )
            if username:
                _sign_in(context, self.base_url, username)
            page = context.new_page()
            page.set_default_timeout(15_000)
            self.pages[username] = page
        return self.pages[username]

    def close(self):
        for page in self.pages.values():
            page.context.close()


@pytest.fixture
def browsers(chromium, demo_site):
    opened = []

    def make(width):
        made = Browsers(chromium, demo_site.url, width)
        opened.append(made)
        return made

    yield make
    for made in opened:
        made.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_reflows_at_320_px_and_at_200_percent_zoom(demo_site, browsers, language):
    """Also: the header is one short row on a phone and at 200 %, two rows on a desktop."""
    made = browsers(PHONE)
    failures = {}
    crawled = 0
    for username, path in _crawl_targets():
        page = made.page_for(username)
        page.set_viewport_size({"width": PHONE, "height": 800})
        response = page.goto(demo_site.url + _prefix(language) + path)
        assert response.status == (404 if path == "/no-such-page/" else 200), (username, path)
        assert page.evaluate("document.documentElement.lang") == language
        label = f"layout-{language}-{_slug(username or 'visitor')}-{_slug(path) or 'home'}"
        page.screenshot(path=SCREENSHOTS / f"{label}.png", full_page=True)
        for width in (PHONE, ZOOMED, DESKTOP):
            page.set_viewport_size({"width": width, "height": 800})
            problems = reflow_problems(page) if width != DESKTOP else []
            height = page.locator("header.site").bounding_box()["height"]
            if height > HEADER_AT_MOST[width]:
                problems.append(f"the header takes {height:.0f}px")
            if problems:
                failures[f"{width}px {username or 'visitor'} {path}"] = problems[:5]
        crawled += 1
    print(f"{crawled} pages reflow in {language} at {PHONE} and {ZOOMED} CSS pixels")
    assert failures == {}, "\n".join(f"{page}: {problems}" for page, problems in failures.items())


def test_the_phone_menu_opens_and_closes(demo_site, browsers):
    page = browsers(390).page_for("focal.id")
    page.goto(demo_site.url + "/vi/portal/")
    menu = page.locator("header.site details.site-menu")
    expect(menu).not_to_have_attribute("open", "")
    expect(page.locator("header.site .main-nav")).to_be_hidden()
    page.locator("header.site summary").focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    expect(page.locator("header.site .main-nav")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "layout-vi-phone-menu-open.png")
    assert reflow_problems(page) == []
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"


_BROKEN_WORDS_JS = """(cells) => {
    const broken = [];
    for (const cell of cells) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/[^\\s\\-\\u2013\\u2014\\/]+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
                if (lines.size > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""


@pytest.mark.parametrize("language", ["en", "th"])
def test_the_admin_session_list_keeps_words_whole_on_a_phone(
    chromium, demo_site, browsers, language
):
    page = browsers(390).page_for("director.jclec")
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": demo_site.url}]
    )
    page.goto(demo_site.url + "/admin/snippets/courses/session/")
    page.screenshot(path=SCREENSHOTS / f"layout-{language}-admin-sessions-390.png", full_page=True)
    listing = page.locator("table.listing")
    cells = listing.locator("td.title, td")
    assert cells.count() > 10
    assert cells.evaluate_all(_BROKEN_WORDS_JS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # A listing wider than the phone scrolls in its own box: nothing in it is out of reach.
    wide = listing.evaluate("(el) => el.scrollWidth > el.clientWidth")
    overflow = listing.evaluate("(el) => getComputedStyle(el).overflowX")
    assert not wide or overflow in ("auto", "scroll")

    session = page.locator("td.title a").first.get_attribute("href")
    pk = re.search(r"/edit/(\d+)/", session).group(1)
    page.goto(f"{demo_site.url}/admin/nominations/session/{pk}/")
    page.screenshot(
        path=SCREENSHOTS / f"layout-{language}-admin-nominations-390.png", full_page=True
    )
    for table in page.locator("table.stack").all():
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert table.locator("td").evaluate_all(_BROKEN_WORDS_JS) == []


_MARK_FOCUSED_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    el.dataset.tabbed = el.dataset.tabbed || String(Math.random());
    return el.dataset.tabbed;
}"""


def _tab_through(page, limit=400):
    """Tab from the top of the page until the focus comes back round; the focus problems."""
    problems, seen = [], []
    for _step in range(limit):
        page.keyboard.press("Tab")
        marker = page.evaluate(_MARK_FOCUSED_JS)
        if marker is None or marker in seen:
            break
        seen.append(marker)
        problem = focus_problem(page)
        if problem:
            problems.append(problem)
    return len(seen), problems


def test_focus_is_visible_on_every_focusable_element(demo_site, browsers):
    failures = {}
    stops = 0
    made = browsers(1280)
    for username, path in _crawl_targets():
        page = made.page_for(username)
        page.goto(demo_site.url + path)
        count, problems = _tab_through(page)
        stops += count
        if problems:
            failures[f"{username or 'visitor'} {path}"] = problems[:5]
    # On a phone: the header's menu open, the catalogue's filters behind their disclosure.
    phone = browsers(390)
    for username, path in ((None, "/th/catalogue/?q=trafficking"), ("focal.id", "/id/portal/")):
        page = phone.page_for(username)
        page.goto(demo_site.url + path)
        page.locator("header.site details.site-menu").evaluate("(el) => { el.open = true; }")
        page.locator(".filters-panel").evaluate_all("(els) => els.forEach((el) => el.open = true)")
        count, problems = _tab_through(page)
        stops += count
        if problems:
            failures[f"phone {username or 'visitor'} {path}"] = problems[:5]
    print(f"focus checked on {stops} stops")
    assert failures == {}, "\n".join(f"{page}: {problems}" for page, problems in failures.items())
