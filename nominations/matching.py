"""Reads behind the RSO's matching: for each open training need, the sessions and the courses
that could serve it (scored by `scoring.py`) and the pledges whose earmarks fit it with
the amount still free; and the needs that nothing covers, by curriculum module.

A page of needs costs a fixed number of queries whatever the number of needs, sessions
and pledges: two per need (its candidate sessions and courses, each capped), and a few
for everything the scores read, in bulk. Only the RSO sees any of it.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils import timezone

from courses.choices import SessionStatus
from courses.models import CourseModule, CoursePage, Module, Session, SessionQuota
from courses.selectors import module_gaps
from training_hub.scopes import scope_for

from . import earmarks, scoring
from .choices import QUOTA_STATUSES, NeedStatus
from .models import Allocation, Earmark, ExchangeRate, Nomination, Pledge, TrainingNeed
from .money import NoRate, convert

PAGE_SIZE = 10
# Read per need: the sessions nearest its preferred period, and courses beside them.
SESSION_CANDIDATES = 40
COURSE_CANDIDATES = 10
# Shown per need on the list; the need's own page shows more.
SHOWN_ON_LIST = 3
SHOWN_ON_NEED = 10
PLEDGES_SHOWN = 5


def _rso_only(user, queryset):
    return queryset if scope_for(user).sees_everything else queryset.none()


def open_needs(user):
    """Open needs, the highest priority and the soonest period first (the RSO's only)."""
    priority = Case(
        When(priority="high", then=Value(0)),
        When(priority="medium", then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    needs = TrainingNeed.objects.filter(status=NeedStatus.OPEN).select_related(
        "member", "curriculum", "language"
    )
    return _rso_only(user, needs).order_by(priority, "preferred_from", "pk")


def need_for_matching(user, pk):
    """One need the RSO may match (open or matched), or None."""
    needs = TrainingNeed.objects.filter(status__in=(NeedStatus.OPEN, NeedStatus.MATCHED))
    needs = needs.select_related(
        "member", "curriculum", "language", "matched_session__course", "matched_course"
    )
    return _rso_only(user, needs).filter(pk=pk).first()


# --- facts for the scores, read in bulk ----------------------------------------------------


def _module_ids_asked(need):
    """The modules a need asks for; a need naming only a curriculum asks for all of its."""
    asked = [module.pk for module in need.modules.all()]
    return asked, bool(asked)


def _candidate_courses(need, courses, curriculum_modules):
    """Ids of the published courses (`courses`: their facts) on the need's theme or
    delivering one of its modules (of its curriculum's, when it names none), those
    delivering the most of them first."""
    asked, named = _module_ids_asked(need)
    modules = set(asked if named else curriculum_modules.get(need.curriculum_id, []))
    found = [
        (-len(modules & course.module_ids), course.title, course.id)
        for course in courses.values()
        if course.theme == need.theme or modules & course.module_ids
    ]
    return [pk for _delivered, _title, pk in sorted(found)]


def _session_ids(need, now, course_ids):
    """The upcoming sessions of `course_ids` nearest the need's preferred period: those
    starting in it first, then the soonest, up to `PERIOD_SLACK_DAYS` after it."""
    until = dt.datetime.combine(
        need.preferred_until + dt.timedelta(days=scoring.PERIOD_SLACK_DAYS), dt.time.max, dt.UTC
    )
    start = dt.datetime.combine(need.preferred_from, dt.time.min, dt.UTC)
    end = dt.datetime.combine(need.preferred_until, dt.time.max, dt.UTC)
    in_period = Case(
        When(starts_at__range=(start, end), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return list(
        Session.objects.filter(course_id__in=course_ids, starts_at__gt=now, starts_at__lte=until)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by(in_period, "starts_at", "pk")
        .values_list("pk", flat=True)[:SESSION_CANDIDATES]
    )


def published_course_facts():
    """`scoring.CourseFacts` of every published course, in three queries."""
    courses = CoursePage.objects.published().values_list(
        "pk", "title", "theme", "level", "audience", "delivery_mode", "centre__time_zone"
    )
    course_ids = CoursePage.objects.published().values("pk")
    languages = defaultdict(dict)
    through = CoursePage.languages.through.objects.filter(coursepage_id__in=course_ids)
    for course_id, language_id, name in through.values_list(
        "coursepage_id", "language_id", "language__name"
    ):
        languages[course_id][language_id] = name
    modules, curricula = defaultdict(set), defaultdict(set)
    for course_id, module_id, curriculum_id in CourseModule.objects.filter(
        course_id__in=course_ids
    ).values_list("course_id", "module_id", "module__curriculum_id"):
        modules[course_id].add(module_id)
        curricula[course_id].add(curriculum_id)
    return {
        pk: scoring.CourseFacts(
            id=pk,
            title=title,
            theme=theme,
            level=level,
            audience=audience,
            delivery_mode=mode,
            language_names=dict(languages[pk]),
            module_ids=frozenset(modules[pk]),
            curriculum_ids=frozenset(curricula[pk]),
            time_zone=zone or "",
        )
        for pk, title, theme, level, audience, mode, zone in courses
    }


def _quota_left(session_ids, member_ids, sessions):
    overrides = {
        (session_id, member_id): seats
        for session_id, member_id, seats in SessionQuota.objects.filter(
            session_id__in=session_ids, member_id__in=member_ids
        ).values_list("session_id", "member_id", "seats")
    }
    used = {
        (session_id, member_id): n
        for session_id, member_id, n in Nomination.objects.filter(
            session_id__in=session_ids, member_id__in=member_ids, status__in=QUOTA_STATUSES
        )
        .values_list("session_id", "member_id")
        .annotate(n=Count("pk"))
        .order_by()
    }

    def left(session_id, member_id):
        quota = overrides.get((session_id, member_id), sessions[session_id].default_quota)
        return max(quota - used.get((session_id, member_id), 0), 0)

    return left


def need_facts(need):
    modules = list(need.modules.all())
    return scoring.NeedFacts(
        theme=need.theme,
        module_codes={module.pk: module.code for module in modules},
        curriculum_id=need.curriculum_id,
        curriculum_title=need.curriculum.title if need.curriculum_id else "",
        audience=need.audience,
        level=need.level,
        language_id=need.language_id,
        language_name=need.language.name if need.language_id else "",
        officials=need.officials,
        preferred_from=need.preferred_from,
        preferred_until=need.preferred_until,
        member_name=need.member.name,
        member_code=need.member.code,
    )


# --- pledges --------------------------------------------------------------------------------


@dataclass
class PledgeFit:
    """A pledge that may fund a need or a session: what is free of it, and that amount in
    the target's currency (`conversion`, None without a recorded rate: `no_rate` says so)."""

    pledge: object
    free: Decimal
    conversion: object = None
    no_rate: str = ""
    earmark_count: int = 0


def pledges_with_free_amounts():
    """Every pledge with `allocated` (by its active allocations), `free`, and its earmarks
    as plain rows (`earmark_rows`, `earmark_kinds`, `earmark_names`), in three queries."""
    allocated = dict(
        Allocation.objects.filter(status=Allocation.Status.ACTIVE)
        .values_list("pledge_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    rows = defaultdict(list)
    for pledge_id, theme, member_id, centre_id, curriculum_id, *names in Earmark.objects.order_by(
        "pk"
    ).values_list(
        "pledge_id",
        "theme",
        "member_id",
        "centre_id",
        "curriculum_id",
        "member__name",
        "centre__title",
        "curriculum__title",
    ):
        name = next((n for n in names if n), "")
        rows[pledge_id].append(
            earmarks.EarmarkRow(theme, member_id, centre_id, curriculum_id, name)
        )
    pledges = list(
        Pledge.objects.select_related("donor__member").defer("note").order_by("ends_on", "pk")
    )
    for pledge in pledges:
        pledge.allocated = allocated.get(pledge.pk, Decimal(0))
        pledge.free = pledge.amount - pledge.allocated
        pledge.earmark_rows = rows[pledge.pk]
        pledge.earmark_kinds = earmarks.by_kind(pledge.earmark_rows)
        pledge.earmark_names = ", ".join(str(row) for row in pledge.earmark_rows)
    return pledges


def fitting_pledges(pledges, target, *, currency, period, rates, on):
    """The pledges of `pledges` whose earmarks fit `target` (an `earmarks.Target`), whose
    period overlaps `period` (first day, last day) and that have money free; the most
    specific earmarks first (keep general money for what nothing else funds), then the
    soonest to end."""
    fits = []
    first, last = period
    for pledge in pledges:
        free = pledge.free
        if free <= 0 or pledge.ends_on < first or pledge.starts_on > last:
            continue
        kinds = pledge.earmark_kinds
        if not earmarks.fits(kinds, target):
            continue
        fits.append(PledgeFit(pledge, free, earmark_count=sum(map(len, kinds.values()))))
    fits.sort(key=lambda fit: (-fit.earmark_count, fit.pledge.ends_on, fit.pledge.pk))
    shown = fits[:PLEDGES_SHOWN]
    for fit in shown if currency else ():
        try:
            fit.conversion = convert(fit.free, fit.pledge.currency, currency, on=on, rates=rates)
        except NoRate as error:
            fit.no_rate = error.messages[0]
    return shown


def all_rates():
    return list(ExchangeRate.objects.all())


# --- candidates for a page of needs ----------------------------------------------------------


@dataclass
class NeedCandidates:
    need: object
    sessions: list = field(default_factory=list)
    courses: list = field(default_factory=list)
    pledges: list = field(default_factory=list)


def candidates_for(needs, *, shown=SHOWN_ON_LIST, now=None):
    """[NeedCandidates] for `needs` (a page of them, with their member, curriculum and
    language): sessions and courses ranked by `scoring.score`, and fitting pledges."""
    now = now or timezone.now()
    needs = list(needs)
    prefetch_related_objects(needs, "modules")
    curriculum_ids = {need.curriculum_id for need in needs if need.curriculum_id}
    curriculum_modules = defaultdict(list)
    for module_id, curriculum_id in Module.objects.filter(
        curriculum_id__in=curriculum_ids
    ).values_list("pk", "curriculum_id"):
        curriculum_modules[curriculum_id].append(module_id)
    courses = published_course_facts()
    plans = []
    for need in needs:
        candidates = _candidate_courses(need, courses, curriculum_modules)
        plans.append((need, _session_ids(need, now, candidates), candidates[:COURSE_CANDIDATES]))
    session_ids = {pk for _need, ids, _courses in plans for pk in ids}
    sessions = {s.pk: s for s in Session.objects.filter(pk__in=session_ids)}
    quota_left = _quota_left(session_ids, {need.member_id for need in needs}, sessions)
    pledges, rates, today = pledges_with_free_amounts(), all_rates(), timezone.localdate()
    results = []
    for need, ids, course_candidates in plans:
        facts = need_facts(need)
        session_matches = [
            scoring.score(
                facts,
                courses[sessions[pk].course_id],
                scoring.SessionFacts(
                    id=pk,
                    course=courses[sessions[pk].course_id],
                    starts_at=sessions[pk].starts_at,
                    time_zone=sessions[pk].time_zone,
                    seats_left=sessions[pk].seats_left,
                    quota_left=quota_left(pk, need.member_id),
                ),
            )
            for pk in ids
        ]
        for match in session_matches:
            match.session = sessions[match.candidate.id]
        with_sessions = {sessions[pk].course_id for pk in ids}
        course_matches = [
            scoring.score(facts, courses[pk]) for pk in course_candidates if pk not in with_sessions
        ]
        target = earmarks.target_of_need(need, _need_curricula(need, courses))
        fits = fitting_pledges(
            pledges,
            target,
            currency=need.funding_currency,
            period=(need.preferred_from, need.preferred_until),
            rates=rates,
            on=today,
        )
        results.append(
            NeedCandidates(
                need=need,
                sessions=scoring.ranked(session_matches)[:shown],
                courses=scoring.ranked(course_matches)[:shown],
                pledges=fits,
            )
        )
    return results


def _need_curricula(need, courses):
    ids = {module.curriculum_id for module in need.modules.all()}
    if need.curriculum_id:
        ids.add(need.curriculum_id)
    course = need.priced_by
    if course is not None and course.pk in courses:
        ids |= set(courses[course.pk].curriculum_ids)
    return ids


# --- gaps ------------------------------------------------------------------------------------


@dataclass
class Gap:
    """A curriculum module that open needs ask for and no published course delivers."""

    module: object
    needs: list = field(default_factory=list)

    @property
    def officials(self):
        return sum(need.officials for need in self.needs)


def uncovered_needs(user):
    """(gaps by module, needs naming no module that no course of their theme covers, the
    modules no course delivers at all): what the RSO's gaps page lists."""
    needs = list(
        _rso_only(user, TrainingNeed.objects.filter(status=NeedStatus.OPEN))
        .select_related("member", "curriculum")
        .prefetch_related("modules__curriculum")
        .order_by("member__name", "pk")
    )
    published = CoursePage.objects.published()
    delivered = set(
        CourseModule.objects.filter(course__in=published.values("pk")).values_list(
            "module_id", flat=True
        )
    )
    themes = set(published.values_list("theme", flat=True).distinct())
    by_module, unthemed = {}, []
    for need in needs:
        modules = list(need.modules.all())
        if modules:
            for module in modules:
                if module.pk not in delivered:
                    by_module.setdefault(module.pk, Gap(module)).needs.append(need)
        elif need.theme not in themes:
            unthemed.append(need)
    gaps = sorted(
        by_module.values(), key=lambda gap: (gap.module.curriculum.title, gap.module.sort_order)
    )
    return gaps, unthemed, list(module_gaps())
