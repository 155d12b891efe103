"""Writing the course index: documents built in bulk from the database, a rebuild into a new
index behind the alias, the courses of one change, and the acronyms of the search analyzer.

Searches read the alias (`documents.alias_name()`); a rebuild fills a new concrete index and
moves the alias in one request, so a search never sees a half-built index.
"""

import zoneinfo
from collections import defaultdict
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.html import strip_tags
from elasticsearch.helpers import bulk

from courses.choices import SessionStatus
from courses.models import CourseModule, CoursePage, Module, Session, Topic

from . import client, synonyms
from .documents import TRANSLATION_ANALYZERS, CourseDocument, alias_name, analysis

BATCH = 500
# A new index must hold at least this share of the courses the database says are public
# before the alias moves to it.
MIN_SHARE = 0.9
INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0, "max_result_window": 10000}


class RebuildRefused(RuntimeError):
    """The new index is not fit to be searched; the alias stays where it was."""


def public_courses():
    """What the index holds: live courses any visitor may see."""
    return CoursePage.objects.published()


def _documents(course_ids):
    """The index's documents for `course_ids` (public courses only), read in a few queries."""
    courses = list(
        public_courses()
        .filter(pk__in=course_ids)
        .select_related("centre", "centre__country")
        .prefetch_related("topics", "languages")
    )
    ids = [course.pk for course in courses]
    modules = defaultdict(list)
    deliveries = CourseModule.objects.filter(course_id__in=ids).select_related("module__curriculum")
    for delivery in deliveries.order_by("sort_order", "pk"):
        modules[delivery.course_id].append(delivery.module)
    sessions = defaultdict(list)
    rows = Session.objects.filter(course_id__in=ids).exclude(status=SessionStatus.CANCELLED)
    for session in rows.order_by("starts_at", "pk"):
        sessions[session.course_id].append(session)
    now = timezone.now()
    translated = _translations(courses, modules)
    return [
        _document(c, modules[c.pk], sessions[c.pk], now, translated.get(c.pk, {})) for c in courses
    ]


def _translations(courses, modules):
    """{course id: {language: what the course says there}} for the languages of
    `TRANSLATION_ANALYZERS`: the live translation of the course (if any) and the
    translations of its modules and topics (a course untranslated still has them)."""
    keys = {course.translation_key: course.pk for course in courses}
    module_keys = {m.translation_key for found in modules.values() for m in found}
    topic_keys = {t.translation_key for c in courses for t in c.topics.all()}
    languages = list(TRANSLATION_ANALYZERS)
    pages = CoursePage.objects.filter(
        translation_key__in=keys,
        locale__language_code__in=languages,
        live=True,
        alias_of__isnull=True,
    ).select_related("locale")
    by_course = defaultdict(dict)
    for page in pages:
        by_course[keys[page.translation_key]][page.locale.language_code] = page
    module_rows = Module.objects.filter(
        translation_key__in=module_keys, locale__language_code__in=languages
    ).select_related("locale")
    module_text = {(m.translation_key, m.locale.language_code): m for m in module_rows}
    topic_rows = Topic.objects.filter(
        translation_key__in=topic_keys, locale__language_code__in=languages
    ).select_related("locale")
    topic_names = {(t.translation_key, t.locale.language_code): t.name for t in topic_rows}
    found = {}
    for course in courses:
        entries = {}
        for language in languages:
            page = by_course[course.pk].get(language)
            shown = [module_text.get((m.translation_key, language)) for m in modules[course.pk]]
            shown = [m for m in shown if m is not None]
            entry = {
                "sort": (page or course).title,
                "modules": [f"{m.code} {m.title}" for m in shown],
                "outcomes": [outcome for m in shown for outcome in m.outcomes],
                "topic_names": [
                    topic_names[(t.translation_key, language)]
                    for t in course.topics.all()
                    if (t.translation_key, language) in topic_names
                ],
            }
            if page is not None:
                entry["title"] = page.title
                entry["summary"] = page.summary
                entry["body"] = _body(page)
            entries[language] = entry
        found[course.pk] = entries
    return found


def _body(course):
    parts = (strip_tags(course.description), course.audience, course.eligibility)
    return " ".join(part for part in parts if part)


