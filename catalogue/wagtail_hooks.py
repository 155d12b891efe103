"""The catalogue's panels on the home page: where people start (the search box, with
autocomplete) and the sessions open for nominations now."""

from django.utils import timezone
from wagtail import hooks

from training_hub.localization import localize
from training_hub.portal import HOME_PANELS_HOOK, PortalPanel

from .selectors import sessions_open_now

# How many open sessions the home page lists before "all open sessions".
HOME_OPEN_SESSIONS = 6


@hooks.register(HOME_PANELS_HOOK)
def home_panels(request, panels):
    panels.append(PortalPanel("catalogue/home_search.html", {}, 10))
    sessions = sessions_open_now(timezone.now())
    shown = list(sessions[:HOME_OPEN_SESSIONS])
    localize(session.course for session in shown)
    localize({session.course.centre_id: session.course.centre for session in shown}.values())
    context = {
        "sessions": shown,
        "more": sessions.count() > HOME_OPEN_SESSIONS,
    }
    panels.append(PortalPanel("catalogue/home_open_sessions.html", context, 20))
