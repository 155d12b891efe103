"""Loads the demo catalogue (centres, curricula, courses, sessions). Safe to run twice."""

import datetime as dt
import zoneinfo
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from courses.choices import FundingStatus, SessionStatus
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
from training_hub.models import Member

from .catalogue_data import CENTRES, COURSES, CURRICULA


def load_demo_centres(*, user):
    members = {m.code: m for m in Member.objects.all()}
    for slug, title, acronym, code, city, zone, description in CENTRES:
        if CentrePage.objects.filter(slug=slug).exists():
            continue
        centre_create(
            user=user,
            title=title,
            slug=slug,
            acronym=acronym,
            country=members[code],
            city=city,
            time_zone=zone,
            description=f"<p>{description}</p>",
            contact_name="Training coordinator",
            contact_email=f"training@{slug}.example.org",
            contact_phone="+00 000 0000",
            website=f"https://{slug}.example.org/",
        )
    return {centre.slug: centre for centre in CentrePage.objects.all()}


def _load_curricula(user):
    for slug, title, acronym, summary, modules in CURRICULA:
        if CurriculumPage.objects.filter(slug=slug).exists():
            continue
        curriculum_create(
            user=user,
            title=title,
            slug=slug,
            acronym=acronym,
            summary=summary,
            modules=[
                {
                    "code": code,
                    "title": name,
                    "learning_outcomes": outcomes,
                    "hours": Decimal(hours),
                    "prerequisites": prerequisites,
                    "audience": audience,
                    "level": level,
                }
                for code, name, outcomes, hours, prerequisites, audience, level in modules
            ],
        )


def _load_courses(user, centres):
    modules = {m.code: m for m in Module.objects.all()}
    languages = {language.code: language for language in Language.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    courses = []
    for (
        centre_slug,
        title,
        theme,
        level,
        mode,
        days,
        language_codes,
        topic_slugs,
        module_codes,
        cost,
        summary,
    ) in COURSES:
        slug = slugify(title)
        course = CoursePage.objects.filter(slug=slug).first()
        if course is None:
            course = course_create(
                user=user,
                centre=centres[centre_slug],
                title=title,
                slug=slug,
                summary=summary,
                description=f"<p>{summary}</p>",
                theme=theme,
                level=level,
                delivery_mode=mode,
                duration_days=days,
                audience="Officials nominated by Bali Process members",
                eligibility="Nominated by the national focal point; working knowledge of the "
                "course language.",
                cost_per_participant=None if cost is None else Decimal(cost),
                contact_name="Course coordinator",
                contact_email=f"courses@{centre_slug}.example.org",
                languages=[languages[c] for c in language_codes],
                topics=[topics[t] for t in topic_slugs],
                modules=[modules[c] for c in module_codes],
            )
        courses.append(course)
    return courses


def _session_plan(index, course, today):
    """(start date, status, window, capacity) of each session of the index-th course."""
    plans = [
        (today - dt.timedelta(days=40 + (index * 11) % 300), SessionStatus.COMPLETED),
        (today + dt.timedelta(days=45 + (index * 7) % 120), SessionStatus.OPEN),
    ]
    if index % 3 == 0:
        plans.append((today + dt.timedelta(days=220 + index * 5), SessionStatus.PLANNED))
    if index == 0:
        plans.append((today - dt.timedelta(days=2), SessionStatus.RUNNING))
    if index % 7 == 4:
        plans[1] = (today + dt.timedelta(days=12 + index), SessionStatus.CLOSED)
    if index in (2, 9, 17):
        plans[1] = (plans[1][0], SessionStatus.CANCELLED)
    if index == 5:
        plans[0] = (plans[0][0], SessionStatus.CANCELLED)
    return plans


def _window(start, status, zone, today):
    """Nominations window: open now for open sessions, past for closed/past, future else."""
    start_at = dt.datetime.combine(start, dt.time(9), zone)
    if status == SessionStatus.PLANNED:
        return start_at - dt.timedelta(days=120), start_at - dt.timedelta(days=21)
    if status == SessionStatus.CLOSED:
        closes = dt.datetime.combine(today - dt.timedelta(days=2), dt.time(17), zone)
        return closes - dt.timedelta(days=60), closes
    if status == SessionStatus.OPEN or start > today:
        opens = dt.datetime.combine(today - dt.timedelta(days=10), dt.time(9), zone)
        return opens, start_at - dt.timedelta(days=14)
    return start_at - dt.timedelta(days=90), start_at - dt.timedelta(days=21)


def _load_sessions(user, courses, today):
    members = {m.code: m for m in Member.objects.filter(code__in=["TH", "ID", "PH", "KH"])}
    created = 0
    for index, course in enumerate(courses):
        centre = course.centre
        zone = zoneinfo.ZoneInfo(centre.time_zone)
        for number, (start, status) in enumerate(_session_plan(index, course, today)):
            starts_at = dt.datetime.combine(start, dt.time(9), zone)
            if Session.objects.filter(course=course, starts_at=starts_at).exists():
                continue
            last_day = start + dt.timedelta(days=course.duration_days - 1)
            opens, closes = _window(start, status, zone, today)
            capacity = 6 if index % 5 == 1 else 20 + (index % 4) * 4
            session = Session(
                course=course,
                starts_at=starts_at,
                ends_at=dt.datetime.combine(last_day, dt.time(17), zone),
                time_zone=centre.time_zone,
                venue="Online classroom"
                if course.delivery_mode == "online"
                else f"{centre.acronym or centre.title} campus",
                city=centre.city,
                capacity=capacity,
                default_quota=min(2, capacity),
                nominations_open_at=opens,
                nominations_close_at=closes,
                status=status,
                funding_status=[
                    FundingStatus.FUNDED,
                    FundingStatus.PARTIAL,
                    FundingStatus.NOT_FUNDED,
                ][(index + number) % 3],
            )
            if status == SessionStatus.OPEN and index % 4 == 1:
                session.quotas = [
                    SessionQuota(member=members["TH"], seats=min(4, capacity)),
                    SessionQuota(member=members["KH"], seats=min(3, capacity)),
                ]
            session_save(session=session, user=user)
            created += 1
    return created


def load_demo_catalogue(*, user, today=None):
    """Create what is missing of the demo catalogue; returns the number of new sessions.

    `user` must hold the RSO scope: sessions are saved through the same service as the admin.
    """
    today = today or timezone.localdate()
    centres = load_demo_centres(user=user)
    _load_curricula(user)
    courses = _load_courses(user, centres)
    return _load_sessions(user, courses, today)
