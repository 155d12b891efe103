"""Template filters of the coordination screens."""

from django import template

from ..money import money as format_money

register = template.Library()


@register.filter
def money(amount, currency):
    """`amount` in `currency`, written for the current language (“USD 12,500.00”)."""
    return format_money(amount, currency)
