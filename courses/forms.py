"""The session form of the admin: times in the venue's time zone, courses of one's centres."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from catalogue.models import CoursePage
from training_hub.scopes import scope_for

from .models import QUOTA_ABOVE_CAPACITY
from .services import session_check_transition, session_save

LOCAL_FIELDS = ("starts_at", "ends_at", "nominations_open_at", "nominations_close_at")
DUPLICATE_QUOTA = "{member} already has a quota for this session."


class SessionForm(WagtailAdminModelForm):
    """Shows and reads the four datetimes as wall-clock times at the venue."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(self.for_user)
        if "course" in self.fields:
            courses = CoursePage.objects.select_related("centre").order_by("title")
            if not scope.sees_everything:
                courses = courses.filter(centre__in=scope.centre_ids)
            self.fields["course"].queryset = courses
        if self.instance.pk and self.instance.time_zone:
            zone = zoneinfo.ZoneInfo(self.instance.time_zone)
            for name in LOCAL_FIELDS:
                value = getattr(self.instance, name)
                if value is not None:
                    # A naive value is shown as it is: the venue's wall-clock time.
                    self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

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
        if self.instance.pk and cleaned.get("status"):
            original = type(self.instance).objects.get(pk=self.instance.pk).status
            try:
                session_check_transition(old_status=original, new_status=cleaned["status"])
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def is_valid(self):
        # Quota rows are cleaned by their formset after this form's clean(), so they are
        # checked against the capacity here, once both are known.
        valid = super().is_valid()
        if valid:
            self._clean_quotas(self.cleaned_data.get("capacity"))
            valid = not any(form.errors for form in self.formsets["quotas"].forms)
        return valid

    def _clean_quotas(self, capacity):
        formset = self.formsets.get("quotas")
        seen = set()
        for form in formset.forms if formset else []:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            member, seats = data.get("member"), data.get("seats")
            if member is not None and member.pk in seen:
                form.add_error("member", DUPLICATE_QUOTA.format(member=member))
            if member is not None:
                seen.add(member.pk)
            if capacity and seats is not None and seats > capacity:
                form.add_error("seats", QUOTA_ABOVE_CAPACITY.format(capacity=capacity))

    def save(self, commit=True):
        session = super().save(commit=False)
        if commit:
            session_save(session=session, user=self.for_user)
            self.save_m2m()
        return session
