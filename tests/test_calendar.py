"""iCalendar feeds, checked with two independent parsers (vobject, ics) and by the bytes."""

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import icalendar
import ics
import pytest
import vobject
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from catalogue import feeds
from courses.calendar import build_calendar
from courses.choices import SessionStatus
from courses.models import CentrePage, CoursePage, Session
from courses.services import session_save
from tests.factories import make_centre, make_course, make_session

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _empty_feed_cache():
    # Keys name the feeds' content, so nothing could leak between tests; emptied anyway so
    # that each test sees its own first build.
    feeds.clear_feed_cache()


@pytest.fixture
def world(jclec, jeju, rso):
    sydney = make_centre(acronym="AFP", country="AU", city="Canberra", time_zone="Australia/Sydney")
    fiji = make_centre(acronym="PTC", country="FJ", city="Suva", time_zone="Pacific/Fiji")
    protection = make_course(jclec, title="Protection screening", theme="protection")
    border = make_course(jeju, title="Border induction", theme="early_detection")
    liaison = make_course(sydney, title="Liaison officers", theme="migration_management")
    pacific = make_course(fiji, title="Pacific returns", theme="prevention")
    draft = make_course(jclec, title="Unpublished draft", publish=False)
    sessions = {
        "jakarta": make_session(protection, tz="Asia/Jakarta"),
        "seoul": make_session(border, tz="Asia/Seoul", city="Jeju"),
        # Across the change to daylight saving time in Sydney (first Sunday of October).
        "sydney": make_session(
            liaison, tz="Australia/Sydney", city="Canberra", start=dt.date(2027, 9, 29), days=7
        ),
        "fiji": make_session(pacific, tz="Pacific/Fiji", city="Suva"),
        "cancelled": make_session(
            protection, tz="Asia/Jakarta", start=dt.date.today() + dt.timedelta(days=120)
        ),
        "draft": make_session(draft, tz="Asia/Jakarta"),
    }
    cancelled = sessions["cancelled"]
    cancelled.status = SessionStatus.CANCELLED
    session_save(session=cancelled, user=rso)
    return {
        "sessions": sessions,
        "courses": [protection, border, liaison, pacific, draft],
        "centres": [jclec, jeju, sydney, fiji],
    }


def _feed_urls(world):
    s, c = world["sessions"], world["courses"]
    return (
        [
            f"/calendar/sessions/{s[k].pk}.ics"
            for k in ("jakarta", "seoul", "sydney", "fiji", "cancelled")
        ]
        + [f"/calendar/courses/{course.pk}.ics" for course in c[:4]]
        + [f"/calendar/centres/{centre.pk}.ics" for centre in world["centres"]]
        + ["/calendar/catalogue.ics", "/calendar/catalogue.ics?theme=protection"]
    )


def _check_feed(raw: bytes):
    """What every feed must satisfy, whatever its content."""
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
    text = raw.decode()
    calendar = vobject.readOne(text, validate=True)
    parsed = ics.Calendar(text)
    events = list(getattr(calendar, "vevent_list", []))
    uids = [event.uid.value for event in events]
    assert len(uids) == len(set(uids))
    assert len(parsed.events) == len(events)
    for event in events:
        assert event.dtend.value > event.dtstart.value
    used = set(re.findall(r"TZID=([^:;]+)", text))
    declared = {tz.tzid.value for tz in getattr(calendar, "vtimezone_list", [])}
    assert used <= declared
    return calendar, events


def test_every_feed_parses_and_is_well_formed(client, world):
    for url in _feed_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/calendar")
        _check_feed(response.content)


def test_times_are_wall_clock_at_the_venue_with_its_zone(client, world):
    raw = client.get(f"/calendar/sessions/{world['sessions']['sydney'].pk}.ics").content.decode()
    assert "DTSTART;TZID=Australia/Sydney:20270929T090000" in raw
    assert "DTEND;TZID=Australia/Sydney:20271005T170000" in raw
    calendar = vobject.readOne(raw)
    start, end = calendar.vevent.dtstart.value, calendar.vevent.dtend.value
    assert start.utcoffset() == dt.timedelta(hours=10)  # AEST
    assert end.utcoffset() == dt.timedelta(hours=11)  # AEDT after the change


