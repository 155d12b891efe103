"""iCalendar (RFC 5545) feeds of sessions.

The bytes depend only on the rows: events in (start, pk) order, one VTIMEZONE per TZID in
name order, DTSTAMP and LAST-MODIFIED taken from the row, never from the clock. So the same
data gives the same feed under any hash seed, and caches can revalidate with ETags.

Events are written here line by line, as the icalendar library would write them (same
properties, order, escaping and folding), at a few microseconds each instead of most of a
millisecond; VTIMEZONE components still come from icalendar. Every free-text value, the
calendar name included, is written as a TEXT value (`text`): a CR, LF or CRLF in a title
becomes the two characters ``\\n``, never a raw line break.

`feed_validators` computes, in two aggregate queries and without reading the rows, a key
that changes whenever the bytes would: the ETag, and the cache key of the built bytes.
"""

import datetime as dt
import functools
import hashlib
import zoneinfo
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Max, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Length
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext_lazy as _
from icalendar import Event, Timezone
from wagtail.models import Page

from .choices import SessionStatus
from .models import CoursePage

PRODID = "-//Training Hub//Bali Process RCTM//EN"
UID_DOMAIN = "traininghub"
# Part of every cache key and ETag: change it whenever the writer's output changes.
FORMAT = "ics-2"

CANCELLED_SUMMARY = _("Cancelled: %(title)s")
CANCELLED_NOTE = _("This session is cancelled.")
SEATS = _("Seats: %(capacity)s; quota per member: %(quota)s.")
NOMINATIONS = _("Nominations: %(opens)s to %(closes)s (%(time_zone)s).")


def session_uid(session):
    """Stable for the life of the session, whatever is edited."""
    return f"session-{session.pk}@{UID_DOMAIN}"


class Row(NamedTuple):
    """What an event is written from: one row of `ROW_FIELDS`."""

    pk: int
    sequence: int
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    venue: str
    city: str
    capacity: int
    default_quota: int
    nominations_open_at: dt.datetime
    nominations_close_at: dt.datetime
    created_at: dt.datetime
    updated_at: dt.datetime
    course_title: str
    centre_title: str | None


ROW_FIELDS = (*Row._fields[:-2], "course__title", "course__centre__title")


def calendar_rows(sessions):
    """The rows of the `sessions` queryset, in feed order, without building model objects."""
    return [
        Row._make(values)
        for values in sessions.order_by("starts_at", "pk").values_list(*ROW_FIELDS)
    ]


def _row(session):
    course = session.course
    centre = course.centre
    return Row(
        *(getattr(session, name) for name in Row._fields[:-2]),
        course.title,
        centre.title if centre is not None else None,
    )


# TEXT values (RFC 5545, 3.3.11): backslash, semicolon and comma are escaped; a line break
# (CRLF, LF or a lone CR) becomes "\n"; other control characters are not allowed and dropped.
_CONTROLS = {code: None for code in [*range(0x20), 0x7F] if code != 0x09}


def text(value):
    """`value` escaped as an iCalendar TEXT value."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    if not value.isprintable():  # a cheap test: most values need nothing more
        value = value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
        if not value.isprintable():
            value = value.translate(_CONTROLS)
    return value


def fold(line):
    """`line` folded at 75 octets (RFC 5545, 3.1), exactly where icalendar folds it: each
    part at most 74 octets, never inside a UTF-8 sequence, nor after a lone backslash."""
    if len(line) <= 74 and (line.isascii() or len(line.encode()) <= 74):
        return line
    data = line.encode()
    parts, start, size = [], 0, len(data)
    while size - start > 74:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # a continuation byte: fold before its character
            end -= 1
        if end - start > 1 and data[end - 1] in b"\\^":  # keep an escape with what it escapes
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode()


def _stamp(value):
    """A UTC DATE-TIME, to the second."""
    v = value.astimezone(dt.UTC)
    return f"{v.year:04}{v.month:02}{v.day:02}T{v.hour:02}{v.minute:02}{v.second:02}Z"


class _Zone(NamedTuple):
    zone: zoneinfo.ZoneInfo
    parameters: str  # ";TZID=..." or ""
    suffix: str  # "" or "Z" (for UTC, which icalendar writes without a TZID)


@functools.lru_cache(maxsize=256)
def _zone(tzid):
    """How icalendar writes a DATE-TIME in `tzid`: asked once per zone, then reused."""
    zone = zoneinfo.ZoneInfo(tzid)
    probe = Event()
    probe.add("dtstart", dt.datetime(2000, 1, 1, tzinfo=zone))
    line = probe.to_ical().decode().split("\r\n")[1]  # DTSTART[;params]:20000101T000000[Z]
    name_and_parameters, _colon, value = line.partition(":")
    return _Zone(zone, name_and_parameters.removeprefix("DTSTART"), value[15:])


@functools.lru_cache(maxsize=256)
def _vtimezone(tzid, first_year, last_year):
    """The VTIMEZONE component's bytes, built by icalendar."""
    return Timezone.from_tzid(
        tzid, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year, 12, 31)
    ).to_ical()


def _local(value, zone):
    v = value.astimezone(zone.zone)
    return f"{v.year:04}{v.month:02}{v.day:02}T{v.hour:02}{v.minute:02}{v.second:02}{zone.suffix}"


