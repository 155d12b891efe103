"""Read-only JSON API of the public catalogue (django-ninja, OpenAPI at /api/openapi.json).

List endpoints take the catalogue page's filters; an unknown value matches nothing (an empty
page, never an error). Times carry the venue's UTC offset: wall-clock times at the venue.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.openapi.docs import Swagger
from ninja.pagination import PageNumberPagination, paginate

from courses.choices import SessionStatus
from courses.selectors import public_sessions
from search import services as search_services
from search.query import MAX_PAGES

from .filters import CatalogueFilter, published_courses
from .selectors import course_listing_rows

api = NinjaAPI(
    title="Training Hub API",
    version="1",
    description="Published courses and sessions of the Bali Process training catalogue.",
    urls_namespace="api",
    # Swagger UI from django-ninja's bundled static files ("ninja" is an installed app), and
    # no badge from validator.swagger.io: the docs page loads nothing from another host.
    docs=Swagger(settings={"validatorUrl": None}),
)

# The widest integer a database column holds (64-bit): a larger id is a 422 from validation,
# never an OverflowError from the database driver.
DB_INT_MIN, DB_INT_MAX = -(2**63), 2**63 - 1
Id = Annotated[int, Field(ge=DB_INT_MIN, le=DB_INT_MAX)]
# Pages are counted so that page x page_size stays a database integer too.
MAX_PAGE = 2**31 - 1


class Pagination(PageNumberPagination):
    """Pages of 50 by default, at most 200."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int = Field(50, ge=1, le=200)

    def paginate_queryset(self, queryset, pagination, **params):
        self.page_size = pagination.page_size
        return super().paginate_queryset(queryset, pagination, **params)


class CentreOut(Schema):
    id: int
    title: str
    acronym: str
    country: str = Field(..., alias="country.code")
    city: str
    time_zone: str


class ModuleOut(Schema):
    code: str
    title: str
    hours: Decimal


class SessionBrief(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    city: str
    status: str

    @staticmethod
    def resolve_starts_at(session):
        return session.local_start

    @staticmethod
    def resolve_ends_at(session):
        return session.local_end


class CourseOut(Schema):
    id: int
    title: str
    summary: str
    theme: str
    level: str
    delivery_mode: str
    duration_days: int
    centre: CentreOut
    url: str

    @staticmethod
    def resolve_url(course, context):
        return context["request"].build_absolute_uri(course.url or "/")


class CourseDetail(CourseOut):
    audience: str
    eligibility: str
    cost_per_participant: Decimal | None
    currency: str
    topics: list[str]
    languages: list[str]
    modules: list[ModuleOut]
    upcoming_sessions: list[SessionBrief]

    @staticmethod
    def resolve_topics(course):
        return [topic.slug for topic in course.topics.all()]

    @staticmethod
    def resolve_languages(course):
        return [language.code for language in course.languages.all()]

    @staticmethod
    def resolve_modules(course):
        return [item.module for item in course.course_modules.all()]


class SessionOut(SessionBrief):
    course_id: int
    course_title: str = Field(..., alias="course.title")
    centre: str = Field(..., alias="course.centre.title")
    venue: str
    capacity: int
    default_quota: int
    quotas: dict[str, int]
    nominations_open_at: dt.datetime
    nominations_close_at: dt.datetime
    funding_status: str
    is_open_for_nominations: bool

    @staticmethod
    def resolve_nominations_open_at(session):
        return session.nominations_open_at.astimezone(session.zone)

    @staticmethod
    def resolve_nominations_close_at(session):
        return session.nominations_close_at.astimezone(session.zone)

    @staticmethod
    def resolve_quotas(session):
        return {quota.member.code: quota.seats for quota in session.quotas.all()}

    @staticmethod
    def resolve_is_open_for_nominations(session):
        return session.is_open_for_nominations()


class CourseFilters(Schema):
    """The catalogue page's filters (documented here; read from the query string)."""

    q: str | None = Field(None, description="Words to search for (as on the catalogue page)")
    month: list[str] = Field(default_factory=list, description="YYYY-MM of an upcoming session")
    sort: str | None = Field(None, description="relevance, next, title, -title or newest")
    theme: list[str] = Field(default_factory=list)
    topic: list[str] = Field(default_factory=list)
    centre: list[str] = Field(default_factory=list, description="Centre page slug")
    country: list[str] = Field(default_factory=list, description="Member ISO code")
    language: list[str] = Field(default_factory=list, description="ISO 639-1 code")
    mode: list[str] = Field(default_factory=list)
    level: list[str] = Field(default_factory=list)
    starts_after: str | None = Field(None, description="YYYY-MM-DD")
    starts_before: str | None = Field(None, description="YYYY-MM-DD")
    open: bool | None = Field(None, description="Has a session open for nominations now")


class SessionFilters(CourseFilters):
    course: Id | None = None
    status: list[str] = Field(default_factory=list)


def _filterset(request):
    """The catalogue's filterset for this query, or None when a value is unknown."""
    filterset = CatalogueFilter(request.GET, queryset=published_courses())
    return filterset if filterset.is_valid() else None


class CourseList(Schema):
    count: int
    items: list[CourseOut]


@api.get("/courses", response=CourseList, tags=["courses"])
def list_courses(request, filters: Query[CourseFilters], page: Query[Pagination.Input]):
    """Published courses matching `q` and the filters, from the catalogue's search service:
    by relevance when `q` is given, else by title unless `sort` says otherwise. Pages past
    the search's last served page are empty."""
    filterset = _filterset(request)
    if filterset is None:
        return {"count": 0, "items": []}
    query = filterset.course_query(page=page.page, page_size=page.page_size)
    if query.page > MAX_PAGES:
        return {"count": 0, "items": []}
    results = search_services.search(query)
    return {"count": results.total, "items": course_listing_rows(results.ids)}


@api.get("/courses/{course_id}", response=CourseDetail, tags=["courses"])
def get_course(request, course_id: Path[Id]):
    course = get_object_or_404(
        published_courses().prefetch_related("topics", "languages", "course_modules__module"),
        pk=course_id,
    )
    course.upcoming_sessions = list(
        public_sessions().filter(course=course, ends_at__gte=timezone.now()).order_by("starts_at")
    )
    return course


@api.get("/sessions", response=list[SessionOut], tags=["sessions"])
@paginate(Pagination)
def list_sessions(request, filters: Query[SessionFilters]):
    """Sessions of published courses, by start date."""
    filterset = _filterset(request)
    statuses = set(filters.status)
    if filterset is None or not statuses <= set(SessionStatus.values):
        return public_sessions().none()
    query = filterset.course_query()
    sessions = search_services.matching_sessions(public_sessions(), query)
    if filters.course is not None:
        sessions = sessions.filter(course_id=filters.course)
    if statuses:
        sessions = sessions.filter(status__in=statuses)
    return sessions.order_by("starts_at", "pk").prefetch_related("quotas__member")


@api.get("/sessions/{session_id}", response=SessionOut, tags=["sessions"])
def get_session(request, session_id: Path[Id]):
    return get_object_or_404(public_sessions().prefetch_related("quotas__member"), pk=session_id)
