"""The RSO's forms of the coordination: exchange rates, donors, pledges, allocations and
links, and the period (and member) that the dashboard and the reports show. They check what
one field can check; the services check the rules (amounts, rates, earmarks, periods)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.choices import Theme
from courses.models import CentrePage, CurriculumPage
from training_hub.models import Member

from .models import Donor
from .money import currency_choices

PERIOD_INVERTED = _("The period must end on or after the day it starts.")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RateForm(forms.Form):
    currency = forms.ChoiceField(label=_("From (1 unit of)"))
    quote_currency = forms.ChoiceField(label=_("To"))
    rate = forms.CharField(
        label=_("Rate"),
        max_length=30,
        help_text=_("How much of the second currency one unit of the first is worth."),
    )
    valid_on = forms.DateField(label=_("Valid from"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = currency_choices()
        self.fields["quote_currency"].choices = currency_choices()


class DonorForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Who gives"), choices=Donor.Kind.choices, widget=forms.RadioSelect
    )
    member = forms.ModelChoiceField(
        label=_("Member"), queryset=Member.objects.order_by("name"), required=False
    )
    name = forms.CharField(label=_("Organisation's name"), max_length=200, required=False)


class PledgeForm(forms.Form):
    donor = forms.ModelChoiceField(
        label=_("Donor"), queryset=Donor.objects.select_related("member").order_by("name", "pk")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    # Text: the service reads it against the currency's minor units and says what is wrong.
    amount = forms.CharField(label=_("Amount"), max_length=30)
    currency = forms.ChoiceField(label=_("Currency"), initial="USD")
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), widget=DATE)
    themes = forms.MultipleChoiceField(
        label=_("Earmarked for these themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Earmarked for these members"),
        queryset=Member.objects.order_by("name"),
        required=False,
    )
    centres = forms.ModelMultipleChoiceField(
        label=_("Earmarked for courses of these centres"),
        queryset=CentrePage.objects.live().order_by("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    curricula = forms.ModelMultipleChoiceField(
        label=_("Earmarked for these curricula"),
        queryset=CurriculumPage.objects.live().order_by("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = currency_choices()


class AllocationForm(forms.Form):
    """An amount of the pledge, or participants at a cost per participant."""

    pledge = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.CharField(
        label=_("Amount (in the pledge's currency)"), max_length=30, required=False
    )
    participants = forms.CharField(label=_("or participants"), max_length=6, required=False)
    cost_per_participant = forms.CharField(
        label=_("at a cost per participant of"),
        max_length=30,
        required=False,
        help_text=_("In the course's currency; the course's cost when left empty."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PeriodForm(forms.Form):
    """The dates a dashboard or a report covers (both optional); an inverted one is refused."""

    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(PERIOD_INVERTED, code="period_inverted")
        return data


class DashboardForm(PeriodForm):
    """The period, and for the RSO one member (a focal point always sees their own)."""

    member = forms.ModelChoiceField(
        label=_("Member"),
        queryset=Member.objects.order_by("name"),
        required=False,
        empty_label=_("All members"),
    )
