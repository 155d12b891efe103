"""The figures of the coordination dashboard, for the RSO (every member, or one) and for a
focal point (their own member only), over a period: needs by theme and member, seats asked
for against seats offered per theme and quarter, funding pledged, allocated and still
needed, nominations and completions per member and gender per quarter.

Each figure is a table (rows and columns of numbers, which the page shows beside its
chart); each is read in one or two grouped queries, so the page costs the same number of
queries whatever the amount of data.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.choices import FundingStatus, SessionStatus, Theme
from courses.models import Session
from training_hub.roles import Role
from training_hub.scopes import scope_for

from .choices import Gender, NeedStatus, NominationStatus
from .matching import all_rates
from .models import Allocation, Earmark, Nomination, Pledge, TrainingNeed
from .money import NoRate, convert

N = NominationStatus
# Put forward: every nomination the member submitted (drafts are its unsent work).
PUT_FORWARD = frozenset(set(N) - {N.DRAFT})
# The period shown when none is asked for: a year back and a year ahead.
DEFAULT_DAYS = 365


@dataclass(frozen=True)
class Scope:
    """What the dashboard covers: a period, and every member (None) or one."""

    start: dt.date
    end: dt.date
    member: object = None

    def need_filter(self, prefix=""):
        q = Q(
            **{
                f"{prefix}preferred_until__gte": self.start,
                f"{prefix}preferred_from__lte": self.end,
            }
        )
        if self.member is not None:
            q &= Q(**{f"{prefix}member": self.member})
        return q

    @property
    def starts_between(self):
        zone = timezone.get_current_timezone()
        return (
            dt.datetime.combine(self.start, dt.time.min, zone),
            dt.datetime.combine(self.end, dt.time.max, zone),
        )


def scope_of(user, *, start=None, end=None, member=None):
    """The dashboard's `Scope` for `user`: the RSO chooses the member (or all); a focal
    point always gets their own; anyone else may not see it (404)."""
    role = scope_for(user).role
    if role == Role.FOCAL_POINT and user.member_id:
        member = user.member
    elif role != Role.RSO:
        raise Http404
    today = timezone.localdate()
    start = start or today - dt.timedelta(days=DEFAULT_DAYS)
    end = end or today + dt.timedelta(days=DEFAULT_DAYS)
    return Scope(start=start, end=end, member=member)


@dataclass
class Table:
    """A figure as a table: `columns` headings, `rows` of (heading, [values]), totals."""

    caption: str
    columns: list
    rows: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def totals(self):
        return [sum(row[1][i] or 0 for row in self.rows) for i in range(len(self.columns))]

    def series(self):
        """The chart's series: one per column, one value per row."""
        return [(column, [row[1][i] for row in self.rows]) for i, column in enumerate(self.columns)]

    @property
    def labels(self):
        return [row[0] for row in self.rows]


