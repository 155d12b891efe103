"""The reports members expect from the RSO, for a period (and a member, or every one; a
focal point only gets their own): participation, training needs and their coverage, and the
funding status laid out as the work plan's funding annex (Attachment A: goal, deliverable,
funding). Each is a `Report`: headings and rows, the rows read lazily (in chunks), so an
export of any size streams (`exports.py`)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from courses.choices import FundingStatus, SessionStatus, Theme, funding_status_for
from courses.models import Session

from .choices import SEAT_STATUSES, Gender, NominationStatus
from .dashboard import PUT_FORWARD
from .models import Allocation, Nomination, TrainingNeed

N = NominationStatus
# The annex writes the status with capitals.
ANNEX_STATUS = {
    FundingStatus.FUNDED: _("Funded"),
    FundingStatus.PARTIAL: _("Partially Funded"),
    FundingStatus.NOT_FUNDED: _("Not Funded"),
}
CHUNK = 2000


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    headings: list
    rows: object  # a callable: scope -> iterable of rows


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value


def participation_rows(scope):
    """Nominees put forward, holding a place and completing, by member, gender, agency,
    centre and theme, for sessions starting in the period."""
    rows = Nomination.objects.filter(
        status__in=PUT_FORWARD, session__starts_at__range=scope.starts_between
    )
    if scope.member is not None:
        rows = rows.filter(member=scope.member)
    cells = (
        rows.values_list(
            "member__name",
            "official__gender",
            "official__agency",
            "session__course__centre__title",
            "session__course__theme",
        )
        .annotate(
            put=Count("pk"),
            held=Count("pk", filter=Q(status__in=SEAT_STATUSES)),
            completed=Count("pk", filter=Q(status=N.COMPLETED)),
        )
        .order_by(
            "member__name", "official__gender", "official__agency", "session__course__centre__title"
        )
    )
    for member, gender, agency, centre, theme, put, held, completed in cells:
        yield [
            member,
            _label(Gender, gender),
            agency,
            centre,
            _label(Theme, theme),
            put,
            held,
            completed,
        ]


def needs_rows(scope):
    """Every need of the period: what was asked, its status, its match and its funding."""
    needs = (
        TrainingNeed.objects.filter(scope.need_filter())
        .select_related("member", "matched_session__course", "matched_course")
        .order_by("member__name", "preferred_from", "pk")
    )
    for need in needs.iterator(chunk_size=CHUNK):
        matched = need.matched_session or (
            need.matched_course.title if need.matched_course_id else ""
        )
        currency = need.funding_currency or ""
        yield [
            need.member.name,
            need.title,
            _label(Theme, need.theme),
            need.officials,
            need.preferred_from,
            need.preferred_until,
            need.get_priority_display(),
            need.get_status_display(),
            str(matched),
            need.get_funding_status_display(),
            need.funding_covered if currency else "",
            need.funding_needed if currency else "",
            currency,
        ]


def _donors_by(key, allocations):
    names = defaultdict(set)
    for target, member_name, name in allocations.values_list(
        key, "pledge__donor__member__name", "pledge__donor__name"
    ).distinct():
        names[target].add(member_name or name)
    return {target: ", ".join(sorted(found)) for target, found in names.items()}


def funding_rows(scope):
    """The funding annex: per goal (theme), each deliverable (a course with sessions in the
    period; for one member, each of its matched needs) with its cost, what covers it, its
    donors and its status."""
    active = Allocation.objects.filter(status=Allocation.Status.ACTIVE)
    if scope.member is None:
        cost = ExpressionWrapper(
            F("capacity") * F("course__cost_per_participant"),
            output_field=DecimalField(max_digits=20, decimal_places=3),
        )
        courses = (
            Session.objects.public()
            .filter(starts_at__range=scope.starts_between)
            .exclude(status=SessionStatus.CANCELLED)
            .values_list(
                "course__theme",
                "course_id",
                "course__title",
                "course__centre__title",
                "course__currency",
            )
            .annotate(sessions=Count("pk"), needed=Sum(cost), covered=Sum("funding_covered"))
        )
        donors = _donors_by(
            "session__course_id", active.filter(session__starts_at__range=scope.starts_between)
        )
        donors_via_needs = _donors_by(
            "need__matched_session__course_id",
            active.filter(need__matched_session__starts_at__range=scope.starts_between),
        )
        rows = []
        for theme, course_id, title, centre, currency, sessions, needed, covered in courses:
            needed, covered = needed or 0, covered or 0
            status = funding_status_for(needed=needed, covered=covered)
            names = ", ".join(
                sorted(
                    {
                        n
                        for n in (donors.get(course_id, ""), donors_via_needs.get(course_id, ""))
                        if n
                    }
                )
            )
            rows.append(
                (
                    list(Theme).index(Theme(theme)),
                    title,
                    [
                        _label(Theme, theme),
                        title,
                        centre,
                        sessions,
                        needed,
                        covered,
                        currency,
                        names,
                        ANNEX_STATUS[status],
                    ],
                )
            )
        for _order, _title, row in sorted(rows, key=lambda r: (r[0], r[1])):
            yield row
        return
    needs = (
        TrainingNeed.objects.filter(scope.need_filter())
        .exclude(matched_session=None, matched_course=None)
        .select_related("matched_session__course__centre", "matched_course__centre")
    )
    donors = _donors_by("need_id", active.filter(need__member=scope.member))
    for need in sorted(needs, key=lambda n: (list(Theme).index(Theme(n.theme)), n.title)):
        course = need.priced_by
        yield [
            _label(Theme, need.theme),
            f"{need.title} — {course.title}",
            course.centre.title if course.centre else "",
            1 if need.matched_session_id else 0,
            need.funding_needed,
            need.funding_covered,
            need.funding_currency,
            donors.get(need.pk, ""),
            ANNEX_STATUS[FundingStatus(need.funding_status)],
        ]


REPORTS = {
    report.slug: report
    for report in (
        Report(
            "participation",
            _("Participation"),
            [
                _("Member"),
                _("Gender"),
                _("Agency"),
                _("Centre"),
                _("Theme"),
                _("Put forward"),
                _("Held a place"),
                _("Completed"),
            ],
            participation_rows,
        ),
        Report(
            "needs",
            _("Training needs and their coverage"),
            [
                _("Member"),
                _("Need"),
                _("Theme"),
                _("Officials"),
                _("Preferred from"),
                _("Preferred until"),
                _("Priority"),
                _("Status"),
                _("Matched to"),
                _("Funding"),
                _("Covered"),
                _("Cost"),
                _("Currency"),
            ],
            needs_rows,
        ),
        Report(
            "funding",
            _("Funding requirements (as the work plan's Attachment A)"),
            [
                _("Goal"),
                _("Deliverable"),
                _("Centre"),
                _("Sessions"),
                _("Cost"),
                _("Covered"),
                _("Currency"),
                _("Donors"),
                _("Funding"),
            ],
            funding_rows,
        ),
    )
}
