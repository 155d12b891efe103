"""The field's acronyms, kept as data that the RSO extends in the admin: both search backends
expand them at search time (Elasticsearch through its synonym filter)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from courses.models.vocabularies import validate_single_line

# An acronym: letters and digits, no spaces or the synonym rules' own syntax (, => #).
ACRONYM_SHAPE = _("An acronym is 2 to 12 letters or digits, such as TIP or IMMLO.")
EXPANSION_SHAPE = _("Line %(line)s: write words only, without , => or #.")
NO_EXPANSION = _("Give at least one expansion: the words the acronym stands for.")


def validate_acronym(value):
    if not (2 <= len(value) <= 12 and value.isalnum()):
        raise ValidationError(ACRONYM_SHAPE)


class Acronym(models.Model):
    """An acronym of the field and the words it stands for: "ILO" and "Immigration Liaison
    Officer" find each other."""

    acronym = models.CharField(
        _("acronym"), max_length=12, unique=True, validators=[validate_acronym]
    )
    expansions = models.TextField(
        _("stands for"), help_text=_("One expansion per line, e.g. “trafficking in persons”.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("acronym"), FieldPanel("expansions")]

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("acronym")
        verbose_name_plural = _("acronyms")

    def __str__(self):
        return self.acronym

    def expansion_list(self):
        return [line.strip() for line in self.expansions.splitlines() if line.strip()]

    def clean(self):
        self.acronym = self.acronym.strip().upper()
        lines = self.expansion_list()
        if not lines:
            raise ValidationError({"expansions": NO_EXPANSION})
        for number, line in enumerate(lines, start=1):
            validate_single_line(line)
            if any(mark in line for mark in (",", "=>", "#")):
                raise ValidationError({"expansions": EXPANSION_SHAPE % {"line": number}})