def quarter_label(day):
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(scope):
    """(label, first day, first day of the next) of each quarter of the period, in order."""
    bounds, day = [], dt.date(scope.start.year, (scope.start.month - 1) // 3 * 3 + 1, 1)
    while day <= scope.end:
        following = dt.date(day.year + (day.month > 9), (day.month + 2) % 12 + 1, 1)
        bounds.append((quarter_label(day), day, following))
        day = following
    return bounds


def quarters(scope):
    """The quarters of the period, in order, as labels."""
    return [label for label, _first, _next in quarter_bounds(scope)]


def per_quarter(scope, field, *, moments=False, **aggregates):
    """Conditional aggregates per quarter of the period, over the date in `field` (with
    `moments`, a datetime, taken in the site's time zone): each of `aggregates` is
    name=(function, its field, a further condition or None) and gives <name>0, <name>1, ...
    Plain range comparisons: on SQLite a truncation to the quarter is a Python function
    called on every row, which took most of the dashboard's time at 20,000 sessions."""
    zone = timezone.get_current_timezone()

    def at(day):
        return dt.datetime.combine(day, dt.time.min, zone) if moments else day

    annotations = {}
    for index, (_label, first, following) in enumerate(quarter_bounds(scope)):
        within = Q(**{f"{field}__gte": at(first), f"{field}__lt": at(following)})
        for name, (function, over, condition) in aggregates.items():
            annotations[f"{name}{index}"] = function(over, filter=within & (condition or Q()))
    return annotations


# --- needs by theme and member --------------------------------------------------------------


def needs_by_theme_and_member(scope):
    cells = (
        TrainingNeed.objects.filter(scope.need_filter())
        .exclude(status=NeedStatus.WITHDRAWN)
        .values_list("member__name", "theme")
        .annotate(n=Count("pk"))
        .order_by("member__name")
    )
    by_member = defaultdict(dict)
    for member, theme, n in cells:
        by_member[member][theme] = n
    themes = list(Theme)
    return Table(
        caption=_("Training needs by member and theme"),
        columns=[theme.label for theme in themes],
        rows=[(member, [counts.get(t, 0) for t in themes]) for member, counts in by_member.items()],
    )


# --- seats asked for and offered ----------------------------------------------------------


def seats_by_theme_and_quarter(scope):
    """{theme label: Table (rows: quarters; columns: asked for, offered)}: asked for is the
    officials of the needs whose preferred period starts in the quarter; offered, the
    capacity of the public sessions starting in it."""
    asked = (
        TrainingNeed.objects.filter(scope.need_filter(), preferred_from__gte=scope.start)
        .exclude(status=NeedStatus.WITHDRAWN)
        .values("theme")
        .annotate(**per_quarter(scope, "preferred_from", q=(Sum, "officials", None)))
        .order_by()
    )
    offered = (
        Session.objects.public()
        .filter(starts_at__range=scope.starts_between)
        .exclude(status=SessionStatus.CANCELLED)
        .values(theme=F("course__theme"))
        .annotate(**per_quarter(scope, "starts_at", moments=True, q=(Sum, "capacity", None)))
        .order_by()
    )
    labels = quarters(scope)
    cells = defaultdict(lambda: [0, 0])
    for column, rows in ((0, asked), (1, offered)):
        for row in rows:
            for index, label in enumerate(labels):
                cells[(row["theme"], label)][column] += row[f"q{index}"] or 0
    return {
        theme.label: Table(
            caption=_("Seats asked for and offered: %(theme)s") % {"theme": theme.label},
            columns=[_("Asked for"), _("Offered")],
            rows=[(label, list(cells[(theme.value, label)])) for label in labels],
        )
        for theme in Theme
    }


# --- funding ---------------------------------------------------------------------------------


def _sum_by_currency(rows):
    totals = defaultdict(Decimal)
    for currency, amount in rows:
        if currency:
            totals[currency] += amount or Decimal(0)
    return totals


def _in_reporting_currency(totals, *, rates, on, notes):
    currency = settings.TRAINING_HUB_REPORTING_CURRENCY
    total = Decimal(0)
    for code, amount in sorted(totals.items()):
        try:
            conversion = convert(amount, code, currency, on=on, rates=rates)
        except NoRate as refusal:
            notes.add(
                _("%(amount)s %(code)s left out: %(why)s")
                % {"amount": amount.normalize(), "code": code, "why": refusal.messages[0]}
            )
            continue
        total += conversion.amount
        if conversion.note:
            notes.add(conversion.note)
    return total


def funding(scope):
    """Pledged, allocated and still needed, in the reporting currency; the amounts in a
    currency without a recorded rate are left out of the totals and named in the notes."""
    pledges = Pledge.objects.filter(starts_on__lte=scope.end, ends_on__gte=scope.start)
    active = Allocation.objects.filter(status=Allocation.Status.ACTIVE)
    session_gap = ExpressionWrapper(
        F("capacity") * F("course__cost_per_participant") - F("funding_covered"),
        output_field=DecimalField(max_digits=20, decimal_places=3),
    )
    sessions = (
        Session.objects.public()
        .filter(starts_at__range=scope.starts_between, course__cost_per_participant__gt=0)
        .exclude(status=SessionStatus.CANCELLED)
        .exclude(funding_status=FundingStatus.FUNDED)
    )
    needs = TrainingNeed.objects.filter(scope.need_filter()).exclude(
        funding_status=FundingStatus.FUNDED
    )
    if scope.member is not None:
        pledges = pledges.filter(
            pk__in=Earmark.objects.filter(member=scope.member).values("pledge_id")
        )
        active = active.filter(need__member=scope.member)
        still_sessions = []
        needs = needs.exclude(matched_session=None, matched_course=None)
    else:
        active = active.filter(pledge__in=pledges)
        still_sessions = sessions.values_list("course__currency").annotate(s=Sum(session_gap))
        # A need matched to a session is in the session's cost already.
        needs = needs.filter(matched_session=None).exclude(matched_course=None)
    need_gap = ExpressionWrapper(
        F("officials") * F("matched_course__cost_per_participant") - F("funding_covered"),
        output_field=DecimalField(max_digits=20, decimal_places=3),
    )
    if scope.member is not None:
        still_needs = [
            (need.funding_currency, need.funding_still_needed)
            for need in needs.select_related("matched_session__course", "matched_course")
        ]
    else:
        still_needs = needs.values_list("matched_course__currency").annotate(s=Sum(need_gap))
    rates, on, notes = all_rates(), min(scope.end, timezone.localdate()), set()
    figures = [
        (_("Pledged"), _sum_by_currency(pledges.values_list("currency", "amount"))),
        (_("Allocated"), _sum_by_currency(active.values_list("pledge__currency", "amount"))),
        (_("Still needed"), _sum_by_currency(list(still_sessions) + list(still_needs))),
    ]
    currency = settings.TRAINING_HUB_REPORTING_CURRENCY
    table = Table(
        caption=_("Funding in %(currency)s") % {"currency": currency},
        columns=[currency],
        rows=[
            (label, [_in_reporting_currency(totals, rates=rates, on=on, notes=notes)])
            for label, totals in figures
        ],
    )
    table.by_currency = [(label, sorted(totals.items())) for label, totals in figures]
    table.notes = sorted(str(note) for note in notes)
    return table


# --- nominations and completions ----------------------------------------------------------


def nominations_over_time(scope):
    """(nominations by quarter and gender, completions likewise, the detail per member and
    gender with both per quarter)."""
    rows = Nomination.objects.filter(
        status__in=PUT_FORWARD, session__starts_at__range=scope.starts_between
    )
    if scope.member is not None:
        rows = rows.filter(member=scope.member)
    counts = per_quarter(
        scope,
        "session__starts_at",
        moments=True,
        n=(Count, "pk", None),
        completed=(Count, "pk", Q(status=N.COMPLETED)),
    )
    cells = (
        rows.values("member__name", "official__gender")
        .annotate(**counts)
        .order_by("member__name", "official__gender")
    )
    labels = quarters(scope)
    genders = list(Gender)
    put, done = defaultdict(int), defaultdict(int)
    detail = {}
    for row in cells:
        member, gender = row["member__name"], row["official__gender"]
        per_label = [[row[f"n{i}"], row[f"completed{i}"]] for i in range(len(labels))]
        for label, (n, completed) in zip(labels, per_label, strict=True):
            put[(label, gender)] += n
            done[(label, gender)] += completed
        detail[(member, Gender(gender).label)] = per_label

    def by_gender(counts, caption):
        return Table(
            caption=caption,
            columns=[gender.label for gender in genders],
            rows=[(label, [counts[(label, g.value)] for g in genders]) for label in labels],
        )

    return (
        by_gender(put, _("Nominations by quarter and gender")),
        by_gender(done, _("Completions by quarter and gender")),
        labels,
        sorted(detail.items()),
    )
