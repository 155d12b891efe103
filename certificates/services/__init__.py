"""Writes on certificates (shared/STYLE.md: views, admin actions, tasks and commands only
call these): issuing, bulk issuing, revocation and re-issue, templates."""

from .bulk import session_issue_certificates
from .common import (
    ALREADY_ISSUED,
    ALREADY_REVOKED,
    NO_TEMPLATE,
    NOT_COMPLETED,
    NOT_YOUR_CERTIFICATE,
    NOT_YOUR_SESSION,
    NOT_YOUR_TEMPLATE,
    NOTHING_TO_ISSUE,
    REASON_MAX,
    REASON_REQUIRED,
    TEMPLATE_CENTRE_REQUIRED,
    TEMPLATE_NOT_USABLE,
    content_for,
    issuer_name,
    verify_url,
)
from .issuing import certificate_issue, certificate_reissue, certificate_revoke
from .templates import template_check, template_save

__all__ = [
    "ALREADY_ISSUED",
    "ALREADY_REVOKED",
    "NO_TEMPLATE",
    "NOTHING_TO_ISSUE",
    "NOT_COMPLETED",
    "NOT_YOUR_CERTIFICATE",
    "NOT_YOUR_SESSION",
    "NOT_YOUR_TEMPLATE",
    "REASON_MAX",
    "REASON_REQUIRED",
    "TEMPLATE_CENTRE_REQUIRED",
    "TEMPLATE_NOT_USABLE",
    "certificate_issue",
    "certificate_reissue",
    "certificate_revoke",
    "content_for",
    "issuer_name",
    "session_issue_certificates",
    "template_check",
    "template_save",
    "verify_url",
]
