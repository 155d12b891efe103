"""Admin views of sessions, scoped to the centres a director manages."""

from django.core.exceptions import PermissionDenied
from wagtail.admin.panels import ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms import SessionForm
from .models import Language, Session, Topic
from .selectors import sessions_managed_by


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
    edit_view_class = _scoped(snippet_views.EditView)
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
