"""The trainee's screens: answering the e-mailed confirmation link, the private calendar feed
and its settings, and the trainee's panel of the portal.

The confirmation link authenticates its trainee for one answer (confirm or decline), and
the first time lets them choose the password their account lacks; a signed-in visitor
must be that trainee. The feed answers its secret token alone: an unknown one is a 404.
"""

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST, require_safe

from courses.calendar import build_calendar, feed_validators
from courses.models import Session
from training_hub.portal import PortalPanel
from training_hub.roles import Role
from training_hub.scopes import scope_for
from training_hub.services import user_update

from .. import selectors, services
from ..choices import NominationStatus, moves_open
from ..exceptions import BadLink, StaleNomination
from ..links import (
    LINK_EXPIRED,
    LINK_INVALID,
    LINK_USED,
    nomination_for_link,
    nomination_waiting_for,
)
from ..models import Nomination, Official

N = NominationStatus
ANSWERS = {"confirm": N.CONFIRMED, "decline": N.DECLINED}
# The sessions a trainee's feed shows: those they hold (or held) a place on.
FEED_STATUSES = (N.ACCEPTED, N.CONFIRMED, N.ATTENDED, N.COMPLETED)
# How the account signs in after choosing its password through the link (axes needs none:
# no credentials were checked).
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"

# Messages users see; tests import them.
OTHER_ACCOUNT = _(
    "This link answers for another person's place. If it is yours, sign out and open it again."
)
LINK_ON_ITS_WAY = _(
    "If this place still waits for your answer, a new link is on its way to the e-mail "
    "address your national focal point registered for you. It may take a few minutes."
)
NO_ANSWER = _("Choose whether you confirm or decline the place.")
PLACE_CONFIRMED = _("Your place on %(course)s is confirmed.")
PLACE_DECLINED = _("You declined your place on %(course)s; your national focal point is told.")
PASSWORD_SET = _("Your password is set: you are signed in.")
NO_OFFICIAL = _(
    "Your account is not linked to an official's record, so it has no calendar. "
    "Ask your national focal point."
)
FEED_CREATED = _("Your private calendar link is ready.")
FEED_RESET = _("Your private calendar link is new; the old one no longer works.")
FEED_REVOKED = _("Your private calendar link is switched off; the old one no longer works.")
FEED_TITLE = _("My Training Hub sessions")
NEXT_STEPS = {
    N.SUBMITTED: _("Your national focal point put you forward; the centre decides."),
    N.WAITLISTED: _("You are a reserve: you get a place, and an e-mail, if one is released."),
    N.ACCEPTED: _("You have a place: confirm it, or decline it if you cannot attend."),
    N.CONFIRMED: _("You are expected on the first day. If you cannot come, decline the place."),
    N.DECLINED: _("You have no place on this session."),
    N.WITHDRAWN: _("Your national focal point withdrew the nomination."),
    N.ATTENDED: _("Your attendance is recorded."),
    N.COMPLETED: _("Completed: your certificate appears in your portal once it is issued."),
    N.NO_SHOW: _("You were recorded as absent. If this is a mistake, tell your focal point."),
}


# --- the confirmation link -----------------------------------------------------------------


def _refused(request, message, status, *, token=None):
    """The refusal page; for an expired link (`token`) that still stands for a place that
    waits for an answer, a button asks for a new link."""
    context = {"message": message, "token": token}
    return render(request, "nominations/trainee/link_refused.html", context, status=status)


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def confirm(request, token):
    """GET: the session and the two answers (and a password, when the account has none).
    POST: the answer, through `services.nomination_transition` as the trainee."""
    try:
        nomination = nomination_for_link(token)
    except BadLink as error:
        if error.message is LINK_EXPIRED and nomination_waiting_for(token) is not None:
            return _refused(request, error.message, 410, token=token)
        return _refused(request, error.message, 400 if error.message is LINK_INVALID else 410)
    trainee = nomination.official.user
    if request.user.is_authenticated and request.user.pk != trainee.pk:
        return _refused(request, OTHER_ACCOUNT, 403)
    needs_password = not trainee.has_usable_password()
    password_form = None
    if needs_password:
        password_form = SetPasswordForm(trainee, request.POST or None, label_suffix="")
    error = ""
    if request.method == "POST":
        to = ANSWERS.get(request.POST.get("answer", ""))
        setting_password = to == N.CONFIRMED and password_form is not None
        if to is None:
            error = NO_ANSWER
        elif not setting_password or password_form.is_valid():
            try:
                with transaction.atomic():
                    nomination, _notice = services.nomination_transition(
                        nomination=nomination, to=to, user=trainee
                    )
                    if setting_password:
                        password = password_form.cleaned_data["new_password1"]
                        # The link stands in for the trainee: the system sets it for them.
                        user_update(actor=None, user=trainee, password=password)
            except StaleNomination:
                return _refused(request, LINK_USED, 410)
            except (ValidationError, PermissionDenied) as refusal:
                error = " ".join(getattr(refusal, "messages", [str(refusal)]))
            else:
                return _answered(request, nomination, trainee, setting_password)
    context = {
        "nomination": nomination,
        "session": nomination.session,
        "official": nomination.official,
        "password_form": password_form,
        "error": error,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "nominations/trainee/confirm.html", context, status=status)


