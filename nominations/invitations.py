"""Calendar invitations sent with nomination e-mails: METHOD:REQUEST on acceptance, and
METHOD:CANCEL when the place goes, with the session's stable UID so calendars update the
event they already hold."""

from datetime import UTC, datetime

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

from courses.calendar import PRODID, session_uid

REQUEST, CANCEL = "REQUEST", "CANCEL"


def invitation(session, *, email, name, method):
    """The iCalendar bytes of one session for one attendee."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", session.sequence + (1 if method == CANCEL else 0))
    event.add("dtstamp", datetime.now(UTC))
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
    return calendar.to_ical()
