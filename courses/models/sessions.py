"""Sessions (one run of a course), their member quotas, and the rules every list shares."""

import zoneinfo
from datetime import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from training_hub.scopes import scope_for

from ..choices import FundingStatus, SessionStatus, funding_status_for
from .pages import CoursePage
from .vocabularies import TIME_ZONE_CHOICES, validate_single_line, validate_time_zone

END_BEFORE_START = _("The session must end after it starts.")
QUOTA_ABOVE_CAPACITY = _("The quota cannot be larger than the session's capacity (%(capacity)s).")
QUOTA_ROW_ABOVE_CAPACITY = _("A member's quota below is larger than this capacity.")
WINDOW_AFTER_START = _("Nominations must close before the session starts.")
WINDOW_INVERTED = _("Nominations must open before they close.")
STATUS_AGAINST_DATES = _(
    "The dates say this session is “%(fits)s” now; it cannot be saved as “%(status)s”."
)
OPENS_LATER = _("Nominations open on %(date)s")
CAPACITY_BELOW_TAKEN = _(
    "%(taken)s seats are already taken; the capacity cannot be lower than that."
)


class SessionQuerySet(models.QuerySet):
    """The one definition of each session rule that lists, feeds, the API and pages use."""

    def public(self):
        """Sessions of courses any visitor may see (see `PublishedQuerySet.published`)."""
        return self.filter(course__in=CoursePage.objects.published().values("pk"))

    def upcoming(self, now=None):
        """Not over yet (running ones included) and not cancelled."""
        return self.filter(ends_at__gte=now or timezone.now()).exclude(
            status=SessionStatus.CANCELLED
        )

    def open_for_nominations(self, now=None):
        """Open status and `now` inside the window (as `Session.is_open_for_nominations`)."""
        return self.filter(open_for_nominations_q(now or timezone.now()))

    def visible_to(self, user):
        """Sessions `user` may manage: their centres' for a director, every one for the RSO."""
        return scope_for(user).restrict(self, centre="course__centre")

    def with_course(self):
        return self.select_related("course", "course__centre", "course__centre__country")


def open_for_nominations_q(now):
    """The rule as a query; `Session.is_open_for_nominations` is the same rule on one row."""
    return Q(
        status=SessionStatus.OPEN,
        nominations_open_at__lte=now,
        nominations_close_at__gt=now,
    )


