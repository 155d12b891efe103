"""The public catalogue: filtered, counted, sorted and paginated, without JavaScript."""

from django.core.paginator import Paginator
from django.shortcuts import render

from .filters import CatalogueFilter, published_courses
from .selectors import catalogue_facets, course_listing_rows

PAGE_SIZE = 20
INVALID_FILTER = "Some filter values are not known; no course matches them."


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
