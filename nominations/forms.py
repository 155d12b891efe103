"""The focal point's forms. They check what one field can check; the services check the
rules, and `attach_error` puts their refusals back on the form that was posted."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from courses.models import CurriculumPage, Language, Module
from training_hub.localization import in_default_locale

from .choices import NominationStatus
from .models import Official, TrainingNeed

# Messages users see; tests import them.
NOT_YOUR_OFFICIAL = _("Choose one of your member's officials.")
RANK_NOT_A_NUMBER = _("Enter the rank as a whole number: 1 is the first choice.")
VERSION_NOT_A_NUMBER = _(
    "This form is damaged (its version is not a number). Reload the page and try again."
)
NO_SUCH_MOVE = _("Choose one of the moves shown on the page.")
FORM_EXPIRED = _("This form has expired. Reload the page and fill it in again.")
REFUSED = _("This is not allowed.")

RANK_BOUNDS = {"min_value": 1, "max_value": 999}


def refusal_messages(error):
    """The messages of a service's refusal: a ValidationError's, or a NotAllowed's text."""
    if isinstance(error, ValidationError):
        return [str(message) for message in error.messages]
    return [str(error.args[0])] if error.args else [str(REFUSED)]


def attach_error(form, error):
    """Put a service's refusal on `form`: on each field it names that the form has, the
    rest on the form itself (`add_error` would raise for a field the form lacks)."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in refusal_messages(error):
            form.add_error(None, message)


class OfficialForm(forms.ModelForm):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].queryset = Language.objects.filter(in_default_locale()).order_by(
            "name"
        )

    def service_fields(self):
        """The keyword arguments of `official_register` / `official_update`."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["languages"] = list(data["languages"])
        return data


class NeedForm(forms.ModelForm):
    """Edit a training need (`need_update`)."""

    class Meta:
        model = TrainingNeed
        fields = [
            "title",
            "theme",
            "curriculum",
            "modules",
            "audience",
            "level",
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The English rows: a need names the curriculum and modules every language shares.
        self.fields["curriculum"].queryset = (
            CurriculumPage.objects.live().sources().order_by("title")
        )
        self.fields["modules"].queryset = (
            Module.objects.filter(in_default_locale(), curriculum__live=True)
            .select_related("curriculum")
            .order_by("curriculum__title", "sort_order", "pk")
        )
        self.fields["language"].queryset = Language.objects.filter(in_default_locale()).order_by(
            "name"
        )

    def service_fields(self):
        """The keyword arguments of `need_create` / `need_update`."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["modules"] = list(data["modules"])
        return data


class NewNeedForm(NeedForm):
    """Record a training need (`need_create`): the form carries a one-time key made when it
    is shown, so posting it twice (a double click, a reload) records one need."""

    submission_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": FORM_EXPIRED, "invalid": FORM_EXPIRED},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("submission_key", uuid.uuid4())
        super().__init__(*args, **kwargs)


class NominateForm(forms.Form):
    """Put one of the member's officials forward for a session."""

    official = forms.ModelChoiceField(
        queryset=Official.objects.none(),
        label=_("Official"),
        error_messages={"invalid_choice": NOT_YOUR_OFFICIAL, "required": NOT_YOUR_OFFICIAL},
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
    """One rank per live nomination of the member for a session, named ``rank-<id>``; the
    ids of other nominations in the POST are not fields, so they are ignored."""

    def __init__(self, *args, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.nominations = list(nominations)
        for nomination in self.nominations:
            self.fields[self.name_for(nomination)] = forms.IntegerField(
                label=_("Rank of %(name)s") % {"name": nomination.official.passport_name},
                initial=nomination.rank,
                error_messages={"invalid": RANK_NOT_A_NUMBER, "required": RANK_NOT_A_NUMBER},
                widget=forms.NumberInput(attrs={"class": "rank-input"}),
                **RANK_BOUNDS,
            )

    @staticmethod
    def name_for(nomination):
        return f"rank-{nomination.pk}"

    def rows(self):
        """(nomination, its bound rank field) in rank order, for the table."""
        return [(nomination, self[self.name_for(nomination)]) for nomination in self.nominations]

    def ranks(self):
        """{nomination id: rank}, as `nominations_rank` takes it."""
        return {n.pk: self.cleaned_data[self.name_for(n)] for n in self.nominations}


class MoveForm(forms.Form):
    """A move of one nomination: where to, from the version the page showed, and why.
    Anything else posted (status, member, rank, ...) is no field here and is ignored."""

    to = forms.ChoiceField(
        choices=NominationStatus.choices,
        error_messages={"invalid_choice": NO_SUCH_MOVE, "required": NO_SUCH_MOVE},
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
        widget=forms.Textarea(attrs={"rows": 2}),
    )
