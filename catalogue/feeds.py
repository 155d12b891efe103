"""Calendar feeds: one session, one course, one centre, or any filtered catalogue view.

Each request first computes the feed's validators from two aggregate queries, without
reading the sessions (see `courses.calendar.feed_validators`); it answers 304 when the
client has those bytes already, else serves the bytes the cache keeps under the validators'
key, and builds them only when that key is not there (TRAINING_HUB_FEED_CACHE_SECONDS).
"""

import threading
from collections import OrderedDict

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
from search import services as search_services

from .filters import CatalogueFilter

CATALOGUE_TITLE = _("Training Hub catalogue")
# Any number: reversed once per response, then replaced by each session's primary key.
_PK_PLACEHOLDER = 9_876_543_210


class _RecentFeeds:
    """The last few feeds built or fetched by this process, by validators' key, bounded in
    bytes. Django's cache pickles every value (a 26 MB copy per hit for the whole catalogue);
    this keeps the same bytes object, so a warm request copies nothing."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self._feeds = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            body = self._feeds.get(key)
            if body is not None:
                self._feeds.move_to_end(key)
            return body

    def clear(self):
        with self._lock:
            self._feeds.clear()

    def put(self, key, body):
        if len(body) > self.max_bytes:
            return
        with self._lock:
            self._feeds[key] = body
            self._feeds.move_to_end(key)
            while sum(map(len, self._feeds.values())) > self.max_bytes:
                self._feeds.popitem(last=False)


_recent = _RecentFeeds(max_bytes=64 * 1024 * 1024)


def clear_feed_cache():
    """Forget every built feed (benchmarks measure cold builds with it)."""
    _recent.clear()
    cache.clear()


def _cached_body(key, build, timeout):
    """The feed's bytes: from this process, from Django's cache, or built now."""
    if not timeout:
        return build()
    body = _recent.get(key)
    if body is None:
        body = cache.get(key)
        if body is None:
            body = build()
            cache.set(key, body, timeout)
        _recent.put(key, body)
    return body


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

    body = _cached_body(
        validators.key,
        lambda: build_calendar(calendar_rows(sessions), title=title, url_for=url_for),
        settings.TRAINING_HUB_FEED_CACHE_SECONDS,
    )
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
        filterset = CatalogueFilter(request.GET, queryset=CoursePage.objects.none())
        if not filterset.is_valid():
            sessions = public_sessions().none()  # unknown values match nothing, as on the page
        else:
            query = filterset.course_query()
            sessions = search_services.matching_sessions(public_sessions(), query)
    # Up to every session: their latest edit is cheaper to find over the whole table.
    return _respond(
        request, sessions, title=CATALOGUE_TITLE, filename="catalogue", edits=Session.objects.all()
    )
