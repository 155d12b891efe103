"""Site-wide views: health check and error pages."""

from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache


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
