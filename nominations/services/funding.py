"""Writes on donor funding: exchange rates, donors, pledges, allocations, and the funding
status they give sessions and training needs.

Every write is the RSO's. An allocation takes, in this order, the row locks of the session
it funds (or of the need's matched session), of the need, and of the pledge, so that two
allocations racing for the last of a pledge (or of a session's cost) run one after the
other: the pledge is never over-allocated and a session or need never funded twice over.
"""

import logging
from decimal import Decimal
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from courses.choices import SessionStatus
from courses.models import CourseModule, Session
from courses.services import session_record_funding
from training_hub.scopes import scope_for

from .. import earmarks, tasks
from ..choices import NeedStatus
from ..exceptions import NotAllowed, RuleBroken
from ..models import Allocation, Donor, Earmark, ExchangeRate, Pledge, TrainingNeed
from ..money import NoRate, convert, money, parse_amount, quantize, validate_currency

logger = logging.getLogger(__name__)

# Only tests switch this off, to prove that the race test can fail without the locks
# (tests/test_funding_concurrency.py); no setting or environment variable reaches it.
_lock_rows = True

# Messages users see; tests import them.
RSO_ONLY = _("Only the Regional Support Office records and allocates funding.")
RATE_TAKEN = _("A rate from %(source)s to %(target)s is already recorded for %(date)s.")
DONOR_TAKEN = _("%(name)s is already a donor.")
MEMBER_REQUIRED = _("Choose the member that gives.")
NAME_REQUIRED = _("Give the organisation's name.")
AMOUNT_OR_PARTICIPANTS = _(
    "Give either an amount or a number of participants (with a cost per participant), "
    "not both and not neither."
)
PARTICIPANTS_INVALID = _("Enter the number of participants as a whole number of at least 1.")
BEYOND_PLEDGE = _(
    "Only %(free)s of this pledge is still free; this allocation would draw %(amount)s."
)
BEYOND_NEEDED = _(
    "%(target)s needs only %(left)s more (of %(needed)s); this allocation would cover %(covered)s."
)
NOTHING_TO_FUND = _(
    "%(target)s has no cost per participant to fund (its course says the cost is covered)."
)
SESSION_CANCELLED = _("This session is cancelled: it cannot be funded.")
NEED_NOT_MATCHED = _(
    "Link this need to a session or a course first: its cost per participant prices the need."
)
NEED_CLOSED = _("A need that is “%(status)s” cannot be funded.")
OUTSIDE_PLEDGE = _("%(what)s is outside the pledge's period (%(start)s – %(end)s).")
EARMARKS_REFUSE = _("This pledge cannot fund it: %(reasons)s.")
ALREADY_RELEASED = _("This allocation was released already.")
MATCH_CHANGED = _("Someone changed this need's match meanwhile; nothing was saved. Try again.")
CURRENCY_CHANGE = _(
    "This need has allocations covering %(old)s; its new match is priced in %(new)s. "
    "Release them before linking it to a course priced in another currency."
)

# Log actions of the funding, registered in wagtail_hooks.py (with services.LOG_ACTIONS).
RATE_RECORDED = "nominations.rate.record"
DONOR_CREATED = "nominations.donor.create"
PLEDGE_CREATED = "nominations.pledge.create"
ALLOCATION_CREATED = "nominations.allocation.create"
ALLOCATION_RELEASED = "nominations.allocation.release"
NEED_FUNDING_CHANGED = "nominations.need.funding"
FUNDING_LOG_ACTIONS = {
    RATE_RECORDED: _("Exchange rate recorded"),
    DONOR_CREATED: _("Donor recorded"),
    PLEDGE_CREATED: _("Pledge recorded"),
    ALLOCATION_CREATED: _("Funding allocated"),
    ALLOCATION_RELEASED: _("Allocation released"),
    NEED_FUNDING_CHANGED: _("Training need funding status computed"),
}


def require_rso(user):
    if not scope_for(user).sees_everything:
        raise NotAllowed(RSO_ONLY)


