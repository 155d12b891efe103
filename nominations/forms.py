"""The focal point's forms. They check what a field can check; the services check the rules
and their refusals are attached back to these forms by `attach_error`."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from courses.models import CurriculumPage, Language, Module
from training_hub.selectors import members_active

from .choices import NominationStatus
from .models import Official, TrainingNeed

# Messages users see; tests import them.
NOT_YOUR_OFFICIAL = _("Choose one of your member's officials.")
RANK_NOT_A_NUMBER = _("Enter the rank as a whole number: 1 is the first choice.")
VERSION_NOT_A_NUMBER = _(
    "This form is damaged (its version is not a number). Reload the page and try again."
)
NO_SUCH_STATUS = _("Choose one of the moves shown on the page.")
SUBMISSION_KEY_MISSING = _("This form has expired. Reload the page and fill it in again.")

RANK_BOUNDS = {"min_value": 1, "max_value": 999}


def attach_error(form, error):
    """Put a service's refusal on `form`: a message per field it names, else on the form.

    A `PermissionDenied` (NotAllowed) carries its message as its first argument.
    """
    if not isinstance(error, ValidationError):
        form.add_error(None, str(error.args[0]) if error.args else _("This is not allowed."))
        return
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class MemberChoiceMixin:
    """The RSO acts for any member and says which one; a focal point acts for their own."""

    def add_member_field(self, for_rso):
        if for_rso:
            self.fields["for_member"] = forms.ModelChoiceField(
                queryset=members_active().order_by("name"), label=_("Member")
            )
            self.order_fields(["for_member"])


class OfficialForm(MemberChoiceMixin, forms.ModelForm):
    """Register or edit an official (`official_register` / `official_update`)."""

    class Meta:
        model = Official
        fields = [
            "passport_name",
            "native_name",
            "gender",
            "agency",
            "position",
            "email",
            "phone",
            "languages",
        ]
        widgets = {
            "languages": forms.CheckboxSelectMultiple,
            "phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def __init__(self, *args, for_rso=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].queryset = Language.objects.order_by("name")
        self.add_member_field(for_rso and self.instance.pk is None)

    def service_fields(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["languages"] = list(data["languages"])
        return data


class NeedForm(MemberChoiceMixin, forms.ModelForm):
    """Record or edit a training need (`need_create` / `need_update`)."""

    class Meta:
        model = TrainingNeed
        fields = [
            "title",
            "theme",
            "curriculum",
            "modules",
            "audience",
            "officials",
            "frequency",
            "preferred_from",
            "preferred_until",
            "language",
            "priority",
            "justification",
        ]
        widgets = {
            "modules": forms.CheckboxSelectMultiple,
            "preferred_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "preferred_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "justification": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, for_rso=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["curriculum"].queryset = CurriculumPage.objects.live().order_by("title")
        self.fields["modules"].queryset = (
            Module.objects.filter(curriculum__live=True)
            .select_related("curriculum")
            .order_by("curriculum__title", "sort_order")
        )
        self.fields["language"].queryset = Language.objects.order_by("name")
        self.add_member_field(for_rso and self.instance.pk is None)

    def service_fields(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["modules"] = list(data["modules"])
        return data


class NewNeedForm(NeedForm):
    """The create form: a one-time key made on GET, so a repeated POST records one need."""

    submission_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": SUBMISSION_KEY_MISSING, "invalid": SUBMISSION_KEY_MISSING},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("submission_key", uuid.uuid4())
        super().__init__(*args, **kwargs)


class NominateForm(forms.Form):
    """Put one of the member's officials forward for a session."""

    official = forms.ModelChoiceField(
        queryset=Official.objects.none(),
        label=_("Official"),
        error_messages={"invalid_choice": NOT_YOUR_OFFICIAL},
    )
    rank = forms.IntegerField(
        label=_("Rank (optional)"),
        required=False,
        help_text=_("1 is your first choice; left empty, the official comes last."),
        error_messages={"invalid": RANK_NOT_A_NUMBER},
        **RANK_BOUNDS,
    )

    def __init__(self, *args, officials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials


class RankForm(forms.Form):
    """One rank per live nomination of the member, named ``rank-<id>``."""

    def __init__(self, *args, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for nomination in nominations:
            name = f"rank-{nomination.pk}"
            self.fields[name] = forms.IntegerField(
                label=_("Rank of %(name)s") % {"name": nomination.official.passport_name},
                initial=nomination.rank,
                error_messages={"invalid": RANK_NOT_A_NUMBER, "required": RANK_NOT_A_NUMBER},
                **RANK_BOUNDS,
            )
            self.rows.append((nomination, name))

    def bound_rows(self):
        """(nomination, bound rank field) pairs, for the table."""
        return [(nomination, self[name]) for nomination, name in self.rows]

    def ranks(self):
        """{nomination id: rank}, as `nominations_rank` takes it."""
        return {nomination.pk: self.cleaned_data[name] for nomination, name in self.rows}


class MoveForm(forms.Form):
    """A move of one nomination: where to, from the version the page showed, and why."""

    to = forms.ChoiceField(
        choices=NominationStatus.choices, error_messages={"invalid_choice": NO_SUCH_STATUS}
    )
    version = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": VERSION_NOT_A_NUMBER,
            "required": VERSION_NOT_A_NUMBER,
            "min_value": VERSION_NOT_A_NUMBER,
        },
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(forms.Form):
    """The optional reason of a need's withdrawal."""

    reason = forms.CharField(required=False, max_length=2000)
