"""Shared taxonomies (topics, languages) and the time zones a venue may use."""

import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from training_hub.localization import LocalizedMixin

_TIME_ZONE_FILE = Path(__file__).resolve().parent.parent / "data" / "time_zones.txt"
# Read from the project's own file, never from the host's zoneinfo, so that migrations and
# forms are the same on every machine.
TIME_ZONES = tuple(
    line.strip()
    for line in _TIME_ZONE_FILE.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
TIME_ZONE_CHOICES = [(name, name) for name in TIME_ZONES]

UNKNOWN_TIME_ZONE = _("“%(value)s” is not a time zone this site knows.")
CONTROL_CHARACTERS = _("Remove line breaks and other control characters from this text.")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def validate_time_zone(value):
    if value not in TIME_ZONES:
        raise ValidationError(UNKNOWN_TIME_ZONE, code="time_zone", params={"value": value})


def validate_single_line(value):
    """Titles end up in headers and calendar lines, where a CR or LF would split them."""
    if value and _CONTROL_RE.search(value):
        raise ValidationError(CONTROL_CHARACTERS, code="control_characters")


class Topic(LocalizedMixin, TranslatableMixin, models.Model):
    """A free topic of the catalogue (trafficking in persons, document examination, ...);
    its name is translated, its slug (the catalogue's filter value) is shared."""

    name = models.CharField(max_length=80, validators=[validate_single_line])
    slug = models.SlugField(max_length=80)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "locale"], name="topic_name_per_locale"),
            models.UniqueConstraint(fields=["slug", "locale"], name="topic_slug_per_locale"),
        ]

    def __str__(self):
        return self.name


class Language(LocalizedMixin, TranslatableMixin, models.Model):
    """A language a course is taught in; its name is translated, its code shared."""

    code = models.CharField(max_length=8, help_text=_("ISO 639-1 code, e.g. 'th'."))
    name = models.CharField(max_length=60, validators=[validate_single_line])

    panels = [FieldPanel("code"), FieldPanel("name")]
    override_translatable_fields = [SynchronizedField("code", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="language_code_per_locale"),
            models.UniqueConstraint(fields=["name", "locale"], name="language_name_per_locale"),
        ]

    def __str__(self):
        return self.name
