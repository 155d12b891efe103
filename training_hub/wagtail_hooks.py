from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Member
from .portal import PORTAL_PANELS_HOOK, PortalPanel
from .roles import Role
from .selectors import members_active, officials_visible_to


class MemberViewSet(SnippetViewSet):
    model = Member
    icon = "globe"
    menu_label = "Members"
    list_display = ["name", "code", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    add_to_admin_menu = True


register_snippet(MemberViewSet)


@hooks.register(PORTAL_PANELS_HOOK)
def member_panels(request, scope, panels):
    if scope.role == Role.RSO:
        panels.append(
            PortalPanel("training_hub/portal/members.html", {"members": members_active()}, 900)
        )
    elif scope.role == Role.FOCAL_POINT:
        context = {"member": request.user.member, "officials": officials_visible_to(request.user)}
        panels.append(PortalPanel("training_hub/portal/officials.html", context, 200))
