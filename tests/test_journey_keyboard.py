"""One journey per role with the keyboard alone, in each of the four languages, on the demo
data: Tab and Shift+Tab to move, Enter, Space and Escape to act (arrows in a closed select),
typing in fields; the only addresses opened are the first page and a link from an e-mail.

Every element the focus lands on in the site and the portal must show its focus (Wagtail's
own pages keep Wagtail's focus style); every page is screenshot and checked with axe-core;
the pages of the phone journeys must reflow at 390 CSS pixels.

- visitor (phone): searches from the home page, closes the suggestions with Escape, opens
  the filters, ticks a theme, applies it, opens a course and a session, switches the
  language from the menu and closes the menu with Escape;
- focal point: signs in, opens a session from the portal, nominates two officials, ranks
  them the other way round and withdraws one;
- trainee (phone): opens the e-mailed link, chooses a password, confirms the place and
  finds it confirmed in the portal;
- director: signs in, opens a session's nominations in the admin from the portal and
  accepts a nomination;
- RSO: signs in, opens the administration and the training needs, exports them (CSV) and
  opens one.
"""

import csv
import datetime as dt
import io
import re
import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import CentrePage, CoursePage
from nominations.models import Nomination, TrainingNeed
from nominations.services import nomination_transition
from tests.browser import Keyboard, Visit, reflow_problems
from tests.factories import make_official, make_session, nominate
from training_hub.demo import DEMO_PASSWORD
from training_hub.models import User

pytestmark = pytest.mark.browser

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


_SETTLED = """() => document.getAnimations().every(
    (a) => a.playState !== "running" || a.effect.getTiming().iterations === Infinity
)"""


