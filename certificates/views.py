"""Public verification (by code, by the printed address or QR code, by uploading the PDF;
as a page or JSON), the scoped downloads, and the issuer's public keys.

Verification is rate limited per client address (`TRAINING_HUB_VERIFY_RATE`, HTTP 429
past it) and answers an unknown code exactly as a malformed one. A download answers 404 to
anyone outside the certificate's scope, and is never cached.
"""

import django_ratelimit as ratelimit
from django import forms
from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited

from training_hub.middleware import client_ip
from training_hub.models import SiteIdentity

from . import badges
from .pdf import signing
from .selectors import certificate_by_code, certificate_by_file, certificates_visible_to

CODE_NOT_FOUND = _("No certificate has this code. Check the code printed on the certificate.")
TOO_MANY = _("Too many checks from your address. Wait a minute and try again.")
NO_FILE = _("Choose the PDF file of the certificate.")
NOT_A_PDF = _("This file is not a PDF. Upload the certificate's PDF file as you received it.")
TOO_LARGE = _("This file is larger than 10 MB; no certificate we issue is. Nothing was checked.")
FILE_MATCHES = _("This file is exactly the PDF that was issued with this code.")
FILE_UNKNOWN = _("This file is not a certificate we issued, or it was changed after it was issued.")
RATE_GROUP = "certificates.verify"


def _client(group, request):
    return client_ip(request) or "unknown"


def _limited(request):
    return is_ratelimited(
        request,
        group=RATE_GROUP,
        key=_client,
        rate=settings.TRAINING_HUB_VERIFY_RATE,
        method=ratelimit.ALL,
        increment=True,
    )


def _wants_json(request):
    return request.GET.get("format") == "json"


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Certificate code"), max_length=40, strip=True)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("The certificate's PDF"))


def public_record(certificate):
    """What anyone may learn of a certificate: name, course, dates, centre and status."""
    return {
        "code": certificate.code,
        "status": certificate.status.value,
        "name": certificate.name_on_certificate,
        "name_latin": certificate.name_latin or None,
        "course": certificate.training_title,
        "starts_on": certificate.starts_on.isoformat() if certificate.starts_on else None,
        "ends_on": certificate.ends_on.isoformat() if certificate.ends_on else None,
        "centre": certificate.centre_name,
        "issued_on": certificate.issued_on.isoformat(),
        "revoked_on": certificate.revoked_on.isoformat() if certificate.revoked_on else None,
        "revocation_reason": certificate.revocation_reason or None,
    }


def _too_many(request, json):
    if json:
        response = JsonResponse({"status": "rate_limited", "detail": str(TOO_MANY)}, status=429)
    else:
        context = {"form": VerifyForm(), "upload": UploadForm(), "limited": TOO_MANY}
        response = render(request, "certificates/verify.html", context, status=429)
    response["Retry-After"] = "60"
    return response


@require_GET
def verify(request, code=None):
    """The verdict for a code typed in the form, or given in the printed address."""
    json = _wants_json(request)
    data = {"code": code} if code is not None else (request.GET if "code" in request.GET else None)
    form = VerifyForm(data)
    certificate = None
    if form.is_bound:
        if _limited(request):
            return _too_many(request, json)
        if form.is_valid():
            certificate = certificate_by_code(form.cleaned_data["code"])
        if certificate is None:
            # Malformed or unknown: one answer, so guessing learns nothing of the format.
            form = VerifyForm({"code": data.get("code", "")})
            form.is_valid()
            form.errors.clear()
            form.add_error("code", CODE_NOT_FOUND)
    if json:
        if certificate is None:
            return JsonResponse({"status": "not_found"}, status=404)
        return JsonResponse(public_record(certificate))
    context = {"form": form, "upload": UploadForm(), "certificate": certificate}
    return render(request, "certificates/verify.html", context)


@require_POST
def verify_file(request):
    """Whether an uploaded PDF is, byte for byte, one that was issued."""
    limit = settings.TRAINING_HUB_VERIFY_UPLOAD_MAX_BYTES
    context = {"form": VerifyForm(), "upload": UploadForm(), "checked_file": True}
    if _limited(request):
        return _too_many(request, False)
    # Refused before the body is read when the request says it is too large.
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit + 64 * 1024:
        context["upload_error"] = TOO_LARGE
        return render(request, "certificates/verify.html", context, status=413)
    upload = UploadForm(request.POST, request.FILES)
    if not upload.is_valid():
        context["upload_error"] = NO_FILE
        return render(request, "certificates/verify.html", context, status=400)
    file = upload.cleaned_data["file"]
    if file.size > limit:
        context["upload_error"] = TOO_LARGE
        return render(request, "certificates/verify.html", context, status=413)
    data = file.read()
    if not data.startswith(b"%PDF-"):
        context["upload_error"] = NOT_A_PDF
        return render(request, "certificates/verify.html", context, status=400)
    certificate = certificate_by_file(data)
    context.update(
        certificate=certificate,
        file_verdict=FILE_MATCHES if certificate else FILE_UNKNOWN,
        signature=signing.check(data),
    )
    return render(request, "certificates/verify.html", context)


# --- downloads: the trainee, their focal point, the centre's director, the RSO -------------


def _scoped(request, pk):
    return get_object_or_404(certificates_visible_to(request.user), pk=pk)


def _private(response):
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_GET
def download_pdf(request, pk):
    certificate = _scoped(request, pk)
    if not certificate.pdf:
        raise Http404
    response = FileResponse(
        certificate.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"certificate-{certificate.code}.pdf",
    )
    return _private(response)


@never_cache
@require_GET
def download_badge(request, pk):
    """The Open Badges 3.0 credential as a VC-JWT, for a wallet."""
    certificate = _scoped(request, pk)
    token = badges.signed_credential(certificate, issuer_name=SiteIdentity.load().full_name)
    response = HttpResponse(token, content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.jwt"'
    return _private(response)


@never_cache
@require_GET
def download_badge_json(request, pk):
    """The same credential, unsigned, to read."""
    certificate = _scoped(request, pk)
    credential = badges.credential(certificate, issuer_name=SiteIdentity.load().full_name)
    return _private(
        JsonResponse(credential, json_dumps_params={"ensure_ascii": False, "indent": 2})
    )


# --- the issuer, for third parties checking a credential ---------------------------------


@require_GET
def issuer(request):
    return JsonResponse(badges.issuer_profile(SiteIdentity.load().full_name))


@require_GET
def jwks(request):
    return JsonResponse({"keys": [badges.public_key()]})