def test_cancelled_sessions_stay_with_status_cancelled(client, world):
    cancelled = world["sessions"]["cancelled"]
    course = world["courses"][0]
    _, events = _check_feed(client.get(f"/calendar/courses/{course.pk}.ics").content)
    by_uid = {e.uid.value: e for e in events}
    assert by_uid[f"session-{cancelled.pk}@traininghub"].status.value == "CANCELLED"


def test_unpublished_courses_never_appear(client, world):
    draft_session = world["sessions"]["draft"]
    raw = client.get("/calendar/catalogue.ics").content.decode()
    assert f"session-{draft_session.pk}@" not in raw
    assert client.get(f"/calendar/sessions/{draft_session.pk}.ics").status_code == 404
    assert client.get(f"/calendar/courses/{world['courses'][4].pk}.ics").status_code == 404


def test_filtered_feed_matches_the_catalogue_filter(client, world):
    _, events = _check_feed(client.get("/calendar/catalogue.ics?theme=protection").content)
    summaries = {e.summary.value.removeprefix("Cancelled: ") for e in events}
    assert summaries == {"Protection screening"}


def test_unknown_filter_value_gives_an_empty_valid_calendar(client, world):
    response = client.get("/calendar/catalogue.ics?theme=astrology")
    assert response.status_code == 200
    _, events = _check_feed(response.content)
    assert events == []


def test_a_date_change_reaches_subscribers_as_an_update(client, world, rso):
    session = world["sessions"]["jakarta"]
    url = f"/calendar/sessions/{session.pk}.ics"
    before = vobject.readOne(client.get(url).content.decode()).vevent
    session.starts_at += dt.timedelta(days=7)
    session.ends_at += dt.timedelta(days=7)
    session_save(session=session, user=rso)
    after = vobject.readOne(client.get(url).content.decode()).vevent
    assert after.uid.value == before.uid.value
    assert int(after.sequence.value) == int(before.sequence.value) + 1
    assert after.dtstart.value - before.dtstart.value == dt.timedelta(days=7)
    assert after.last_modified.value >= before.last_modified.value


def test_revalidation_returns_304_until_something_changes(client, world, rso):
    url = f"/calendar/courses/{world['courses'][0].pk}.ics"
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    session = world["sessions"]["jakarta"]
    session.venue = "Another hall"
    session_save(session=session, user=rso)
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_dtstamp_and_last_modified_are_the_rows_updated_at(client, world):
    # A past instant, to the microsecond: a DTSTAMP taken from the clock cannot match it.
    edited = dt.datetime(2026, 2, 1, 8, 30, 15, 654321, tzinfo=dt.UTC)
    Session.objects.update(updated_at=edited)
    raw = client.get("/calendar/catalogue.ics").content
    _, events = _check_feed(raw)
    assert len(events) == 5
    for event in events:
        assert event.dtstamp.value == edited.replace(microsecond=0)
        assert event.last_modified.value == edited.replace(microsecond=0)
    sessions = Session.objects.public().with_course()
    assert build_calendar(sessions, title="Again") == build_calendar(sessions, title="Again")


SCRIPT = """
import hashlib, os, sys, datetime as dt
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.core.management import call_command
from django.test.utils import setup_test_environment
setup_test_environment()
call_command("migrate", verbosity=0)
from tests.factories import make_centre, make_course, make_session, make_user
from courses.calendar import build_calendar
from courses.models import Session
from django.utils import timezone
zones = ["Asia/Jakarta", "Asia/Seoul", "Australia/Sydney", "Pacific/Fiji", "Asia/Colombo"]
for i, zone in enumerate(zones):
    centre = make_centre(acronym=f"C{i}", time_zone=zone)
    course = make_course(centre, title=f"Course {i}")
    for k in range(3):
        make_session(course, tz=zone, start=dt.date(2027, 1, 10) + dt.timedelta(days=40 * k + i))
Session.objects.update(created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                       updated_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
sessions = Session.objects.select_related("course", "course__centre")
print(hashlib.sha256(build_calendar(sessions, title="Seeds")).hexdigest())
"""


