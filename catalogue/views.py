"""The public catalogue: filtered, counted, sorted and paginated, without JavaScript; and
the public page of one session."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.selectors import public_sessions

from .filters import CatalogueFilter, published_courses
from .selectors import catalogue_facets, course_listing_rows

PAGE_SIZE = 20
INVALID_FILTER = _("Some filter values are not known; no course matches them.")


def catalogue(request):
    filterset = CatalogueFilter(request.GET, queryset=published_courses())
    valid = filterset.is_valid()
    courses = filterset.qs if valid else published_courses().none()
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "valid": valid,
        "invalid_message": INVALID_FILTER,
        "page": page,
        "rows": course_listing_rows(page.object_list),
        "facets": catalogue_facets(courses),
        "query": query.urlencode(),
        "selected": {key: request.GET.getlist(key) for key in request.GET},
    }
    return render(request, "catalogue/catalogue.html", context)


def session_detail(request, pk):
    """One session: dates at the venue, seats, quotas and whether nominations are open now."""
    session = get_object_or_404(public_sessions().prefetch_related("quotas__member"), pk=pk)
    return render(
        request,
        "catalogue/session_detail.html",
        {
            "session": session,
            "course": session.course,
            "open_now": session.is_open_for_nominations(timezone.now()),
            "quotas": sorted(session.quotas.all(), key=lambda q: q.member.name),
        },
    )
