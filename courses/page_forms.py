"""Admin forms of the course pages: checks that need a page's rows and its fields together.

The page models name these as their `base_form_class`, so this module imports no model
at load time.
"""

import re

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

MODULE_LISTED_TWICE = _("%(module)s is listed more than once.")
UNKNOWN_PREREQUISITE = _("Unknown module code(s) in this curriculum: %(codes)s.")
MODULE_IN_USE = _("%(module)s is delivered by %(count)s course(s); remove it from them first.")


def split_codes(text):
    """Module codes as people type them: comma- or space-separated, any case."""
    return [code for code in re.split(r"[,\s]+", (text or "").upper()) if code]


def _kept_rows(formset):
    return [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class CoursePageForm(WagtailAdminPageForm):
    """Refuses a module listed twice, naming it on the module row."""

    def is_valid(self):
        # Module rows are cleaned by their formset after the page form's clean(), and
        # Django's unique check reports a repeat without naming it: name it on the row.
        valid = super().is_valid()
        formset = self.formsets.get("course_modules")
        if formset is None:
            return valid
        seen = set()
        for form in formset.forms:
            # The raw value: a repeated row may have lost its cleaned data to the unique check.
            data = getattr(form, "cleaned_data", None) or {}
            module_id = form["module"].value()
            if data.get("DELETE") or not module_id:
                continue
            if module_id in seen:
                modules = form.fields["module"].queryset
                module = modules.filter(pk=module_id).first() or module_id
                form.add_error("module", MODULE_LISTED_TWICE % {"module": module})
            seen.add(module_id)
        return valid and not any(form.errors for form in formset.forms)


class CurriculumPageForm(WagtailAdminPageForm):
    """Checks prerequisites name modules of the same curriculum, and keeps delivered modules."""

    def is_valid(self):
        # Module rows are cleaned by their formset after the page form's clean(); check
        # them here, once both are known.
        valid = super().is_valid()
        formset = self.formsets.get("modules")
        if not valid or formset is None:
            return valid
        kept = _kept_rows(formset)
        codes = {(f.cleaned_data.get("code") or "").upper() for f in kept}
        for form in kept:
            unknown = sorted(set(split_codes(form.cleaned_data.get("prerequisites"))) - codes)
            if unknown:
                form.add_error(
                    "prerequisites", UNKNOWN_PREREQUISITE % {"codes": ", ".join(unknown)}
                )
        for form in formset.forms:
            module = form.instance
            if form.cleaned_data.get("DELETE") and module.pk and module.deliveries.exists():
                count = module.deliveries.count()
                self.add_error(None, MODULE_IN_USE % {"module": module, "count": count})
        return not self.errors and not any(form.errors for form in formset.forms)
