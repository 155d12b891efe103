"""Registers the certificates in the admin and the portal; defines nothing itself."""

from django.urls import reverse
from wagtail import hooks

from training_hub.portal import PORTAL_PANELS_HOOK, PortalPanel
from training_hub.roles import Role

from .choices import LOG_ACTIONS


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    for action, label in LOG_ACTIONS.items():
        actions.register_action(action, label, label)


def _register_admin_permission_policies():
    """Scoped policies for the admin viewsets; registered on import, before anything asks
    Wagtail for these models' policy (it would make an unscoped fallback)."""
    from wagtail.permissions import register_permission_policy

    from .models import Certificate, CertificateTemplate
    from .permissions import CERTIFICATE_POLICY, TEMPLATE_POLICY

    register_permission_policy(Certificate, CERTIFICATE_POLICY)
    register_permission_policy(CertificateTemplate, TEMPLATE_POLICY)


_register_admin_permission_policies()


@hooks.register("register_admin_viewset")
def register_certificate_admin_viewsets():
    from .viewsets import CertificatesGroup

    return CertificatesGroup()


@hooks.register(PORTAL_PANELS_HOOK)
def certificate_panels(request, scope, panels):
    """The trainee's own certificates, a focal point's member's, and a director's sessions
    with certificates to issue."""
    from . import selectors

    if scope.role in (Role.TRAINEE, Role.FOCAL_POINT):
        certificates = selectors.certificates_visible_to(request.user).order_by(
            "-issued_on", "code"
        )[:50]
        context = {"certificates": certificates, "role": scope.role}
        panels.append(PortalPanel("certificates/portal/certificates.html", context, 300))
    elif scope.role in (Role.DIRECTOR, Role.RSO):
        rows = []
        for session in selectors.sessions_with_completed_nominations(request.user)[:10]:
            nominations = list(selectors.completed_nominations(request.user, session))
            missing = sum(1 for n in nominations if not n.has_certificate)
            rows.append({"session": session, "completed": len(nominations), "missing": missing})
        context = {
            "rows": rows,
            "sessions_url": reverse("certificates_admin:sessions"),
            "issued_url": reverse("certificates_admin:index"),
        }
        panels.append(PortalPanel("certificates/portal/to_issue.html", context, 160))