def _day(value):
    return date_format(value, "j F Y")


# --- rates, donors, pledges ---------------------------------------------------------------


@transaction.atomic
def rate_record(*, user, currency, quote_currency, rate, valid_on):
    """Record 1 `currency` = `rate` `quote_currency`, valid from `valid_on` (the RSO's).
    Side effects: saves the rate, logs it."""
    require_rso(user)
    rate_value = parse_amount(rate, "", field="rate")
    record = ExchangeRate(
        currency=currency,
        quote_currency=quote_currency,
        rate=rate_value,
        valid_on=valid_on,
        recorded_by=user,
    )
    record.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise RuleBroken(
            RATE_TAKEN % {"source": currency, "target": quote_currency, "date": _day(valid_on)}
        ) from None
    log(instance=record, action=RATE_RECORDED, user=user, data={"rate": str(record)})
    return record


@transaction.atomic
def donor_create(*, user, kind, member=None, name=""):
    """Record a donor: a member (`member`) or another organisation (`name`).
    Side effects: saves it, logs it."""
    require_rso(user)
    name = (name or "").strip()
    if kind == Donor.Kind.MEMBER and member is None:
        raise RuleBroken({"member": MEMBER_REQUIRED})
    if kind == Donor.Kind.ORGANISATION and not name:
        raise RuleBroken({"name": NAME_REQUIRED})
    donor = Donor(
        kind=kind,
        member=member if kind == Donor.Kind.MEMBER else None,
        name=name if kind == Donor.Kind.ORGANISATION else "",
    )
    donor.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            donor.save()
    except IntegrityError:
        raise RuleBroken(DONOR_TAKEN % {"name": member or name}) from None
    log(instance=donor, action=DONOR_CREATED, user=user)
    return donor


@transaction.atomic
def pledge_create(
    *,
    user,
    donor,
    title,
    amount,
    currency,
    starts_on,
    ends_on,
    note="",
    themes=(),
    members=(),
    centres=(),
    curricula=(),
):
    """Record a donor's pledge of `amount` `currency` for a period, with its earmarks.
    Refuses a non-numeric, negative or too precise amount, an unknown currency, and a period
    that ends before it starts. Side effects: saves it and its earmarks, logs it."""
    require_rso(user)
    validate_currency(currency)
    pledge = Pledge(
        donor=donor,
        title=title,
        amount=parse_amount(amount, currency),
        currency=currency,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
        created_by=user,
    )
    pledge.full_clean()
    pledge.save()
    Earmark.objects.bulk_create(
        [Earmark(pledge=pledge, theme=theme) for theme in themes]
        + [Earmark(pledge=pledge, member=member) for member in members]
        + [Earmark(pledge=pledge, centre=centre) for centre in centres]
        + [Earmark(pledge=pledge, curriculum=curriculum) for curriculum in curricula]
    )
    log(instance=pledge, action=PLEDGE_CREATED, user=user, data={"amount": str(pledge.amount)})
    return pledge


def pledge_allocated(pledge):
    """What the pledge's active allocations draw from it (its currency)."""
    total = pledge.allocations.filter(status=Allocation.Status.ACTIVE).aggregate(s=Sum("amount"))
    return total["s"] or Decimal(0)


# --- what a session and a need cost, and what covers them ----------------------------------


def _covered(allocations, currency, *, on):
    """The sum of `allocations`' `covered` in `currency`; one in another currency (its
    course's currency changed) is converted at the latest recorded rate, or left out with
    a warning in the log when there is none (the funding page names such allocations)."""
    total = Decimal(0)
    for covered, covered_currency in allocations:
        if covered_currency == currency:
            total += covered
            continue
        try:
            total += convert(covered, covered_currency, currency, on=on).amount
        except NoRate:
            logger.warning("no rate from %s to %s: left out", covered_currency, currency)
    return total


def _active(queryset):
    return queryset.filter(status=Allocation.Status.ACTIVE).values_list(
        "covered", "covered_currency"
    )


