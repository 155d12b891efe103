"""Loads the demo catalogue of `catalogue.toml` through the courses services. Safe to run twice.

Only what is missing is created, found by stable keys: centres, curricula and courses by slug,
a session by its course and start. Nothing that exists is changed.
"""

import datetime as dt
import re
import tomllib
import zoneinfo
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.choices import DeliveryMode
from courses.models import (
    CentrePage,
    CoursePage,
    CurriculumPage,
    Language,
    Module,
    Session,
    SessionQuota,
    Topic,
)
from courses.services import centre_create, course_create, curriculum_create, session_save
from training_hub.localization import in_default_locale
from training_hub.models import Member

CATALOGUE = Path(__file__).with_name("catalogue.toml")
# Sessions run from 09:00 on their first day to 17:00 on their last, at the venue; nominations
# open at 09:00 and close at 17:00.
DAY_STARTS, DAY_ENDS = dt.time(9), dt.time(17)
RELATIVE_DAY = re.compile(r"([+-])(\d+)d")
MALFORMED_DAY = _('%(where)s: %(value)r is not a day relative to the load day, such as "+45d".')


class DemoCatalogueError(ValueError):
    """`catalogue.toml` holds a value the loader cannot use."""


def relative_day(value, *, today, where):
    """The day `value` ("+45d", "-40d") falls on counted from `today`; `where` names the entry."""
    match = RELATIVE_DAY.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise DemoCatalogueError(MALFORMED_DAY % {"where": where, "value": value})
    days = int(match[2])
    return today + dt.timedelta(days=days if match[1] == "+" else -days)


def _read():
    with CATALOGUE.open("rb") as handle:
        return tomllib.load(handle)


def load_demo_centres(*, user):
    """Create the missing demo centres as `user` (the RSO); returns every centre by slug."""
    catalogue = _read()
    defaults = catalogue["defaults"]
    members = {m.code: m for m in Member.objects.all()}
    for entry in catalogue["centres"]:
        slug = entry["slug"]
        if CentrePage.objects.sources().filter(slug=slug).exists():
            continue
        centre_create(
            user=user,
            title=entry["title"],
            slug=slug,
            acronym=entry["acronym"],
            country=members[entry["member"]],
            city=entry["city"],
            time_zone=entry["time_zone"],
            description=f"<p>{entry['description']}</p>",
            contact_name=defaults["centre_contact"],
            contact_email=f"training@{slug}.example.org",
            contact_phone=defaults["centre_phone"],
            website=f"https://{slug}.example.org/",
        )
    return {centre.slug: centre for centre in CentrePage.objects.sources()}


def _load_curricula(entries, *, user):
    for entry in entries:
        if CurriculumPage.objects.sources().filter(slug=entry["slug"]).exists():
            continue
        curriculum_create(
            user=user,
            title=entry["title"],
            slug=entry["slug"],
            acronym=entry["acronym"],
            summary=entry["summary"],
            modules=[
                {
                    "code": module["code"],
                    "title": module["title"],
                    "learning_outcomes": "\n".join(module["learning_outcomes"]),
                    "hours": Decimal(str(module["hours"])),
                    "prerequisites": ", ".join(module.get("prerequisites", [])),
                    "audience": module["audience"],
                    "level": module["level"],
                }
                for module in entry["modules"]
            ],
        )


def _each(model, field, keys):
    """The `model` rows whose `field` is each of `keys`, in order; a missing key raises KeyError."""
    rows = model.objects.filter(**{f"{field}__in": keys})
    if any(f.name == "locale" for f in model._meta.get_fields()):
        rows = rows.filter(in_default_locale())  # the English rows, not their translations
    found = {getattr(row, field): row for row in rows}
    return [found[key] for key in keys]


def _load_course(entry, *, defaults, user, centres):
    course = CoursePage.objects.sources().filter(slug=entry["slug"]).first()
    if course is not None:
        return course
    cost = entry.get("cost")
    return course_create(
        user=user,
        centre=centres[entry["centre"]],
        title=entry["title"],
        slug=entry["slug"],
        summary=entry["summary"],
        # The page prints the summary above the description: never repeat it there.
        description=f"<p>{entry['description']}</p>" if entry.get("description") else "",
        theme=entry["theme"],
        level=entry["level"],
        delivery_mode=entry["mode"],
        duration_days=entry["days"],
        audience=defaults["course_audience"],
        eligibility=defaults["course_eligibility"],
        cost_per_participant=None if cost is None else Decimal(str(cost)),
        contact_name=defaults["course_contact"],
        contact_email=f"courses@{entry['centre']}.example.org",
        languages=_each(Language, "code", entry["languages"]),
        topics=_each(Topic, "slug", entry["topics"]),
        modules=_each(Module, "code", entry.get("modules", [])),
    )


def _at(plan, key, time, *, today, zone, where):
    day = relative_day(plan[key], today=today, where=f"{where}, {key}")
    return dt.datetime.combine(day, time, zone)


def _load_sessions(entry, *, course, venue, user, today):
    """Create the missing sessions of one course entry; returns how many were created."""
    centre = course.centre
    zone = zoneinfo.ZoneInfo(centre.time_zone)
    created = 0
    for number, plan in enumerate(entry.get("sessions", []), start=1):
        where = f"{CATALOGUE.name}: course {entry['slug']!r}, session {number}"
        starts_at = _at(plan, "start", DAY_STARTS, today=today, zone=zone, where=where)
        opens = _at(plan, "nominations_open", DAY_STARTS, today=today, zone=zone, where=where)
        closes = _at(plan, "nominations_close", DAY_ENDS, today=today, zone=zone, where=where)
        if Session.objects.filter(course=course, starts_at=starts_at).exists():
            continue
        last_day = starts_at.date() + dt.timedelta(days=course.duration_days - 1)
        session = Session(
            course=course,
            starts_at=starts_at,
            ends_at=dt.datetime.combine(last_day, DAY_ENDS, zone),
            time_zone=centre.time_zone,
            venue=venue,
            city=centre.city,
            capacity=plan["capacity"],
            default_quota=plan["default_quota"],
            nominations_open_at=opens,
            nominations_close_at=closes,
            status=plan["status"],
            # `funding` is no longer typed: coordination.py allocates pledges to match it.
        )
        quotas = plan.get("quotas", {})
        session.quotas = [
            SessionQuota(member=member, seats=quotas[member.code])
            for member in _each(Member, "code", list(quotas))
        ]
        session_save(session=session, user=user)
        created += 1
    return created


@transaction.atomic
def load_demo_catalogue(*, user, today=None):
    """Create what is missing of the demo catalogue; returns the number of new sessions.

    `user` must hold the RSO scope: everything is written through the courses services, as in
    the admin. Relative dates count from `today` (the local date unless given). A malformed
    date raises `DemoCatalogueError` naming its entry, and nothing of this load is kept.
    """
    today = today or timezone.localdate()
    catalogue = _read()
    defaults = catalogue["defaults"]
    venues = {entry["slug"]: entry["venue"] for entry in catalogue["centres"]}
    centres = load_demo_centres(user=user)
    _load_curricula(catalogue["curricula"], user=user)
    created = 0
    for entry in catalogue["courses"]:
        course = _load_course(entry, defaults=defaults, user=user, centres=centres)
        online = course.delivery_mode == DeliveryMode.ONLINE
        venue = defaults["online_venue"] if online else venues[course.centre.slug]
        created += _load_sessions(entry, course=course, venue=venue, user=user, today=today)
    return created
