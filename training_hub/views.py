"""Site-wide views: health check, error pages, and the admin views we answer in front of
Wagtail's own (sign-out, cross-centre reports, workflow cancellation)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.account import LogoutView as WagtailLogoutView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .scopes import scope_for
from .services import user_language_set
from .viewsets import pages_user_may_change

# Apps add what they depend on to /healthz: ``@hooks.register(HEALTH_HOOK)`` on a function
# that returns {name: state} (search says which backend answers and how it is).
HEALTH_HOOK = "construct_health_checks"


@never_cache
def healthz(request):
    """Liveness for the load balancer and compose: the app answers and the database does;
    the apps' own checks are reported beside (they never fail the answer: the site works
    on the database when a service it prefers is down)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    answer = {"status": "ok"}
    for check in hooks.get_hooks(HEALTH_HOOK):
        answer.update(check())
    return JsonResponse(answer)


@require_POST
def set_language(request):
    """Django's language switch (the same page in the chosen language, by its URL), which
    also keeps the choice on a signed-in person's account for their e-mails."""
    response = i18n.set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_language_set(user=request.user, language=language)
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def server_error(request):
    # Rendered without the request, so no context processor or database query can fail
    # again while reporting the first failure.
    return HttpResponseServerError(loader.get_template("500.html").render())


class AdminLogoutView(WagtailLogoutView):
    """Wagtail's admin sign-out, for POST only.

    Wagtail's view deletes the session cookie and adds "You have been successfully logged
    out" after *any* dispatch, including the 405 that Django's LogoutView answers to a GET:
    a link or an <img> to /admin/logout/ signed the user out. Other methods now get Django's
    answer (405, or the OPTIONS reply) with the session left alone.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            return super().dispatch(request, *args, **kwargs)
        return auth_views.LogoutView.dispatch(self, request, *args, **kwargs)


class RSOOnlyMixin:
    """Reports that span every centre: Wagtail filters them by model permission only, so a
    director would read other centres' log entries and draft titles."""

    def dispatch(self, request, *args, **kwargs):
        if not scope_for(request.user).sees_everything:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SiteHistoryView(RSOOnlyMixin, LogEntriesView):
    pass


class PageTypesUsageView(RSOOnlyMixin, PageTypesUsageReportView):
    pass


_explore = page_viewset_registry.as_view("index", parent_page_id_kwarg="parent_page_id")
_explore_results = page_viewset_registry.as_view(
    "index_results", parent_page_id_kwarg="parent_page_id"
)


def _explore_in_scope(view):
    """Wagtail's explorer of one page, for the pages the user may explore.

    Wagtail sends a page outside the user's sections to the first common ancestor of their
    sections; a director's sections now span the English tree and the other languages'
    (their centre's translations), whose common ancestor is the tree's root, from which any
    page (a draft title in its header) could be opened. Such a page is sent to the user's
    sections in the English tree instead."""

    def scoped(request, parent_page_id):
        policy = PagePermissionPolicy()
        explorable = policy.explorable_instances(request.user)
        if not explorable.filter(pk=parent_page_id).exists():
            own = [
                permission.page
                for permission in policy.get_cached_permissions_for_user(request.user)
                if permission.page.locale.language_code == settings.LANGUAGE_CODE
            ]
            if not own:
                raise Http404
            root = Page.objects.first_common_ancestor_of(own, include_self=True, strict=True)
            return redirect("wagtailadmin_explore", root.pk)
        return view(request, parent_page_id=parent_page_id)

    return require_admin_access(scoped)


explore = _explore_in_scope(_explore)
explore_results = _explore_in_scope(_explore_results)

_confirm_workflow_cancellation = page_viewset_registry.as_view(
    "confirm_workflow_cancellation", page_id_kwarg="page_id"
)


def confirm_workflow_cancellation(request, page_id):
    """Wagtail's confirmation, for pages the user works on only: it tells whether a page is
    in moderation, which another centre's director must not learn."""
    if not pages_user_may_change(request.user).filter(pk=page_id).exists():
        raise Http404
    return _confirm_workflow_cancellation(request, page_id=page_id)