def session_covered(session, *, on=None):
    """What donors cover of `session`: its own allocations, and those of the needs matched
    to it (their officials take its seats), in its course's currency."""
    on = on or timezone.localdate()
    direct = _active(Allocation.objects.filter(session=session))
    through_needs = _active(Allocation.objects.filter(need__matched_session=session))
    return _covered(list(direct) + list(through_needs), session.funding_currency, on=on)


def need_covered(need, *, on=None):
    if need.funding_currency is None:
        return Decimal(0)
    on = on or timezone.localdate()
    return _covered(_active(need.allocations.all()), need.funding_currency, on=on)


def session_refresh_funding(session, *, user=None):
    """Store what covers `session` and its status (`courses.services.session_record_funding`)."""
    return session_record_funding(session=session, covered=session_covered(session), user=user)


def need_refresh_funding(need, *, user=None):
    """Store what covers `need` and the status that gives; logs a change of status."""
    old = need.funding_status
    need.funding_covered = need_covered(need)
    need.funding_status = need.computed_funding_status()
    TrainingNeed.objects.filter(pk=need.pk).update(
        funding_covered=need.funding_covered, funding_status=need.funding_status
    )
    if need.funding_status != old:
        log(
            instance=need,
            action=NEED_FUNDING_CHANGED,
            user=user,
            data={"from": old, "to": need.funding_status, "covered": str(need.funding_covered)},
        )
    return need


# --- allocations --------------------------------------------------------------------------


def _locked(model, pk):
    rows = model.objects.all()
    if _lock_rows:
        rows = rows.select_for_update()
    return rows.get(pk=pk)


def _lock_targets(session, need, pledge):
    """Lock, in the one order every writer keeps (session, need, pledge), and return the
    locked rows. A need's session is the one it is matched to."""
    if need is not None:
        matched = (
            TrainingNeed.objects.filter(pk=need.pk)
            .values_list("matched_session_id", flat=True)
            .first()
        )
        session = _locked(Session, matched) if matched else None
        need = _locked(TrainingNeed, need.pk)
        if need.matched_session_id != matched:
            raise RuleBroken(MATCH_CHANGED)
        if session is not None:
            need.matched_session = session
    elif session is not None:
        session = _locked(Session, session.pk)
    pledge_row = _locked(Pledge, pledge.pk) if pledge is not None else None
    return session, need, pledge_row


def _check_target(session, need):
    if need is not None:
        if need.status not in (NeedStatus.OPEN, NeedStatus.MATCHED):
            raise RuleBroken(NEED_CLOSED % {"status": NeedStatus(need.status).label})
        if need.priced_by is None:
            raise RuleBroken(NEED_NOT_MATCHED)
        if need.cost_per_participant is None:
            raise RuleBroken(NOTHING_TO_FUND % {"target": need.title})
    if session is not None:
        if session.status == SessionStatus.CANCELLED:
            raise RuleBroken(SESSION_CANCELLED)
        if need is None and session.cost_per_participant is None:
            raise RuleBroken(NOTHING_TO_FUND % {"target": session})


def _check_period(pledge, session, need):
    start, end = _day(pledge.starts_on), _day(pledge.ends_on)
    if session is not None:
        day = session.local_start.date()
        if not pledge.covers_day(day):
            what = _("The session's start (%(day)s)") % {"day": _day(day)}
            raise RuleBroken(OUTSIDE_PLEDGE % {"what": what, "start": start, "end": end})
    elif need.preferred_until < pledge.starts_on or need.preferred_from > pledge.ends_on:
        what = _("The need's preferred period (%(start)s – %(end)s)") % {
            "start": _day(need.preferred_from),
            "end": _day(need.preferred_until),
        }
        raise RuleBroken(OUTSIDE_PLEDGE % {"what": what, "start": start, "end": end})


def curricula_of_course(course_id):
    return set(
        CourseModule.objects.filter(course_id=course_id).values_list(
            "module__curriculum_id", flat=True
        )
    )