def _document(course, modules, sessions, now, translations):
    centre = course.centre
    entries = []
    for session in sessions:
        day = session.starts_at.astimezone(zoneinfo.ZoneInfo(session.time_zone)).date()
        entries.append(
            {
                "starts_at": session.starts_at,
                "ends_at": session.ends_at,
                "day": day.isoformat(),
                "month": f"{day:%Y-%m}",
                "status": session.status,
                "opens": session.nominations_open_at,
                "closes": session.nominations_close_at,
            }
        )
    places = [centre.title, centre.acronym, centre.city, centre.country.name] if centre else []
    places += sorted({session.city for session in sessions})
    document = CourseDocument(
        title=course.title,
        summary=course.summary,
        body=_body(course),
        modules=[f"{module.code} {module.title}" for module in modules]
        + sorted({module.curriculum.title for module in modules}),
        outcomes=[outcome for module in modules for outcome in module.outcomes],
        topic_names=[topic.name for topic in course.topics.all()],
        places=[place for place in places if place],
        theme=course.theme,
        topic=[topic.slug for topic in course.topics.all()],
        level=course.level,
        mode=course.delivery_mode,
        language=[language.code for language in course.languages.all()],
        centre=centre.slug if centre else None,
        country=centre.country.code if centre else None,
        module_codes=[module.code for module in modules],
        cost=float(course.cost_per_participant)
        if course.cost_per_participant is not None
        else None,
        duration_days=course.duration_days,
        published_at=course.first_published_at,
        has_upcoming=any(session.ends_at >= now for session in sessions),
        sessions=entries,
        i18n=translations,
    )
    document.meta.id = course.pk
    return document


def _actions(documents, index):
    for document in documents:
        yield {**document.to_dict(include_meta=True), "_index": index}


def _index_body():
    return {
        "settings": {**INDEX_SETTINGS, "analysis": analysis(synonyms.synonym_rules())},
        "mappings": CourseDocument._doc_type.mapping.to_dict(),
    }


def _concrete_indexes(es):
    """{index name: whether the alias points at it} of our course indexes."""
    pattern = f"{alias_name()}-*"
    found = {name: False for name in es.indices.get(index=pattern, expand_wildcards="open,closed")}
    if es.indices.exists_alias(name=alias_name()):
        for name in es.indices.get_alias(name=alias_name()):
            found[name] = True
    return found


def rebuild(*, progress=None, min_share=MIN_SHARE):
    """Build a new index of every public course, switch the alias to it in one request,
    and delete the indexes it replaced. Returns (index name, documents).

    `progress(done, total)` is called after each batch. Raises RebuildRefused (and deletes
    the new index) when it holds fewer than `min_share` of the public courses.
    """
    es = client.connect_for_writes()
    ids = list(public_courses().order_by("pk").values_list("pk", flat=True))
    name = f"{alias_name()}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
    es.indices.create(index=name, body=_index_body())
    done = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        bulk(es, _actions(_documents(batch), name), refresh=False)
        done += len(batch)
        if progress is not None:
            progress(done, len(ids))
    es.indices.refresh(index=name)
    held = es.count(index=name)["count"]
    expected = public_courses().count()
    if held < expected * min_share:
        es.indices.delete(index=name)
        raise RebuildRefused(
            f"The new index holds {held} courses, the database {expected}: the alias stays."
        )
    # Written once in bulk, then mostly read: merged into one segment, it answers in about
    # two thirds of the time of the several segments a bulk load leaves (bench/search.py's
    # queries at 10,000 courses: took median 12 -> 7 ms, p95 30 -> 22 ms, 8 segments -> 1).
    es.indices.forcemerge(index=name, max_num_segments=1)
    existing = {index: aliased for index, aliased in _concrete_indexes(es).items() if index != name}
    actions = [{"add": {"index": name, "alias": alias_name()}}]
    actions += [
        {"remove": {"index": index, "alias": alias_name()}}
        for index, aliased in existing.items()
        if aliased
    ]
    es.indices.update_aliases(actions=actions)
    for index in existing:
        es.indices.delete(index=index)
    return name, held


def index_exists():
    return client.connect().indices.exists_alias(name=alias_name())


def ensure_index():
    """Create an empty index behind the alias when there is none (first start, tests)."""
    es = client.connect_for_writes()
    if not es.indices.exists_alias(name=alias_name()):
        rebuild(min_share=0)


def sync_courses(course_ids):
    """Make the index agree with the database for these courses: (re)index the public
    ones, delete the others (unpublished, restricted, deleted)."""
    es = client.connect_for_writes()
    if not es.indices.exists_alias(name=alias_name()):
        return rebuild(min_share=0)
    course_ids = set(course_ids)
    documents = _documents(course_ids)
    present = {int(document.meta.id) for document in documents}
    actions = list(_actions(documents, alias_name()))
    actions += [
        {"_op_type": "delete", "_index": alias_name(), "_id": pk} for pk in course_ids - present
    ]
    bulk(es, actions, raise_on_error=False, refresh="wait_for")
    return None


def apply_synonyms():
    """Give the live index the acronyms as they are now. They are a search analyzer's
    filter: the index is closed for the change and opened again, without a reindex."""
    es = client.connect_for_writes()
    if not es.indices.exists_alias(name=alias_name()):
        return
    for name in es.indices.get_alias(name=alias_name()):
        es.indices.close(index=name)
        try:
            es.indices.put_settings(
                index=name, body={"analysis": analysis(synonyms.synonym_rules())}
            )
        finally:
            es.indices.open(index=name, wait_for_active_shards=1)
