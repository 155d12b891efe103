"""Admin views of sessions, scoped to the centres a director manages."""

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from training_hub.exports import SafeSpreadsheetExportMixin
from training_hub.viewsets import PermissionCheckedSnippetDeleteBulkAction, ScopedBulkActionMixin

from .forms import SessionForm
from .models import Language, Session, Topic
from .selectors import centres_managed_by, sessions_managed_by
from .services import session_save


class SessionSaveMixin:
    """Saves through `services.session_save`, whose refusals come back as form errors."""

    def save_instance(self):
        session = self.form.save(commit=False)
        session_save(session=session, user=self.request.user)
        self.form.save_m2m()
        return session

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class SessionPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the sessions of the user's centres."""

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and sessions_managed_by(user).filter(pk=instance.pk).exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model.objects.none()
        return sessions_managed_by(user)


def _scoped(view_class):
    """`view_class`, refusing any session outside the user's centres (whatever the URL)."""

    class ScopedView(view_class):
        def get_object(self, *args, **kwargs):
            session = super().get_object(*args, **kwargs)
            if not sessions_managed_by(self.request.user).filter(pk=session.pk).exists():
                raise PermissionDenied
            return session

    ScopedView.__name__ = f"Scoped{view_class.__name__}"
    return ScopedView


class ScopedChooserMixin:
    """A chooser view that offers and answers for the user's own sessions only.

    Creating a session from the chooser is switched off: sessions are created in the
    session form, which needs its panels, formsets and `services.session_save`.
    """

    def get_object_list(self):
        return sessions_managed_by(self.request.user)

    def get_object(self, pk):
        # Another centre's session is answered as if it did not exist (404).
        return sessions_managed_by(self.request.user).get(pk=pk)

    def get_objects(self, pks):
        return sessions_managed_by(self.request.user).filter(pk__in=pks)

    def can_create(self):
        return False


class SessionChooserViewSet(chooser_views.SnippetChooserViewSet):
    choose_view_class = type(
        "SessionChooseView", (ScopedChooserMixin, chooser_views.ChooseView), {}
    )
    choose_results_view_class = type(
        "SessionChooseResultsView", (ScopedChooserMixin, chooser_views.ChooseResultsView), {}
    )
    chosen_view_class = type(
        "SessionChosenView", (ScopedChooserMixin, chooser_views.SnippetChosenView), {}
    )
    chosen_multiple_view_class = type(
        "SessionChosenMultipleView",
        (ScopedChooserMixin, chooser_views.SnippetChosenMultipleView),
        {},
    )
    create_view_class = type(
        "SessionChooserCreateView", (ScopedChooserMixin, chooser_views.SnippetCreateView), {}
    )


def _centres_of(request):
    return centres_managed_by(request.user)


class SessionFilterSet(WagtailFilterSet):
    centre = django_filters.ModelChoiceFilter(
        label=_("Centre"), field_name="course__centre", queryset=_centres_of
    )

    class Meta:
        model = Session
        fields = ["status", "funding_status"]


def _venue_start(session):
    """The start as the venue's wall-clock time, with its zone (times differ per venue)."""
    start = session.wall_start
    return f"{start:%Y-%m-%d %H:%M} ({session.time_zone})" if start else ""


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "date"
    menu_label = _("Sessions")
    menu_order = 210
    add_to_admin_menu = True
    list_display = [
        "__str__",
        Column(
            "starts", label=_("Starts (venue time)"), accessor=_venue_start, sort_key="starts_at"
        ),
        # Not sortable: the search backend can only sort on the session's own filter fields.
        Column("centre", label=_("Centre"), accessor="course.centre.title"),
        "status",
        "capacity",
        "funding_status",
    ]
    filterset_class = SessionFilterSet
    # The latest sessions first: the ones being planned are the ones being worked on.
    ordering = "-starts_at"
    list_export = [
        "course.title",
        "course.centre.title",
        "wall_start",
        "wall_end",
        "time_zone",
        "city",
        "get_status_display",
        "capacity",
        "get_funding_status_display",
    ]
    export_headings = {
        "course.title": _("Course"),
        "course.centre.title": _("Centre"),
        "wall_start": _("Starts (venue time)"),
        "wall_end": _("Ends (venue time)"),
        "time_zone": _("Time zone"),
        "city": _("City"),
        "get_status_display": _("Status"),
        "capacity": _("Capacity"),
        "get_funding_status_display": _("Funding"),
    }
    export_filename = "sessions"
    chooser_viewset_class = SessionChooserViewSet
    edit_handler = ObjectList(Session.panels, base_form_class=SessionForm)
    index_view_class = type(
        "SessionIndexView", (SafeSpreadsheetExportMixin, snippet_views.IndexView), {}
    )
    add_view_class = type("SessionCreateView", (SessionSaveMixin, snippet_views.CreateView), {})
    edit_view_class = _scoped(
        type("SessionEditView", (SessionSaveMixin, snippet_views.EditView), {})
    )
    delete_view_class = _scoped(snippet_views.DeleteView)
    copy_view_class = _scoped(snippet_views.CopyView)
    usage_view_class = _scoped(snippet_views.UsageView)
    history_view_class = _scoped(snippet_views.HistoryView)
    inspect_view_class = _scoped(snippet_views.InspectView)

    def get_queryset(self, request):
        return sessions_managed_by(request.user)


class SessionDeleteBulkAction(ScopedBulkActionMixin, DeleteBulkAction):
    """Wagtail's bulk delete, for the sessions of the user's centres only."""

    models = [Session]

    def in_scope(self):
        return sessions_managed_by(self.request.user)


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "openquote"
    list_display = ["name", "code"]


class VocabularyDeleteBulkAction(PermissionCheckedSnippetDeleteBulkAction):
    models = [Topic, Language]
