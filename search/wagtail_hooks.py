"""Registers the acronyms' admin (the RSO's) and the search's line in /healthz."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from training_hub.views import HEALTH_HOOK

from . import services
from .models import Acronym


class AcronymViewSet(SnippetViewSet):
    model = Acronym
    icon = "search"
    menu_order = 800
    list_display = ["acronym", "expansions"]
    search_fields = ["acronym", "expansions"]


register_snippet(AcronymViewSet)


@hooks.register(HEALTH_HOOK)
def search_health():
    return {"search": services.health()}
