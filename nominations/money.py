"""Amounts of money: `Decimal`s in a currency, with that currency's minor units (ISO 4217,
from Babel's copy of the Unicode CLDR), and their conversion at a rate the RSO records.

There is no silent conversion: `convert` uses a recorded `ExchangeRate` (or its inverse)
and returns it, so every screen and export can say which rate of which date it used; a
pair of currencies without a rate is refused with `NoRate`.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, get_currency_name, get_currency_precision
from babel.numbers import list_currencies as babel_currencies
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# Stored with three decimal places: every currency in use has at most three minor units.
MAX_MINOR_UNITS = 3
MAX_DIGITS = 15

NOT_A_CURRENCY = _("“%(code)s” is not an ISO 4217 currency code this site knows.")
NOT_A_NUMBER = _("Enter the amount as a number, such as 12500.50.")
NOT_POSITIVE = _("An amount must be more than zero.")
TOO_PRECISE = _("%(currency)s has %(units)s decimal places; %(amount)s has more.")
TOO_LARGE = _("This amount is too large.")
NO_RATE = _(
    "No exchange rate from %(source)s to %(target)s is recorded on or before %(date)s: "
    "record one first (Funding → Exchange rates). Nothing is converted without one."
)


class NoRate(ValidationError):
    """Two currencies have no recorded rate between them, on or before the date asked."""


def _known_currencies():
    """ISO 4217 codes Babel knows, with at most `MAX_MINOR_UNITS` minor units."""
    return sorted(
        code
        for code in babel_currencies()
        if len(code) == 3 and get_currency_precision(code) <= MAX_MINOR_UNITS
    )


CURRENCIES = tuple(_known_currencies())


def _babel_locale():
    """The current language as Babel knows it: its own region, else the bare language, else
    English (a language CLDR lacks must not break a page that shows an amount)."""
    name = translation.to_locale(translation.get_language() or "en")
    for candidate in (name, name.split("_")[0], "en"):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue


def currency_choices():
    """(code, "code — name") for the forms, names in the current language."""
    locale = _babel_locale()
    return [(code, f"{code} — {get_currency_name(code, locale=locale)}") for code in CURRENCIES]


def validate_currency(code):
    if code not in CURRENCIES:
        raise ValidationError(NOT_A_CURRENCY, code="currency", params={"code": code})


def minor_units(code):
    """Decimal places of `code`: 2 for USD, 0 for JPY, VND and KRW, 3 for KWD."""
    return get_currency_precision(code)


def quantize(amount, code):
    """`amount` rounded to `code`'s minor units (half to even, as bankers do)."""
    return Decimal(amount).quantize(Decimal(1).scaleb(-minor_units(code)), ROUND_HALF_EVEN)


def parse_amount(value, code, *, field="amount"):
    """`value` (text or number) as a positive Decimal with no more decimals than `code`
    has; a ValidationError naming `field` otherwise."""
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: NOT_A_NUMBER}, code="not_a_number") from None
    if not amount.is_finite():
        raise ValidationError({field: NOT_A_NUMBER}, code="not_a_number")
    if amount <= 0:
        raise ValidationError({field: NOT_POSITIVE}, code="not_positive")
    if amount.adjusted() >= MAX_DIGITS - MAX_MINOR_UNITS:
        raise ValidationError({field: TOO_LARGE}, code="too_large")
    if code in CURRENCIES and quantize(amount, code) != amount:
        message = TOO_PRECISE % {"currency": code, "units": minor_units(code), "amount": amount}
        raise ValidationError({field: message}, code="too_precise")
    return amount


def money(amount, code):
    """`amount` in `code`, written for the current language (“USD 12,500.00”)."""
    if amount is None or not code:
        return ""
    locale = _babel_locale()
    return format_currency(
        quantize(amount, code), code, locale=locale, format="¤¤ #,##0.00", currency_digits=True
    )


@dataclass(frozen=True)
class Conversion:
    """An amount converted at a recorded rate: what it became and which rate made it."""

    amount: Decimal
    currency: str
    factor: Decimal  # source x factor = target
    rate: object = None  # the ExchangeRate used; None when the currencies are the same

    @property
    def note(self):
        """“1 AUD = 0.6550 USD (rate of 3 March 2026)”, or "" for the same currency."""
        if self.rate is None:
            return ""
        return _("1 %(source)s = %(factor)s %(target)s (rate of %(date)s)") % {
            "source": self.rate.source_for(self.currency),
            "factor": self.rate.factor_to(self.currency).normalize(),
            "target": self.currency,
            "date": date_format(self.rate.valid_on, "j F Y"),
        }


def convert(amount, source, target, *, on, rates=None):
    """`amount` of `source` in `target`, at the latest rate recorded on or before `on`
    (either way round); rounded to `target`'s minor units. Raises `NoRate`.

    `rates` may be an `ExchangeRate` list already read (`rate_book`), to read none here."""
    if source == target:
        return Conversion(quantize(amount, target), target, Decimal(1))
    rate = latest_rate(source, target, on=on, rates=rates)
    factor = rate.factor_from(source)
    return Conversion(quantize(Decimal(amount) * factor, target), target, factor, rate)


def latest_rate(source, target, *, on, rates=None):
    """The `ExchangeRate` between the two currencies valid on `on`; raises `NoRate`."""
    if rates is None:
        from django.apps import apps

        rates = apps.get_model("nominations", "ExchangeRate").objects.between(source, target)
    found = [
        rate
        for rate in rates
        if {rate.currency, rate.quote_currency} == {source, target} and rate.valid_on <= on
    ]
    if not found:
        raise NoRate(
            NO_RATE % {"source": source, "target": target, "date": date_format(on, "j F Y")},
            code="no_rate",
        )
    return max(found, key=lambda rate: (rate.valid_on, rate.pk))
