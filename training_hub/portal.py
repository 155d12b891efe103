"""The per-role portal's panels, contributed by each app through a Wagtail hook.

An app registers a function with ``@hooks.register(PORTAL_PANELS_HOOK)``; it is called as
``fn(request, scope, panels)`` and appends `PortalPanel`s for the roles it serves, as
Wagtail's own `construct_homepage_panels` does. The portal imports no app.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail import hooks

PORTAL_PANELS_HOOK = "construct_portal_panels"


@dataclass
class PortalPanel:
    """A block of the portal: a template rendered with its context, placed by `order`."""

    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def render_portal_panels(request, scope):
    """The HTML of every panel the registered hooks give `scope`'s role, in order."""
    panels = []
    for construct in hooks.get_hooks(PORTAL_PANELS_HOOK):
        construct(request, scope, panels)
    return [
        mark_safe(render_to_string(panel.template, panel.context, request=request))
        for panel in sorted(panels, key=lambda panel: panel.order)
    ]
