"""Site-wide views: health check and error pages."""

from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from wagtail.admin.views.account import LogoutView as WagtailLogoutView


@never_cache
def healthz(request):
    """Liveness for the load balancer and compose: the app answers and the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


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
