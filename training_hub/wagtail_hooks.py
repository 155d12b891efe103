from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Member


class MemberViewSet(SnippetViewSet):
    model = Member
    icon = "globe"
    menu_label = "Members"
    list_display = ["name", "code", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    add_to_admin_menu = True


register_snippet(MemberViewSet)
