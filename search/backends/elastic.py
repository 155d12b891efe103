"""The catalogue search on Elasticsearch: full text with typo tolerance, exact and phrase
matches ranked above fuzzy ones, disjunctive facets from aggregations, highlights and a
"Did you mean" suggestion.

Facets are disjunctive within a group and conjunctive across groups: the hits are filtered
by every chosen value (`post_filter`), and each facet's counts by every group but its own.
The session conditions (dates, month, open now) must hold for one and the same session, so
they are one nested clause.
"""

from dataclasses import replace

from django.utils import timezone
from elasticsearch_dsl import A, Q, Search

from .. import client
from ..documents import TRANSLATION_ANALYZERS, alias_name
from ..query import COURSE_FACETS, MAX_PAGES, CourseResults, FacetOption
from .database import facet_labels, facet_options

# Query-string facet name -> document field.
FIELDS = {name: name for name in COURSE_FACETS}
BUCKETS = 500  # no facet is cut off at Elasticsearch's default of 10 buckets
# Where a word counts, and how much: the title most, then summary and modules.
EXACT_FIELDS = [
    "title^6",
    "title.th^5",
    "title.id^5",
    "title.folded^4",
    "summary^2",
    "summary.th^2",
    "summary.id^2",
    "summary.folded^1.5",
    "modules^2",
    "modules.folded^1.5",
    "outcomes",
    "outcomes.th",
    "outcomes.id",
    "body",
    "body.th",
    "body.id",
    "topic_names^2",
    "places^2",
]
PHRASE_FIELDS = ["title^8", "summary^3", "modules^3", "outcomes^2", "body"]
FUZZY_FIELDS = [
    "title.folded^3",
    "summary.folded",
    "modules.folded",
    "topic_names.folded",
    "places",
]
# A visitor's own language: the fields of its translations (documents.TRANSLATION_ANALYZERS),
# searched with that language's analyzer, weighted as the English fields are.
TRANSLATED_EXACT = {
    "title": 6,
    "summary": 2,
    "body": 1,
    "modules": 2,
    "outcomes": 1,
    "topic_names": 2,
}
TRANSLATED_PHRASE = {"title": 8, "summary": 3, "modules": 3, "outcomes": 2, "body": 1}
TRANSLATED_FUZZY = {"title": 3, "summary": 1, "modules": 1, "topic_names": 1}


def _translated(locale, weights, suffix=""):
    if locale not in TRANSLATION_ANALYZERS:
        return []
    return [f"i18n.{locale}.{name}{suffix}^{weight}" for name, weight in weights.items()]


# Highlighted: the exact and stemmed matches (not the fuzzy ones: expanding a typo over the
# index's terms to mark them made a page take a second at 10,000 courses). Each field marks
# the query's phrase and words as its own search analyzer reads them (stems, acronyms): asking
# the highlighter for the search's clauses instead, over their 18 fields, took 8-11 ms of the
# 20-25 of a query at 10,000 courses.
HIGHLIGHT = ("title", "title.folded", "title.th", "summary", "summary.folded", "summary.th")
MARKS = {"number_of_fragments": 0, "pre_tags": ["<mark>"], "post_tags": ["</mark>"]}
# "Did you mean": the likeliest correction of the words from the courses' own words. (No
# `collate`: it needs the mustache scripts, which the test node lacks.)
SPELLING = {
    "field": "spell",
    "size": 1,
    "gram_size": 1,
    "max_errors": 2,
    "direct_generator": [{"field": "spell", "suggest_mode": "always", "min_word_length": 3}],
}
# Fewer hits than this and the page offers "Did you mean …".
FEW = 3


def exact_clauses(text, locale=""):
    """The phrase, then every word (stemmed, with acronyms). In the English fields, and in
    the translations of `locale` with that language's analyzer."""
    exact = EXACT_FIELDS + _translated(locale, TRANSLATED_EXACT)
    clauses = [
        Q("multi_match", query=text, type="phrase", fields=PHRASE_FIELDS, boost=4),
        Q("multi_match", query=text, type="best_fields", operator="and", fields=exact, boost=2),
        Q("multi_match", query=text, type="cross_fields", operator="and", fields=EXACT_FIELDS),
    ]
    translated = _translated(locale, TRANSLATED_EXACT)
    if translated:
        # Its own clause: cross_fields mixes fields by analyzer, and a Thai word must be
        # found by the Thai analyzer alone.
        clauses += [
            Q(
                "multi_match",
                query=text,
                type="phrase",
                fields=_translated(locale, TRANSLATED_PHRASE),
                boost=4,
            ),
            Q("multi_match", query=text, type="cross_fields", operator="and", fields=translated),
        ]
    return clauses


