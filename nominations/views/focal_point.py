"""The focal point's screens: open sessions, nominate and rank, officials, training needs;
and one nomination's page (status, next moves, history) for everyone whose scope holds it.

Everything is read through `selectors`, so another member's record is a 404 as one that
does not exist. Every write goes through `services`; a refusal is shown on the form that
was posted and nothing is saved. The RSO and directors work in the admin: the focal
point's screens are the focal point's alone (tests/access_matrix.py).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.models import ModelLogEntry

from courses.choices import SessionStatus
from courses.models import Session
from training_hub.portal import PortalPanel
from training_hub.roles import Role
from training_hub.scopes import scope_for

from .. import selectors, services
from ..choices import (
    ENDED_STATUSES,
    LIVE_STATUSES,
    NeedStatus,
    NominationStatus,
    moves_open,
)
from ..forms import (
    MoveForm,
    NeedForm,
    NewNeedForm,
    NominateForm,
    OfficialForm,
    RankForm,
    attach_error,
    refusal_messages,
)

N = NominationStatus
REFUSALS = (ValidationError, PermissionDenied)

# Messages users see; tests import them.
OFFICIAL_REGISTERED = _("%(name)s is registered.")
OFFICIAL_SAVED = _("The details of %(name)s are saved.")
NEED_RECORDED = _("The training need “%(title)s” is recorded.")
NEED_SAVED = _("The training need “%(title)s” is saved.")
NEED_WITHDRAWN = _("The training need “%(title)s” is withdrawn.")
NEED_CLOSED = _("Only an open need can be edited; “%(title)s” is “%(status)s”.")
DRAFT_SAVED = _("%(name)s is saved as a draft. Submit it before the deadline.")
NOMINATED = _("%(name)s is nominated: “%(status)s”.")
RANKS_SAVED = _("The order of your nominees is saved.")
DRAFTS_SUBMITTED = _("Your drafts are submitted.")
NOTHING_TO_SUBMIT = _("There is no draft to submit.")
MOVED = _("%(name)s: the nomination is now “%(status)s”.")
LINK_SENT = _("A new confirmation link is on its way to %(name)s (%(email)s).")
SYSTEM = _("System")

PORTAL_SESSIONS = 5
PORTAL_NOMINATIONS = 5


def focal_point_only(view):
    """Signed-in focal points of a member only; anyone else gets a 404 (nothing here is
    theirs), and no page is cached (they carry personal data)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        scope = scope_for(request.user)
        if scope.role != Role.FOCAL_POINT or scope.member_id is None:
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(never_cache(wrapped))


def _status(request):
    """200 for a page, 400 for a POST refused (by a form or by a service)."""
    return 400 if request.method == "POST" else 200


# --- open sessions and nominating --------------------------------------------------------


def _session_rows(user, sessions):
    member = user.member
    rows = []
    for session in sessions:
        quota = session.quota_for(member)
        rows.append(
            {
                "session": session,
                "quota": quota,
                "used": session.quota_used,
                "left": max(quota - session.quota_used, 0),
            }
        )
    return rows


@focal_point_only
def open_sessions(request):
    """Sessions open for nominations now, with my quota, places used and left, seats left
    and the deadline (times at the venue)."""
    rows = _session_rows(request.user, selectors.sessions_open_for(request.user))
    return render(request, "nominations/focal_point/sessions.html", {"rows": rows})


def _nominate(request, session, form):
    """Draft or submit one nomination; a notice (a reserve on the waitlist) is a warning."""
    action = request.POST.get("action")
    nomination, notice = services.nomination_create(
        user=request.user,
        session=session,
        official=form.cleaned_data["official"],
        rank=form.cleaned_data["rank"],
        submit=action == "submit",
    )
    name = nomination.official.passport_name
    if nomination.status == N.DRAFT:
        messages.success(request, DRAFT_SAVED % {"name": name})
    else:
        messages.success(
            request, NOMINATED % {"name": name, "status": nomination.get_status_display()}
        )
    if notice:
        messages.warning(request, notice)


