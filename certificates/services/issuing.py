"""Issuing one certificate, revoking one, re-issuing one (shared/STYLE.md's five steps).

A PDF is laid out and signed before the transaction (a few hundred milliseconds that touch
no row); the transaction then locks the nomination (or the certificate), checks the rules
again, stores the row with its file and logs it. The partial unique constraint on valid
certificates decides between two requests that issue the same one at once. A file whose
row was not saved is removed, so nothing is left half-saved.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from nominations.models import Nomination

from ..choices import CERTIFICATE_ISSUED, CERTIFICATE_REISSUED, CERTIFICATE_REVOKED
from ..exceptions import RuleBroken
from ..models import Certificate, new_certificate_code
from ..pdf import render
from .common import (
    ALREADY_REVOKED,
    NOT_COMPLETED,
    REASON_MAX,
    REASON_REQUIRED,
    REISSUED_AS,
    check_certificate,
    check_completed,
    check_none_valid,
    check_session,
    content_for,
    issuer_name,
    template_for,
)

logger = logging.getLogger(__name__)


# --- issuing -------------------------------------------------------------------------------


def new_certificate(nomination, template, user, *, now, replaces=None):
    """An unsaved certificate for `nomination` with its signed PDF and digest."""
    code = new_certificate_code()
    issued_on = timezone.localdate(now)
    content = content_for(nomination, code=code, issued_on=issued_on)
    pdf = render.issue_pdf(template, content, issuer=issuer_name())
    certificate = Certificate(
        code=code,
        trainee_id=nomination.official.user_id,
        nomination=nomination,
        session_id=nomination.session_id,
        template=template,
        name_on_certificate=content.trainee,
        name_latin=content.trainee_latin,
        training_title=content.course,
        modules=content.modules,
        hours=content.hours,
        starts_on=content.starts_on,
        ends_on=content.ends_on,
        centre_name=content.centre,
        city=content.city,
        issued_on=issued_on,
        issued_at=now,
        issued_by=user,
        sha256=hashlib.sha256(pdf).hexdigest(),
        replaces=replaces,
    )
    return certificate, pdf


def _store(certificate, pdf):
    """Save the row and its file; the file goes again when the row cannot be saved."""
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            certificate.save()
    except Exception:
        certificate.pdf.storage.delete(certificate.pdf.name)
        raise


def certificate_issue(*, nomination, user, template=None):
    """Issue the certificate of a completed nomination: lay out and sign its PDF, store it
    with its SHA-256, log it. Raises NotAllowed, RuleBroken, AlreadyIssued (also when
    someone else issued it a moment before: the constraint decides)."""
    session = nomination.session
    check_session(user, session)
    check_completed(nomination)
    check_none_valid(nomination)
    template = template_for(user, session, template)
    now = timezone.now()
    certificate, pdf = new_certificate(nomination, template, user, now=now)
    try:
        with transaction.atomic():
            locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
            check_completed(locked)
            check_none_valid(locked)
            _store(certificate, pdf)
            log(
                instance=certificate,
                action=CERTIFICATE_ISSUED,
                user=user,
                data={"code": certificate.code, "nomination": nomination.pk},
            )
    except IntegrityError:
        # The partial unique constraint: another request issued one first.
        check_none_valid(nomination)
        raise
    except Exception:
        if certificate.pdf.name and not Certificate.objects.filter(code=certificate.code).exists():
            certificate.pdf.storage.delete(certificate.pdf.name)
        raise
    logger.info(
        "certificate %s issued for nomination %s by %s", certificate.code, nomination.pk, user
    )
    return certificate


# --- revocation and re-issue ---------------------------------------------------------------


def _clean_reason(reason):
    reason = " ".join((reason or "").split())[:REASON_MAX]
    if not reason:
        raise RuleBroken(REASON_REQUIRED)
    return reason


def _revoke(certificate, user, reason, now):
    certificate.revoked_on = timezone.localdate(now)
    certificate.revoked_at = now
    certificate.revoked_by = user
    certificate.revocation_reason = reason[:REASON_MAX]
    certificate.save(update_fields=["revoked_on", "revoked_at", "revoked_by", "revocation_reason"])


def _locked_valid(certificate):
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.is_revoked:
        raise RuleBroken(ALREADY_REVOKED % {"date": locked.revoked_on.isoformat()})
    return locked


def certificate_revoke(*, certificate, user, reason):
    """Revoke a certificate, keeping its record: the date, the reason and who did it show
    on its verification page and in the JSON. Logs it."""
    check_certificate(user, certificate)
    reason = _clean_reason(reason)
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_valid(certificate)
        _revoke(locked, user, reason, now)
        log(instance=locked, action=CERTIFICATE_REVOKED, user=user, data={"reason": reason})
    return locked


def certificate_reissue(*, certificate, user, reason, template=None):
    """A new certificate (new code, PDF and digest, as the nomination reads today) that
    replaces `certificate`, which is revoked with the reason and the new code. Logs both."""
    check_certificate(user, certificate)
    reason = _clean_reason(reason)
    if certificate.is_revoked:
        raise RuleBroken(ALREADY_REVOKED % {"date": certificate.revoked_on.isoformat()})
    nomination = certificate.nomination
    if nomination is None:
        raise RuleBroken(NOT_COMPLETED % {"name": certificate.name_latin, "status": "–"})
    check_completed(nomination)
    template = template_for(user, nomination.session, template or certificate.template)
    now = timezone.now()
    new, pdf = new_certificate(nomination, template, user, now=now, replaces=certificate)
    try:
        with transaction.atomic():
            Nomination.objects.select_for_update().get(pk=nomination.pk)
            old = _locked_valid(certificate)
            _revoke(old, user, REISSUED_AS % {"code": new.code, "reason": reason}, now)
            new.replaces = old
            _store(new, pdf)
            log(instance=old, action=CERTIFICATE_REVOKED, user=user, data={"reason": reason})
            log(
                instance=new,
                action=CERTIFICATE_REISSUED,
                user=user,
                data={"replaces": old.code, "reason": reason},
            )
    except Exception:
        if new.pdf.name and not Certificate.objects.filter(code=new.code).exists():
            new.pdf.storage.delete(new.pdf.name)
        raise
    return new
