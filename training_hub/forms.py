from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm

from .roles import Role
from .services import user_sync_role_groups

DIRECTOR_NEEDS_CENTRE = "A training director must manage at least one centre."
ROLE_FIELDS = ("role", "member", "centres")


class RoleFieldsMixin:
    """Validates the role against its scope and keeps role groups in step on save."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.DIRECTOR and not cleaned.get("centres"):
            self.add_error("centres", DIRECTOR_NEEDS_CENTRE)
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            user_sync_role_groups(user=user)
        return user


class HubUserCreationForm(RoleFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(ROLE_FIELDS)
        widgets = {**UserCreationForm.Meta.widgets, "centres": forms.CheckboxSelectMultiple}


class HubUserEditForm(RoleFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(ROLE_FIELDS)
        widgets = {**UserEditForm.Meta.widgets, "centres": forms.CheckboxSelectMultiple}
