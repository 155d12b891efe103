"""E-mails about nominations: who hears of each move, in which words, with which calendar
invitation. Sent by `tasks.notify_move`, which the service enqueues after commit."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from training_hub.models import User
from training_hub.roles import Role

from . import invitations
from .choices import SEAT_STATUSES, NominationStatus
from .links import confirmation_token
from .models import Nomination

N = NominationStatus

# What the trainee is told of a move to each status; None: nothing.
TO_TRAINEE = {
    N.ACCEPTED: _("You have a place on %(course)s"),
    N.WAITLISTED: _("You are on the waitlist for %(course)s"),
    N.DECLINED: _("Your nomination to %(course)s was declined"),
    N.WITHDRAWN: _("Your nomination to %(course)s was withdrawn"),
    N.CONFIRMED: _("Your place on %(course)s is confirmed"),
    N.ATTENDED: _("Your attendance at %(course)s is recorded"),
    N.COMPLETED: _("You completed %(course)s"),
    N.NO_SHOW: _("You were recorded as absent from %(course)s"),
}
# What the member's focal points are told when someone else moved their nomination.
TO_FOCAL_POINTS = _("%(name)s: %(status)s for %(course)s")
# What the centre's directors are told when the trainee or the focal point changed a place.
TO_DIRECTORS = _("%(name)s (%(member)s): %(status)s for %(course)s")
SESSION_CANCELLED = _("Cancelled: %(course)s")
CANCELLED_REASON = _("The centre cancelled the session.")


@dataclass
class Mail:
    recipient: User | None
    address: str
    subject: str
    method: str = ""  # calendar invitation to attach: REQUEST, CANCEL or none


def _site(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _language(user):
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def move_mails(nomination, old, new, actor):
    """The e-mails one move sends, by rule (kept apart from sending, so it reads as a table)."""
    official, session = nomination.official, nomination.session
    words = {"course": session.course.title, "name": official.passport_name}
    words |= {"member": nomination.member.name, "status": N(new).label.lower()}
    mails = []
    lost_place = old in SEAT_STATUSES and new not in SEAT_STATUSES
    trainee_subject = TO_TRAINEE.get(new)
    if trainee_subject and not (new == N.CONFIRMED and actor == official.user):
        method = invitations.REQUEST if new == N.ACCEPTED else ""
        method = invitations.CANCEL if lost_place else method
        mails.append(Mail(official.user, official.email, trainee_subject % words, method))
    actor_role = actor.role if actor is not None else None
    if actor_role != Role.FOCAL_POINT and new != N.DRAFT:
        for focal in User.objects.filter(
            role=Role.FOCAL_POINT, member=nomination.member, is_active=True
        ):
            mails.append(Mail(focal, focal.email, TO_FOCAL_POINTS % words))
    if actor_role in (Role.TRAINEE, Role.FOCAL_POINT) and (lost_place or new == N.CONFIRMED):
        for director in User.objects.filter(
            role=Role.DIRECTOR, centres=session.course.centre_id, is_active=True
        ):
            mails.append(Mail(director, director.email, TO_DIRECTORS % words))
    return [mail for mail in mails if mail.address]


def send_move(nomination_id, old, new, actor_id, reason):
    """Send the e-mails of one move (see `move_mails`), each in its recipient's language."""
    nomination = (
        Nomination.objects.select_related("official__user", "member", "session__course__centre")
        .filter(pk=nomination_id)
        .first()
    )
    if nomination is None:
        return 0
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    sent = 0
    for mail in move_mails(nomination, old, new, actor):
        with translation.override(_language(mail.recipient)):
            sent += _send(nomination, mail, old=old, new=new, actor=actor, reason=reason)
    return sent


def _send(nomination, mail, *, old, new, actor, reason):
    session, official = nomination.session, nomination.official
    to_trainee = mail.recipient is not None and mail.recipient.pk == official.user_id
    context = {
        "nomination": nomination,
        "session": session,
        "official": official,
        "recipient": mail.recipient,
        "to_trainee": to_trainee,
        "old": N(old).label,
        "new": N(new).label,
        "status": new,
        "actor": actor,
        "reason": reason,
        "session_url": _site(reverse("session_detail", args=[session.pk])),
        "detail_url": _site(reverse("nominations:detail", args=[nomination.pk])),
        "confirm_url": "",
        "needs_password": to_trainee and not official.user.has_usable_password(),
        "link_days": settings.TRAINING_HUB_CONFIRMATION_DAYS,
    }
    if to_trainee and new == N.ACCEPTED:
        token = confirmation_token(nomination)
        context["confirm_url"] = _site(reverse("nominations:confirm", args=[token]))
    message = EmailMultiAlternatives(
        subject=str(mail.subject),
        body=render_to_string("nominations/email/move.txt", context),
        to=[mail.address],
    )
    message.attach_alternative(
        render_to_string("nominations/email/move.html", context), "text/html"
    )
    if mail.method:
        ics = invitations.invitation(
            session, email=official.email, name=official.passport_name, method=mail.method
        )
        message.attach("invitation.ics", ics, f"text/calendar; method={mail.method}")
    return message.send()


def send_session_cancelled(session_id):
    """Tell each trainee holding a place on a cancelled session, with METHOD:CANCEL."""
    sent = 0
    places = Nomination.objects.filter(
        session_id=session_id, status__in=SEAT_STATUSES
    ).select_related("official__user", "member", "session__course__centre")
    for nomination in places:
        official = nomination.official
        words = {"course": nomination.session.course.title}
        mail = Mail(official.user, official.email, SESSION_CANCELLED % words, invitations.CANCEL)
        with translation.override(_language(official.user)):
            status = nomination.status
            reason = str(CANCELLED_REASON)
            sent += _send(nomination, mail, old=status, new=status, actor=None, reason=reason)
    return sent