def _hash_with_seed(seed):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ELASTICSEARCH_URL")}
    env.update(
        PYTHONHASHSEED=str(seed),
        DJANGO_SETTINGS_MODULE="training_hub.settings.test",
        DATABASE_URL="sqlite://:memory:",
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.django_db(transaction=False)
def test_bytes_do_not_depend_on_the_hash_seed():
    first, second = _hash_with_seed(1), _hash_with_seed(2)
    assert len(first) == len(hashlib.sha256().hexdigest())
    assert first == second


def test_cancelled_session_stays_in_a_date_filtered_feed(client, world):
    cancelled = world["sessions"]["cancelled"]
    day = cancelled.local_start.date()
    url = f"/calendar/catalogue.ics?starts_after={day}&starts_before={day}"
    raw = client.get(url).content.decode()
    assert f"session-{cancelled.pk}@" in raw and "STATUS:CANCELLED" in raw


# Titles with line breaks: refused on save now (`validate_single_line`), but rows written
# before that validator, or by a queryset update, may still hold them.
COURSE_TITLE = "Protection\r\nscreening; phase 1, part\r2\nfinal \\ step"
CENTRE_TITLE = "Jakarta Centre\rfor Law Enforcement, Cooperation\n(JCLEC)\r\n"


def _as_read(value):
    """What a TEXT value reads back as: every line break (CRLF, CR, LF) is a newline."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _plain(raw: bytes):
    """The content lines' bytes with the CRLF line endings (and folds) taken out."""
    return raw.replace(b"\r\n ", b"").replace(b"\r\n", b"")


def test_titles_with_line_breaks_are_written_as_text_values(client, world):
    course, centre = world["courses"][0], world["centres"][0]
    CoursePage.objects.filter(pk=course.pk).update(title=COURSE_TITLE)
    CentrePage.objects.filter(pk=centre.pk).update(title=CENTRE_TITLE)
    session = world["sessions"]["jakarta"]
    names = {
        f"/calendar/courses/{course.pk}.ics": COURSE_TITLE,
        f"/calendar/sessions/{session.pk}.ics": COURSE_TITLE,
        f"/calendar/centres/{centre.pk}.ics": CENTRE_TITLE,
        "/calendar/catalogue.ics": "Training Hub catalogue",
    }
    for url, name in names.items():
        response = client.get(url)
        assert response.status_code == 200, url
        raw = response.content
        assert b"\r" not in _plain(raw) and b"\n" not in _plain(raw), url
        calendar, events = _check_feed(raw)
        assert calendar.x_wr_calname.value == _as_read(name)
        by_uid = {e.uid.value: e for e in events}
        event = by_uid[f"session-{session.pk}@traininghub"]
        assert event.summary.value == _as_read(COURSE_TITLE)
        assert event.description.value.startswith(
            f"{_as_read(COURSE_TITLE)} — {_as_read(CENTRE_TITLE)}".strip(" —")
        )
        parsed = icalendar.Calendar.from_ical(raw)
        summaries = {str(e["SUMMARY"]) for e in parsed.walk("VEVENT")}
        assert _as_read(COURSE_TITLE) in summaries


@pytest.mark.parametrize(
    "title",
    [
        "Carriage\rreturn",
        "Line\nfeed",
        "Both\r\nat once\r\n",
        "Semi; colon, comma",
        "Back\\slash and \\N, \\n, \\; kept as typed",
        "Tab\tkept, other controls\x0b\x00 dropped",
        "Long " + "é字😀;\\," * 30,
    ],
)
def test_any_title_is_escaped_and_folded_as_text(world, title):
    sessions = [world["sessions"]["jakarta"], world["sessions"]["fiji"]]
    for session in sessions:
        session.course.title = title  # in memory: the validator would refuse it on save
        session.venue = title
    raw = build_calendar(sessions, title=title)
    assert b"\r" not in _plain(raw) and b"\n" not in _plain(raw)
    calendar, events = _check_feed(raw)
    expected = _as_read(title).replace("\x0b", "").replace("\x00", "")
    assert calendar.x_wr_calname.value == expected
    assert [e.summary.value for e in events] == [expected, expected]
    assert {e.location.value for e in events} == {f"{expected}, Semarang", f"{expected}, Suva"}
    parsed = icalendar.Calendar.from_ical(raw)
    assert [str(e["SUMMARY"]) for e in parsed.walk("VEVENT")] == [expected, expected]


def _icalendar_event(session, url):
    """The event as the icalendar library writes it: the writer must match it byte for byte."""
    event = icalendar.Event()
    cancelled = session.status == SessionStatus.CANCELLED
    course, zone, utc = session.course, session.zone, dt.UTC
    when = "%d %b %Y %H:%M"
    lines = [
        f"{course.title} — {course.centre.title if course.centre else ''}".strip(" —"),
        f"Seats: {session.capacity}; quota per member: {session.default_quota}.",
        f"Nominations: {session.nominations_open_at.astimezone(zone).strftime(when)} to "
        f"{session.nominations_close_at.astimezone(zone).strftime(when)} ({session.time_zone}).",
    ]
    if cancelled:
        lines.insert(0, "This session is cancelled.")
    for name, value in [
        ("uid", f"session-{session.pk}@traininghub"),
        ("sequence", session.sequence),
        ("summary", ("Cancelled: " if cancelled else "") + course.title),
        ("dtstart", session.starts_at.astimezone(zone)),
        ("dtend", session.ends_at.astimezone(zone)),
        ("location", f"{session.venue}, {session.city}"),
        ("description", "\n".join(lines)),
        ("status", "CANCELLED" if cancelled else "CONFIRMED"),
        ("transp", "OPAQUE"),
        ("created", session.created_at.astimezone(utc)),
        ("dtstamp", session.updated_at.astimezone(utc)),
        ("last-modified", session.updated_at.astimezone(utc)),
        ("url", url),
    ]:
        event.add(name, value)
    return event.to_ical()


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "UTC", "America/St_Johns"])
def test_events_are_written_as_the_icalendar_library_writes_them(world, zone):
    session = world["sessions"]["cancelled"]
    session.time_zone = zone
    # Folds fall inside multi-byte characters and right after a backslash.
    for n in range(0, 80, 7):
        session.course.title = "x" * n + "é字😀\\;," * 12
        session.venue = "\\" * n + "Hall"
        url = f"https://example.org/sessions/{session.pk}/"
        raw = build_calendar([session], title="T", url_for=lambda pk, url=url: url)
        event = raw[raw.index(b"BEGIN:VEVENT") : raw.index(b"END:VCALENDAR")]
        assert event == _icalendar_event(session, url)


