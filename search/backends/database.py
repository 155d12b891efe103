"""The catalogue search on the database: what `make run` uses, and the fallback when
Elasticsearch is not configured or fails.

A few flat queries read the published courses with the facet values and sessions the search
needs (`values_list`, no model instances); matching, the disjunctive facet counts, sorting
and paging are done here in Python, so the cost of a page does not grow with the number of
facets. The words of the text must all occur (in any field, or through an acronym's
expansion); there is no typo tolerance, stemming or highlighting: the page says results are
simplified when Elasticsearch should have answered.
"""

import datetime as dt
import functools
import re
import unicodedata
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import get_language

from courses.choices import DeliveryMode, Level, SessionStatus, Theme
from courses.models import CoursePage, Language, Module, Session, Topic
from training_hub.localization import content_language, default_language, in_default_locale

from ..query import COURSE_FACETS, CourseQuery, CourseResults, FacetOption
from ..synonyms import expansions
from ..version import catalogue_version

# A word of the query: letters, digits and combining marks in any script (Thai vowels and
# tones, Vietnamese accents typed as NFD are marks); Lucene's syntax is dropped.
WORD = re.compile(r"(?:\w|[\u0300-\u036F\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF])+")
# The fields a word may occur in, as lookups from CoursePage.
TEXT_FIELDS = (
    "title",
    "summary",
    "description",
    "audience",
    "course_modules__module__code",
    "course_modules__module__title",
    "course_modules__module__learning_outcomes",
    "course_modules__module__curriculum__title",
    "topics__name",
    "centre__title",
    "centre__acronym",
    "centre__city",
    "centre__country__name",
    "centre__country__code",
    "sessions__city",
)


@dataclass
class _Course:
    pk: int
    title: str
    summary: str
    theme: str
    level: str
    mode: str
    centre: str
    country: str
    published: dt.datetime | None
    topics: set = field(default_factory=set)
    languages: set = field(default_factory=set)
    sessions: list = field(default_factory=list)  # _Session
    next_start: dt.datetime | None = None
    # The translation's title and summary in the query's locale, where there is one.
    shown_title: str = ""
    shown_summary: str = ""

    @property
    def sort_title(self):
        return (self.shown_title or self.title).casefold()


@dataclass(frozen=True)
class _Session:
    day: dt.date  # the first day, at the venue
    month: str  # "YYYY-MM" of that day
    upcoming: bool
    open_now: bool


def words_of(text):
    return [word.casefold() for word in WORD.findall(unicodedata.normalize("NFC", text))]


def _text_filter(words, locale=""):
    """Every word must occur in some field, or one of its acronym expansions must (in the
    course as written, or in its translations into `locale`)."""
    condition = Q()
    for word in words:
        alternatives = [word, *expansions(word)]
        either = Q()
        for phrase in alternatives:
            either |= _anywhere(phrase)
            if locale:
                either |= _in_translations(phrase, locale)
        condition &= Q(pk__in=CoursePage.objects.filter(either).values("pk"))
    return condition


# What a course says in another language, as lookups on each translated model.
TRANSLATED_FIELDS = {
    "course": ("title", "summary", "description", "audience", "eligibility"),
    "topic": ("name",),
    "module": ("title", "learning_outcomes"),
}


def _in_translations(phrase, locale):
    """Courses whose translation into `locale` (or their topics' or modules') has `phrase`."""
    in_locale = {"locale__language_code": locale}
    pages = CoursePage.objects.filter(live=True, alias_of__isnull=True, **in_locale).filter(
        _matching(phrase, TRANSLATED_FIELDS["course"])
    )
    topics = Topic.objects.filter(**in_locale).filter(_matching(phrase, TRANSLATED_FIELDS["topic"]))
    modules = Module.objects.filter(**in_locale).filter(
        _matching(phrase, TRANSLATED_FIELDS["module"])
    )
    return (
        Q(translation_key__in=pages.values("translation_key"))
        | Q(topics__translation_key__in=topics.values("translation_key"))
        | Q(course_modules__module__translation_key__in=modules.values("translation_key"))
    )


