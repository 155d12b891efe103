"""The one place that decides who answers a catalogue search: Elasticsearch when
`ELASTICSEARCH_URL` is set and the node answers, the database otherwise. Views, the API and
the feeds call these functions and never know which backend answered, beyond the results'
`backend` and `simplified`.

A node that fails or times out is not asked again for `DOWN_SECONDS`, so that a dead node
costs one slow request, not every request.
"""

import logging
import time

from django.conf import settings
from elasticsearch import ApiError, TransportError

from . import client
from .backends import database, elastic
from .version import catalogue_changed, catalogue_version  # noqa: F401 (the API)

logger = logging.getLogger(__name__)

DOWN_SECONDS = 30
_down_until = 0.0


def elasticsearch_enabled():
    return bool(settings.ELASTICSEARCH_URL)


def _usable():
    return elasticsearch_enabled() and time.monotonic() >= _down_until


def _failed(error):
    global _down_until
    _down_until = time.monotonic() + DOWN_SECONDS
    logger.warning("Elasticsearch failed; the database answers for %ss: %s", DOWN_SECONDS, error)


def search(query, *, now=None):
    """One page of courses for `query` (a `CourseQuery`), with facets: a `CourseResults`."""
    if _usable():
        try:
            client.connect()
            return elastic.search(query, now=now)
        except (ApiError, TransportError) as error:
            _failed(error)
    results = database.search(query, now=now)
    results.simplified = True
    return results


def suggest(prefix, *, locale=""):
    """[(course id, title)] to offer as the user types (titles in English, or translated
    into `locale`, match)."""
    if _usable():
        try:
            client.connect()
            return elastic.suggest(prefix, locale=locale)
        except (ApiError, TransportError) as error:
            _failed(error)
    return database.suggest(prefix, locale=locale)


def matching_sessions(sessions, query, *, now=None):
    """The `sessions` (a queryset) of the courses matching `query`'s text and course
    filters that meet its session conditions, for the calendar feeds and the API: read from
    the database, which is complete and exact. A cancelled session is kept when its dates
    fit, even when its course has no other session then (feeds carry cancellations)."""
    courses = database.matching_ids(query.without_session_conditions(), now=now)
    sessions = sessions.filter(course__in=courses)
    if not query.has_session_conditions():
        return sessions
    kept = database.sessions_matching(sessions, query, now=now)
    return sessions.filter(pk__in=[session.pk for session in kept])


def health():
    """{"backend": ..., "status": ...} for /healthz: which backend answers searches now."""
    if not elasticsearch_enabled():
        return {"backend": "database", "status": "ok"}
    try:
        state = client.connect().cluster.health()["status"]
    except (ApiError, TransportError) as error:
        _failed(error)
        return {"backend": "database", "status": "elasticsearch unreachable"}
    return {"backend": "elasticsearch", "status": state}


def empty_results():
    """What the page shows for a query it could not read: no course, facets at zero."""
    return database.empty_results()
