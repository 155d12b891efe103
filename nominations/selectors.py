"""Reads of officials, needs and nominations, already narrowed to what the user may see.

Scope paths: a nomination reaches a member by `member`, a centre by its session's course,
and a person by its official's account. A trainee sees only their own; a focal point only
their member's; a director only their centres' sessions' nominations (never officials or
needs, which belong to members); the RSO everything.
"""

from django.db.models import Count, Q
from django.utils import timezone

from courses.choices import FundingStatus, SessionStatus
from courses.models import Session
from training_hub.roles import Role
from training_hub.scopes import scope_for

from . import earmarks
from .choices import QUOTA_STATUSES, NeedStatus, NominationStatus
from .matching import all_rates, fitting_pledges, pledges_with_free_amounts
from .models import Allocation, ExchangeRate, Nomination, Official, TrainingNeed
from .services.funding import curricula_of_course

N = NominationStatus


def nominations_visible_to(user):
    scope = scope_for(user)
    nominations = scope.restrict(
        Nomination.objects.select_related(
            "official", "member", "session", "session__course", "session__course__centre"
        ),
        member="member",
        centre="session__course__centre",
        person="official__user",
    )
    if scope.role == Role.DIRECTOR:
        # A draft is the member's unsent work: the centre sees it once it is submitted.
        nominations = nominations.exclude(status=N.DRAFT)
    return nominations


def officials_visible_to(user):
    """A member's officials: its focal point's and the RSO's to see; a trainee sees themself."""
    return scope_for(user).restrict(
        Official.objects.select_related("member", "user"), member="member", person="user"
    )


def needs_visible_to(user):
    return scope_for(user).restrict(
        TrainingNeed.objects.select_related(
            "member", "curriculum", "language", "matched_session__course", "matched_course"
        ),
        member="member",
    )


def own_official(user):
    """The official record behind a trainee's account, or None."""
    return Official.objects.filter(user=user).select_related("member").first()


def sessions_open_for(user, *, now=None):
    """Sessions a focal point may nominate to now, with their member's places used, as
    `quota_used` (the quota itself is `Session.quota_for`)."""
    scope = scope_for(user)
    member_id = scope.member_id
    return (
        Session.objects.public()
        .open_for_nominations(now or timezone.now())
        .with_course()
        .prefetch_related("quotas")
        .annotate(
            quota_used=Count(
                "nominations",
                filter=Q(nominations__member_id=member_id, nominations__status__in=QUOTA_STATUSES),
            )
        )
        .order_by("nominations_close_at", "pk")
    )


# --- funding (the RSO's) ---------------------------------------------------------------------


def _rso_only(user, queryset):
    return queryset if scope_for(user).sees_everything else queryset.none()


def exchange_rates(user):
    return _rso_only(user, ExchangeRate.objects.order_by("currency", "quote_currency", "-valid_on"))


def sessions_to_fund(user, *, now=None):
    """Upcoming public sessions not fully funded, the soonest first."""
    sessions = (
        Session.objects.public()
        .upcoming(now or timezone.now())
        .exclude(funding_status=FundingStatus.FUNDED)
        .exclude(status=SessionStatus.CANCELLED)
        .with_course()
        .order_by("starts_at", "pk")
    )
    return _rso_only(user, sessions)


def needs_to_fund(user):
    """Matched needs not fully funded, the soonest period first."""
    needs = TrainingNeed.objects.filter(status=NeedStatus.MATCHED).exclude(
        funding_status=FundingStatus.FUNDED
    )
    needs = needs.select_related("member", "matched_session__course", "matched_course")
    return _rso_only(user, needs).order_by("preferred_from", "pk")


def allocations_of_session(user, session):
    """The allocations that fund `session`: its own and those of the needs matched to it."""
    allocations = Allocation.objects.filter(Q(session=session) | Q(need__matched_session=session))
    allocations = allocations.select_related("pledge__donor__member", "need__member")
    return _rso_only(user, allocations).order_by("-created_at", "-pk")


def pledges_for_session(session):
    """Pledges whose earmarks and period fit `session`, with what is free of each."""
    day = session.local_start.date()
    return fitting_pledges(
        pledges_with_free_amounts(),
        earmarks.target_of_session(session, curricula_of_course(session.course_id)),
        currency=session.funding_currency,
        period=(day, day),
        rates=all_rates(),
        on=timezone.localdate(),
    )