# What may come before a word: it must start a word, so that "ilo" does not find "pilot".
WORD_STARTS = (" ", "(", "-", "/", "\n")


# Scripts written without spaces between words (Thai, Lao, Khmer, Burmese, Chinese,
# Japanese): a word there may start anywhere.
UNSPACED = re.compile(r"[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u3040-\u30FF\u4E00-\u9FFF]")


def _anywhere(phrase):
    """`phrase` at the start of a word of some field (anywhere, in unspaced scripts)."""
    return _matching(phrase, TEXT_FIELDS)


def _matching(phrase, lookups):
    """`phrase` at the start of a word of one of `lookups` (anywhere, in unspaced scripts)."""
    found = Q()
    for lookup in lookups:
        if UNSPACED.search(phrase):
            found |= Q(**{f"{lookup}__icontains": phrase})
            continue
        found |= Q(**{f"{lookup}__istartswith": phrase})
        for start in WORD_STARTS:
            found |= Q(**{f"{lookup}__icontains": start + phrase})
    return found


def _read(query, now):
    """The published courses matching the text, with their facet values and sessions."""
    courses = CoursePage.objects.published()
    words = words_of(query.text)
    locale = _locale(query.locale)
    if words:
        courses = courses.filter(_text_filter(words, locale))
    rows = courses.values_list(
        "pk",
        "title",
        "summary",
        "theme",
        "level",
        "delivery_mode",
        "centre__slug",
        "centre__country__code",
        "first_published_at",
        "translation_key",
    )
    found = {row[0]: _Course(*row[:-1]) for row in rows}
    if not found:
        return found
    if locale:
        keys = {row[-1]: row[0] for row in rows}
        translated = CoursePage.objects.filter(
            translation_key__in=keys, locale__language_code=locale, live=True, alias_of=None
        )
        for key, title, summary in translated.values_list("translation_key", "title", "summary"):
            # What the visitor reads: sorted and scored by it, beside the English text.
            course = found[keys[key]]
            course.shown_title, course.shown_summary = title, summary
    topics = CoursePage.topics.through.objects.filter(coursepage_id__in=found)
    for course_id, slug in topics.values_list("coursepage_id", "topic__slug"):
        found[course_id].topics.add(slug)
    languages = CoursePage.languages.through.objects.filter(coursepage_id__in=found)
    for course_id, code in languages.values_list("coursepage_id", "language__code"):
        found[course_id].languages.add(code)
    sessions = Session.objects.filter(course_id__in=found).exclude(status=SessionStatus.CANCELLED)
    values = sessions.values_list(
        "course_id",
        "starts_at",
        "ends_at",
        "time_zone",
        "status",
        "nominations_open_at",
        "nominations_close_at",
    )
    for course_id, starts, ends, zone, status, opens, closes in values:
        day = starts.astimezone(zoneinfo.ZoneInfo(zone)).date()
        upcoming = ends >= now
        open_now = status == SessionStatus.OPEN and opens <= now < closes
        course = found[course_id]
        course.sessions.append(_Session(day, f"{day:%Y-%m}", upcoming, open_now))
        if upcoming and (course.next_start is None or starts < course.next_start):
            course.next_start = starts
    return found


def _session_fits(session, query, *, besides=None):
    """Whether one session meets the query's session conditions (leaving out `besides`)."""
    if query.starts_after and session.day < query.starts_after:
        return False
    if query.starts_before and session.day > query.starts_before:
        return False
    if (
        query.month
        and besides != "month"
        and not (session.upcoming and session.month in query.month)
    ):
        return False
    return not (query.open and besides != "open" and not session.open_now)


def _values(course, name):
    """The values a course has for the course-level facet `name` (a set)."""
    value = {
        "theme": course.theme,
        "centre": course.centre,
        "country": course.country,
        "mode": course.mode,
        "level": course.level,
    }.get(name)
    if value is not None:
        return {value}
    return course.topics if name == "topic" else course.languages


def _passes(course, query, name):
    chosen = query.selected(name)
    return not chosen or bool(_values(course, name) & set(chosen))