class Session(index.Indexed, ClusterableModel):
    """One run of a course: dates in the venue's time zone, seats, quotas, nomination window."""

    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("The venue's time zone."),
    )
    venue = models.CharField(_("venue"), max_length=200, validators=[validate_single_line])
    city = models.CharField(_("city"), max_length=100, validators=[validate_single_line])
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    default_quota = models.PositiveIntegerField(
        _("default quota"),
        default=2,
        help_text=_("Seats each member may fill unless a quota below says otherwise."),
    )
    nominations_open_at = models.DateTimeField(_("nominations open at"))
    nominations_close_at = models.DateTimeField(_("nominations close at"))
    status = models.CharField(
        _("status"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    # Computed, never typed: what donors' allocations cover (`funding_covered`, in the
    # course's currency, kept by the nominations' funding service through
    # `services.session_record_funding`) against capacity x the course's cost per
    # participant. Stored so that the catalogue, the search index and the API read it.
    funding_status = models.CharField(
        _("funding"),
        max_length=16,
        choices=FundingStatus.choices,
        default=FundingStatus.NOT_FUNDED,
        editable=False,
    )
    funding_covered = models.DecimalField(
        _("funding covered"), max_digits=15, decimal_places=3, default=0, editable=False
    )
    # Accepted, confirmed, attended and completed nominations. Written only by the
    # nominations service, under this row's lock, so lists and the search index read seats
    # left without knowing about nominations.
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    # iCalendar SEQUENCE: raised whenever time, time zone or venue change.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    panels = [
        FieldPanel("course", widget=forms.Select),
        MultiFieldPanel(
            [
                FieldPanel("time_zone", widget=forms.Select(choices=TIME_ZONE_CHOICES)),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldRowPanel([FieldPanel("venue"), FieldPanel("city")]),
            ],
            heading=_("When and where (times in the venue's time zone)"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("default_quota")]),
                FieldRowPanel(
                    [FieldPanel("nominations_open_at"), FieldPanel("nominations_close_at")]
                ),
                FieldPanel("status"),
            ],
            heading=_("Seats and nominations"),
        ),
        InlinePanel("quotas", label=_("Quota for a member (overrides the default)")),
    ]
    # The admin's list search and its scoping filter on these.
    search_fields = [
        index.SearchField("venue"),
        index.SearchField("city"),
        index.AutocompleteField("venue"),
        index.AutocompleteField("city"),
        index.FilterField("status"),
        index.FilterField("funding_status"),
        index.FilterField("capacity"),
        index.FilterField("starts_at"),
        index.FilterField("course_id"),
        index.RelatedFields(
            "course",
            [
                index.SearchField("title"),
                index.AutocompleteField("title"),
                index.FilterField("centre_id"),
            ],
        ),
    ]

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats_taken__lte=models.F("capacity")),
                name="session_seats_taken_within_capacity",
            )
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            # The calendar feeds' ETag reads MAX(updated_at) on every request.
            models.Index(fields=["updated_at"], name="courses_session_updated_idx"),
        ]

    def __str__(self):
        local = self.local_start
        if not local:
            return str(_("New session"))
        return f"{self.course.title} — {local:%d %b %Y}, {self.city}"

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.zone) if self.starts_at and self.time_zone else None

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.zone) if self.ends_at and self.time_zone else None

    # Wall-clock (naive) times at the venue, for templates: Django would convert an aware
    # value to the server's time zone before printing it.
    def _wall(self, value):
        return (
            value.astimezone(self.zone).replace(tzinfo=None) if value and self.time_zone else None
        )

    @property
    def wall_start(self):
        return self._wall(self.starts_at)

    @property
    def wall_end(self):
        return self._wall(self.ends_at)

    @property
    def wall_nominations_open(self):
        return self._wall(self.nominations_open_at)

    @property
    def wall_nominations_close(self):
        return self._wall(self.nominations_close_at)

    @property
    def utc_offset(self):
        """The venue's offset from UTC on the first day, as "UTC+07:00" (shown beside the
        zone's name, which many readers do not know)."""
        local = self.local_start
        if local is None:
            return ""
        minutes = int(local.utcoffset().total_seconds() // 60)
        sign = "+" if minutes >= 0 else "−"
        hours, rest = divmod(abs(minutes), 60)
        return f"UTC{sign}{hours:02d}:{rest:02d}"

    @property
    def seats_left(self):
        return max(self.capacity - self.seats_taken, 0)

    @property
    def is_full(self):
        return self.seats_taken >= self.capacity

    def is_open_for_nominations(self, now: datetime | None = None):
        """`open_for_nominations_q` on this row (tested to agree with it)."""
        now = now or timezone.now()
        return (
            self.status == SessionStatus.OPEN
            and self.nominations_open_at <= now < self.nominations_close_at
        )

    def current_status(self, now: datetime | None = None):
        """The status the dates give now, from the stored one: a session stored as open shows
        as planned before its window and as closed after it; started and ended sessions show
        as running and completed; a cancellation always shows. Pages and lists print this,
        so a stored status never goes stale on screen."""
        now = now or timezone.now()
        stored = self.status
        if stored == SessionStatus.CANCELLED:
            return SessionStatus.CANCELLED
        if now >= self.ends_at:
            return SessionStatus.COMPLETED
        if now >= self.starts_at:
            return SessionStatus.RUNNING
        if stored == SessionStatus.OPEN:
            if now < self.nominations_open_at:
                return SessionStatus.PLANNED
            if now >= self.nominations_close_at:
                return SessionStatus.CLOSED
        return SessionStatus(stored)

    @property
    def current_status_label(self):
        status = self.current_status()
        if status == SessionStatus.PLANNED and self.status == SessionStatus.OPEN:
            return OPENS_LATER % {"date": f"{self.wall_nominations_open:%d %b %Y}"}
        return status.label

    def _status_against_dates(self, now):
        """The status that the dates allow for a save now, or None when the stored one fits.

        Time decides running and completed, and an open window that has closed; the
        director decides planned, open, closed and cancelled before the session starts.
        """
        if self.status == SessionStatus.CANCELLED or not (self.starts_at and self.ends_at):
            return None
        if now >= self.ends_at:
            fits = {SessionStatus.COMPLETED}
        elif now >= self.starts_at:
            fits = {SessionStatus.RUNNING}
        else:
            fits = {SessionStatus.PLANNED, SessionStatus.OPEN, SessionStatus.CLOSED}
            closes = self.nominations_close_at
            if closes and now >= closes:
                fits -= {SessionStatus.OPEN}
        if self.status in fits:
            return None
        return self.current_status(now) if len(fits) > 1 else fits.pop()

    @property
    def cost_per_participant(self):
        """The course's cost per participant, None when there is none to pay."""
        cost = self.course.cost_per_participant
        return cost if cost else None

    @property
    def funding_currency(self):
        return self.course.currency

    @property
    def funding_needed(self):
        """What the session costs: capacity x the course's cost per participant."""
        cost = self.cost_per_participant
        return Decimal(self.capacity or 0) * cost if cost else Decimal(0)

    @property
    def funding_still_needed(self):
        return max(self.funding_needed - self.funding_covered, Decimal(0))

    def computed_funding_status(self):
        """The status that `funding_covered` and the cost give now (`funding_status_for`)."""
        return funding_status_for(needed=self.funding_needed, covered=self.funding_covered)

    def quota_for(self, member):
        """Seats `member` may fill: its override if there is one, else the default quota."""
        for quota in self.quotas.all():
            if quota.member_id == member.pk:
                return quota.seats
        return self.default_quota

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = END_BEFORE_START
        if self.capacity and self.default_quota and self.default_quota > self.capacity:
            errors["default_quota"] = QUOTA_ABOVE_CAPACITY % {"capacity": self.capacity}
        opens, closes = self.nominations_open_at, self.nominations_close_at
        if opens and closes and closes <= opens:
            errors["nominations_close_at"] = WINDOW_INVERTED
        elif closes and self.starts_at and closes > self.starts_at:
            errors["nominations_close_at"] = WINDOW_AFTER_START
        if self.capacity and self.capacity < self.seats_taken:
            errors["capacity"] = CAPACITY_BELOW_TAKEN % {"taken": self.seats_taken}
        elif self.capacity and any(q.seats > self.capacity for q in self.quotas.all()):
            errors["capacity"] = QUOTA_ROW_ABOVE_CAPACITY
        fits = None if errors else self._status_against_dates(timezone.now())
        if fits is not None:
            errors["status"] = STATUS_AGAINST_DATES % {
                "fits": fits.label,
                "status": SessionStatus(self.status).label,
            }
        if errors:
            raise ValidationError(errors)


class SessionQuota(Orderable):
    """A member's own quota for one session, overriding the session's default."""

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="quotas")
    member = models.ForeignKey("training_hub.Member", on_delete=models.PROTECT)
    seats = models.PositiveIntegerField()

    panels = [FieldRowPanel([FieldPanel("member"), FieldPanel("seats")])]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="one_quota_per_member")
        ]