def _submit_drafts(request, session):
    """Submit every draft in rank order; all of them or, on a refusal, none."""
    # The service submits draft by draft, each in its own transaction; one around them all
    # keeps a refusal halfway from leaving the first ones submitted.
    with transaction.atomic():
        notices = services.nominations_submit_drafts(user=request.user, session=session)
    messages.success(request, DRAFTS_SUBMITTED)
    for notice in notices:
        messages.warning(request, notice)


def _live_nominations(user, session):
    ours = selectors.nominations_visible_to(user).filter(session=session)
    return list(ours.filter(status__in=LIVE_STATUSES).order_by("rank", "pk"))


@focal_point_only
def session_nominations(request, pk):
    """One session: its facts, my member's quota and nominees in rank order; nominate an
    official (as a draft or at once), reorder the nominees, submit the drafts.

    A POST reads only what its action needs; the page's lists are read when it is shown."""
    action = request.POST.get("action") if request.method == "POST" else None
    nominating = action in ("draft", "submit")
    sessions = Session.objects.public()
    # A nomination needs the course (for its log); the page shows the centre too.
    sessions = sessions.select_related("course") if nominating else sessions.with_course()
    session = get_object_or_404(sessions, pk=pk)
    user = request.user
    # Every official of the member stays a choice: one already nominated is refused by the
    # service with a message that names them, clearer than a missing choice.
    officials = selectors.officials_visible_to(user).order_by("passport_name", "pk")
    nominate_form = NominateForm(request.POST if nominating else None, officials=officials)
    live = _live_nominations(user, session) if action in ("rank", "submit_drafts") else None
    rank_form = RankForm(request.POST, nominations=live) if action == "rank" else None
    drafts_errors = []
    try:
        if nominating and nominate_form.is_valid():
            _nominate(request, session, nominate_form)
            return redirect("nominations:session", pk=session.pk)
        if action == "rank" and rank_form.is_valid():
            services.nominations_rank(user=user, session=session, ranks=rank_form.ranks())
            messages.success(request, RANKS_SAVED)
            return redirect("nominations:session", pk=session.pk)
        if action == "submit_drafts":
            if any(n.status == N.DRAFT for n in live):
                _submit_drafts(request, session)
            else:
                messages.info(request, NOTHING_TO_SUBMIT)
            return redirect("nominations:session", pk=session.pk)
    except REFUSALS as error:
        if action == "rank":
            attach_error(rank_form, error)
        elif action == "submit_drafts":
            drafts_errors = refusal_messages(error)
        else:
            attach_error(nominate_form, error)
    member = user.member
    ours = list(
        selectors.nominations_visible_to(user).filter(session=session).order_by("rank", "pk")
    )
    live = [n for n in ours if n.status in LIVE_STATUSES]
    rank_form = rank_form or RankForm(nominations=live)
    now = timezone.now()
    quota = session.quota_for(member)
    used = services.quota_used(session, member.pk)
    context = {
        "session": session,
        "course": session.course,
        "member": member,
        "quota": quota,
        "used": used,
        "left": max(quota - used, 0),
        "open_now": session.is_open_for_nominations(now),
        "cancelled": session.status == SessionStatus.CANCELLED,
        "started": now >= session.starts_at,
        "ended": [n for n in ours if n.status in ENDED_STATUSES],
        "nominate_form": nominate_form,
        "rank_form": rank_form,
        "has_officials": officials.exists(),
        "has_drafts": any(n.status == N.DRAFT for n in live),
        "drafts_errors": drafts_errors,
    }
    return render(request, "nominations/focal_point/session.html", context, status=_status(request))


# --- officials -----------------------------------------------------------------------------


@focal_point_only
def officials(request):
    """My member's officials."""
    rows = selectors.officials_visible_to(request.user).prefetch_related("languages")
    return render(request, "nominations/focal_point/officials.html", {"officials": rows})


