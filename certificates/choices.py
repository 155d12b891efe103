"""The vocabularies of certificates, and the log actions the services write."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PageSize(models.TextChoices):
    A4 = "a4", _("A4")
    LETTER = "letter", _("US Letter")
    A5 = "a5", _("A5")


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", _("Landscape")
    PORTRAIT = "portrait", _("Portrait")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Issuing")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Stopped by an error")


# Log actions of this app, registered in wagtail_hooks.py.
CERTIFICATE_ISSUED = "certificates.certificate.issue"
CERTIFICATE_REVOKED = "certificates.certificate.revoke"
CERTIFICATE_REISSUED = "certificates.certificate.reissue"
BULK_ISSUE_REQUESTED = "certificates.run.request"
TEMPLATE_SAVED = "certificates.template.save"

LOG_ACTIONS = {
    CERTIFICATE_ISSUED: _("Certificate issued"),
    CERTIFICATE_REVOKED: _("Certificate revoked"),
    CERTIFICATE_REISSUED: _("Certificate re-issued"),
    BULK_ISSUE_REQUESTED: _("Certificates requested for a session"),
    TEMPLATE_SAVED: _("Certificate template saved"),
}
