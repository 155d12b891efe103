"""The public catalogue: filtered, counted, sorted and paginated, without JavaScript; and
the public page of one session."""

import hashlib
from dataclasses import replace

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from courses.hooks import render_session_panels
from courses.models import CoursePage
from courses.selectors import public_sessions
from search import services as search_services
from search.query import MAX_PAGES, MAX_TEXT, SORTS, CourseQuery
from training_hub.localization import content_language, localize

from .cards import course_cards
from .filters import CatalogueFilter
from .selectors import course_listing_rows

# A visitor's session page may sit in shared caches this long (seats left may lag by it).
SESSION_PAGE_MAX_AGE = 60
INVALID_FILTER = _("Some filter values are not known; no course matches them.")
SIMPLIFIED = _(
    "Search is simplified for now: every word must appear as typed, and acronyms are "
    "expanded, but misspellings are not corrected and matches are not highlighted."
)
CAPPED = _(
    "Only the first %(pages)s pages are shown. Add a word or a filter to narrow the results."
)
TEXT_CUT = _("Your search was long: only its first %(length)s characters were used.")


def _page_number(value):
    try:
        return max(1, int(value or 1))
    except (TypeError, ValueError):
        return 1


def catalogue(request):
    """The discovery page. Anonymous visitors' pages are kept for
    TRAINING_HUB_CATALOGUE_CACHE_SECONDS (60; as the session pages may sit in shared
    caches), and any change of the catalogue builds them again at once (see
    `search.services.catalogue_version`)."""
    seconds = settings.TRAINING_HUB_CATALOGUE_CACHE_SECONDS
    if not seconds or request.user.is_authenticated or request.COOKIES.get("messages"):
        return _catalogue(request)
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    key = f"catalogue:{search_services.catalogue_version()}:{get_language()}:{digest}"
    body = cache.get(key)
    if body is None:
        response = _catalogue(request)
        if response.status_code == 200:
            cache.set(key, response.content, seconds)
    else:
        response = HttpResponse(body)
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


def _catalogue(request):
    """The discovery page: the query string validated by the FilterSet, answered by the
    search service (Elasticsearch or the database), shown the same either way."""
    filterset = CatalogueFilter(request.GET, queryset=CoursePage.objects.none())
    valid = filterset.is_valid()
    if valid:
        query = filterset.course_query(page=_page_number(request.GET.get("page")))
        results = search_services.search(query)
        if results.total and query.page > results.num_pages:  # past the end: the last page
            query = replace(query, page=results.num_pages)
            results = search_services.search(query)
    else:
        query = CourseQuery()
        results = search_services.empty_results()
    asked = " ".join(request.GET.get("q", "").split())
    kept = request.GET.copy()
    kept.pop("page", None)
    suggestion_query = kept.copy()
    suggestion_query["q"] = results.suggestion
    context = {
        "filter": filterset,
        "valid": valid,
        "invalid_message": INVALID_FILTER,
        "query": query,
        "results": results,
        "cards": course_cards(course_listing_rows(results.ids, results.highlights), request),
        "facets": results.facets,
        "query_string": kept.urlencode(),
        "suggestion_url": "?" + suggestion_query.urlencode() if results.suggestion else "",
        "selected": {key: request.GET.getlist(key) for key in request.GET},
        "sorts": list(SORTS.items()),
        "notices": [
            str(message)
            for message, show in (
                (SIMPLIFIED, results.simplified and query.text),
                (CAPPED % {"pages": MAX_PAGES}, results.capped),
                (TEXT_CUT % {"length": MAX_TEXT}, len(asked) > MAX_TEXT),
            )
            if show
        ],
    }
    return render(request, "catalogue/catalogue.html", context)


def suggest(request):
    """Titles to offer as the user types in a search box (JSON, for the autocomplete)."""
    prefix = " ".join(request.GET.get("q", "").split())[:MAX_TEXT]
    titles = search_services.suggest(prefix, locale=content_language())
    pages = localize(CoursePage.objects.live().sources().filter(pk__in=[pk for pk, _t in titles]))
    by_id = {page.pk: page for page in pages}
    # The title the visitor reads (the translation's, where there is one), and the page in
    # their language.
    items = [
        {"title": by_id[pk].localized.title, "url": by_id[pk].url}
        for pk, _title in titles
        if pk in by_id
    ]
    response = JsonResponse({"q": prefix, "results": items})
    patch_cache_control(response, public=True, max_age=60)
    return response


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