@focal_point_only
def official_create(request):
    """Register an official of my member (their trainee account is made with them)."""
    form = OfficialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            official = services.official_register(user=request.user, **form.service_fields())
        except REFUSALS as error:
            attach_error(form, error)
        else:
            messages.success(request, OFFICIAL_REGISTERED % {"name": official.passport_name})
            return redirect("nominations:officials")
    return render(
        request,
        "nominations/focal_point/official_form.html",
        {"form": form, "official": None},
        status=_status(request),
    )


@focal_point_only
def official_edit(request, pk):
    """Edit one of my member's officials."""
    official = get_object_or_404(selectors.officials_visible_to(request.user), pk=pk)
    # The heading keeps the saved name: the form writes the posted values on its instance.
    saved_name = official.passport_name
    form = OfficialForm(request.POST or None, instance=official)
    if request.method == "POST" and form.is_valid():
        try:
            official = services.official_update(
                user=request.user, official=official, **form.service_fields()
            )
        except REFUSALS as error:
            attach_error(form, error)
        else:
            messages.success(request, OFFICIAL_SAVED % {"name": official.passport_name})
            return redirect("nominations:officials")
    return render(
        request,
        "nominations/focal_point/official_form.html",
        {"form": form, "official": official, "saved_name": saved_name},
        status=_status(request),
    )


# --- training needs ------------------------------------------------------------------------


@focal_point_only
def needs(request):
    """My member's training needs, newest first."""
    rows = selectors.needs_visible_to(request.user)
    return render(request, "nominations/focal_point/needs.html", {"needs": rows})


@focal_point_only
def need_create(request):
    """Record a training need; the form's one-time key makes a repeated POST harmless."""
    form = NewNeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_create(
                user=request.user,
                submission_key=form.cleaned_data["submission_key"],
                **form.service_fields(),
            )
        except REFUSALS as error:
            attach_error(form, error)
        else:
            messages.success(request, NEED_RECORDED % {"title": need.title})
            return redirect("nominations:needs")
    return render(
        request,
        "nominations/focal_point/need_form.html",
        {"form": form, "need": None},
        status=_status(request),
    )


@focal_point_only
def need_edit(request, pk):
    """Edit one of my member's needs while it is open."""
    need = get_object_or_404(selectors.needs_visible_to(request.user), pk=pk)
    if need.status != NeedStatus.OPEN:
        messages.error(
            request, NEED_CLOSED % {"title": need.title, "status": need.get_status_display()}
        )
        return redirect("nominations:needs")
    saved_title = need.title
    form = NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_update(user=request.user, need=need, **form.service_fields())
        except REFUSALS as error:
            attach_error(form, error)
        else:
            messages.success(request, NEED_SAVED % {"title": need.title})
            return redirect("nominations:needs")
    return render(
        request,
        "nominations/focal_point/need_form.html",
        {"form": form, "need": need, "saved_title": saved_title},
        status=_status(request),
    )


@require_POST
@focal_point_only
def need_withdraw(request, pk):
    """Withdraw one of my member's needs (open or matched)."""
    need = get_object_or_404(selectors.needs_visible_to(request.user), pk=pk)
    try:
        services.need_transition(
            need=need,
            to=NeedStatus.WITHDRAWN,
            user=request.user,
            reason=request.POST.get("reason", "")[:2000],
        )
    except REFUSALS as error:
        for message in refusal_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, NEED_WITHDRAWN % {"title": need.title})
    return redirect("nominations:needs")


# --- one nomination ------------------------------------------------------------------------


def _status_label(value):
    try:
        return N(value).label
    except ValueError:
        return value


def nomination_history(nomination):
    """The nomination's log entries, oldest first: when, who, what, from → to, why."""
    rows = []
    entries = ModelLogEntry.objects.for_instance(nomination).select_related("user")
    for entry in entries.order_by("timestamp", "pk"):
        data = entry.data or {}
        old, new = data.get("from"), data.get("to")
        is_move = isinstance(new, str)  # a rank change logs numbers; a move, statuses
        rows.append(
            {
                "when": entry.timestamp,
                "who": (entry.user.get_full_name() or entry.user.get_username())
                if entry.user
                else SYSTEM,
                "what": entry.message,
                "from": _status_label(old) if is_move else old,
                "to": _status_label(new) if is_move else new,
                "reason": data.get("reason", ""),
            }
        )
    return rows


