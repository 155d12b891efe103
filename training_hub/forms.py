"""The admin's user forms: they read the role, its scope and the account's fields; the
services (`services.user_create`, `services.user_update`) check the rules and save."""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm

from .localization import sources_q

ROLE_FIELDS = ("role", "member", "centres")
# Fields that grant rights beyond the role; only a superuser sees or sets them.
SUPERUSER_FIELDS = ("is_superuser", "groups")
# What the services write apart from the model's own fields.
NOT_MODEL_FIELDS = ("password1", "password2", "centres", "groups")


class RoleFieldsMixin:
    """The role and its scope on Wagtail's user form, without the fields a non-superuser
    must not set (dropped from the form, so a posted value is ignored)."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        if "centres" in self.fields:
            # A director manages a centre, which its translations follow: English pages only.
            queryset = self.fields["centres"].queryset
            self.fields["centres"].queryset = queryset.filter(sources_q())
        if for_user is None or not for_user.is_superuser:
            for name in SUPERUSER_FIELDS:
                self.fields.pop(name, None)

    def service_kwargs(self):
        """The cleaned input as keyword arguments of `user_create` / `user_update`."""
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in self.fields
            if name in data and name not in NOT_MODEL_FIELDS
        }
        kwargs = {
            "password": data.get("password1") or None,
            "centres": list(data.get("centres") or ()),
            **fields,
        }
        if "groups" in self.fields:
            kwargs["groups"] = list(data.get("groups") or ())
        return kwargs

    def save(self, commit=True):
        raise NotImplementedError("Save through services.user_create or services.user_update.")


class HubUserCreationForm(RoleFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(ROLE_FIELDS)
        widgets = {**UserCreationForm.Meta.widgets, "centres": forms.CheckboxSelectMultiple}


class HubUserEditForm(RoleFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(ROLE_FIELDS)
        widgets = {**UserEditForm.Meta.widgets, "centres": forms.CheckboxSelectMultiple}