def _feed_urls_of(world):
    course, centre = world["courses"][0], world["centres"][0]
    return [
        "/calendar/catalogue.ics",
        f"/calendar/courses/{course.pk}.ics",
        f"/calendar/centres/{centre.pk}.ics",
    ]


def test_a_repeated_request_is_served_from_the_cache(client, world, monkeypatch):
    urls = _feed_urls_of(world)
    first = {url: client.get(url) for url in urls}

    def build_again(*args, **kwargs):
        raise AssertionError("the feed was built again")

    monkeypatch.setattr(feeds, "build_calendar", build_again)
    monkeypatch.setattr(feeds, "calendar_rows", build_again)
    queries = {}
    for url in urls:
        with CaptureQueriesContext(connection) as warm:
            again = client.get(url)
        assert again.status_code == 200
        assert again.content == first[url].content and again["ETag"] == first[url]["ETag"]
        with CaptureQueriesContext(connection) as revalidated:
            assert client.get(url, HTTP_IF_NONE_MATCH=first[url]["ETag"]).status_code == 304
        # The view restrictions (Wagtail reads them for each `published()`), the page
        # for a course or centre feed, and the two aggregate queries; never a session row.
        assert len(warm) == len(revalidated) <= 5, url
        assert not any("venue" in query["sql"] for query in warm.captured_queries)
        queries[url] = len(warm)
    assert queries["/calendar/catalogue.ics"] <= 3  # restrictions and the two aggregates


def test_another_process_is_served_from_the_shared_cache(client, world, monkeypatch):
    url = "/calendar/catalogue.ics"
    first = client.get(url)
    feeds._recent.clear()  # as in another worker: only Django's cache has the bytes
    monkeypatch.setattr(feeds, "build_calendar", lambda *a, **k: b"built again")
    assert client.get(url).content == first.content
    assert feeds._recent.get(next(iter(feeds._recent._feeds))) == first.content


def test_the_process_keeps_feeds_within_its_byte_budget():
    recent = feeds._RecentFeeds(max_bytes=10)
    recent.put("a", b"1234")
    recent.put("b", b"5678")
    recent.get("a")  # used last: "b" goes first
    recent.put("c", b"90ab")
    assert recent.get("b") is None and recent.get("a") == b"1234" and recent.get("c") == b"90ab"
    recent.put("huge", b"x" * 11)
    assert recent.get("huge") is None


