"""Loads the demo funding and matching of `coordination.toml` through the services, after
the nominations: exchange rates, donors, pledges in three currencies, the sessions'
funding that `catalogue.toml` names, more training needs, and the RSO's matches (linked,
funded, partly funded; some needs stay uncovered). Safe to run twice."""

import tomllib
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from courses.models import CentrePage, CoursePage, CurriculumPage, Session
from nominations import earmarks
from nominations.choices import NeedStatus
from nominations.models import Allocation, Donor, ExchangeRate, Pledge, TrainingNeed
from nominations.services import (
    allocation_create,
    donor_create,
    need_link,
    pledge_create,
    rate_record,
)
from nominations.services.funding import curricula_of_course
from training_hub.models import Member

from .catalogue import CATALOGUE, relative_day
from .catalogue import _read as read_catalogue
from .nominations import NEED_KEYS, _load_needs

COORDINATION = Path(__file__).with_name("coordination.toml")


def _read():
    with COORDINATION.open("rb") as handle:
        return tomllib.load(handle)


def _rates(entries, *, user, today):
    for entry in entries:
        day = relative_day(entry["valid"], today=today, where=f"{COORDINATION.name}: rate")
        pair = {"currency": entry["currency"], "quote_currency": entry["quote_currency"]}
        if not ExchangeRate.objects.filter(valid_on=day, **pair).exists():
            rate_record(user=user, rate=entry["rate"], valid_on=day, **pair)


def _donors(entries, *, user):
    donors = {}
    for entry in entries:
        if "member" in entry:
            member = Member.objects.get(code=entry["member"])
            donor = Donor.objects.filter(member=member).first() or donor_create(
                user=user, kind=Donor.Kind.MEMBER, member=member
            )
        else:
            donor = Donor.objects.filter(name=entry["name"]).first() or donor_create(
                user=user, kind=Donor.Kind.ORGANISATION, name=entry["name"]
            )
        donors[entry["key"]] = donor
    return donors


def _pledges(entries, *, donors, user, today):
    pledges = {}
    for entry in entries:
        where = f"{COORDINATION.name}: pledge {entry['key']}"
        pledge = Pledge.objects.filter(title=entry["title"]).first()
        if pledge is None:
            pledge = pledge_create(
                user=user,
                donor=donors[entry["donor"]],
                title=entry["title"],
                amount=entry["amount"],
                currency=entry["currency"],
                starts_on=relative_day(entry["from"], today=today, where=where),
                ends_on=relative_day(entry["until"], today=today, where=where),
                themes=entry.get("themes", []),
                members=list(Member.objects.filter(code__in=entry.get("members", []))),
                centres=list(CentrePage.objects.filter(slug__in=entry.get("centres", []))),
                curricula=list(CurriculumPage.objects.filter(slug__in=entry.get("curricula", []))),
            )
        pledges[entry["key"]] = pledge
    return pledges


def _fitting(pledges, session):
    """The pledges whose earmarks and period fit `session`, in the file's order."""
    target = earmarks.target_of_session(session, curricula_of_course(session.course_id))
    day = session.local_start.date()
    return [
        pledge
        for pledge in pledges.values()
        if pledge.covers_day(day) and not earmarks.misfits(list(pledge.earmarks.all()), target)
    ]


def _session_funding(*, pledges, user, today):
    """Each session that catalogue.toml calls funded or partly funded gets its seats (all or
    half) from the first pledge that fits; the ones nothing fits stay as they are."""
    for entry in read_catalogue()["courses"]:
        course = CoursePage.objects.filter(slug=entry["slug"]).select_related("centre").first()
        if course is None or not course.cost_per_participant:
            continue
        for plan in entry.get("sessions", []):
            if plan.get("funding") not in ("funded", "partial"):
                continue
            where = f"{CATALOGUE.name}: {entry['slug']}"
            day = relative_day(plan["start"], today=today, where=where)
            session = _session_on(course, day)
            if session is None or session.status == "cancelled" or session.allocations.exists():
                continue
            participants = (
                session.capacity if plan["funding"] == "funded" else session.capacity // 2
            )
            for pledge in _fitting(pledges, session) if participants else []:
                try:
                    allocation_create(
                        user=user, pledge=pledge, session=session, participants=participants
                    )
                except ValidationError:
                    continue  # not enough left of this pledge: the next one may do
                break


def _session_on(course, day):
    for session in Session.objects.filter(course=course).select_related("course"):
        if session.local_start.date() == day:
            return session
    return None


def _matches(entries, *, pledges, user, today):
    for entry in entries:
        need = TrainingNeed.objects.filter(
            submission_key=uuid.uuid5(NEED_KEYS, entry["need"])
        ).first()
        if need is None or need.matched_session_id or need.matched_course_id:
            continue
        if need.status not in (NeedStatus.OPEN, NeedStatus.MATCHED):
            continue
        course = CoursePage.objects.get(slug=entry["course"])
        if entry.get("schedule"):
            need_link(user=user, need=need, course=course)
        else:
            session = (
                Session.objects.public()
                .upcoming()
                .filter(course=course, starts_at__gt=timezone.now())
                .order_by("starts_at")
                .first()
            )
            need = need_link(user=user, need=need, session=session)
        if "pledge" in entry:
            allocation_create(
                user=user,
                pledge=pledges[entry["pledge"]],
                need=need,
                participants=entry["participants"],
            )


@transaction.atomic
def load_demo_coordination(*, user, today=None):
    """Create what is missing of the demo funding and matching (`user`: the RSO)."""
    today = today or timezone.localdate()
    data = _read()
    _rates(data["rates"], user=user, today=today)
    donors = _donors(data["donors"], user=user)
    pledges = _pledges(data["pledges"], donors=donors, user=user, today=today)
    if not Allocation.objects.filter(session__isnull=False).exists():
        _session_funding(pledges=pledges, user=user, today=today)
    _load_needs(data["needs"], rso=user, today=today)
    _matches(data["matches"], pledges=pledges, user=user, today=today)
