"""The wording of a certificate template: its placeholders, the HTML it may use, and the
checks a template passes before it is saved.

A placeholder is written `{{ name }}`. Its value is always text (HTML-escaped), wrapped in
a span that names the script's font family and direction, so a name in Khmer or Urdu is
drawn in its own face with its spaces (see `pdf/fonts.py`). The wording is not a Django
template: nothing a template's author writes is executed.
"""

import re
from html import escape
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .pdf import fonts

PLACEHOLDERS = {
    "trainee": _("the trainee's name in their own script (as in the passport when none)"),
    "trainee_latin": _("the name as in the passport, when it differs from the first"),
    "course": _("the course title"),
    "modules": _("the modules delivered, with their codes"),
    "hours": _("the hours of those modules, e.g. 24 hours"),
    "dates": _("the session's dates, e.g. 8–12 June 2026"),
    "start_date": _("the first day"),
    "end_date": _("the last day"),
    "centre": _("the centre of excellence"),
    "city": _("the city of the session"),
    "code": _("the certificate's code"),
    "issued_on": _("the day it is issued"),
}
REQUIRED = ("trainee", "course")
# Tags the wording may use; attributes: class only (the layout's stylesheet styles them).
ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "span", "small", "div",
    "h1", "h2", "h3", "ul", "ol", "li",
}  # fmt: skip
VOID_TAGS = {"br"}
ALLOWED_ATTRIBUTES = {"class"}

PLACEHOLDER_RE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")

UNKNOWN_PLACEHOLDER = _("Unknown placeholder %(names)s. Use only: %(known)s.")
MISSING_PLACEHOLDER = _("The wording must name %(names)s.")
STRAY_BRACES = _("“{{” and “}}” only write placeholders, such as {{ trainee }}.")
TAG_NOT_ALLOWED = _("The tag <%(tag)s> cannot be used (line %(line)s). Allowed: %(allowed)s.")
ATTRIBUTE_NOT_ALLOWED = _(
    "The attribute %(attribute)s of <%(tag)s> cannot be used (line %(line)s)."
)
TAG_NOT_CLOSED = _("<%(tag)s> opened on line %(line)s is never closed.")
TAG_CLOSED_WRONG = _(
    "</%(tag)s> on line %(line)s closes nothing that is open (expected %(expected)s)."
)


def _braced(name):
    return "{{ " + name + " }}"


def used(wording):
    return [match.group(1) for match in PLACEHOLDER_RE.finditer(wording or "")]


def check_placeholders(wording):
    """The errors of the wording's placeholders: unknown, missing, or stray braces."""
    errors = []
    names = used(wording)
    unknown = sorted({name for name in names if name not in PLACEHOLDERS})
    if unknown:
        errors.append(
            UNKNOWN_PLACEHOLDER
            % {
                "names": ", ".join(_braced(name) for name in unknown),
                "known": ", ".join(_braced(name) for name in PLACEHOLDERS),
            }
        )
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        errors.append(MISSING_PLACEHOLDER % {"names": ", ".join(_braced(name) for name in missing)})
    rest = PLACEHOLDER_RE.sub("", wording or "")
    if "{{" in rest or "}}" in rest:
        errors.append(STRAY_BRACES)
    return errors


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.errors = []
        self.open = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag not in ALLOWED_TAGS:
            self.errors.append(
                TAG_NOT_ALLOWED
                % {"tag": tag, "line": line, "allowed": ", ".join(sorted(ALLOWED_TAGS))}
            )
            return
        for attribute, _value in attrs:
            if attribute not in ALLOWED_ATTRIBUTES:
                self.errors.append(
                    ATTRIBUTE_NOT_ALLOWED % {"attribute": attribute, "tag": tag, "line": line}
                )
        if tag not in VOID_TAGS:
            self.open.append((tag, line))

    def handle_startendtag(self, tag, attrs):
        if tag in VOID_TAGS:
            self.handle_starttag(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        line = self.getpos()[0]
        if self.open and self.open[-1][0] == tag:
            self.open.pop()
            return
        expected = f"</{self.open[-1][0]}>" if self.open else "–"
        self.errors.append(TAG_CLOSED_WRONG % {"tag": tag, "line": line, "expected": expected})
        if any(open_tag == tag for open_tag, _line in self.open):
            while self.open and self.open.pop()[0] != tag:
                pass


def check_html(wording):
    """The errors of the wording's HTML: tags and attributes outside the allowed ones,
    tags never closed or closed out of order."""
    checker = _Checker()
    checker.feed(wording or "")
    checker.close()
    errors = list(dict.fromkeys(str(error) for error in checker.errors))
    errors += [str(TAG_NOT_CLOSED % {"tag": tag, "line": line}) for tag, line in checker.open]
    return errors


def validate_wording(wording):
    errors = [str(error) for error in check_placeholders(wording)] + check_html(wording)
    if errors:
        raise ValidationError(errors)


def _value_html(value):
    text = str(value or "")
    if not text:
        return ""
    family = fonts.family_for(text)
    direction = ' dir="rtl"' if fonts.is_right_to_left(text) else ""
    return (
        f"<span class=\"value\" style='font-family: {fonts.css_family_list(family)}'{direction}>"
        f"{escape(text)}</span>"
    )


def fill(wording, values):
    """The wording with each placeholder replaced by its value (escaped, in its script's
    face). `values` must hold every placeholder the wording uses (a template is checked
    on save)."""
    return PLACEHOLDER_RE.sub(lambda match: _value_html(values[match.group(1)]), wording)
