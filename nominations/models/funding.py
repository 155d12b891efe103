"""Donor funding: donors, their pledges and earmarks, the exchange rates the RSO records, and
allocations of a pledge to a session or a training need.

Written only by `services/funding.py` (which keeps a pledge within its amount under the
pledge's row lock) and read through `selectors.py`. Funding lives in this app, not in
`courses`, because an allocation may fund a training need, which is this app's; the status
it gives a session is stored on the session by a `courses` service, so the catalogue, the
search index and the API read it without knowing about donors.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.choices import Theme
from courses.models.vocabularies import validate_single_line

from ..money import MAX_DIGITS, MAX_MINOR_UNITS, money, validate_currency

PLEDGE_PERIOD_INVERTED = _("The pledge's period must end on or after the day it starts.")
RATE_NOT_POSITIVE = _("A rate must be more than zero.")
SAME_CURRENCY = _("A rate converts one currency into another: choose two different ones.")


def _amount_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=MAX_DIGITS, decimal_places=MAX_MINOR_UNITS, **kwargs
    )


def _currency_field(verbose_name=None):
    verbose_name = verbose_name or _("currency")
    return models.CharField(verbose_name, max_length=3, validators=[validate_currency])


class Donor(models.Model):
    """Who pledges money: a Bali Process member, or another organisation."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("A Bali Process member")
        ORGANISATION = "organisation", _("Another organisation")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    member = models.OneToOneField(
        "training_hub.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donor",
        verbose_name=_("member"),
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, validators=[validate_single_line]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="member", member__isnull=False))
                | (Q(kind="organisation", member__isnull=True) & ~Q(name="")),
                name="donor_is_a_member_or_a_named_organisation",
            ),
            models.UniqueConstraint(
                fields=["name"], condition=Q(kind="organisation"), name="one_donor_per_name"
            ),
        ]

    def __str__(self):
        return self.member.name if self.member_id else self.name


class ExchangeRateQuerySet(models.QuerySet):
    def between(self, first, second):
        """Rates recorded between the two currencies, either way round."""
        return self.filter(
            Q(currency=first, quote_currency=second) | Q(currency=second, quote_currency=first)
        )


class ExchangeRate(models.Model):
    """1 `currency` = `rate` `quote_currency` from `valid_on`, as the RSO recorded it."""

    currency = _currency_field(_("from"))
    quote_currency = _currency_field(_("to"))
    rate = models.DecimalField(
        _("rate"),
        max_digits=20,
        decimal_places=10,
        validators=[MinValueValidator(Decimal("0.0000000001"), RATE_NOT_POSITIVE)],
    )
    valid_on = models.DateField(_("valid from"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ExchangeRateQuerySet.as_manager()

    class Meta:
        ordering = ["currency", "quote_currency", "-valid_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "quote_currency", "valid_on"], name="one_rate_per_pair_and_day"
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="rate_positive"),
            models.CheckConstraint(
                condition=~Q(currency=models.F("quote_currency")),
                name="rate_between_two_currencies",
                violation_error_message=SAME_CURRENCY,
            ),
        ]

    def __str__(self):
        return (
            f"1 {self.currency} = {self.rate.normalize()} {self.quote_currency} ({self.valid_on})"
        )

    def factor_from(self, source):
        """What one unit of `source` (either currency of the pair) is worth in the other."""
        return self.rate if source == self.currency else Decimal(1) / self.rate

    def factor_to(self, target):
        return self.factor_from(self.source_for(target))

    def source_for(self, target):
        return self.currency if target == self.quote_currency else self.quote_currency


class Pledge(models.Model):
    """An amount a donor promises for a period, earmarked or not (`Earmark`)."""

    donor = models.ForeignKey(
        Donor, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("donor")
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        validators=[validate_single_line],
        help_text=_("How the donor and the RSO refer to it, e.g. the grant's name."),
    )
    amount = _amount_field(_("amount"))
    currency = _currency_field()
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="pledge_period_in_order",
                violation_error_message=PLEDGE_PERIOD_INVERTED,
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="pledge_amount_positive"),
        ]

    def __str__(self):
        return f"{self.donor}: {self.title} ({money(self.amount, self.currency)})"

    def covers_day(self, day):
        return self.starts_on <= day <= self.ends_on


