"""Members in the admin, the portal panels of this app, and the hooks that close the admin's
side doors on pages and accounts (choosers, confirmation pages, bulk actions; the classes
are in viewsets.py)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.wagtail_hooks import check_view_restrictions

from .localization import LocalizedPageMixin, default_language
from .models import Member
from .portal import PORTAL_PANELS_HOOK, PortalPanel
from .roles import Role
from .scopes import scope_for
from .selectors import members_active, officials_visible_to
from .viewsets import (
    SCOPED_PAGE_BULK_ACTIONS,
    PermissionCheckedSnippetDeleteBulkAction,
    ScopedSetActiveStateBulkAction,
    SuperuserAssignRoleBulkAction,
    pages_user_may_choose,
)


class MemberViewSet(SnippetViewSet):
    model = Member
    icon = "globe"
    menu_label = _("Members")
    list_display = ["name", "code", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    add_to_admin_menu = True


register_snippet(MemberViewSet)


@hooks.register("insert_global_admin_css")
def identity_css():
    # tables.css: the site's tables of records, as cards on a phone (the nominations of a session).
    return format_html(
        '<link rel="stylesheet" href="{}"><link rel="stylesheet" href="{}">',
        static("training_hub/tables.css"),
        static("training_hub/admin.css"),
    )


@hooks.register(PORTAL_PANELS_HOOK)
def member_panels(request, scope, panels):
    if scope.role == Role.RSO:
        panels.append(
            PortalPanel("training_hub/portal/members.html", {"members": members_active()}, 900)
        )
    elif scope.role == Role.FOCAL_POINT:
        context = {"member": request.user.member, "officials": officials_visible_to(request.user)}
        panels.append(PortalPanel("training_hub/portal/officials.html", context, 200))


# --- pages ------------------------------------------------------------------------------

# Registered after Wagtail's own bulk actions, so that ours replace them.
AFTER_WAGTAIL = 100


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser(pages, request):
    visible = pages_user_may_choose(request.user)
    # Browsing below a page (choose-page/<id>/) shows that page's own title too.
    match = request.resolver_match
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id is not None and not visible.filter(pk=parent_id).exists():
        raise Http404
    return pages.filter(pk__in=visible.values("pk"))


@hooks.register("before_move_page")
def refuse_moves_the_user_may_not_make(request, page_to_move, destination):
    # The confirmation page shows both titles: refuse it unless the move itself is allowed.
    if not page_to_move.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


for _action in SCOPED_PAGE_BULK_ACTIONS:
    hooks.register("register_bulk_action", _action, order=AFTER_WAGTAIL)


# --- accounts ---------------------------------------------------------------------------

hooks.register("register_bulk_action", SuperuserAssignRoleBulkAction, order=AFTER_WAGTAIL)
hooks.register("register_bulk_action", ScopedSetActiveStateBulkAction, order=AFTER_WAGTAIL)
hooks.register(
    "register_bulk_action", PermissionCheckedSnippetDeleteBulkAction, order=AFTER_WAGTAIL
)


@hooks.register("construct_reports_menu")
def cross_centre_reports_for_the_rso_only(request, menu_items):
    # The views refuse them too (training_hub/views.py, localize_admin.py); this only hides
    # the links.
    if not scope_for(request.user).sees_everything:
        translations = reverse("wagtail_localize:translations_report")
        menu_items[:] = [
            item
            for item in menu_items
            if item.name not in ("site-history", "page-types-usage") and item.url != translations
        ]


# --- content in other languages ---------------------------------------------------------


@hooks.register("on_serve_page")
def translations_follow_their_source(serve):
    """A page in another language (a translation or an alias) is shown only while its
    English source is: live, and behind the source's own view restrictions too (the
    translation's copy of them may lag behind)."""

    def inner(page, request, serve_args, serve_kwargs):
        if not isinstance(page, LocalizedPageMixin) or page.is_source:
            return serve(page, request, serve_args, serve_kwargs)
        source = page.source_page
        if source is None or not source.live:
            raise Http404

        def serve_translation(_source, request, serve_args, serve_kwargs):
            return serve(page, request, serve_args, serve_kwargs)

        return check_view_restrictions(serve_translation)(source, request, serve_args, serve_kwargs)

    return inner


@hooks.register("before_create_page")
def content_is_written_in_english(request, parent_page, page_class):
    """New pages are written in the default language; another language's pages are made by
    translating them (wagtail-localize), so that every page has its English source."""
    if parent_page.depth > 1 and parent_page.locale.language_code != default_language():
        raise PermissionDenied