def text_query(text, locale=""):
    """Phrase first, then every word (stemmed, with acronyms), then the words fuzzily."""
    return Q(
        "bool",
        should=[
            *exact_clauses(text, locale),
            Q(
                "multi_match",
                query=text,
                fields=FUZZY_FIELDS + _translated(locale, TRANSLATED_FUZZY, ".folded"),
                fuzziness="AUTO",
                prefix_length=1,
                operator="and",
                analyzer="folded",
                boost=0.3,
            ),
        ],
        minimum_should_match=1,
    )


def _session_clause(query, now, *, besides=None):
    """One nested clause: a session (not cancelled) meeting the session conditions."""
    conditions = []
    if query.starts_after:
        conditions.append(Q("range", sessions__day={"gte": query.starts_after.isoformat()}))
    if query.starts_before:
        conditions.append(Q("range", sessions__day={"lte": query.starts_before.isoformat()}))
    if query.month and besides != "month":
        conditions.append(Q("terms", sessions__month=list(query.month)))
        conditions.append(Q("range", sessions__ends_at={"gte": now}))
    if query.open and besides != "open":
        conditions.extend(_open_now(now))
    if not conditions:
        return None
    return Q("nested", path="sessions", query=Q("bool", filter=conditions))


def _open_now(now):
    return [
        Q("term", sessions__status="open"),
        Q("range", sessions__opens={"lte": now}),
        Q("range", sessions__closes={"gt": now}),
    ]


def _course_filters(query, *, besides=None):
    return [
        Q("terms", **{FIELDS[name]: list(query.selected(name))})
        for name in COURSE_FACETS
        if name != besides and query.selected(name)
    ]


def _filters(query, now, *, besides=None):
    """Every chosen value as filters, leaving out the facet `besides`."""
    filters = _course_filters(query, besides=besides)
    sessions = _session_clause(query, now, besides=besides)
    if sessions is not None:
        filters.append(sessions)
    return filters


def _bool(filters):
    return Q("bool", filter=filters) if filters else Q("match_all")


def _sort(search, order, now, locale=""):
    upcoming = {
        "path": "sessions",
        "filter": {
            "bool": {
                "filter": [{"range": {"sessions.ends_at": {"gte": now.isoformat()}}}],
            }
        },
    }
    # A–Z as the visitor reads the titles (the translations' where there are).
    title = f"i18n.{locale}.sort" if locale in TRANSLATION_ANALYZERS else "title.sort"
    sorts = {
        "relevance": ["_score", title, "_doc"],
        "title": [title, "_doc"],
        "-title": [{title: "desc"}, "_doc"],
        "newest": [{"published_at": {"order": "desc", "missing": "_last"}}, title],
        "next": [
            {
                "sessions.starts_at": {
                    "order": "asc",
                    "mode": "min",
                    "nested": upcoming,
                    "missing": "_last",
                }
            },
            title,
        ],
    }
    return search.sort(*sorts[order])


def _aggregations(search, query, now):
    for name in COURSE_FACETS:
        agg = A("filter", _bool(_filters(query, now, besides=name)))
        agg.bucket("values", "terms", field=FIELDS[name], size=BUCKETS)
        search.aggs.bucket(name, agg)
    months = A("filter", _bool(_filters(query, now, besides="month")))
    nested = months.bucket("sessions", "nested", path="sessions")
    fitting = [Q("range", sessions__ends_at={"gte": now})]
    clause = _session_clause(query, now, besides="month")
    if clause is not None:
        fitting.append(clause.query)
    nested.bucket("fitting", "filter", Q("bool", filter=fitting)).bucket(
        "values", "terms", field="sessions.month", size=BUCKETS, order={"_key": "asc"}
    ).bucket("courses", "reverse_nested")
    search.aggs.bucket("month", months)
    # Open now, on the same session as the other session conditions.
    open_now = [*_course_filters(query), _session_clause(replace(query, open=True), now)]
    search.aggs.bucket("open", "filter", _bool(open_now))
    return search


