"""E-mails of the nominations: who hears of each move and in which words, with which
calendar invitation; a session cancelled or moved; the focal points' reminder before a
nomination window closes; the directors' daily digest.

Each is sent by a task of `tasks.py`, after the transaction that caused it has committed,
from a text and an HTML template (`templates/nominations/email/`), in its recipient's
language. Recipients are always people of the nomination's member (its official, its focal
points) or of the session's centre (its directors); never anyone else.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from courses.models import Session
from training_hub.models import Member, User
from training_hub.roles import Role

from . import invitations
from .choices import ENDED_STATUSES, QUOTA_STATUSES, NominationStatus
from .links import confirmation_token
from .models import Nomination, Reminder

N = NominationStatus
# A place the trainee holds before the session: a calendar event worth cancelling.
PLACE_STATUSES = frozenset({N.ACCEPTED, N.CONFIRMED})
# The nominations a director's digest lists: waiting for their decision.
DIGEST_STATUSES = (N.SUBMITTED, N.WAITLISTED)

# Subjects; every one is formatted in the recipient's language. Tests import them.
TO_TRAINEE = {
    N.ACCEPTED: _("You have a place on %(course)s"),
    N.DECLINED: _("Your place on %(course)s was declined"),
    N.WITHDRAWN: _("Your place on %(course)s was withdrawn"),
    N.CONFIRMED: _("Your place on %(course)s is confirmed"),
    N.ATTENDED: _("Your attendance at %(course)s is recorded"),
    N.COMPLETED: _("You completed %(course)s"),
    N.NO_SHOW: _("You were recorded as absent from %(course)s"),
}
LINK_AGAIN = _("A new link to answer for your place on %(course)s")
TO_FOCAL_POINTS = _("%(name)s: %(status)s for %(course)s")
RESERVE_COPY = _("%(name)s is on the waitlist for %(course)s")
TO_DIRECTORS = _("%(name)s (%(member)s): %(status)s for %(course)s")
SESSION_CANCELLED = _("Cancelled: %(course)s")
SESSION_CHANGED = _("New dates or venue: %(course)s")
WINDOW_REMINDER = _("Nominations for %(course)s close soon")
DIRECTOR_DIGEST = ngettext_lazy(
    "%(count)s new nomination for your sessions",
    "%(count)s new nominations for your sessions",
    "count",
)


@dataclass
class Mail:
    """One e-mail to send: to whom, its subject (formatted with `words` when sent), and the
    calendar invitation to attach (REQUEST, CANCEL or none)."""

    recipient: User | None
    address: str
    subject: str
    words: dict = field(default_factory=dict)
    method: str = ""


def _site(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _language(user):
    return getattr(user, "language", None) or settings.LANGUAGE_CODE


def _people(users, *, besides=None):
    """Active accounts with an address, less `besides` (who needs no mail of their own act)."""
    users = users.filter(is_active=True).exclude(email="")
    if besides is not None:
        users = users.exclude(pk=besides.pk)
    return list(users.distinct().order_by("pk"))


def focal_points_of(member_id, *, besides=None):
    return _people(User.objects.filter(role=Role.FOCAL_POINT, member_id=member_id), besides=besides)


def directors_of(centre_id, *, besides=None):
    return _people(User.objects.filter(role=Role.DIRECTOR, centres=centre_id), besides=besides)


def _deliver(mail, template, context, *, invitation_of=None):
    """Render and send one e-mail in its recipient's language; returns how many went (0/1).

    `invitation_of` (session, official) attaches the calendar invitation `mail.method` asks.
    """
    language = _language(mail.recipient)
    # Links to people's pages lead to the same page in the recipient's language (read in the
    # language they were made in, the one active now).
    links = {k: translate_url(v, language) for k, v in context.items() if k.endswith("_url") and v}
    with translation.override(language):
        context = {**context, **links, "recipient": mail.recipient}
        message = EmailMultiAlternatives(
            subject=str(mail.subject % mail.words if mail.words else mail.subject),
            body=render_to_string(f"nominations/email/{template}.txt", context),
            to=[mail.address],
        )
        message.attach_alternative(
            render_to_string(f"nominations/email/{template}.html", context), "text/html"
        )
        if mail.method and invitation_of is not None:
            session, official = invitation_of
            ics = invitations.invitation(
                session, email=official.email, name=official.passport_name, method=mail.method
            )
            message.attach("invitation.ics", ics, f"text/calendar; method={mail.method}")
        return message.send()


# --- moves ----------------------------------------------------------------------------------


def move_mails(nomination, old, new, actor):
    """The e-mails one move sends, by rule (kept apart from sending, so it reads as a table).

    - The trainee hears from the moment they have a place: accepted (with the confirmation
      link and a REQUEST), that place declined or withdrawn (a CANCEL, even when they
      declined it themself, so their calendar drops it), confirmed by someone else, and
      attendance, completion or absence.
    - The member's focal points hear of every decision on their nominees (not of their own
      moves), and get a copy of every waitlist notice (a reserve of their own submission
      too: it does not hold a place).
    - The centre's directors hear of confirmations and of places given up or withdrawn by
      the member's side; submissions reach them in the daily digest, not one by one.
    """
    official, session = nomination.official, nomination.session
    words = {
        "course": session.course.title,
        "name": official.passport_name,
        "member": nomination.member.name,
        "status": N(new).label,
    }
    by_trainee = actor is not None and actor.pk == official.user_id
    lost_place = old in PLACE_STATUSES and new in ENDED_STATUSES
    mails = []

    trainee_method = None
    if new == N.ACCEPTED:
        trainee_method = invitations.REQUEST
    elif lost_place:
        trainee_method = invitations.CANCEL
    elif (new == N.CONFIRMED and not by_trainee) or new in (N.ATTENDED, N.COMPLETED, N.NO_SHOW):
        trainee_method = ""
    if trainee_method is not None and official.email:
        mails.append(Mail(official.user, official.email, TO_TRAINEE[new], words, trainee_method))

    if new == N.WAITLISTED:
        for focal in focal_points_of(nomination.member_id):
            mails.append(Mail(focal, focal.email, RESERVE_COPY, words))
    elif new in (N.ACCEPTED, N.CONFIRMED) or (new in ENDED_STATUSES and old != N.DRAFT):
        for focal in focal_points_of(nomination.member_id, besides=actor):
            mails.append(Mail(focal, focal.email, TO_FOCAL_POINTS, words))

    actor_role = actor.role if actor is not None else None
    if new == N.CONFIRMED or (lost_place and actor_role != Role.DIRECTOR):
        for director in directors_of(session.course.centre_id, besides=actor):
            mails.append(Mail(director, director.email, TO_DIRECTORS, words))
    return mails


def _nomination(nomination_id):
    return (
        Nomination.objects.select_related("official__user", "member", "session__course__centre")
        .filter(pk=nomination_id)
        .first()
    )


def _move_context(nomination, old, new, *, to_trainee, method, actor, reason, with_link):
    """What the move templates show: the nomination, the move, and (`with_link`) a fresh
    confirmation link, with whether the trainee still has to choose a password."""
    session, official = nomination.session, nomination.official
    context = {
        "nomination": nomination,
        "session": session,
        "official": official,
        "to_trainee": to_trainee,
        "old": N(old).label,
        "new": N(new).label,
        "status": new,
        "lost_place": method == invitations.CANCEL,
        "automatic": actor is None,
        "reason": reason,
        "session_url": _site(reverse("session_detail", args=[session.pk])),
        "detail_url": _site(reverse("nominations:detail", args=[nomination.pk])),
        "confirm_url": "",
        "needs_password": with_link and not official.user.has_usable_password(),
        "link_days": settings.TRAINING_HUB_CONFIRMATION_DAYS,
    }
    if with_link:
        token = confirmation_token(nomination)
        context["confirm_url"] = _site(reverse("nominations:confirm", args=[token]))
    return context


def send_move(nomination_id, old, new, actor_id, reason):
    """Send the e-mails of one move (see `move_mails`); returns how many went."""
    nomination = _nomination(nomination_id)
    if nomination is None:
        return 0
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    session, official = nomination.session, nomination.official
    sent = 0
    for mail in move_mails(nomination, old, new, actor):
        to_trainee = mail.recipient is not None and mail.recipient.pk == official.user_id
        # The link only while the place waits for an answer (a late task finds it moved on).
        with_link = to_trainee and new == N.ACCEPTED and nomination.status == N.ACCEPTED
        context = _move_context(
            nomination,
            old,
            new,
            to_trainee=to_trainee,
            method=mail.method,
            actor=actor,
            reason=reason,
            with_link=with_link,
        )
        sent += _deliver(mail, "move", context, invitation_of=(session, official))
    return sent


def send_confirmation_link(nomination_id):
    """The acceptance e-mail again, with a new link and the invitation, to the trainee's
    registered address, while their place still waits for an answer; returns 0 or 1."""
    nomination = _nomination(nomination_id)
    if nomination is None or nomination.status != N.ACCEPTED or not nomination.official.email:
        return 0
    session, official = nomination.session, nomination.official
    words = {"course": session.course.title}
    mail = Mail(official.user, official.email, LINK_AGAIN, words, invitations.REQUEST)
    context = _move_context(
        nomination,
        N.ACCEPTED,
        N.ACCEPTED,
        to_trainee=True,
        method=mail.method,
        actor=official.user,
        reason="",
        with_link=True,
    )
    context["link_again"] = True
    return _deliver(mail, "move", context, invitation_of=(session, official))


# --- a session cancelled or moved -------------------------------------------------------------


def _session(session_id):
    return Session.objects.with_course().filter(pk=session_id).first()


def send_session_cancelled(session_id, released):
    """A CANCEL to every trainee who held a place on the cancelled session, and one e-mail
    to each focal point of a member with nominees on it, listing them as they stood before
    (drafts, never sent to the centre, are left out). `released`: [(id, status before)]."""
    session = _session(session_id)
    if session is None:
        return 0
    before = {int(pk): N(status) for pk, status in released}
    words = {"course": session.course.title}
    nominations = (
        Nomination.objects.filter(session=session, pk__in=before)
        .select_related("official__user", "member")
        .order_by("member", "rank", "pk")
    )
    sent = 0
    by_member = {}
    for nomination in nominations:
        nomination.status_before = before[nomination.pk]
        if nomination.status_before == N.DRAFT:
            continue
        by_member.setdefault(nomination.member_id, []).append(nomination)
        official = nomination.official
        if nomination.status_before in PLACE_STATUSES and official.email:
            mail = Mail(official.user, official.email, SESSION_CANCELLED, words, invitations.CANCEL)
            context = {"session": session, "to_trainee": True, "nominations": [nomination]}
            sent += _deliver(mail, "session_cancelled", context, invitation_of=(session, official))
    for member_id, member_nominations in by_member.items():
        for focal in focal_points_of(member_id):
            mail = Mail(focal, focal.email, SESSION_CANCELLED, words)
            context = {"session": session, "to_trainee": False, "nominations": member_nominations}
            sent += _deliver(mail, "session_cancelled", context)
    return sent


def send_session_changed(session_id):
    """An updated REQUEST (the session's new SEQUENCE) to every trainee holding a place on a
    session whose dates, time zone or venue changed."""
    session = _session(session_id)
    if session is None:
        return 0
    words = {"course": session.course.title}
    places = Nomination.objects.filter(session=session, status__in=PLACE_STATUSES).select_related(
        "official__user"
    )
    sent = 0
    for nomination in places:
        official = nomination.official
        if not official.email:
            continue
        mail = Mail(official.user, official.email, SESSION_CHANGED, words, invitations.REQUEST)
        context = {
            "session": session,
            "session_url": _site(reverse("session_detail", args=[session.pk])),
        }
        sent += _deliver(mail, "session_changed", context, invitation_of=(session, official))
    return sent


# --- reminders before a nomination window closes ---------------------------------------------


def window_reminders_due(*, hours, now=None):
    """(session id, member id) of every reminder due: a public session open for nominations
    whose window closes within `hours`, and an active member with places on it and a focal
    point to tell, that has not had this reminder yet."""
    now = now or timezone.now()
    sessions = list(
        Session.objects.public()
        .open_for_nominations(now)
        .filter(nominations_close_at__lte=now + timedelta(hours=hours))
        .prefetch_related("quotas")
        .order_by("nominations_close_at", "pk")
    )
    members = list(
        Member.objects.filter(
            is_active=True,
            pk__in=User.objects.filter(role=Role.FOCAL_POINT, is_active=True)
            .exclude(email="")
            .values("member_id"),
        ).order_by("pk")
    )
    done = set(
        Reminder.objects.filter(
            kind=Reminder.Kind.WINDOW_CLOSING, session__in=sessions
        ).values_list("session_id", "member_id")
    )
    return [
        (session.pk, member.pk)
        for session in sessions
        for member in members
        if (session.pk, member.pk) not in done and session.quota_for(member) > 0
    ]


def send_window_reminder(session_id, member_id, now=None):
    """Remind the member's focal points that the session's window closes soon, once.

    The reminder is recorded in the same transaction as the sending: a second run (or a
    second worker) finds it and sends nothing; a failed send records nothing.
    """
    now = now or timezone.now()
    session = _session(session_id)
    member = Member.objects.filter(pk=member_id, is_active=True).first()
    if session is None or member is None or not session.is_open_for_nominations(now):
        return 0
    if session.quota_for(member) == 0:  # no place to fill: nothing to remind of
        return 0
    sent = 0
    with transaction.atomic():
        _reminder, created = Reminder.objects.get_or_create(
            session=session, member=member, kind=Reminder.Kind.WINDOW_CLOSING
        )
        if not created:
            return 0
        mine = Nomination.objects.filter(session=session, member=member)
        context = {
            "session": session,
            "member": member,
            "quota": session.quota_for(member),
            "used": mine.filter(status__in=QUOTA_STATUSES).count(),
            "drafts": mine.filter(status=N.DRAFT).count(),
            "nominate_url": _site(reverse("nominations:session", args=[session.pk])),
        }
        for focal in focal_points_of(member.pk):
            mail = Mail(focal, focal.email, WINDOW_REMINDER, {"course": session.course.title})
            sent += _deliver(mail, "window_reminder", context)
    return sent


# --- the directors' digest ------------------------------------------------------------------


def digest_nominations(director, since):
    """The nominations of `director`'s centres' sessions submitted since `since` and still
    waiting for a decision, in session then member order."""
    return (
        Nomination.objects.filter(
            session__course__centre__in=director.centres.all(),
            status__in=DIGEST_STATUSES,
            submitted_at__gte=since,
        )
        .select_related("official", "member", "session__course__centre")
        .order_by("session__starts_at", "session", "member__name", "rank", "pk")
    )


def digest_directors():
    """Directors who may receive a digest: active, with an address and a centre."""
    return _people(User.objects.filter(role=Role.DIRECTOR, centres__isnull=False))


def send_director_digest(director_id, since):
    """One e-mail to the director listing what `digest_nominations` finds; none when empty.

    `since` is a datetime or its ISO 8601 text (as a task's argument).
    """
    if isinstance(since, str):
        since = datetime.fromisoformat(since)
    directors = _people(User.objects.filter(pk=director_id, role=Role.DIRECTOR))
    if not directors:
        return 0
    director = directors[0]
    nominations = list(digest_nominations(director, since))
    if not nominations:
        return 0
    sessions = {}
    for nomination in nominations:
        sessions.setdefault(nomination.session, []).append(
            (nomination, _site(reverse("nominations:detail", args=[nomination.pk])))
        )
    context = {"sessions": list(sessions.items()), "count": len(nominations), "since": since}
    mail = Mail(director, director.email, DIRECTOR_DIGEST, {"count": len(nominations)})
    return _deliver(mail, "director_digest", context)