@require_POST
def confirm_again(request, token):
    """Ask for a new link through an expired one. The answer is the same whatever the link:
    a new one goes only to the address the focal point registered, and only while the
    place still waits for an answer (`services.nomination_resend_link`)."""
    nomination = nomination_waiting_for(token)
    if nomination is not None:
        try:
            services.nomination_resend_link(nomination=nomination, proven_by_link=True)
        except (ValidationError, PermissionDenied):
            pass  # moved on, or the session started: nothing to send, and nothing to say
    return render(request, "nominations/trainee/link_requested.html", {"message": LINK_ON_ITS_WAY})


def _answered(request, nomination, trainee, password_set):
    words = {"course": nomination.session.course.title}
    done = PLACE_CONFIRMED if nomination.status == N.CONFIRMED else PLACE_DECLINED
    if password_set and not request.user.is_authenticated:
        login(request, trainee, backend=LOGIN_BACKEND)
        messages.success(request, PASSWORD_SET)
    elif password_set:  # signed in already: a new password must not sign them out
        update_session_auth_hash(request, trainee)
    if request.user.is_authenticated:
        messages.success(request, done % words)
        return redirect("portal")
    context = {"message": done % words, "session": nomination.session}
    return render(request, "nominations/trainee/answered.html", context)


# --- the private calendar feed ---------------------------------------------------------------


@login_required
@never_cache
def calendar_settings(request):
    """The trainee's private feed link: create or reset it, or switch it off."""
    if scope_for(request.user).role != Role.TRAINEE:
        raise Http404
    official = selectors.own_official(request.user)
    if request.method == "POST":
        action = request.POST.get("action")
        if official is None:
            messages.error(request, NO_OFFICIAL)
        elif action in ("create", "reset", "revoke"):
            had_token = bool(official.calendar_token)
            services.official_reset_calendar_token(
                user=request.user, official=official, revoke=action == "revoke"
            )
            if action == "revoke":
                messages.success(request, FEED_REVOKED)
            else:
                messages.success(request, FEED_RESET if had_token else FEED_CREATED)
        return redirect("nominations:calendar")
    feed_url = ""
    if official is not None and official.calendar_token:
        feed_url = request.build_absolute_uri(
            reverse("nominations:calendar_feed", args=[official.calendar_token])
        )
    context = {
        "official": official,
        "no_official": NO_OFFICIAL,
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[1] if feed_url else "",
    }
    return render(request, "nominations/trainee/calendar.html", context)


@require_safe
def calendar_feed(request, token):
    """The sessions the token's official holds or held a place on, as iCalendar."""
    official = (
        Official.objects.select_related("user").filter(calendar_token=token).first()
        if token
        else None
    )
    if official is None or not official.user.is_active:
        raise Http404
    sessions = Session.objects.filter(
        pk__in=Nomination.objects.filter(official=official, status__in=FEED_STATUSES).values(
            "session_id"
        )
    )
    title = str(FEED_TITLE)

    def url_for(pk):
        return request.build_absolute_uri(reverse("session_detail", args=[pk]))

    # The nominations decide which sessions are in the feed; their count and ids are part
    # of the validators, so a place given up changes the ETag as an edited session does.
    validators = feed_validators(
        sessions, title, context=(request.build_absolute_uri("/"), get_language())
    )
    last_modified = int(validators.last_modified.timestamp()) if validators.last_modified else None
    response = get_conditional_response(request, etag=validators.etag, last_modified=last_modified)
    if response is None:
        body = build_calendar(sessions, title=title, url_for=url_for)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="training-hub.ics"'
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
    response["ETag"] = validators.etag
    # Personal: no shared cache may keep it, and a search engine that found the URL must
    # not index it.
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- the portal panel ---------------------------------------------------------------------


def trainee_portal_panel(request, scope, panels):
    """The trainee's nominations, what each needs next, and the way to their calendar."""
    if scope.role != Role.TRAINEE:
        return
    now = timezone.now()
    nominations = (
        selectors.nominations_visible_to(request.user)
        .exclude(status=N.DRAFT)  # not put forward yet: their focal point's business
        .order_by("-session__starts_at", "-pk")
    )
    rows = [
        {
            "nomination": nomination,
            "session": nomination.session,
            "next_step": NEXT_STEPS.get(nomination.status, ""),
            "moves": moves_open(nomination, Role.TRAINEE, now),
        }
        for nomination in nominations
    ]
    context = {"rows": rows, "portal_url": reverse("portal")}
    panels.append(PortalPanel("nominations/portal/trainee.html", context, 100))
