"""Calendar invitations sent with nomination e-mails: METHOD:REQUEST on acceptance (and when
the session moves), METHOD:CANCEL when the place goes or the session is cancelled.

Every invitation of a session carries its stable UID (`courses.calendar.session_uid`, the
public feeds' too) and its SEQUENCE, so a calendar updates or removes the event it already
holds. SEQUENCE is the session's own, for a CANCEL as well: a higher one would make the
calendar ignore a later invitation to the same session (the official nominated again).
"""

from datetime import UTC, datetime

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

from courses.calendar import PRODID, session_uid

REQUEST, CANCEL = "REQUEST", "CANCEL"


def invitation(session, *, email, name, method, now=None):
    """The iCalendar bytes of one session for one attendee, times in the venue's zone."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", now or datetime.now(UTC))
    event.add("dtstart", session.starts_at.astimezone(session.zone))
    event.add("dtend", session.ends_at.astimezone(session.zone))
    event.add("summary", session.course.title)
    event.add("location", f"{session.venue}, {session.city}")
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.TRAINING_HUB_ORGANIZER_EMAIL}")
    organizer.params["cn"] = vText(session.course.centre.title)
    event["organizer"] = organizer
    attendee = vCalAddress(f"mailto:{email}")
    attendee.params["cn"] = vText(name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION" if method == REQUEST else "DECLINED")
    event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    calendar.add_missing_timezones()  # the VTIMEZONE that DTSTART's TZID names (RFC 5545)
    return calendar.to_ical()