class Journey:
    """One journey's page (a fresh browser context at a phone's or a desktop's size, asking
    for the journey's language: the admin follows it), its keyboard and its checks."""

    def __init__(self, chromium, demo_site, request, language, viewport):
        self.language = language
        self.prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
        self.context = chromium.new_context(
            viewport=viewport,
            device_scale_factor=2 if viewport is PHONE else 1,
            locale="en-GB" if language == "en" else language,
            reduced_motion="reduce",
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.keys = Keyboard(self.page)
        self.reflow = viewport is PHONE
        name = "keyboard-" + request.node.name.removeprefix("test_")
        self.visit = Visit(self.page, demo_site.url, name)

    def check(self, label):
        """Screenshot, axe, and on a phone the reflow."""
        # axe reads colours as they are painted: not halfway through a message fading in.
        self.page.wait_for_function(_SETTLED, timeout=5_000)
        self.visit.check(label)
        if self.reflow:
            assert reflow_problems(self.page) == [], f"{label}: {reflow_problems(self.page)}"

    def sign_in(self, username):
        """With the keyboard, from the sign-in page; the account speaks the journey's
        language (sign-in leads there)."""
        User.objects.filter(username=username).update(language=self.language)
        page, keys = self.page, self.keys
        self.visit.open(f"{self.prefix}/accounts/login/", "sign-in")
        keys.tab_to(page.locator("#id_username"))
        keys.type(username)
        keys.tab_to(page.locator("#id_password"))
        keys.type(DEMO_PASSWORD)
        keys.follow("Enter")
        expect(page).to_have_url(f"{self.visit.base_url}{self.prefix}/portal/")
        self.check("portal")

    def session(self, role_days, **fields):
        """A session of its own (the journeys share the demo database) on a JCLEC course,
        open for nominations, on a day of its own for each role and language."""
        centre = CentrePage.objects.sources().get(acronym="JCLEC")
        course = CoursePage.objects.child_of(centre).live().order_by("pk").first()
        days = role_days + 7 * LANGUAGES.index(self.language)
        start = timezone.localdate() + dt.timedelta(days=days)
        opens = timezone.now() - dt.timedelta(days=1)
        return make_session(course, start=start, opens=opens, **fields)

    def official(self, first_name):
        """An official of Indonesia, registered by its focal point."""
        return make_official(
            focal_point=User.objects.get(username="focal.id"),
            name=f"{first_name} Keyboard {self.language.upper()}",
            email=f"{first_name.lower()}.{uuid.uuid4().hex[:8]}@example.org",
        )


@pytest.fixture
def journey(chromium, demo_site, request):
    made = []

    def start(language, viewport):
        made.append(Journey(chromium, demo_site, request, language, viewport))
        return made[-1]

    yield start
    for one in made:
        one.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_visitor(journey, demo_site, language):
    j = journey(language, PHONE)
    page, keys = j.page, j.keys

    # Search from the home page: the suggestions close with Escape, Enter searches.
    j.visit.open(f"{j.prefix}/", "home")
    assert reflow_problems(page) == []
    keys.tab_to(page.locator("#home_q"))
    keys.type("trafficking")
    suggestions = page.get_by_role("listbox")
    expect(suggestions).to_be_visible()
    keys.press("Escape")
    expect(suggestions).to_be_hidden()
    keys.follow("Enter")
    expect(page).to_have_url(re.compile(rf"{j.prefix}/catalogue/\?q=trafficking$"))
    j.check("results")

    # The filters open from their disclosure; a theme is ticked with Space and applied.
    filters = page.locator("details.filters-panel")
    keys.tab_to(filters.locator("summary"))
    keys.press("Enter")
    expect(filters).to_have_attribute("open", "")
    theme = filters.locator('.facet-option:not(.empty) input[name="theme"]').first
    value = theme.get_attribute("value")
    keys.tab_to(theme)
    keys.press("Space")
    expect(theme).to_be_checked()
    j.check("filter-ticked")
    keys.tab_to(filters.locator('button[type="submit"]').first, backwards=True)
    keys.follow("Enter")
    expect(page).to_have_url(re.compile(rf"[?&]theme={value}(&|$)"))
    j.check("filtered")

    # A course, then one of its sessions.
    course = page.locator(".course-list h3 a").first
    title = course.inner_text()
    keys.tab_to(course)
    keys.follow("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    j.check("course")
    keys.tab_to(page.locator('main a[href*="/sessions/"]').first)
    keys.follow("Enter")
    expect(page).to_have_url(re.compile(r"/sessions/\d+/$"))
    session_path = page.url.removeprefix(demo_site.url).removeprefix(j.prefix)
    j.check("session")

    # The language, from the header's menu: the same session in another language.
    other = "th" if language == "en" else "en"
    menu = page.locator("header.site details.site-menu")
    keys.tab_to(menu.locator("summary"), backwards=True)
    keys.press("Enter")
    expect(menu).to_have_attribute("open", "")
    j.check("menu")
    keys.tab_to(menu.locator(f'.languages a[hreflang="{other}"]'))
    keys.follow("Enter")
    other_prefix = "" if other == settings.LANGUAGE_CODE else f"/{other}"
    expect(page).to_have_url(f"{demo_site.url}{other_prefix}{session_path}")
    assert page.evaluate("document.documentElement.lang") == other
    j.check("switched")

    # Escape closes the menu and gives the focus back to its button.
    keys.tab_to(menu.locator("summary"))
    keys.press("Enter")
    expect(menu).to_have_attribute("open", "")
    keys.tab_to(menu.locator(".main-nav a").first)
    keys.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"


@pytest.mark.parametrize("language", LANGUAGES)
def test_focal_point(journey, language):
    j = journey(language, DESKTOP)
    page, keys = j.page, j.keys
    session = j.session(120, default_quota=3)
    first, second = j.official("Ayu"), j.official("Bayu")

    j.sign_in("focal.id")
    keys.tab_to(page.locator(f'main a[href="{j.prefix}/nominations/sessions/"]'))
    keys.follow("Enter")
    j.check("open-sessions")
    keys.tab_to(page.locator(f'main a[href="{j.prefix}/nominations/sessions/{session.pk}/"]'))
    keys.follow("Enter")
    j.check("session")

    # Two nominations, each chosen in the list with the arrows and sent with Enter.
    for official in (first, second):
        official_field = page.locator("#id_official")
        keys.tab_to(official_field)
        keys.choose(official_field, str(official.pk))
        keys.tab_to(page.locator('button[name="action"][value="submit"]'))
        keys.follow("Enter")
        expect(page.get_by_role("status")).to_contain_text(official.passport_name)
    j.check("nominated")
    nominations = {n.official_id: n for n in Nomination.objects.filter(session=session)}
    assert {n.status for n in nominations.values()} == {"submitted"}

    # The second first: ranks typed over the ones given, then saved.
    for official, rank in ((second, "1"), (first, "2")):
        field = page.locator(f'tr[data-nomination="{nominations[official.pk].pk}"] input')
        keys.tab_to(field, backwards=official is first)
        keys.type(rank)
        expect(field).to_have_value(rank)
    keys.tab_to(page.locator('button[name="action"][value="rank"]'))
    keys.follow("Enter")
    j.check("ranked")
    ranks = dict(Nomination.objects.filter(session=session).values_list("official_id", "rank"))
    assert ranks == {second.pk: 1, first.pk: 2}

    # The first is withdrawn from its own page.
    withdrawn = nominations[first.pk]
    keys.tab_to(page.locator(f'main a[href="{j.prefix}/nominations/{withdrawn.pk}/"]'))
    keys.follow("Enter")
    j.check("nomination")
    keys.tab_to(page.locator('button[name="to"][value="withdrawn"]'))
    keys.follow("Enter")
    j.check("withdrawn")
    assert Nomination.objects.get(pk=withdrawn.pk).status == "withdrawn"
    assert Nomination.objects.get(pk=nominations[second.pk].pk).status == "submitted"


@pytest.mark.parametrize("language", LANGUAGES)
def test_trainee(journey, language):
    j = journey(language, PHONE)
    page, keys = j.page, j.keys
    official = j.official("Citra")
    official.user.language = language
    official.user.save(update_fields=["language"])
    nomination = nominate(j.session(150), official)
    mail.outbox.clear()
    director = User.objects.get(username="director.jclec")
    nomination_transition(nomination=nomination, to="accepted", user=director)
    invitation = next(m for m in mail.outbox if m.to == [official.email])
    path = re.search(r"https?://[^/\s]+(/\S*nominations/confirm/\S+/)", invitation.body).group(1)
    assert path.startswith(f"{j.prefix}/nominations/confirm/")

    # The e-mailed link; a password chosen, the place confirmed.
    j.visit.open(path, "confirm-link")
    assert reflow_problems(page) == []
    password = f"keyboard-{uuid.uuid4().hex}"
    keys.tab_to(page.locator("#id_new_password1"))
    keys.type(password)
    keys.tab_to(page.locator("#id_new_password2"))
    keys.type(password)
    keys.tab_to(page.locator('button[name="answer"][value="confirm"]'))
    keys.follow("Enter")
    j.check("confirmed")
    nomination.refresh_from_db()
    assert nomination.status == "confirmed"

    # The portal, through the header's menu, shows the place confirmed.
    menu = page.locator("header.site details.site-menu")
    keys.tab_to(menu.locator("summary"), backwards=True)
    keys.press("Enter")
    keys.tab_to(menu.locator(f'.main-nav a[href="{j.prefix}/portal/"]'))
    keys.follow("Enter")
    j.check("portal")
    expect(page.locator('td[data-status="confirmed"]').first).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_director(journey, language):
    j = journey(language, DESKTOP)
    page, keys = j.page, j.keys
    session = j.session(180)
    nomination = nominate(session, j.official("Dimas"))

    j.sign_in("director.jclec")
    keys.tab_to(page.locator(f'main a[href="/admin/nominations/session/{session.pk}/"]'))
    keys.check_focus = False  # Wagtail's admin: its own focus style
    keys.follow("Enter")
    j.check("admin-session")

    box = page.locator(f"#nomination-{nomination.pk}")
    keys.tab_to(box)
    keys.press("Space")
    expect(box).to_be_checked()
    action = page.locator("#id_action")
    keys.tab_to(action)
    keys.choose(action, "accepted")
    keys.tab_to(page.locator('main form button[type="submit"]').last)
    keys.follow("Enter")
    j.check("accepted")
    nomination.refresh_from_db()
    assert nomination.status == "accepted"


@pytest.mark.parametrize("language", LANGUAGES)
def test_rso(journey, language):
    j = journey(language, DESKTOP)
    page, keys = j.page, j.keys

    j.sign_in("rso")
    keys.tab_to(page.locator('main a[href="/admin/"]'))
    keys.check_focus = False  # Wagtail's admin: its own focus style
    keys.follow("Enter")
    j.check("dashboard")
    keys.tab_to(page.locator('a[href="/admin/training-needs/"]'))
    keys.follow("Enter")
    j.check("needs")

    # Export: the header's actions menu opens with Enter, the CSV link downloads.
    actions = page.locator("#w-slim-header-buttons .w-dropdown__toggle")
    keys.tab_to(actions)
    keys.press("Enter")
    keys.tab_to(page.locator('a[href*="export=csv"]'))
    with page.expect_download() as download:
        keys.press("Enter")
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        rows = list(csv.reader(io.StringIO(exported.read())))
    titles = {row[1] for row in rows[1:]}
    assert set(TrainingNeed.objects.values_list("title", flat=True)) <= titles
    keys.press("Escape")
    expect(actions).to_have_attribute("aria-expanded", "false")

    need = TrainingNeed.objects.order_by("pk").first()
    keys.tab_to(page.locator(f'main a[href="/admin/training-needs/inspect/{need.pk}/"]'))
    keys.follow("Enter")
    j.check("need")
    expect(page.locator("main")).to_contain_text(need.title)
