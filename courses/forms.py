"""The session form of the admin: times in the venue's time zone, courses of one's centres.

The form only reads input; every rule on a session lives in the model's `clean()` or in
`services.session_save`, which the admin views call (see `viewsets.py`).
"""

import zoneinfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from training_hub.scopes import scope_for

from .models import TIME_ZONE_CHOICES, CentrePage, CoursePage, SessionQuota

LOCAL_FIELDS = ("starts_at", "ends_at", "nominations_open_at", "nominations_close_at")
DUPLICATE_QUOTA = _("%(member)s already has a quota for this session.")
FOREIGN_QUOTA = _("This quota belongs to another session; reload the page and try again.")
CENTRE_ZONES = _("Time zones of your centres")
OTHER_ZONES = _("Other time zones")


class SessionForm(WagtailAdminModelForm):
    """Shows and reads the four datetimes as wall-clock times at the venue."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(self.for_user)
        if "course" in self.fields:
            # Sessions belong to the English course (its translations show them).
            courses = CoursePage.objects.sources().select_related("centre").order_by("title")
            if not scope.sees_everything:
                courses = courses.filter(centre__in=scope.centre_ids)
            self.fields["course"].queryset = courses
        if "time_zone" in self.fields:
            self._centre_zones_first(scope)
        if self.instance.pk and self.instance.time_zone:
            zone = zoneinfo.ZoneInfo(self.instance.time_zone)
            for name in LOCAL_FIELDS:
                value = getattr(self.instance, name)
                if value is not None:
                    # A naive value is shown as it is: the venue's wall-clock time.
                    self.initial[name] = value.astimezone(zone).replace(tzinfo=None)
        elif not self.instance.pk and not self.is_bound:
            self._default_to_centre(scope)

    def _centre_zones_first(self, scope):
        """The zones of one's centres head the list of some 600, in a group of their own."""
        centres = scope.restrict(CentrePage.objects.sources(), centre="pk")
        zones = set(centres.values_list("time_zone", flat=True))
        ours = [choice for choice in TIME_ZONE_CHOICES if choice[0] in zones]
        if ours:
            others = [choice for choice in TIME_ZONE_CHOICES if choice[0] not in zones]
            self.fields["time_zone"].widget.choices = [(CENTRE_ZONES, ours), (OTHER_ZONES, others)]

    def _default_to_centre(self, scope):
        """A new session starts at the director's (first) centre: its zone and city."""
        centre = CentrePage.objects.filter(pk__in=scope.centre_ids).order_by("title").first()
        if centre is not None:
            self.initial.setdefault("time_zone", centre.time_zone)
            self.initial.setdefault("city", centre.city)
            self.initial.setdefault("venue", centre.title)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if zone_name:
            zone = zoneinfo.ZoneInfo(zone_name)
            for name in LOCAL_FIELDS:
                value = cleaned.get(name)
                if value is not None:
                    # The field read the text in the server's zone; re-read it at the venue.
                    wall_clock = timezone.make_naive(value)
                    cleaned[name] = wall_clock.replace(tzinfo=zone)
                    setattr(self.instance, name, cleaned[name])
        return cleaned

    def is_valid(self):
        # Quota rows are cleaned by their formset after this form's clean().
        valid = super().is_valid()
        formset = self.formsets.get("quotas")
        if valid and formset is not None:
            self._clean_quota_rows(formset)
            valid = not any(form.errors for form in formset.forms)
        return valid

    def _clean_quota_rows(self, formset):
        rows = [(form, getattr(form, "cleaned_data", None) or {}) for form in formset.forms]
        for form, data in rows:
            # The row's hidden id, read as a quota: modelcluster quietly treats a quota of
            # another session as a new row, so `form.instance` cannot tell.
            posted = data.get("id")
            if posted is not None and posted.session_id != self.instance.pk:
                form.add_error(None, FOREIGN_QUOTA)
        # This session's quotas that no row shows stay as they are: their members are taken.
        shown = [form.instance.pk for form, _data in rows if form.instance.pk]
        seen = set()
        if self.instance.pk:
            seen = set(
                SessionQuota.objects.filter(session=self.instance)
                .exclude(pk__in=shown)
                .values_list("member_id", flat=True)
            )
        for form, data in rows:
            if not data or data.get("DELETE"):
                continue
            member = data.get("member")
            if member is not None and member.pk in seen:
                form.add_error("member", DUPLICATE_QUOTA % {"member": member})
            if member is not None:
                seen.add(member.pk)