def _count(courses, query):
    """Disjunctive counts: each facet's options counted with every other facet applied."""
    passing = {
        course.pk: {name for name in COURSE_FACETS if _passes(course, query, name)}
        for course in courses
    }
    every = set(COURSE_FACETS)
    counts = {name: Counter() for name in (*COURSE_FACETS, "month", "open")}
    for course in courses:
        passed = passing[course.pk]
        sessions_fit = any(_session_fits(s, query) for s in course.sessions)
        if not query.has_session_conditions() or sessions_fit:
            for name in COURSE_FACETS:
                if passed >= every - {name}:
                    counts[name].update(_values(course, name))
        if passed != every:
            continue
        months = {
            s.month
            for s in course.sessions
            if s.upcoming and _session_fits(s, query, besides="month")
        }
        counts["month"].update(months)
        if any(s.open_now and _session_fits(s, query, besides="open") for s in course.sessions):
            counts["open"]["true"] += 1
    return counts


def _matches(course, query):
    if not all(_passes(course, query, name) for name in COURSE_FACETS):
        return False
    if not query.has_session_conditions():
        return True
    return any(_session_fits(s, query) for s in course.sessions)


def _score(course, words):
    """3 for each word (or its expansion) in the title, 1 in the summary (as written, or as
    translated for the visitor)."""
    title = f"{course.title} {course.shown_title}".casefold()
    summary = f"{course.summary} {course.shown_summary}".casefold()
    score = 0
    for word in words:
        forms = [word, *expansions(word)]
        score += 3 * any(form in title for form in forms) + any(form in summary for form in forms)
    return score


def _ordered(courses, query):
    by_title = sorted(courses, key=lambda c: (c.sort_title, c.pk))
    order = query.order
    if order == "-title":
        return by_title[::-1]
    if order == "next":
        far = dt.datetime.max.replace(tzinfo=dt.UTC)
        return sorted(by_title, key=lambda c: (c.next_start is None, c.next_start or far))
    if order == "newest":
        oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
        return sorted(by_title, key=lambda c: c.published or oldest, reverse=True)
    if order == "relevance":
        words = words_of(query.text)
        return sorted(by_title, key=lambda c: -_score(c, words))
    return by_title


# Facets with a fixed vocabulary list every value, with its count (zero too).
FIXED = ("theme", "level", "mode")


def facet_options(name, counts, query, labels):
    """The options a facet lists: [FacetOption], in the order of `labels`; a value with no
    course is listed only from a fixed vocabulary, or when it is chosen."""
    chosen = set(map(str, query.selected(name)))
    return [
        FacetOption(value, str(label), counts.get(value, 0), value in chosen)
        for value, label in labels
        if counts.get(value, 0) or value in chosen or name in FIXED
    ]


def _label_tables(locale):
    """{facet: {value: label}} of the vocabularies kept in the database, in `locale` where
    translated, read once per version of the catalogue and language (a rename or a
    translation raises the version, as any change that reaches the index)."""
    from courses.models import CentrePage
    from training_hub.models import Member

    key = f"search:labels:{catalogue_version()}:{locale}"
    tables = cache.get(key)
    if tables is None:
        tables = {
            "topic": _labels(Topic.objects.all(), "slug", "name", locale),
            "language": _labels(Language.objects.all(), "code", "name", locale),
            "centre": _labels(CentrePage.objects.all(), "slug", "title", locale, pages=True),
            "country": dict(Member.objects.values_list("code", "name")),
        }
        cache.set(key, tables, 3600)
    return tables


def _labels(rows, value, label, locale, *, pages=False):
    """{value: label} of the source rows, each labelled in `locale` where translated."""
    sources = rows.filter(in_default_locale())
    if pages:
        sources = sources.filter(alias_of__isnull=True)
    keys = dict(sources.values_list("translation_key", value))
    labels = dict(sources.values_list(value, label))
    if locale:
        translated = rows.filter(translation_key__in=keys, locale__language_code=locale)
        if pages:
            translated = translated.filter(live=True, alias_of__isnull=True)
        for key, text in translated.values_list("translation_key", label):
            labels[keys[key]] = text
    return labels


