"""The public catalogue: filtered, counted, sorted and paginated, without JavaScript; and
the public page of one session."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext_lazy as _

from courses.hooks import render_session_panels
from courses.selectors import public_sessions

from .filters import CatalogueFilter, published_courses
from .selectors import catalogue_facets, course_listing_rows

PAGE_SIZE = 20
# A visitor's session page may sit in shared caches this long (seats left may lag by it).
SESSION_PAGE_MAX_AGE = 60
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
    """One session: dates at the venue, seats, quotas and whether nominations are open now;
    and the panels apps add for the signed-in user (a focal point's places, say)."""
    session = get_object_or_404(public_sessions().prefetch_related("quotas__member"), pk=pk)
    panels = render_session_panels(request, session)
    response = render(
        request,
        "catalogue/session_detail.html",
        {
            "session": session,
            "course": session.course,
            "open_now": session.is_open_for_nominations(timezone.now()),
            "quotas": sorted(session.quotas.all(), key=lambda q: q.member.name),
            "panels": panels,
        },
    )
    # A signed-in user's page names them and may hold their member's numbers: never let a
    # shared cache keep it. A visitor's page is the same for everyone.
    if request.user.is_authenticated or panels:
        add_never_cache_headers(response)
    else:
        patch_cache_control(response, public=True, max_age=SESSION_PAGE_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response
