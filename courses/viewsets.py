"""Admin views of sessions, scoped to the centres a director manages."""

from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.admin.panels import ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms import SessionForm
from .models import Language, Session, Topic
from .selectors import sessions_managed_by
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


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "date"
    menu_label = "Sessions"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["__str__", "status", "capacity", "funding_status"]
    list_filter = ["status", "funding_status"]
    ordering = ["starts_at"]
    edit_handler = ObjectList(Session.panels, base_form_class=SessionForm)
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


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "openquote"
    list_display = ["name", "code"]