def curricula_of_need(need):
    ids = set(need.modules.values_list("curriculum_id", flat=True))
    if need.curriculum_id:
        ids.add(need.curriculum_id)
    if need.priced_by is not None:
        ids |= curricula_of_course(need.priced_by.pk)
    return ids


def _check_earmarks(pledge, session, need):
    pledge_earmarks = list(pledge.earmarks.select_related("member", "centre", "curriculum"))
    if not pledge_earmarks:
        return
    if need is not None:
        target = earmarks.target_of_need(need, curricula_of_need(need))
    else:
        target = earmarks.target_of_session(session, curricula_of_course(session.course_id))
    reasons = earmarks.misfits(pledge_earmarks, target)
    if reasons:
        raise RuleBroken(EARMARKS_REFUSE % {"reasons": "; ".join(str(r) for r in reasons)})


def _amounts(pledge, currency, *, amount, participants, cost_per_participant, on):
    """(drawn from the pledge, covered in `currency`, conversion, participants, cost)."""
    if (amount in (None, "")) == (participants in (None, "")):
        raise RuleBroken(AMOUNT_OR_PARTICIPANTS)
    if participants not in (None, ""):
        try:
            participants = int(participants)
        except (TypeError, ValueError):
            raise RuleBroken({"participants": PARTICIPANTS_INVALID}) from None
        if participants < 1:
            raise RuleBroken({"participants": PARTICIPANTS_INVALID})
        cost = parse_amount(cost_per_participant, currency, field="cost_per_participant")
        covered = quantize(cost * participants, currency)
        back = convert(covered, currency, pledge.currency, on=on)
        # Drawn at the inverse of the same rate, so the record shows one factor.
        conversion = convert(back.amount, pledge.currency, currency, on=on)
        return back.amount, covered, conversion, participants, cost
    drawn = parse_amount(amount, pledge.currency)
    conversion = convert(drawn, pledge.currency, currency, on=on)
    return drawn, conversion.amount, conversion, None, None


def allocation_create(
    *,
    user,
    pledge,
    session=None,
    need=None,
    amount=None,
    participants=None,
    cost_per_participant=None,
    note="",
    on=None,
):
    """Allocate part of `pledge` to `session` or to `need`: `amount` (in the pledge's
    currency), or `participants` at `cost_per_participant` (in the target's currency; its
    course's cost when not given). A pledge in another currency is converted at the rate
    recorded on or before `on` (today), and the allocation keeps that rate.

    Refuses: a non-numeric or negative amount, a currency pair without a rate, more than
    the pledge has free, more than the target still needs, a cancelled session, a need not
    linked to a session or course, the pledge's period or earmarks not fitting. Side
    effects: saves the allocation, the funding status of the target (and of the session a
    funded need is matched to), logs, and e-mails the need's focal points after commit.
    """
    require_rso(user)
    on = on or timezone.localdate()
    if (session is None) == (need is None):
        raise RuleBroken(_("Allocate to a session or to a need."))
    with transaction.atomic():
        session, need, pledge = _lock_targets(session, need, pledge)
        _check_target(session, need)
        _check_period(pledge, session if need is None else None, need)
        _check_earmarks(pledge, session if need is None else None, need)
        target = need if need is not None else session
        currency = target.funding_currency
        if participants not in (None, "") and cost_per_participant in (None, ""):
            cost_per_participant = target.cost_per_participant
        drawn, covered, conversion, participants, cost = _amounts(
            pledge,
            currency,
            amount=amount,
            participants=participants,
            cost_per_participant=cost_per_participant,
            on=on,
        )
        free = pledge.amount - pledge_allocated(pledge)
        if drawn > free:
            raise RuleBroken(
                BEYOND_PLEDGE
                % {"free": money(free, pledge.currency), "amount": money(drawn, pledge.currency)}
            )
        _check_needed(target, covered, currency, on=on)
        if need is not None and session is not None:
            _check_needed(session, covered, currency, on=on)
        allocation = Allocation.objects.create(
            pledge=pledge,
            session=session if need is None else None,
            need=need,
            participants=participants,
            cost_per_participant=cost,
            amount=drawn,
            covered=covered,
            covered_currency=currency,
            rate=conversion.rate,
            factor=conversion.factor,
            note=note[:300],
            created_by=user,
        )
        _after_allocation_change(allocation, session, need, user=user)
        log(
            instance=allocation,
            action=ALLOCATION_CREATED,
            user=user,
            data={
                "pledge": pledge.pk,
                "amount": str(drawn),
                "covered": f"{covered} {currency}",
                "rate": conversion.note and str(conversion.note),
            },
        )
        if need is not None:
            transaction.on_commit(partial(tasks.notify_need_funded.enqueue, allocation.pk))
    logger.info("allocation %s of pledge %s by %s", allocation.pk, pledge.pk, user)
    return allocation


