"""What the nominations' admin viewsets share: a permission policy narrowed to a
selector, and a read-only ModelViewSet (listing, inspect, history) scoped the same way."""

import datetime

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.views.generic import history
from wagtail.admin.views.generic import models as generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.coreutils import multigetattr
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from training_hub.exports import SafeSpreadsheetExportMixin


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the records `visible(user)` returns; the `refused`
    actions are nobody's (not even a superuser's), as their admin views do not exist."""

    def __init__(self, model, *, visible, refused=()):
        super().__init__(model)
        self.visible = visible
        self.refused = frozenset(refused)

    def user_has_permission(self, user, action):
        return action not in self.refused and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and self.visible(user).filter(pk=instance.pk).exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model.objects.none()
        return self.visible(user)


class InspectURLFinder(ModelAdminURLFinder):
    """Where the admin links a record (log entries, reports): its inspect view, for who may
    see it; there is no edit view."""

    def get_edit_url(self, instance):
        policy = policy_registry.get(instance)
        if self.user and not policy.user_has_any_permission_for_instance(
            self.user, ["view", "change"], instance
        ):
            return None
        return self.construct_edit_url(instance)


class ReadOnlyViewSet(ModelViewSet):
    """A ModelViewSet with only its listing, inspect and history views, all scoped by
    `visible(user)`."""

    inspect_view_enabled = True
    copy_view_enabled = False
    # Transactional records: kept out of the "usage" of sessions, members and pages, which
    # would list them (and count them) to whoever may see those.
    add_to_reference_index = False
    list_per_page = 50

    def visible(self, user):
        raise NotImplementedError

    @property
    def url_finder_class(self):
        return type(
            f"{self.model.__name__}URLFinder",
            (InspectURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(visible=self.visible, **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            visible=self.visible, history_url_name=self.get_url_name("history"), **kwargs
        )

    def get_history_view_kwargs(self, **kwargs):
        return super().get_history_view_kwargs(visible=self.visible, **kwargs)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
        ]


def _follow(item, dotted):
    """`multigetattr`, but an empty cell where a relation on the way is empty."""
    for bit in dotted.split("."):
        if item is None:
            return ""
        item = multigetattr(item, bit)
    return item


class ScopedIndexView(SafeSpreadsheetExportMixin, generic.IndexView):
    visible = None

    def get_base_queryset(self):
        return self.visible(self.request.user)

    def to_row_dict(self, item):
        return {field: _follow(item, field) for field in self.list_export}


class ScopedInspectView(generic.InspectView):
    """The record (a 404 outside the user's scope) and, for who may make them, its moves."""

    visible = None
    history_url_name = None
    inspect_url_name = None
    template_name = "nominations/admin/inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(self.visible(self.request.user), pk=self.pk)

    @cached_property
    def header_buttons(self):
        url = reverse(self.history_url_name, args=[self.object.pk])
        return [HeaderButton(_("History"), url=url, icon_name="history")]

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "–"
        if isinstance(value, datetime.datetime):
            # Wagtail's template formats the stored (UTC) time as it is.
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return value

    def extra_fields(self):
        return []

    def get_fields_context(self):
        return super().get_fields_context() + [
            {"label": label, "value": value, "component": None}
            for label, value in self.extra_fields()
        ]

    def inspect_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])


class ScopedHistoryView(history.HistoryView):
    """The record's log entries (our registered actions), for who may view the record."""

    visible = None
    inspect_url_name = None
    any_permission_required = ["view", "change"]

    def get_base_object_queryset(self):
        return self.visible(self.request.user)

    @cached_property
    def header_buttons(self):
        url = reverse(self.inspect_url_name, args=[self.object.pk])
        return [HeaderButton(_("Inspect"), url=url, icon_name="info-circle")]
