"""The interface in Thai, Bahasa Indonesia and Vietnamese, proven complete.

- Every catalogue in locale/ is fully translated (no empty or fuzzy entry), its placeholders
  match the source's, and `makemessages` would add nothing (the catalogues are current).
- A pseudo-locale wraps every string the code marks (ours, Django's and Wagtail's) in ⟦ ⟧;
  a crawl of every public and portal page in it fails on any visible text left outside the
  markers, except what people typed (content in the database) and proper names.
"""

import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from babel.numbers import get_currency_name
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import get_language_info

from nominations.money import CURRENCIES

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w*)\}")


def _catalogue(language):
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} is missing: run scripts/messages.sh"
    return polib.pofile(str(path))


def _placeholders(text):
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    catalogue = _catalogue(language)
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [], f"{len(untranslated)} untranslated in {language}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy in {language}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    wrong = []
    for entry in _catalogue(language).translated_entries():
        if entry.msgid_plural:
            # One plural form stands for every number: it has the plural's placeholders.
            expected = set(_placeholders(entry.msgid_plural))
            for text in entry.msgstr_plural.values():
                if set(_placeholders(text)) != expected:
                    wrong.append((entry.msgid, text))
        elif _placeholders(entry.msgstr) != _placeholders(entry.msgid):
            wrong.append((entry.msgid, entry.msgstr))
    assert wrong == []


def test_the_catalogues_are_current(tmp_path, settings):
    """What `scripts/messages.sh` would write holds no msgid the committed catalogues lack,
    and they hold none it would drop."""
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE, copy)
    settings.LOCALE_PATHS = [copy]
    call_command(
        "makemessages",
        locale=LANGUAGES,
        no_obsolete=True,
        add_location="file",
        ignore_patterns=[".venv", "var", "tests", "bench", "build", "search/analysis"],
        verbosity=0,
    )
    for language in LANGUAGES:
        fresh = {
            (e.msgctxt, e.msgid)
            for e in polib.pofile(str(copy / language / "LC_MESSAGES" / "django.po"))
        }
        committed = {(e.msgctxt, e.msgid) for e in _catalogue(language)}
        assert sorted(fresh - committed, key=str) == [], f"new strings for {language}"
        assert sorted(committed - fresh, key=str) == [], f"strings no longer used in {language}"


# --- the pseudo-locale ------------------------------------------------------------------------

PSEUDO = "en-xa"
OPEN, CLOSE = "⟦", "⟧"


def _source_catalogues():
    """Every catalogue whose strings a page may show: ours, Django's and the installed apps'
    (English sources of Django, Wagtail and the others)."""
    yield _catalogue(LANGUAGES[0])
    site = Path(sys.modules["django"].__file__).resolve().parent.parent
    for path in sorted(site.glob("**/locale/en/LC_MESSAGES/django.po")):
        yield polib.pofile(str(path))


def build_pseudo_locale(directory):
    """A catalogue for PSEUDO in which every msgstr is its msgid between the markers."""
    pseudo = polib.POFile()
    pseudo.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    seen = set()
    for catalogue in _source_catalogues():
        for entry in catalogue:
            key = (entry.msgctxt, entry.msgid)
            if not entry.msgid or key in seen:
                continue
            seen.add(key)
            wrapped = polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid)
            if entry.msgid_plural:
                wrapped.msgid_plural = entry.msgid_plural
                wrapped.msgstr_plural = {
                    0: OPEN + entry.msgid + CLOSE,
                    1: OPEN + entry.msgid_plural + CLOSE,
                }
            else:
                wrapped.msgstr = OPEN + entry.msgid + CLOSE
            pseudo.append(wrapped)
    target = directory / "en_XA" / "LC_MESSAGES"
    target.mkdir(parents=True)
    pseudo.save_as_mofile(str(target / "django.mo"))


@pytest.fixture
def pseudo_locale(settings, tmp_path):
    build_pseudo_locale(tmp_path)
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]
    settings.LANGUAGES = [*settings.LANGUAGES, (PSEUDO, "Pseudo")]
    return PSEUDO


