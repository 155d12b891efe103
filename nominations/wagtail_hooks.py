"""Registers the nominations in the admin and the portal; defines nothing itself."""

from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from courses.hooks import SESSION_PAGE_PANELS_HOOK, PortalPanel
from training_hub.portal import PORTAL_PANELS_HOOK
from training_hub.roles import Role
from training_hub.scopes import scope_for

from .services import LOG_ACTIONS, quota_used


@hooks.register("register_log_actions")
def register_nomination_log_actions(actions):
    for action, label in LOG_ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register(SESSION_PAGE_PANELS_HOOK)
def focal_point_session_panel(request, session, panels):
    """On a session's public page, a focal point sees their member's places (counts only)
    and the way to nominate while the window is open."""
    scope = scope_for(request.user)
    if scope.role != Role.FOCAL_POINT or scope.member_id is None:
        return
    member = request.user.member
    quota = session.quota_for(member)
    used = quota_used(session, member.pk)
    context = {
        "session": session,
        "member": member,
        "quota": quota,
        "used": used,
        "left": max(quota - used, 0),
        "open_now": session.is_open_for_nominations(timezone.now()),
        "nominate_url": reverse("nominations:session", args=[session.pk]),
    }
    panels.append(PortalPanel("nominations/session_page/focal_point.html", context, 100))


@hooks.register(PORTAL_PANELS_HOOK)
def trainee_portal_panel(request, scope, panels):
    """The trainee's nominations, their next steps, and the way to their calendar."""
    from .views.trainee import trainee_portal_panel as panel

    panel(request, scope, panels)


@hooks.register(PORTAL_PANELS_HOOK)
def focal_point_portal_panel(request, scope, panels):
    """The focal point's open sessions, needs, officials and latest nominations."""
    from .views.focal_point import focal_point_portal_panel as panel

    panel(request, scope, panels)


# --- the directors' and the RSO's admin screens and portal panels -------------------------


def _register_admin_permission_policies():
    """Scoped policies for the two admin viewsets; registered on import, before anything
    asks Wagtail for these models' policy (it would make an unscoped fallback)."""
    from wagtail.permissions import register_permission_policy

    from .models import Nomination, TrainingNeed
    from .viewsets import NEED_POLICY, NOMINATION_POLICY

    register_permission_policy(Nomination, NOMINATION_POLICY)
    register_permission_policy(TrainingNeed, NEED_POLICY)


_register_admin_permission_policies()


@hooks.register("register_admin_viewset")
def register_nomination_admin_viewsets():
    from .viewsets import NominationViewSet, TrainingNeedViewSet

    return [NominationViewSet(), TrainingNeedViewSet()]


@hooks.register(PORTAL_PANELS_HOOK)
def director_sessions_portal_panel(request, scope, panels):
    """The director's upcoming sessions, each linked to its nominations, with counts per
    status, and the way to add a session."""
    if scope.role != Role.DIRECTOR:
        return
    from .reports import DIRECTOR_PANEL_STATUSES, director_sessions

    context = {
        "rows": director_sessions(request.user),
        "status_labels": [status.label for status in DIRECTOR_PANEL_STATUSES],
        "new_session_url": reverse("wagtailsnippets_courses_session:add"),
    }
    panels.append(PortalPanel("nominations/portal/director_sessions.html", context, 150))


@hooks.register(PORTAL_PANELS_HOOK)
def rso_nomination_portal_panels(request, scope, panels):
    """The RSO's view across members: nominations per member and status, sessions at risk,
    and members that put nobody forward."""
    if scope.role != Role.RSO:
        return
    from . import reports

    now = timezone.now()
    statuses, rows = reports.member_status_pivot(request.user, now=now)
    at_risk = {
        "sessions": reports.sessions_at_risk(request.user, now=now),
        "closing_days": reports.AT_RISK_CLOSING_DAYS,
        "min_fill_percent": reports.AT_RISK_MIN_FILL_PERCENT,
    }
    silent = {"members": list(reports.members_without_nominations(request.user, now=now))}
    panels.append(
        PortalPanel(
            "nominations/portal/rso_member_pivot.html", {"statuses": statuses, "rows": rows}, 300
        )
    )
    panels.append(PortalPanel("nominations/portal/rso_at_risk.html", at_risk, 310))
    panels.append(PortalPanel("nominations/portal/rso_silent_members.html", silent, 320))


@hooks.register(PORTAL_PANELS_HOOK)
def coordination_portal_panel(request, scope, panels):
    """The ways to the coordination: the dashboard and reports (the RSO and focal points),
    matching, gaps and funding (the RSO)."""
    if scope.role not in (Role.RSO, Role.FOCAL_POINT):
        return
    context = {"is_rso": scope.role == Role.RSO}
    panels.append(PortalPanel("nominations/portal/coordination.html", context, 90))
