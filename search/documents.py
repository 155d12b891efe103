"""The course index: one document per live, public course, with what its sessions add, in
an explicit strict mapping (elasticsearch-dsl), and the analysis it needs.

Text fields are analysed for English (stemmed, with the field's acronyms as search-time
synonyms), with sub-fields for Thai, Bahasa Indonesia and ASCII folding (Vietnamese typed
without diacritics), and the title has an autocomplete sub-field with its own search
analyzer. Every analysis component has the name and settings of Elasticsearch's own
analysis-common module, so the same settings work on the official image and on the test
node (whose plugin registers them: search/analysis/).
"""

from elasticsearch_dsl import (
    Boolean,
    Date,
    Document,
    Float,
    InnerDoc,
    Integer,
    Keyword,
    MetaField,
    Nested,
    Object,
    Text,
)

from .client import index_name

# The name searches use: an alias, switched atomically by `manage.py search_rebuild`.
ALIAS = "courses"


def analysis(synonym_rules):
    """The index's analysis settings; `synonym_rules` are Solr-format acronym rules."""
    return {
        "filter": {
            "english_possessive": {"type": "stemmer", "language": "possessive_english"},
            "english_stop": {"type": "stop", "stopwords": "_english_"},
            "english_stemmer": {"type": "stemmer", "language": "english"},
            "indonesian_stop": {"type": "stop", "stopwords": "_indonesian_"},
            "indonesian_stemmer": {"type": "stemmer", "language": "indonesian"},
            "thai_stop": {"type": "stop", "stopwords": "_thai_"},
            "folding": {"type": "asciifolding", "preserve_original": False},
            "autocomplete_grams": {"type": "edge_ngram", "min_gram": 2, "max_gram": 20},
            # Search time only: a change of the acronyms needs no reindex.
            "acronyms": {"type": "synonym_graph", "synonyms": list(synonym_rules)},
        },
        "analyzer": {
            "english_text": _custom(
                "standard",
                ["english_possessive", "lowercase", "folding", "english_stop", "english_stemmer"],
            ),
            "english_search": _custom(
                "standard",
                [
                    "english_possessive",
                    "lowercase",
                    "folding",
                    "acronyms",
                    "english_stop",
                    "english_stemmer",
                ],
            ),
            "thai_text": _custom("thai", ["lowercase", "thai_stop"]),
            "indonesian_text": _custom(
                "standard", ["lowercase", "indonesian_stop", "indonesian_stemmer"]
            ),
            # Vietnamese: words are syllables between spaces; the diacritics are kept (a
            # "folded" sub-field finds them typed without).
            "vietnamese_text": _custom("standard", ["lowercase"]),
            "folded": _custom("standard", ["lowercase", "folding"]),
            "autocomplete": _custom("standard", ["lowercase", "folding", "autocomplete_grams"]),
        },
        "normalizer": {"sortable": {"type": "custom", "filter": ["lowercase", "folding"]}},
    }


def _custom(tokenizer, filters):
    return {"type": "custom", "tokenizer": tokenizer, "filter": filters}


def _prose(**extra):
    """A text field in English, with its Thai, Indonesian and folded sub-fields."""
    fields = {
        "th": Text(analyzer="thai_text"),
        "id": Text(analyzer="indonesian_text"),
        "folded": Text(analyzer="folded"),
        **extra,
    }
    return Text(
        analyzer="english_text", search_analyzer="english_search", fields=fields, copy_to="spell"
    )


# The analyzer of each language content is translated into: a visitor's query searches the
# translations of their own language with it (search/backends/elastic.py).
TRANSLATION_ANALYZERS = {"th": "thai_text", "id": "indonesian_text", "vi": "vietnamese_text"}


def _translated_text(analyzer, **extra):
    return Text(analyzer=analyzer, fields={"folded": Text(analyzer="folded"), **extra})


def _translation(analyzer):
    """What a course says in one language: its translation's texts, its modules' and topics'
    translations, and the title a visitor of that language reads (for sorting)."""
    return Object(
        properties={
            "title": _translated_text(
                analyzer, autocomplete=Text(analyzer="autocomplete", search_analyzer="folded")
            ),
            "summary": _translated_text(analyzer),
            "body": _translated_text(analyzer),
            "modules": _translated_text(analyzer),
            "outcomes": _translated_text(analyzer),
            "topic_names": _translated_text(analyzer),
            # The translated title, or the English one: A–Z as that visitor reads it.
            "sort": Keyword(normalizer="sortable"),
        }
    )


class SessionEntry(InnerDoc):
    """One session of the course (not cancelled): what the date and open filters read."""

    starts_at = Date()
    ends_at = Date()
    day = Date(format="yyyy-MM-dd")  # the first day, at the venue
    month = Keyword()  # "YYYY-MM" of that day
    status = Keyword()
    opens = Date()
    closes = Date()


class CourseDocument(Document):
    title = _prose(
        autocomplete=Text(analyzer="autocomplete", search_analyzer="folded"),
        sort=Keyword(normalizer="sortable"),
    )
    summary = _prose()
    body = _prose()  # description, audience, eligibility
    modules = _prose()  # module codes and titles
    outcomes = _prose()  # the modules' learning outcomes
    topic_names = _prose()
    places = Text(analyzer="folded", copy_to="spell")  # centre, acronym, cities, country
    spell = Text(analyzer="folded")  # what "Did you mean" suggests from
    theme = Keyword()
    topic = Keyword()
    level = Keyword()
    mode = Keyword()
    language = Keyword()
    centre = Keyword()
    country = Keyword()
    module_codes = Keyword()
    cost = Float()
    duration_days = Integer()
    published_at = Date()
    has_upcoming = Boolean()
    sessions = Nested(SessionEntry)
    i18n = Object(
        properties={
            code: _translation(analyzer) for code, analyzer in TRANSLATION_ANALYZERS.items()
        }
    )

    class Meta:
        dynamic = MetaField("strict")

    class Index:
        name = None  # set per concrete index (see `indexing`)


def alias_name():
    return index_name(ALIAS)
