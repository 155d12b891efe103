"""Calendar feeds: one session, one course, one centre, or any filtered catalogue view."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from courses.calendar import build_calendar, feed_validators
from courses.models import CentrePage, CoursePage
from courses.selectors import public_sessions

from .filters import CatalogueFilter, published_courses


def _respond(request, sessions, *, title, filename):
    sessions = list(sessions)
    validators = feed_validators(sessions, title)
    last_modified = int(validators.last_modified.timestamp()) if validators.last_modified else None
    not_modified = get_conditional_response(
        request, etag=validators.etag, last_modified=last_modified
    )
    if not_modified is not None:
        return not_modified

    def url_for(session):
        return request.build_absolute_uri(reverse("session_detail", args=[session.pk]))

    response = HttpResponse(
        build_calendar(sessions, title=title, url_for=url_for),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    response["ETag"] = validators.etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=300"
    return response


def session_feed(request, pk):
    session = get_object_or_404(public_sessions(), pk=pk)
    return _respond(request, [session], title=session.course.title, filename=f"session-{pk}")


def course_feed(request, page_id):
    course = get_object_or_404(CoursePage.objects.published(), pk=page_id)
    return _respond(
        request,
        public_sessions().filter(course=course),
        title=course.title,
        filename=f"course-{page_id}",
    )


def centre_feed(request, page_id):
    centre = get_object_or_404(CentrePage.objects.published(), pk=page_id)
    return _respond(
        request,
        public_sessions().filter(course__centre=centre),
        title=centre.title,
        filename=f"centre-{page_id}",
    )


def catalogue_feed(request):
    """The sessions of a catalogue view: same parameters as /catalogue/."""
    filterset = CatalogueFilter(request.GET, queryset=published_courses())
    if not filterset.is_valid():
        sessions = public_sessions().none()  # unknown values match nothing, as on the page
    else:
        sessions = filterset.matching_sessions(public_sessions())
    return _respond(request, sessions, title="Training Hub catalogue", filename="catalogue")
