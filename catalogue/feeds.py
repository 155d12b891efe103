"""Calendar feeds: one session, one course, one centre, or any filtered catalogue view.

Each request first computes the feed's validators from two aggregate queries, without
reading the sessions (see `courses.calendar.feed_validators`); it answers 304 when the
client has those bytes already, else serves the bytes the cache keeps under the validators'
key, and builds them only when that key is not there (TRAINING_HUB_FEED_CACHE_SECONDS).
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from courses.calendar import build_calendar, calendar_rows, feed_validators
from courses.models import CentrePage, CoursePage, Session
from courses.selectors import public_sessions

from .filters import CatalogueFilter

CATALOGUE_TITLE = _("Training Hub catalogue")
# Any number: reversed once per response, then replaced by each session's primary key.
_PK_PLACEHOLDER = 9_876_543_210


def _session_urls(request):
    """`url_for(pk)`: the absolute URL of a session's page, without one `reverse` each."""
    head, tail = request.build_absolute_uri(
        reverse("session_detail", args=[_PK_PLACEHOLDER])
    ).rsplit(str(_PK_PLACEHOLDER), 1)
    return lambda pk: f"{head}{pk}{tail}"


def _respond(request, sessions, *, title, filename, edits=None):
    """The feed of the `sessions` queryset: 304, cached bytes, or bytes built now."""
    title = str(title)
    url_for = _session_urls(request)
    # What else the bytes depend on: the session URLs (scheme, host) and the language.
    context = (url_for(0), get_language())
    validators = feed_validators(sessions, title, context=context, edits=edits)
    last_modified = int(validators.last_modified.timestamp()) if validators.last_modified else None
    not_modified = get_conditional_response(
        request, etag=validators.etag, last_modified=last_modified
    )
    if not_modified is not None:
        return not_modified

    timeout = settings.TRAINING_HUB_FEED_CACHE_SECONDS
    body = cache.get(validators.key) if timeout else None
    if body is None:
        body = build_calendar(calendar_rows(sessions), title=title, url_for=url_for)
        if timeout:
            cache.set(validators.key, body, timeout)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    response["ETag"] = validators.etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=300"
    return response


def session_feed(request, pk):
    session = get_object_or_404(public_sessions(), pk=pk)
    return _respond(
        request,
        public_sessions().filter(pk=pk),
        title=session.course.title,
        filename=f"session-{pk}",
    )


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
    if not request.GET:
        sessions = public_sessions()  # the whole catalogue, with one subquery less
    else:
        # The listing's courses without its `next_start` annotation, a join over every
        # session that each request would pay for: the feed filters on them, never sorts.
        filterset = CatalogueFilter(request.GET, queryset=CoursePage.objects.published())
        if not filterset.is_valid():
            sessions = public_sessions().none()  # unknown values match nothing, as on the page
        else:
            sessions = filterset.matching_sessions(public_sessions())
    # Up to every session: their latest edit is cheaper to find over the whole table.
    return _respond(
        request, sessions, title=CATALOGUE_TITLE, filename="catalogue", edits=Session.objects.all()
    )
