from django import template

register = template.Library()


@register.filter
def is_selected(selected, key_value):
    """`selected|is_selected:"theme=prevention"` — whether that value is in the query."""
    key, _, value = key_value.partition("=")
    return value in selected.get(key, [])