def test_the_cache_keeps_hosts_apart_and_can_be_turned_off(client, world, settings):
    session = world["sessions"]["jakarta"]
    url = f"/calendar/sessions/{session.pk}.ics"
    assert b"URL:http://testserver/sessions/" in client.get(url).content
    other = client.get(url, HTTP_HOST="localhost")
    assert b"URL:http://localhost/sessions/" in other.content
    settings.TRAINING_HUB_FEED_CACHE_SECONDS = 0
    feeds.clear_feed_cache()
    client.get(url)
    assert cache.get(feeds.feed_validators(Session.objects.filter(pk=session.pk), "x").key) is None
    assert not cache._cache  # nothing kept at all


def _changes(client, urls, before):
    """Each feed again: a new ETag and new bytes, and the old ETag gets the new bytes."""
    after = {}
    for url in urls:
        response = client.get(url, HTTP_IF_NONE_MATCH=before[url]["ETag"])
        assert response.status_code == 200, url
        assert response["ETag"] != before[url]["ETag"], url
        assert response.content != before[url].content, url
        _check_feed(response.content)
        after[url] = response
    return after


def _event_of(response, session):
    _, events = _check_feed(response.content)
    return {e.uid.value: e for e in events}[f"session-{session.pk}@traininghub"]


def test_edits_change_the_etag_and_the_body(client, world, rso):
    urls = _feed_urls_of(world)
    session = world["sessions"]["jakarta"]
    course, centre = world["courses"][0], world["centres"][0]
    before = {url: client.get(url) for url in urls}

    session.venue = "Another hall"
    session_save(session=session, user=rso)
    before = _changes(client, urls, before)
    assert all(
        _event_of(before[url], session).location.value.startswith("Another hall") for url in urls
    )

    course.title = "Protection screening, revised"
    course.save_revision(user=rso).publish(user=rso)
    before = _changes(client, urls, before)
    for url in urls:
        assert _event_of(before[url], session).summary.value == "Protection screening, revised"
    assert vobject.readOne(before[urls[1]].content.decode()).x_wr_calname.value == course.title

    assert centre.title == "Centre JCLEC"
    centre.title = "JCLEC centre"  # as long as before: only its publication tells
    centre.save_revision(user=rso).publish(user=rso)
    before = _changes(client, urls, before)
    assert "— JCLEC centre" in _event_of(before[urls[0]], session).description.value


def test_a_course_moved_to_another_centre_shows_its_new_centre(client, world, rso):
    course, jeju = world["courses"][0], world["centres"][1]
    session = world["sessions"]["jakarta"]
    url = f"/calendar/courses/{course.pk}.ics"
    before = client.get(url)
    course.move(jeju, pos="last-child", user=rso)
    after = _changes(client, [url], {url: before})[url]
    assert f"— {jeju.title}" in _event_of(after, session).description.value


def test_a_view_restriction_takes_the_course_out_of_the_feeds(client, world):
    course, session = world["courses"][0], world["sessions"]["jakarta"]
    url = "/calendar/catalogue.ics"
    before = client.get(url)
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.LOGIN
    )
    after = _changes(client, [url], {url: before})[url]
    assert f"session-{session.pk}@".encode() not in after.content
    restriction.delete()
    again = _changes(client, [url], {url: after})[url]
    assert again.content == before.content and again["ETag"] == before["ETag"]


def test_open_now_follows_the_clock_without_any_edit(client, world, monkeypatch):
    from django.utils import timezone

    url = "/calendar/catalogue.ics?open=true"
    session = world["sessions"]["jakarta"]
    before = client.get(url)
    assert f"session-{session.pk}@".encode() in before.content
    later = session.nominations_close_at + dt.timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    after = _changes(client, [url], {url: before})[url]
    assert f"session-{session.pk}@".encode() not in after.content


def test_a_title_fixed_without_publishing_changes_the_feed(client, world):
    course, session = world["courses"][0], world["sessions"]["jakarta"]
    url = "/calendar/catalogue.ics"  # its own name stays: only the event shows the title
    before = client.get(url)
    course.title = "Protection screening (fixed in place)"
    course.save(update_fields=["title"])  # a data fix: no revision, no publication
    after = _changes(client, [url], {url: before})[url]
    assert _event_of(after, session).summary.value == course.title
