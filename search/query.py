"""What a catalogue search asks and what it answers, whichever backend answers it.

The catalogue's FilterSet validates the query string into a `CourseQuery`; `services.search`
hands it to Elasticsearch or to the database and gets a `CourseResults` back, so views and
templates never know which one answered.
"""

import datetime as dt
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_lazy as _

PAGE_SIZE = 20
# Deep pages: the first MAX_PAGES pages are served, and the page says so past them.
MAX_PAGES = 50
# The longest query text that is searched; the rest is ignored (and the page says so).
MAX_TEXT = 200

# Course-level facets: the query-string name, and the course attribute each counts.
COURSE_FACETS = ("theme", "topic", "centre", "country", "language", "mode", "level")
# Session-level facets: held by one and the same session, with the date range.
SESSION_FACETS = ("month", "open")
FACETS = COURSE_FACETS + SESSION_FACETS

SORTS = {
    "relevance": _("Best match"),
    "next": _("Next session first"),
    "title": _("Title A–Z"),
    "-title": _("Title Z–A"),
    "newest": _("Newest first"),
}


@dataclass(frozen=True)
class CourseQuery:
    """A validated catalogue search. Facet values are tuples of the query string's values;
    within a facet they are alternatives (OR), across facets they all hold (AND)."""

    text: str = ""
    theme: tuple = ()
    topic: tuple = ()
    centre: tuple = ()
    country: tuple = ()
    language: tuple = ()
    mode: tuple = ()
    level: tuple = ()
    month: tuple = ()  # "YYYY-MM": a session starting in that month
    open: bool = False  # a session open for nominations now
    starts_after: dt.date | None = None
    starts_before: dt.date | None = None
    sort: str = ""  # empty: relevance with a text, else title
    page: int = 1
    page_size: int = PAGE_SIZE
    # The visitor's content language ("th", "id", "vi"; empty: English): its translations
    # are searched with its analyzer, and titles sort as the visitor reads them.
    locale: str = ""

    @property
    def order(self):
        if self.sort in SORTS and not (self.sort == "relevance" and not self.text):
            return self.sort
        return "relevance" if self.text else "title"

    def selected(self, name):
        """The values chosen for the facet `name` (a tuple; `open` as (True,) or ())."""
        value = getattr(self, name)
        if name == "open":
            return (True,) if value else ()
        return value

    def without_session_conditions(self):
        return replace(self, month=(), open=False, starts_after=None, starts_before=None)

    def has_session_conditions(self, *, besides=None):
        """Whether any session-level condition is asked (leaving out facet `besides`)."""
        return bool(
            self.starts_after
            or self.starts_before
            or (self.month and besides != "month")
            or (self.open and besides != "open")
        )


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class CourseResults:
    """One page of matching course ids, in order, with what the page shows around them."""

    ids: list
    total: int
    facets: dict  # facet name -> [FacetOption]
    page: int
    page_size: int
    backend: str  # "elasticsearch" or "database"
    # Answered by the database because Elasticsearch is not configured or failed: no
    # typo tolerance, no highlights or suggestions.
    simplified: bool = False
    # course id -> {"title": html, "summary": html}, and "translated_title" and
    # "translated_summary" from the translation in the query's locale.
    highlights: dict = field(default_factory=dict)
    suggestion: str = ""  # "Did you mean …" text, when the query found little

    @property
    def num_pages(self):
        return max(1, min(MAX_PAGES, -(-self.total // self.page_size)))

    @property
    def capped(self):
        """More results than the pages served: the page says to narrow the search."""
        return self.total > MAX_PAGES * self.page_size

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.num_pages