def _check_needed(target, covered, currency, *, on):
    if isinstance(target, Session):
        already = session_covered(target, on=on)
        name = str(target)
    else:
        already = need_covered(target, on=on)
        name = target.title
    needed = target.funding_needed
    left = max(needed - already, Decimal(0))
    if covered > left:
        raise RuleBroken(
            BEYOND_NEEDED
            % {
                "target": name,
                "left": money(left, currency),
                "needed": money(needed, currency),
                "covered": money(covered, currency),
            }
        )


def _after_allocation_change(allocation, session, need, *, user):
    if need is not None:
        need_refresh_funding(need, user=user)
    if session is not None:
        session_refresh_funding(session, user=user)


def allocation_release(*, user, allocation, reason=""):
    """Give an allocation's amount back to its pledge; it covers nothing from then on and
    stays on record. Side effects: saves it and the funding status of what it funded, logs.
    """
    require_rso(user)
    with transaction.atomic():
        released = _release(allocation, user=user, reason=reason)
    return released


def _release(allocation, *, user, reason):
    current = Allocation.objects.select_related("pledge").get(pk=allocation.pk)
    session, need, _pledge = _lock_targets(current.session, current.need, current.pledge)
    current = Allocation.objects.get(pk=allocation.pk)
    if current.status != Allocation.Status.ACTIVE:
        raise RuleBroken(ALREADY_RELEASED)
    current.status = Allocation.Status.RELEASED
    current.released_by = user
    current.released_at = timezone.now()
    current.release_reason = str(reason)[:300]
    current.save(update_fields=["status", "released_by", "released_at", "release_reason"])
    _after_allocation_change(current, session, need, user=user)
    log(instance=current, action=ALLOCATION_RELEASED, user=user, data={"reason": str(reason)})
    return current


SESSION_CANCELLED_REASON = _("The session was cancelled.")


def session_release_funding(*, session, user=None):
    """A cancelled session gives its allocations back to their pledges (by the system,
    logged with the reason). Needs matched to it keep theirs: they go back to open (see
    `matching.needs_unlink_session`). Returns the allocations released."""
    released = []
    with transaction.atomic():
        for allocation in Allocation.objects.filter(
            session=session, status=Allocation.Status.ACTIVE
        ):
            released.append(_release(allocation, user=user, reason=SESSION_CANCELLED_REASON))
    return released


NEED_WITHDRAWN_REASON = _("The need was withdrawn.")


def need_release_funding(*, need, user=None):
    """A withdrawn need gives its allocations back to their pledges (by the system, logged
    with the reason). Returns them."""
    with transaction.atomic():
        return [
            _release(allocation, user=user, reason=NEED_WITHDRAWN_REASON)
            for allocation in Allocation.objects.filter(need=need, status=Allocation.Status.ACTIVE)
        ]


def check_need_currency(need, new_course):
    """Refuse a new match priced in another currency than the need's active allocations."""
    currencies = set(
        need.allocations.filter(status=Allocation.Status.ACTIVE).values_list(
            "covered_currency", flat=True
        )
    )
    if currencies and new_course is not None and currencies != {new_course.currency}:
        old = ", ".join(sorted(currencies))
        raise RuleBroken(CURRENCY_CHANGE % {"old": old, "new": new_course.currency})
