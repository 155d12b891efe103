"""The admin's forms of certificates: the template form (a director's centres only; the
wording's checks as field errors) and the issue, revoke and re-issue forms. Forms only
read input; the rules live in `services.py`."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses.selectors import centres_managed_by
from training_hub.scopes import scope_for

from . import placeholders
from .services import REASON_MAX, TEMPLATE_CENTRE_REQUIRED


class CertificateTemplateForm(WagtailAdminModelForm):
    """A director picks one of their centres; the RSO may leave it empty (shared)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(self.for_user)
        if "centre" in self.fields:
            self.fields["centre"].queryset = centres_managed_by(self.for_user)
            if not scope.sees_everything:
                self.fields["centre"].required = True
                self.fields["centre"].error_messages["required"] = TEMPLATE_CENTRE_REQUIRED

    def clean_wording(self):
        wording = self.cleaned_data.get("wording", "")
        placeholders.validate_wording(wording)
        return wording


class TemplateChoiceForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Template"), queryset=None, empty_label=None)

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        widget=forms.TextInput(attrs={"size": 60}),
        error_messages={"required": _("Say why.")},
    )
