"""Officials, their member's training needs, and nominations of officials to sessions.

These are transactional records (shared/STYLE.md): plain models, written only through
`services/`, read through the scoped `selectors.py`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from courses.choices import FundingStatus, Level, Theme, funding_status_for
from courses.models.vocabularies import validate_single_line

from ..choices import (
    ENDED_STATUSES,
    Frequency,
    Gender,
    NeedStatus,
    NominationStatus,
    Priority,
)

NAME_MAX = 150
PHONE_INVALID = _("Enter a phone number: digits, spaces and + - ( ) only, 6 to 30 characters.")
PERIOD_INVERTED = _("The preferred period must end on or after the day it starts.")
validate_phone = RegexValidator(r"^\+?[0-9 ()\-]{6,30}$", PHONE_INVALID)


class Official(models.Model):
    """An official of a member who may be nominated; the person behind a trainee account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="official"
    )
    member = models.ForeignKey(
        "training_hub.Member", on_delete=models.PROTECT, related_name="officials"
    )
    passport_name = models.CharField(
        _("name as in the passport"), max_length=NAME_MAX, validators=[validate_single_line]
    )
    native_name = models.CharField(
        _("name in their own script"),
        max_length=NAME_MAX,
        blank=True,
        validators=[validate_single_line],
    )
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices)
    agency = models.CharField(_("agency"), max_length=200, validators=[validate_single_line])
    position = models.CharField(_("position"), max_length=200, validators=[validate_single_line])
    # The address invitations and notifications go to; the service keeps the account's in step.
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    languages = models.ManyToManyField(
        "courses.Language", blank=True, related_name="+", verbose_name=_("languages")
    )
    # The secret of the trainee's private calendar feed; empty when revoked or never made.
    calendar_token = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["passport_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "member", name="one_official_per_email_and_member"
            )
        ]

    def __str__(self):
        return self.passport_name


class TrainingNeed(models.Model):
    """What a member asks training for: the RSO matches it to courses and funding."""

    member = models.ForeignKey(
        "training_hub.Member", on_delete=models.PROTECT, related_name="training_needs"
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    curriculum = models.ForeignKey(
        "courses.CurriculumPage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_needs",
        verbose_name=_("curriculum"),
    )
    modules = models.ManyToManyField(
        "courses.Module", blank=True, related_name="training_needs", verbose_name=_("modules")
    )
    audience = models.CharField(_("audience"), max_length=300, validators=[validate_single_line])
    level = models.CharField(
        _("level"),
        max_length=16,
        choices=Level.choices,
        blank=True,
        help_text=_("The level the officials need, if one; matching prefers courses of it."),
    )
    officials = models.PositiveIntegerField(
        _("number of officials"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices)
    preferred_from = models.DateField(_("preferred from"))
    preferred_until = models.DateField(_("preferred until"))
    language = models.ForeignKey(
        "courses.Language",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preferred language"),
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM
    )
    justification = models.TextField(_("justification"), max_length=4000)
    status = models.CharField(
        _("status"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    # The form's one-time key: a repeated POST of the same form finds this need again.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # The RSO's match (services/matching.py `need_link`): a session, or a course that its
    # centre could schedule. Its course's cost per participant prices the need.
    matched_session = models.ForeignKey(
        "courses.Session",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matched_needs",
        editable=False,
        verbose_name=_("matched session"),
    )
    matched_course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matched_needs",
        editable=False,
        verbose_name=_("matched course"),
    )
    matched_at = models.DateTimeField(null=True, blank=True, editable=False)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Computed by the funding service (services/funding.py), as the session's is: what the
    # allocations to this need cover (in its course's currency) against officials x cost.
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(preferred_until__gte=models.F("preferred_from")),
                name="need_period_in_order",
                violation_error_message=PERIOD_INVERTED,
            ),
            models.CheckConstraint(
                condition=Q(matched_session__isnull=True) | Q(matched_course__isnull=True),
                name="need_matched_to_one_thing",
            ),
        ]
        indexes = [models.Index(fields=["status", "theme"])]

    def __str__(self):
        return f"{self.member.code}: {self.title}"

    @property
    def priced_by(self):
        """The course whose cost per participant prices this need: the matched session's or
        the matched course; None while the need is not matched."""
        if self.matched_session_id:
            return self.matched_session.course
        return self.matched_course if self.matched_course_id else None

    @property
    def cost_per_participant(self):
        course = self.priced_by
        return (course.cost_per_participant or None) if course else None

    @property
    def funding_currency(self):
        course = self.priced_by
        return course.currency if course else None

    @property
    def funding_needed(self):
        cost = self.cost_per_participant
        return Decimal(self.officials) * cost if cost else Decimal(0)

    @property
    def funding_still_needed(self):
        return max(self.funding_needed - self.funding_covered, Decimal(0))

    def computed_funding_status(self):
        """Not funded while unmatched (nothing prices it yet); else `funding_status_for`."""
        if self.priced_by is None:
            return FundingStatus.NOT_FUNDED
        return funding_status_for(needed=self.funding_needed, covered=self.funding_covered)


class Nomination(models.Model):
    """One official put forward by their member for one session, ranked among its nominees."""

    session = models.ForeignKey(
        "courses.Session", on_delete=models.PROTECT, related_name="nominations"
    )
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="nominations")
    # The nominating member (the official's); kept on the row to scope and count by it.
    member = models.ForeignKey(
        "training_hub.Member", on_delete=models.PROTECT, related_name="nominations"
    )
    rank = models.PositiveIntegerField(
        _("rank"), validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=NominationStatus.choices,
        default=NominationStatus.DRAFT,
    )
    # Raised by every write: a form carries the version it showed, and a stale one is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    reason = models.TextField(_("reason of the last move"), blank=True, max_length=2000)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "member", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "official"],
                condition=~Q(status__in=sorted(ENDED_STATUSES)),
                name="one_live_nomination_per_official",
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="nomination_rank_positive"),
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["member", "status"]),
        ]

    def __str__(self):
        return f"{self.official} → {self.session}"


class Reminder(models.Model):
    """That one reminder went out: a scheduler may run its command again and send none twice."""

    class Kind(models.TextChoices):
        WINDOW_CLOSING = "window_closing", _("Nominations close soon")

    session = models.ForeignKey("courses.Session", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("training_hub.Member", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member", "kind"], name="one_reminder_per_session_and_member"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.session_id} / {self.member_id}"
