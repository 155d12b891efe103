"""Registers the course domain in the admin and the portal; defines nothing itself."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from training_hub.portal import PORTAL_PANELS_HOOK, PortalPanel
from training_hub.roles import Role

from .models import Session
from .selectors import centres_managed_by, module_gaps
from .services import LOG_ACTIONS
from .translations import LOG_ACTIONS as TRANSLATION_LOG_ACTIONS
from .viewsets import (
    LanguageViewSet,
    SessionDeleteBulkAction,
    SessionPermissionPolicy,
    SessionViewSet,
    TopicViewSet,
    VocabularyDeleteBulkAction,
)

register_permission_policy(Session, SessionPermissionPolicy(Session))

register_snippet(SessionViewSet)
register_snippet(TopicViewSet)
register_snippet(LanguageViewSet)


# Registered after Wagtail's snippet bulk actions, so that it replaces theirs for sessions.
hooks.register("register_bulk_action", SessionDeleteBulkAction, order=100)
hooks.register("register_bulk_action", VocabularyDeleteBulkAction, order=100)


@hooks.register("register_log_actions")
def register_session_log_actions(actions):
    for action, label in {**LOG_ACTIONS, **TRANSLATION_LOG_ACTIONS}.items():
        actions.register_action(action, label, label)


@hooks.register(PORTAL_PANELS_HOOK)
def course_panels(request, scope, panels):
    centres = centres_managed_by(request.user)
    if scope.role == Role.RSO:
        panels.append(PortalPanel("courses/portal/centres.html", {"centres": centres}, 100))
        panels.append(PortalPanel("courses/portal/gaps.html", {"gaps": module_gaps()}, 200))
    elif scope.role == Role.DIRECTOR:
        # The director's sessions table comes from the nominations app, which adds their
        # nominations to it (courses may not import nominations).
        context = {"centres": centres, "own_centres": True}
        panels.append(PortalPanel("courses/portal/centres.html", context, 100))
