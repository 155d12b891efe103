from wagtail import hooks

from training_hub.portal import PORTAL_PANELS_HOOK, PortalPanel
from training_hub.roles import Role

from .selectors import certificates_visible_to


@hooks.register(PORTAL_PANELS_HOOK)
def certificate_panels(request, scope, panels):
    if scope.role == Role.TRAINEE:
        context = {"certificates": certificates_visible_to(request.user)}
        panels.append(PortalPanel("certificates/portal/certificates.html", context, 300))
