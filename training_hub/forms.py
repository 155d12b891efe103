from django import forms
from django.core.exceptions import ValidationError
from wagtail.users.forms import UserCreationForm, UserEditForm

from .services import user_check_scope, user_sync_role_groups

ROLE_FIELDS = ("role", "member", "centres")


class RoleFieldsMixin:
    """Validates the role against its scope and keeps role groups in step on save."""

    def clean(self):
        cleaned = super().clean()
        try:
            user_check_scope(role=cleaned.get("role"), centres=cleaned.get("centres"))
        except ValidationError as error:
            self.add_error(None, error)
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
