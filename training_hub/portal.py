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
# The home page's panels, called as ``fn(request, panels)`` (the search box and the sessions
# open for nominations come from the catalogue, which the project may not import).
HOME_PANELS_HOOK = "construct_home_panels"


@dataclass
class PortalPanel:
    """A block of the portal: a template rendered with its context, placed by `order`."""

    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def render_portal_panels(request, scope):
    """The HTML of every panel the registered hooks give `scope`'s role, in order."""
    return _render_panels(PORTAL_PANELS_HOOK, request, scope)


def render_home_panels(request):
    """The HTML of every panel the registered hooks put on the home page, in order."""
    return _render_panels(HOME_PANELS_HOOK, request)


def _render_panels(hook_name, request, *args):
    panels = []
    for construct in hooks.get_hooks(hook_name):
        construct(request, *args, panels)
    return [
        mark_safe(render_to_string(panel.template, panel.context, request=request))
        for panel in sorted(panels, key=lambda panel: panel.order)
    ]