def _locale(code):
    """The content language of a query whose translations are searched ("" for English)."""
    return "" if not code or code == default_language() else code


def facet_labels(name, values):
    """[(value, label)] of a facet's values, in the order the page lists them."""
    if name == "theme":
        return list(Theme.choices)
    if name == "level":
        return list(Level.choices)
    if name == "mode":
        return list(DeliveryMode.choices)
    if name == "month":
        return [(value, month_label(value, get_language())) for value in sorted(values)]
    table = _label_tables(_locale(content_language())).get(name)
    if table is None:
        return []
    labels = [(value, table[value]) for value in values if value in table]
    return sorted(labels, key=lambda pair: pair[1].casefold())


@functools.lru_cache(maxsize=512)
def month_label(value, language):
    year, month = value.split("-")
    with translation.override(language):
        return date_format(dt.date(int(year), int(month), 1), "F Y")


def search(query, *, now=None):
    """`query` answered from the database: a `CourseResults`."""
    now = now or timezone.now()
    found = list(_read(query, now).values())
    counts = _count(found, query)
    matching = _ordered([c for c in found if _matches(c, query)], query)
    start = (query.page - 1) * query.page_size
    facets = {}
    for name in (*COURSE_FACETS, "month"):
        values = set(counts[name]) | set(map(str, query.selected(name)))
        facets[name] = facet_options(name, counts[name], query, facet_labels(name, values))
    facets["open"] = [FacetOption("true", "", counts["open"]["true"], query.open)]
    return CourseResults(
        ids=[course.pk for course in matching[start : start + query.page_size]],
        total=len(matching),
        facets=facets,
        page=query.page,
        page_size=query.page_size,
        backend="database",
    )


def suggest(prefix, *, limit=8, locale=""):
    """Titles of published courses that start with, or contain a word starting with,
    `prefix` (as written, or as translated into `locale`): [(id, title)], the ones starting
    with it first."""
    prefix = prefix.strip()
    if len(prefix) < 2:
        return []
    words = words_of(prefix)
    locale = _locale(locale)
    courses = CoursePage.objects.published()
    translations = CoursePage.objects.filter(
        locale__language_code=locale, live=True, alias_of__isnull=True
    )
    for word in words:
        if locale:
            translated = translations.filter(title__icontains=word).values("translation_key")
            courses = courses.filter(Q(title__icontains=word) | Q(translation_key__in=translated))
        else:
            courses = courses.filter(title__icontains=word)
    rows = list(courses.values_list("pk", "title")[: limit * 4])
    start = prefix.casefold()
    rows.sort(key=lambda row: (not row[1].casefold().startswith(start), row[1].casefold()))
    return rows[:limit]


def matching_ids(query, *, now=None):
    """Every matching course id, in the query's order (no paging)."""
    now = now or timezone.now()
    found = [c for c in _read(query, now).values() if _matches(c, query)]
    return [course.pk for course in _ordered(found, query)]


def sessions_matching(sessions, query, *, now=None):
    """The `sessions` that meet the query's session conditions (a list). A cancelled session
    is kept when its dates fit (feeds carry cancellations)."""
    now = now or timezone.now()
    kept = []
    for session in sessions:
        day = session.starts_at.astimezone(zoneinfo.ZoneInfo(session.time_zone)).date()
        entry = _Session(
            day,
            f"{day:%Y-%m}",
            session.ends_at >= now,
            session.is_open_for_nominations(now),
        )
        if _session_fits(entry, query):
            kept.append(session)
    return kept


def empty_results():
    """No course, and each facet's fixed values at zero."""

    query = CourseQuery()
    facets = {
        name: facet_options(name, {}, query, facet_labels(name, ())) for name in COURSE_FACETS
    }
    facets["month"] = []
    facets["open"] = [FacetOption("true", "", 0, False)]
    return CourseResults(
        ids=[], total=0, facets=facets, page=1, page_size=query.page_size, backend="database"
    )