def _facets(response, query):
    facets = {}
    for name in COURSE_FACETS:
        counts = {b.key: b.doc_count for b in response.aggregations[name]["values"].buckets}
        values = set(counts) | set(map(str, query.selected(name)))
        facets[name] = facet_options(name, counts, query, facet_labels(name, values))
    months = response.aggregations.month.sessions.fitting["values"].buckets
    counts = {b.key: b.courses.doc_count for b in months}
    values = set(counts) | set(query.month)
    facets["month"] = facet_options("month", counts, query, facet_labels("month", values))
    facets["open"] = [FacetOption("true", "", response.aggregations.open.doc_count, query.open)]
    return facets


def build(query, *, now=None):
    """The request for `query` (a `Search` on the alias)."""
    now = now or timezone.now()
    search = Search(using=client.ALIAS, index=alias_name())
    if query.text:
        search = search.query(text_query(query.text, query.locale))
        highlighted = HIGHLIGHT + tuple(
            f"i18n.{query.locale}.{name}{suffix}"
            for name in ("title", "summary")
            for suffix in ("", ".folded")
            if query.locale in TRANSLATION_ANALYZERS
        )
        for name in highlighted:
            # The phrase, marked as one where it stands whole; else each word.
            words = {name: query.text}
            marked = (Q("match_phrase", **words) | Q("match", **words)).to_dict()
            search = search.highlight(name, **MARKS, encoder="html", highlight_query=marked)
        search = search.suggest("spelling", query.text, phrase=SPELLING)
    filters = _filters(query, now)
    if filters:
        search = search.post_filter(Q("bool", filter=filters))
    search = _aggregations(search, query, now)
    search = _sort(search, query.order, now, query.locale)
    page = min(query.page, MAX_PAGES)
    start = (page - 1) * query.page_size
    search = search.extra(track_total_hits=True, size=query.page_size, _source=False)
    return search.extra(**{"from": start})


def _highlights(hit, locale=""):
    """{"title"|"summary": html} of the English text, and {"translated_title"|
    "translated_summary": html} of the translation in `locale`."""
    found = getattr(hit.meta, "highlight", None)
    if not found:
        return {}
    marked = {}
    for field in ("title", "summary"):
        for variant in (field, f"{field}.folded", f"{field}.th"):
            if variant in found:
                marked[field] = found[variant][0]
                break
        for variant in (f"i18n.{locale}.{field}", f"i18n.{locale}.{field}.folded"):
            if locale and variant in found:
                marked[f"translated_{field}"] = found[variant][0]
                break
    return marked


def _suggestion(response, query, total):
    if total >= FEW or not query.text or "suggest" not in response:
        return ""
    options = response.suggest.spelling[0].options if response.suggest.spelling else []
    best = next((o.text for o in options if o.text.casefold() != query.text.casefold()), "")
    return best


def search(query, *, now=None):
    """`query` answered by Elasticsearch: a `CourseResults`. Raises the client's errors
    (the service falls back to the database on them)."""
    response = build(query, now=now).execute()
    total = response.hits.total.value
    return CourseResults(
        ids=[int(hit.meta.id) for hit in response.hits],
        total=total,
        facets=_facets(response, query),
        page=query.page,
        page_size=query.page_size,
        backend="elasticsearch",
        highlights={int(hit.meta.id): _highlights(hit, query.locale) for hit in response.hits},
        suggestion=_suggestion(response, query, total),
    )


def suggest(prefix, *, limit=8, locale=""):
    """[(id, title)] of the courses whose title words start with the words of `prefix` (in
    English, or in the translation in `locale`)."""
    prefix = prefix.strip()
    if len(prefix) < 2:
        return []
    search = Search(using=client.ALIAS, index=alias_name())
    matches = [Q("match", title__autocomplete={"query": prefix, "operator": "and"})]
    if locale in TRANSLATION_ANALYZERS:
        field = f"i18n.{locale}.title.autocomplete"
        matches.append(Q("match", **{field: {"query": prefix, "operator": "and"}}))
    search = search.query(Q("bool", should=matches, minimum_should_match=1))
    search = search.source(["title"])[:limit]
    return [(int(hit.meta.id), hit.title) for hit in search.execute()]
