"""Filters for the site's tables."""

from django import template

register = template.Library()


@register.filter(name="zip")
def zip_(labels, values):
    """Pairs each column's label with a row's value, for cells that carry their column's name
    (data-label: a narrow screen shows each row as a card of labelled cells)."""
    return list(zip(labels, values, strict=True))
