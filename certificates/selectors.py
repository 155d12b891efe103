"""Reads of certificates, templates and bulk runs, already narrowed to what the user may
see; and the public lookup by code or by file.

Scope paths: a certificate reaches a member by its trainee's member, a centre by its
session's course, and a person by its trainee. A trainee sees their own, a focal point
their member's, a director their centres', the RSO every one.
"""

import hashlib
import re

from django.db.models import Exists, F, OuterRef, Q

from courses.selectors import sessions_managed_by
from nominations.choices import NominationStatus
from nominations.models import Nomination
from training_hub.roles import Role
from training_hub.scopes import scope_for

from .models import CODE_ALPHABET, Certificate, CertificateTemplate, IssueRun

_CODE_RE = re.compile(rf"^[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}$")


def normalise_code(text):
    """Accept the code as people type it: any case, spaces or no dashes."""
    compact = re.sub(r"[\s-]", "", text or "").upper()
    return f"{compact[:4]}-{compact[4:8]}-{compact[8:]}" if len(compact) == 12 else compact


def certificate_by_code(code):
    """The certificate with this code, or None (unknown and malformed codes alike)."""
    code = normalise_code(code)
    if not _CODE_RE.match(code):
        return None
    return Certificate.objects.filter(code=code).select_related("replaced_by").first()


def certificate_by_file(data):
    """The certificate whose issued PDF has exactly these bytes, or None."""
    digest = hashlib.sha256(data).hexdigest()
    return Certificate.objects.filter(sha256=digest).select_related("replaced_by").first()


def certificates_visible_to(user):
    return scope_for(user).restrict(
        Certificate.objects.select_related(
            "trainee__member", "session", "session__course", "replaces", "replaced_by"
        ),
        member="trainee__member",
        centre="session__course__centre",
        person="trainee",
    )


def certificates_managed_by(user):
    """Certificates `user` may revoke and re-issue: their centres' (directors), every one
    (the RSO)."""
    scope = scope_for(user)
    if scope.role not in (Role.RSO, Role.DIRECTOR):
        return Certificate.objects.none()
    return certificates_visible_to(user)


def templates_visible_to(user):
    """Templates a user may issue with: the RSO's shared ones and their centres' (a
    director), every one (the RSO)."""
    scope = scope_for(user)
    templates = CertificateTemplate.objects.select_related("centre")
    if scope.sees_everything:
        return templates
    if scope.role == Role.DIRECTOR:
        return templates.filter(Q(centre__isnull=True) | Q(centre__in=scope.centre_ids))
    return templates.none()


def templates_editable_by(user):
    """Templates a user may change: their centres' (a director), every one (the RSO)."""
    scope = scope_for(user)
    templates = CertificateTemplate.objects.select_related("centre")
    if scope.sees_everything:
        return templates
    if scope.role == Role.DIRECTOR:
        return templates.filter(centre__in=scope.centre_ids)
    return templates.none()


def templates_for_session(user, session):
    """Templates usable for `session`: its centre's first, then the shared ones."""
    centre_id = session.course.centre_id
    return (
        templates_visible_to(user)
        .filter(Q(centre__isnull=True) | Q(centre_id=centre_id))
        .order_by(F("centre_id").asc(nulls_last=True), "name", "pk")
    )


def default_template(user, session):
    return templates_for_session(user, session).first()


def _valid_certificate(nomination_ref="pk"):
    return Certificate.objects.filter(nomination=OuterRef(nomination_ref), revoked_on__isnull=True)


def completed_nominations(user, session):
    """The session's completed nominations, each with `has_certificate` (a valid one)."""
    return (
        Nomination.objects.filter(
            session=session,
            status=NominationStatus.COMPLETED,
            session__in=sessions_managed_by(user),
        )
        .select_related("official", "official__user", "member")
        .annotate(has_certificate=Exists(_valid_certificate()))
        .order_by("member__name", "official__passport_name", "pk")
    )


def nominations_to_certify(user, session):
    return completed_nominations(user, session).filter(has_certificate=False)


def sessions_with_completed_nominations(user):
    """Sessions of the user's centres with completed trainees, latest first."""
    completed = Nomination.objects.filter(session=OuterRef("pk"), status=NominationStatus.COMPLETED)
    return sessions_managed_by(user).filter(Exists(completed)).order_by("-starts_at", "pk")


def runs_of(user, session):
    return IssueRun.objects.filter(session=session, session__in=sessions_managed_by(user))
