"""What the certificate services share: the messages users see, who may issue, and what
a certificate says (copied onto it when it is issued)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from courses.selectors import sessions_managed_by
from nominations.choices import NominationStatus
from training_hub.models import SiteIdentity

from .. import selectors
from ..exceptions import AlreadyIssued, NotAllowed, RuleBroken
from ..models import Certificate
from ..pdf import render

# Messages users see; tests import them.
NOT_YOUR_SESSION = _(
    "Only the director of the session's centre or the RSO issues its certificates."
)
NOT_YOUR_CERTIFICATE = _("Only the director of the certificate's centre or the RSO may do this.")
NOT_YOUR_TEMPLATE = _("You may only change your own centre's templates.")
NOT_COMPLETED = _("%(name)s has not completed the session (the nomination is “%(status)s”).")
ALREADY_ISSUED = _("%(name)s already holds a valid certificate for this session (%(code)s).")
NO_TEMPLATE = _("There is no certificate template for this centre yet: add one first.")
TEMPLATE_NOT_USABLE = _("That template belongs to another centre.")
NOTHING_TO_ISSUE = _("Every completed trainee of this session already holds a certificate.")
ALREADY_REVOKED = _("This certificate was already revoked on %(date)s.")
REASON_REQUIRED = _("Say why the certificate is revoked.")
REISSUED_AS = "Re-issued as %(code)s: %(reason)s"
TEMPLATE_CENTRE_REQUIRED = _("Choose one of your centres.")

REASON_MAX = 255


# --- what a certificate says ---------------------------------------------------------------


def verify_url(code):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("certificates:verify_code", args=[code])


def content_for(nomination, *, code, issued_on):
    """What a certificate for `nomination` says today (it is copied onto the certificate)."""
    session = nomination.session
    course = session.course
    official = nomination.official
    delivered = [
        delivery.module
        for delivery in course.course_modules.select_related("module").order_by("sort_order")
    ]
    modules = [
        {"code": module.code, "title": module.title, "hours": str(module.hours)}
        for module in delivered
    ]
    hours = sum((module.hours for module in delivered), start=0)
    name = official.native_name or official.passport_name
    return render.Content(
        trainee=name,
        trainee_latin=official.passport_name,
        course=course.title,
        modules=modules,
        hours=hours or None,
        starts_on=session.wall_start.date(),
        ends_on=session.wall_end.date(),
        centre=course.centre.title if course.centre_id else "",
        city=session.city,
        code=code,
        issued_on=issued_on,
        verify_url=verify_url(code),
    )


def issuer_name():
    return SiteIdentity.load().full_name


# --- permissions ---------------------------------------------------------------------------


def check_session(user, session):
    if not sessions_managed_by(user).filter(pk=session.pk).exists():
        raise NotAllowed(NOT_YOUR_SESSION)


def check_certificate(user, certificate):
    if not selectors.certificates_managed_by(user).filter(pk=certificate.pk).exists():
        raise NotAllowed(NOT_YOUR_CERTIFICATE)


def template_for(user, session, template):
    if template is None:
        template = selectors.default_template(user, session)
        if template is None:
            raise RuleBroken(NO_TEMPLATE)
        return template
    if not selectors.templates_for_session(user, session).filter(pk=template.pk).exists():
        raise RuleBroken(TEMPLATE_NOT_USABLE)
    return template


def check_completed(nomination):
    if nomination.status != NominationStatus.COMPLETED:
        raise RuleBroken(
            NOT_COMPLETED
            % {
                "name": nomination.official.passport_name,
                "status": nomination.get_status_display(),
            }
        )


def check_none_valid(nomination):
    existing = Certificate.objects.filter(
        trainee_id=nomination.official.user_id,
        session_id=nomination.session_id,
        revoked_on__isnull=True,
    ).first()
    if existing is not None:
        raise AlreadyIssued(
            ALREADY_ISSUED % {"name": nomination.official.passport_name, "code": existing.code}
        )
