"""Panels that apps add to the public page of a session, through a Wagtail hook.

An app registers a function with ``@hooks.register(SESSION_PAGE_PANELS_HOOK)``; it is
called as ``fn(request, session, panels)`` and appends `PortalPanel`s for the users it
serves, as the portal's `PORTAL_PANELS_HOOK` does. The catalogue renders the page without
knowing which apps add to it (it may not import the nominations).
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail import hooks

from training_hub.portal import PortalPanel

SESSION_PAGE_PANELS_HOOK = "construct_session_page_panels"

__all__ = ["SESSION_PAGE_PANELS_HOOK", "PortalPanel", "render_session_panels"]


def render_session_panels(request, session):
    """The HTML of every panel the registered hooks give `request.user` on `session`'s page,
    in order. A panel may hold what only this user may see: the page is then private."""
    panels = []
    for construct in hooks.get_hooks(SESSION_PAGE_PANELS_HOOK):
        construct(request, session, panels)
    return [
        mark_safe(render_to_string(panel.template, panel.context, request=request))
        for panel in sorted(panels, key=lambda panel: panel.order)
    ]
