"""Request-level concerns: the Content-Security-Policy per part of the site, the client's
address behind the reverse proxy (for the sign-in lockout), and protected deletes."""

import ipaddress

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db.models import ProtectedError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy chosen by path.

    `CONTENT_SECURITY_POLICY` is the strict policy of the public site and the portal;
    `TRAINING_HUB_CSP_BY_PATH` maps path prefixes (the Wagtail admin, the API docs) to the
    directives that replace it there. A view's own @csp_* decorators still win.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None:
            for prefix, directives in getattr(settings, "TRAINING_HUB_CSP_BY_PATH", {}).items():
                if request.path_info.startswith(prefix):
                    parts.config = directives
                    break
        return parts


def _ip(value):
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def client_ip(request):
    """The client's address, for django-axes (`AXES_CLIENT_IP_CALLABLE`).

    With `TRAINING_HUB_TRUSTED_PROXY_COUNT` = 0 (the default) it is the TCP peer,
    REMOTE_ADDR, and X-Forwarded-For is ignored: nobody can pick the address they are
    counted under. With N trusted proxies in front of the app, each appending the address it
    received the request from, the client is the N-th address from the right of
    X-Forwarded-For; anything further left was sent by the client and is not believed.
    When `TRAINING_HUB_TRUSTED_PROXY_ADDRESSES` lists networks, the header is believed only
    from a peer in them, so a client reaching the app past the proxy cannot forge it.
    A request with fewer forwarded hops than proxies did not come through them: REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "TRAINING_HUB_TRUSTED_PROXY_COUNT", 0)
    if not count:
        return remote
    networks = getattr(settings, "TRAINING_HUB_TRUSTED_PROXY_ADDRESSES", [])
    if networks:
        peer = _ip(remote or "")
        if peer is None or not any(peer in ipaddress.ip_network(n) for n in networks):
            return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    client = _ip(hops[-count])
    return str(client) if client is not None else remote


IN_USE = _(
    "This cannot be deleted: other records still refer to it (%(what)s). Remove or move them first."
)


class ProtectedDeleteMiddleware:
    """A delete refused by a PROTECT foreign key is an answer (409) with the reason, never a
    500: Wagtail's admin API deletes pages without the checks its delete view makes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ProtectedError):
            return None
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in exception.protected_objects})
        message = IN_USE % {"what": ", ".join(kinds)}
        if request.path_info.startswith(("/api/", "/admin/api/")):
            return JsonResponse({"message": message}, status=409)
        return render(request, "409.html", {"message": message}, status=409)