@login_required
@never_cache
def nomination_detail(request, pk):
    """One nomination: status, session, official, rank, my moves now, and its history."""
    nomination = get_object_or_404(selectors.nominations_visible_to(request.user), pk=pk)
    role = scope_for(request.user).role
    context = {
        "nomination": nomination,
        "session": nomination.session,
        "moves": moves_open(nomination, role, timezone.now()),
        "history": nomination_history(nomination),
        "move_form": MoveForm(initial={"version": nomination.version}),
        "is_focal_point": role == Role.FOCAL_POINT,
        # The trainee answers here; the others may send them a new link to answer by.
        "may_resend_link": nomination.status == N.ACCEPTED
        and role in (Role.FOCAL_POINT, Role.RSO)
        and timezone.now() < nomination.session.starts_at,
    }
    return render(request, "nominations/focal_point/nomination.html", context)


def _back(request, nomination):
    """The safe `next` of the POST (a path of this site), else the nomination's page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("nominations:detail", pk=nomination.pk)


@require_POST
@login_required
def nomination_move(request, pk):
    """Move one nomination. The form's `version` is the one the user saw, so a form older
    than the nomination is refused; only `to`, `version` and `reason` are read."""
    nomination = get_object_or_404(selectors.nominations_visible_to(request.user), pk=pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return _back(request, nomination)
    nomination.version = form.cleaned_data["version"]
    try:
        nomination, notice = services.nomination_transition(
            nomination=nomination,
            to=form.cleaned_data["to"],
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
    except REFUSALS as error:
        for message in refusal_messages(error):
            messages.error(request, message)
    else:
        name = nomination.official.passport_name
        messages.success(request, MOVED % {"name": name, "status": nomination.get_status_display()})
        if notice:
            messages.warning(request, notice)
    return _back(request, nomination)


@require_POST
@login_required
def nomination_resend_link(request, pk):
    """Send the trainee a new confirmation link while their place waits for an answer (the
    first may have expired, or never arrived)."""
    nomination = get_object_or_404(selectors.nominations_visible_to(request.user), pk=pk)
    try:
        services.nomination_resend_link(nomination=nomination, user=request.user)
    except REFUSALS as error:
        for message in refusal_messages(error):
            messages.error(request, message)
    else:
        name = nomination.official.passport_name
        messages.success(request, LINK_SENT % {"name": name, "email": nomination.official.email})
    return redirect("nominations:detail", pk=nomination.pk)


# --- the portal panel ----------------------------------------------------------------------


def focal_point_portal_panel(request, scope, panels):
    """The focal point's panel: open sessions, needs by status, officials, latest nominations."""
    if scope.role != Role.FOCAL_POINT or scope.member_id is None:
        return
    user = request.user
    sessions = selectors.sessions_open_for(user)
    needs_by_status = dict(
        selectors.needs_visible_to(user).order_by().values_list("status").annotate(n=Count("pk"))
    )
    context = {
        "member": user.member,
        "sessions": _session_rows(user, sessions[:PORTAL_SESSIONS]),
        "more_sessions": sessions.count() > PORTAL_SESSIONS,
        "needs": [(status.label, needs_by_status.get(status, 0)) for status in NeedStatus],
        "needs_total": sum(needs_by_status.values()),
        "officials_count": selectors.officials_visible_to(user).count(),
        "nominations": selectors.nominations_visible_to(user).order_by("-updated_at", "-pk")[
            :PORTAL_NOMINATIONS
        ],
        "sessions_url": reverse("nominations:sessions"),
    }
    panels.append(PortalPanel("nominations/portal/focal_point.html", context, 100))