class VisibleText(HTMLParser):
    """The text a person sees (or hears) on a page: text nodes outside script, style and
    hidden elements, the title, and the attributes that are read out or shown."""

    SKIP = {"script", "style", "template", "noscript"}
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
    SHOWN_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.parts = []

    def _hidden(self):
        return any(hidden for _tag, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = tag in self.SKIP or "hidden" in attrs or attrs.get("aria-hidden") == "true"
        if not hidden and not self._hidden():
            for name in self.SHOWN_ATTRIBUTES:
                if attrs.get(name):
                    self.parts.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.parts.append(attrs["value"])
        if tag not in self.VOID:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _hidden = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self._hidden() and data.strip():
            self.parts.append(data)


OUR_APPS = {"training_hub", "courses", "nominations", "certificates", "search"}
ALLOWED = [
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # e-mail addresses
    re.compile(r"https?://\S+"),
    re.compile(r"UTC[+−-]\d\d:\d\d"),  # a venue's offset
    re.compile(r"\b[A-Z]{2,}[-\w]*\b"),  # acronyms, codes and ISO codes (JCLEC, TH, M-1)
    re.compile(r"\b[A-Z][a-z]+/[A-Za-z_]+\b"),  # time zone names (Asia/Jakarta)
]


def user_content():
    """What people typed: every text value of our models and of the pages, longest first."""
    found = set()
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS | {"wagtailcore"}:
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                if isinstance(value, str) and value.strip():
                    text = strip_tags(value)
                    found.add(text.strip())
                    found.update(line.strip() for line in text.splitlines() if line.strip())
    # Proper names: the languages, each in its own script (the switcher).
    found.update(get_language_info(code)["name_local"] for code, _name in settings.LANGUAGES)
    # Currencies' names come translated from the Unicode CLDR (Babel), in English here.
    found.update(get_currency_name(code, locale="en") for code in CURRENCIES)
    return sorted(found, key=len, reverse=True)


def unmarked(html, content):
    """The visible text of `html` that is neither marked nor people's content."""
    parser = VisibleText()
    parser.feed(html)
    text = "\n".join(parser.parts)
    # Innermost first: a marked date inside a marked sentence nests the markers.
    innermost = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
    while innermost.search(text):
        text = innermost.sub(" ", text)
    for value in content:
        if value in text:
            text = text.replace(value, " ")
    for pattern in ALLOWED:
        text = pattern.sub(" ", text)
    return [word for word in re.findall(r"[^\W\d_]{2,}", text)]


def _crawl_targets():
    """(username or None, path) of every public and portal page, on the demo data."""
    from certificates.models import Certificate
    from courses.models import CentrePage, CoursePage, CurriculumPage, Session
    from nominations.links import confirmation_token
    from nominations.models import Nomination, Official, Pledge, TrainingNeed

    centre = CentrePage.objects.live().sources().get(acronym="JCLEC")
    course = CoursePage.objects.live().filter(sessions__isnull=False).first()
    curriculum = CurriculumPage.objects.live().first()
    full = Session.objects.filter(course__title="Trafficking in persons investigations").first()
    session = Session.objects.open_for_nominations().first()
    certificate = Certificate.objects.select_related("trainee").first()
    public = [
        "/",
        "/catalogue/",
        "/catalogue/?q=trafficking",
        "/catalogue/?q=trafficing",
        "/catalogue/?theme=prevention&open=on&sort=title",
        "/catalogue/?date_from=2031-01-01&date_to=2030-01-01",
        centre.get_parent().url,
        centre.url,
        curriculum.get_parent().url,
        curriculum.url,
        course.url,
        f"/sessions/{session.pk}/",
        f"/sessions/{full.pk}/",
        "/certificates/verify/",
        "/certificates/verify/?code=JCLE-CDEM-7K4P",
        "/certificates/verify/?code=nothing",
        f"/certificates/verify/{certificate.code}/",
        "/accounts/login/",
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/no-such-page/",
    ]
    focal = "focal.id"
    nomination = Nomination.objects.filter(official__user__member__code="ID").first()
    official = Official.objects.filter(user__member__code="ID").first()
    need = TrainingNeed.objects.filter(member__code="ID").first()
    portal = [
        (focal, "/portal/"),
        (focal, "/nominations/sessions/"),
        (focal, f"/nominations/sessions/{session.pk}/"),
        (focal, f"/sessions/{session.pk}/"),
        (focal, "/nominations/officials/"),
        (focal, "/nominations/officials/new/"),
        (focal, f"/nominations/officials/{official.pk}/"),
        (focal, "/nominations/needs/"),
        (focal, "/nominations/needs/new/"),
        (focal, f"/nominations/needs/{need.pk}/"),
        (focal, f"/nominations/{nomination.pk}/"),
        ("director.jclec", "/portal/"),
        ("rso", "/portal/"),
        ("trainee.id", "/portal/"),
    ]
    accepted = Nomination.objects.filter(status="accepted").select_related("official__user").first()
    trainee = accepted.official.user.username
    portal += [
        (trainee, "/portal/"),
        (trainee, "/nominations/calendar/"),
        (trainee, f"/nominations/{accepted.pk}/"),
        (None, f"/nominations/confirm/{confirmation_token(accepted)}/"),
    ]
    # The certificates' holder, and the coordination of the RSO and of a focal point.
    open_need = TrainingNeed.objects.filter(status="open").first()
    portal += [
        (certificate.trainee.username, "/portal/"),
        ("rso", "/coordination/"),
        ("rso", "/coordination/matching/"),
        ("rso", f"/coordination/needs/{open_need.pk}/"),
        ("rso", "/coordination/gaps/"),
        ("rso", "/coordination/funding/"),
        ("rso", f"/coordination/funding/sessions/{session.pk}/"),
        ("rso", f"/coordination/funding/pledges/{Pledge.objects.first().pk}/"),
        ("rso", "/coordination/funding/pledges/new/"),
        ("rso", "/coordination/funding/donors/new/"),
        ("rso", "/coordination/funding/rates/new/"),
        ("rso", "/coordination/reports/"),
        (focal, "/coordination/"),
        (focal, "/coordination/reports/"),
    ]
    return [(None, path) for path in public] + portal


def test_every_page_in_the_pseudo_locale_is_marked(client, pseudo_locale, django_user_model):
    call_command("load_demo_data", verbosity=0)
    content = user_content()
    failures = {}
    crawled = 0
    for username, path in _crawl_targets():
        client.logout()
        if username:
            client.force_login(django_user_model.objects.get(username=username))
        response = client.get(f"/{pseudo_locale}{path}")
        expected = 404 if path == "/no-such-page/" else 200
        assert response.status_code == expected, (username, path, response.status_code)
        words = unmarked(response.content.decode(), content)
        crawled += 1
        if words:
            failures[f"{username or 'visitor'} {path}"] = sorted(set(words))
    print(f"crawled {crawled} pages in the pseudo-locale")
    assert failures == {}, "\n".join(f"{page}: {words}" for page, words in failures.items())
