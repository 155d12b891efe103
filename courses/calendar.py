"""iCalendar (RFC 5545) feeds of sessions, built with the icalendar library.

The bytes depend only on the rows: events in (start, pk) order, one VTIMEZONE per TZID in
name order, DTSTAMP and LAST-MODIFIED taken from the row, never from the clock. So the same
data gives the same feed under any hash seed, and caches can revalidate with ETags.
"""

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass

from icalendar import Calendar, Event, Timezone

from .choices import SessionStatus

PRODID = "-//Training Hub//Bali Process RCTM//EN"
UID_DOMAIN = "traininghub"


def session_uid(session):
    """Stable for the life of the session, whatever is edited."""
    return f"session-{session.pk}@{UID_DOMAIN}"


@functools.lru_cache(maxsize=256)
def _vtimezone(tzid, first_year, last_year):
    return Timezone.from_tzid(
        tzid, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year, 12, 31)
    )


def _description(session):
    course = session.course
    lines = [
        f"{course.title} — {course.centre.title if course.centre else ''}".strip(" —"),
        f"Seats: {session.capacity}; quota per member: {session.default_quota}.",
        "Nominations: "
        f"{session.nominations_open_at.astimezone(session.zone):%d %b %Y %H:%M} to "
        f"{session.nominations_close_at.astimezone(session.zone):%d %b %Y %H:%M} "
        f"({session.time_zone}).",
    ]
    if session.status == SessionStatus.CANCELLED:
        lines.insert(0, "This session is cancelled.")
    return "\n".join(lines)


def _event(session, url_for):
    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", session.sequence)
    cancelled = session.status == SessionStatus.CANCELLED
    event.add("summary", ("Cancelled: " if cancelled else "") + session.course.title)
    event.add("dtstart", session.starts_at.astimezone(session.zone))
    event.add("dtend", session.ends_at.astimezone(session.zone))
    event.add("location", f"{session.venue}, {session.city}")
    event.add("description", _description(session))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("created", session.created_at.astimezone(dt.UTC))
    event.add("dtstamp", session.updated_at.astimezone(dt.UTC))
    event.add("last-modified", session.updated_at.astimezone(dt.UTC))
    if url_for is not None:
        event.add("url", url_for(session))
    return event


def build_calendar(sessions, *, title, url_for=None):
    """The VCALENDAR bytes for `sessions` (with course and centre selected)."""
    sessions = sorted(sessions, key=lambda s: (s.starts_at, s.pk))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", title)
    if sessions:
        first_year = min(s.starts_at.year for s in sessions) - 1
        last_year = max(s.ends_at.year for s in sessions) + 1
        for tzid in sorted({s.time_zone for s in sessions}):
            calendar.add_component(_vtimezone(tzid, first_year, last_year))
    for session in sessions:
        calendar.add_component(_event(session, url_for))
    return calendar.to_ical()


@dataclass(frozen=True)
class Validators:
    """What a client revalidates against: a strong ETag and the latest change."""

    etag: str
    last_modified: dt.datetime | None


def feed_validators(sessions, title):
    """Cheap to compute from the rows, without building the feed."""
    digest = hashlib.sha256(title.encode())
    latest = None
    for session in sorted(sessions, key=lambda s: s.pk):
        digest.update(f"{session.pk}:{session.sequence}:{session.updated_at.isoformat()};".encode())
        latest = session.updated_at if latest is None else max(latest, session.updated_at)
    return Validators(etag=f'"{digest.hexdigest()[:32]}"', last_modified=latest)