class Earmark(models.Model):
    """One thing a pledge is reserved for: a theme, a member, a centre or a curriculum.

    Earmarks of one kind are alternatives (Protection or Prevention); kinds combine (for
    Protection and for Indonesia). A pledge without earmarks may fund anything.
    """

    class Kind(models.TextChoices):
        THEME = "theme", _("Theme")
        MEMBER = "member", _("Member")
        CENTRE = "centre", _("Centre")
        CURRICULUM = "curriculum", _("Curriculum")

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="earmarks")
    theme = models.CharField(max_length=32, choices=Theme.choices, blank=True)
    member = models.ForeignKey(
        "training_hub.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    centre = models.ForeignKey(
        "courses.CentrePage", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    curriculum = models.ForeignKey(
        "courses.CurriculumPage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (~Q(theme="") & Q(member=None, centre=None, curriculum=None))
                    | Q(theme="", member__isnull=False, centre=None, curriculum=None)
                    | Q(theme="", member=None, centre__isnull=False, curriculum=None)
                    | Q(theme="", member=None, centre=None, curriculum__isnull=False)
                ),
                name="earmark_names_one_thing",
            )
        ]

    def __str__(self):
        if self.theme:
            return str(Theme(self.theme).label)
        return str(self.member or self.centre or self.curriculum)

    @property
    def kind(self):
        if self.theme:
            return self.Kind.THEME
        if self.member_id:
            return self.Kind.MEMBER
        if self.centre_id:
            return self.Kind.CENTRE
        return self.Kind.CURRICULUM

    @property
    def value_id(self):
        return self.theme or self.member_id or self.centre_id or self.curriculum_id


class Allocation(models.Model):
    """Part of a pledge given to one session or one training need.

    `amount` is what it draws from the pledge (the pledge's currency); `covered` is what it
    pays of its target's cost (the target's course's currency), converted at `rate` when the
    two differ. Made as an amount, or as `participants` x `cost_per_participant`. A released
    allocation gives its amount back to the pledge and covers nothing; it stays for the
    record.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RELEASED = "released", _("Released")

    pledge = models.ForeignKey(
        Pledge, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("pledge")
    )
    session = models.ForeignKey(
        "courses.Session",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
    )
    need = models.ForeignKey(
        "nominations.TrainingNeed",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    cost_per_participant = _amount_field(_("cost per participant"), null=True, blank=True)
    amount = _amount_field(_("amount drawn from the pledge"))
    covered = _amount_field(_("amount covered"))
    covered_currency = _currency_field(_("currency covered"))
    rate = models.ForeignKey(
        ExchangeRate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # pledge currency x factor = covered currency; 1 when they are the same.
    factor = models.DecimalField(max_digits=24, decimal_places=12, default=Decimal(1))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(session__isnull=True, need__isnull=False)
                | Q(session__isnull=False, need__isnull=True),
                name="allocation_to_a_session_or_a_need",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_positive"),
            models.CheckConstraint(condition=Q(covered__gt=0), name="allocation_covers_something"),
            models.CheckConstraint(
                condition=Q(participants__isnull=True, cost_per_participant__isnull=True)
                | Q(participants__gte=1, cost_per_participant__gt=0),
                name="allocation_participants_with_cost",
            ),
        ]
        indexes = [
            models.Index(fields=["pledge", "status"]),
            models.Index(fields=["session", "status"]),
            models.Index(fields=["need", "status"]),
        ]

    def __str__(self):
        return f"{money(self.amount, self.pledge.currency)} → {self.target}"

    @property
    def target(self):
        return self.session if self.session_id else self.need