def build_calendar(sessions, *, title, url_for=None):
    """The VCALENDAR bytes for `sessions`.

    `sessions` is a Session queryset, `Row`s from `calendar_rows`, or Session objects with
    their course and centre selected. `url_for(pk)` gives a session's URL (optional).
    """
    if isinstance(sessions, QuerySet):
        rows = calendar_rows(sessions)
    else:
        rows = sorted(
            (s if isinstance(s, Row) else _row(s) for s in sessions),
            key=lambda r: (r.starts_at, r.pk),
        )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        fold(f"PRODID:{text(PRODID)}"),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        fold(f"X-WR-CALNAME:{text(str(title))}"),
    ]
    timezones = b""
    if rows:
        first_year = min(r.starts_at.year for r in rows) - 1
        last_year = max(r.ends_at.year for r in rows) + 1
        timezones = b"".join(
            _vtimezone(tzid, first_year, last_year) for tzid in sorted({r.time_zone for r in rows})
        )
    # The translated wording, looked up once per feed rather than once per event.
    cancelled_summary, cancelled_note = str(CANCELLED_SUMMARY), str(CANCELLED_NOTE)
    seats, nominations = str(SEATS), str(NOMINATIONS)
    months = [""] + [str(MONTHS_3[m]).title() for m in range(1, 13)]

    def wall(value, zone):  # "%d %b %Y %H:%M", with the month in the active language
        v = value.astimezone(zone)
        return f"{v.day:02} {months[v.month]} {v.year:04} {v.hour:02}:{v.minute:02}"

    newline = "\n"
    events = []
    add = events.append
    for r in rows:
        zone = _zone(r.time_zone)
        cancelled = r.status == SessionStatus.CANCELLED
        summary = cancelled_summary % {"title": r.course_title} if cancelled else r.course_title
        description = [
            f"{r.course_title} — {r.centre_title or ''}".strip(" —"),
            seats % {"capacity": r.capacity, "quota": r.default_quota},
            nominations
            % {
                "opens": wall(r.nominations_open_at, zone.zone),
                "closes": wall(r.nominations_close_at, zone.zone),
                "time_zone": r.time_zone,
            },
        ]
        if cancelled:
            description.insert(0, cancelled_note)
        updated = _stamp(r.updated_at)
        add("BEGIN:VEVENT")
        add(fold(f"SUMMARY:{text(summary)}"))
        add(fold(f"DTSTART{zone.parameters}:{_local(r.starts_at, zone)}"))
        add(fold(f"DTEND{zone.parameters}:{_local(r.ends_at, zone)}"))
        add(f"DTSTAMP:{updated}")
        add(fold(f"UID:{session_uid(r)}"))
        add(f"SEQUENCE:{r.sequence}")
        add(f"CREATED:{_stamp(r.created_at)}")
        add(fold(f"DESCRIPTION:{text(newline.join(description))}"))
        add(f"LAST-MODIFIED:{updated}")
        add(fold(f"LOCATION:{text(f'{r.venue}, {r.city}')}"))
        add("STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED")
        add("TRANSP:OPAQUE")
        if url_for is not None:
            add(fold(f"URL:{url_for(r.pk)}"))
        add("END:VEVENT")
    events.append("END:VCALENDAR\r\n")
    head = "\r\n".join(lines).encode() + b"\r\n"
    return head + timezones + "\r\n".join(events).encode()


@dataclass(frozen=True)
class Validators:
    """What a client revalidates against: a strong ETag and the latest change; `key` names
    the built bytes in a cache (it changes whenever they would)."""

    etag: str
    last_modified: dt.datetime | None
    key: str


def _scalar(queryset, aggregate):
    """`aggregate` over the whole of `queryset`, as a scalar subquery."""
    return Subquery(
        queryset.order_by()
        .annotate(everything=Value(1))
        .values("everything")
        .annotate(value=aggregate)
        .values("value")
    )


def feed_validators(sessions, title, *, context=(), edits=None):
    """The validators of the feed of `sessions` (a queryset), from two aggregate queries.

    They cover what the bytes are made of:

    - which sessions: their count and the sum of their primary keys, which change when
      a session is added or deleted, or enters or leaves the feed by its filters (dates,
      open now), a publication or a view restriction;
    - their edits: the latest `updated_at`, set by every save. Over `edits` when given,
      a superset of `sessions` (all sessions, for a large feed: one sequential scan costs
      less than reaching each row through an index; an edit elsewhere costs a rebuild);
    - the course and centre titles and placement the events show, over the whole page
      tree: the latest publication, the sum of title lengths, the sum of course centres;
      so publishing any page changes every feed's key (a rebuild, never a stale feed);
    - `title`, `context` (what else the caller's bytes depend on) and the writer's FORMAT.

    Not seen: rows changed by a queryset `update()` that leaves `updated_at` alone.
    """
    state = sessions.order_by().aggregate(
        count=Count("pk"),
        ids=Sum("pk"),
        **({"edited": Max("updated_at")} if edits is None else {}),
    )
    # Small tables, plus a subquery evaluated once: a cheap second query, kept out of the
    # aggregate above, where each would be an extra step for every session.
    state |= Page.objects.order_by().aggregate(
        published=Max("last_published_at"),
        titles=Sum(Length("title")),
        placement=Max(_scalar(CoursePage.objects.all(), Sum("centre_id"))),
        **({} if edits is None else {"edited": Max(_scalar(edits, Max("updated_at")))}),
    )
    material = repr((FORMAT, str(title), tuple(context), sorted(state.items())))
    digest = hashlib.sha256(material.encode()).hexdigest()
    changes = [value for value in (state["edited"], state["published"]) if value is not None]
    return Validators(
        etag=f'"{digest[:32]}"',
        last_modified=max(changes) if changes else None,
        key=f"calendar-feed:{digest}",
    )
