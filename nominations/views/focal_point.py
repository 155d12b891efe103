"""The focal point's screens: officials, needs, open sessions, nominate and rank, withdraw;
and one nomination's page (status, next moves, history) for everyone whose scope holds it.

Another member's record is a 404, as one that does not exist. Every write goes through
`nominations.services`; a refusal is shown on the page and nothing is saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.models import ModelLogEntry

from courses.models import Session
from training_hub.roles import Role
from training_hub.scopes import scope_for

from .. import selectors, services
from ..choices import LIVE_STATUSES, NOMINATION_TRANSITIONS, NominationStatus, Timing
from ..forms import MoveForm, NeedForm, NominateForm, OfficialForm, RankForm

OFFICIAL_SAVED = _("%(name)s is registered.")
NEED_SAVED = _("The training need is saved.")
NEED_WITHDRAWN = _("The training need is withdrawn.")
NOMINATED = _("%(name)s is nominated (%(status)s).")
RANKS_SAVED = _("The order of your nominees is saved.")
MOVED = _("%(name)s: %(status)s.")
NOTHING_TO_SUBMIT = _("There is no draft to submit.")


def focal_point_only(view):
    """Signed-in focal points only; everyone else gets a 404 (nothing here is theirs)."""

    @login_required
    @never_cache
    def wrapped(request, *args, **kwargs):
        if scope_for(request.user).role != Role.FOCAL_POINT:
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _show_refusal(form, error):
    """A service's refusal on the form: field errors where it names fields."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages if hasattr(error, "messages") else str(error))


# --- open sessions and nominating --------------------------------------------------------


@focal_point_only
def open_sessions(request):
    """Sessions open for nominations now, with my quota, places used and seats left."""
    member = request.user.member
    rows = [
        {"session": s, "quota": s.quota_for(member), "used": s.quota_used}
        for s in selectors.sessions_open_for(request.user)
    ]
    for row in rows:
        row["left"] = max(row["quota"] - row["used"], 0)
    return render(request, "nominations/focal_point/sessions.html", {"rows": rows})


@focal_point_only
def session_nominations(request, pk):
    """Nominate my officials to one session, rank them, submit drafts."""
    session = get_object_or_404(
        Session.objects.public().with_course().prefetch_related("quotas"), pk=pk
    )
    user, member = request.user, request.user.member
    mine = (
        selectors.nominations_visible_to(user)
        .filter(session=session, status__in=LIVE_STATUSES)
        .order_by("rank", "pk")
    )
    free = selectors.officials_visible_to(user).exclude(pk__in=mine.values("official_id"))
    nominate_form = NominateForm(officials=free)
    rank_form = RankForm(nominations=mine)
    action = request.POST.get("action") if request.method == "POST" else None
    try:
        if action in ("draft", "submit"):
            nominate_form = NominateForm(request.POST, officials=free)
            if nominate_form.is_valid():
                nomination, notice = services.nomination_create(
                    user=user,
                    session=session,
                    official=nominate_form.cleaned_data["official"],
                    rank=nominate_form.cleaned_data["rank"],
                    submit=action == "submit",
                )
                name, status = nomination.official.passport_name, nomination.get_status_display()
                messages.success(request, NOMINATED % {"name": name, "status": status.lower()})
                if notice:
                    messages.warning(request, notice)
                return redirect("nominations:session", pk=session.pk)
        elif action == "rank":
            rank_form = RankForm(request.POST, nominations=mine)
            if rank_form.is_valid():
                services.nominations_rank(user=user, session=session, ranks=rank_form.ranks())
                messages.success(request, RANKS_SAVED)
                return redirect("nominations:session", pk=session.pk)
        elif action == "submit_drafts":
            if not mine.filter(status=NominationStatus.DRAFT).exists():
                messages.info(request, NOTHING_TO_SUBMIT)
            for notice in services.nominations_submit_drafts(user=user, session=session):
                messages.warning(request, notice)
            return redirect("nominations:session", pk=session.pk)
    except (ValidationError, PermissionDenied) as error:
        target = rank_form if action == "rank" else nominate_form
        if action == "submit_drafts":
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("nominations:session", pk=session.pk)
        _show_refusal(target, error)
    quota = session.quota_for(member)
    used = services.quota_used(session, member.pk)
    context = {
        "session": session,
        "course": session.course,
        "member": member,
        "quota": quota,
        "used": used,
        "left": max(quota - used, 0),
        "open_now": session.is_open_for_nominations(timezone.now()),
        "nominations": mine,
        "nominate_form": nominate_form,
        "rank_form": rank_form,
        "has_drafts": any(n.status == NominationStatus.DRAFT for n in mine),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "nominations/focal_point/session.html", context, status=status)


# --- officials -----------------------------------------------------------------------------


@focal_point_only
def officials(request):
    rows = selectors.officials_visible_to(request.user).prefetch_related("languages")
    return render(request, "nominations/focal_point/officials.html", {"officials": rows})


def _official_form(request, official=None):
    form = OfficialForm(request.POST or None, instance=official)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "languages"}
        languages = form.cleaned_data["languages"]
        try:
            if official is None:
                official = services.official_register(
                    user=request.user, languages=languages, **fields
                )
            else:
                official = services.official_update(
                    user=request.user, official=official, languages=languages, **fields
                )
        except (ValidationError, PermissionDenied) as error:
            _show_refusal(form, error)
        else:
            messages.success(request, OFFICIAL_SAVED % {"name": official.passport_name})
            return redirect("nominations:officials")
    context = {"form": form, "official": official}
    status = 400 if request.method == "POST" else 200
    return render(request, "nominations/focal_point/official_form.html", context, status=status)


@focal_point_only
def official_create(request):
    return _official_form(request)


@focal_point_only
def official_edit(request, pk):
    official = get_object_or_404(selectors.officials_visible_to(request.user), pk=pk)
    # The form edits a copy: a refused save must not leave changed values on the instance.
    return _official_form(request, official)


# --- training needs ------------------------------------------------------------------------


@focal_point_only
def needs(request):
    rows = selectors.needs_visible_to(request.user).prefetch_related("modules")
    return render(request, "nominations/focal_point/needs.html", {"needs": rows})


def _need_form(request, need=None):
    form = NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        modules, key = data.pop("modules"), data.pop("submission_key")
        try:
            if need is None:
                need = services.need_create(
                    user=request.user, modules=modules, submission_key=key, **data
                )
            else:
                need = services.need_update(user=request.user, need=need, modules=modules, **data)
        except (ValidationError, PermissionDenied) as error:
            _show_refusal(form, error)
        else:
            messages.success(request, NEED_SAVED)
            return redirect("nominations:needs")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "need": need}
    return render(request, "nominations/focal_point/need_form.html", context, status=status)


@focal_point_only
def need_create(request):
    return _need_form(request)


@focal_point_only
def need_edit(request, pk):
    need = get_object_or_404(selectors.needs_visible_to(request.user), pk=pk)
    return _need_form(request, need)


@require_POST
@focal_point_only
def need_withdraw(request, pk):
    need = get_object_or_404(selectors.needs_visible_to(request.user), pk=pk)
    try:
        services.need_transition(need=need, to="withdrawn", user=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, NEED_WITHDRAWN)
    return redirect("nominations:needs")


# --- one nomination ------------------------------------------------------------------------


def _fits_now(session, timing, now):
    if timing == Timing.WINDOW:
        return session.is_open_for_nominations(now)
    if timing == Timing.BEFORE_START:
        return now < session.starts_at
    return now >= session.starts_at


def _moves(nomination, role):
    """The moves `role` may offer on `nomination` now (the service still checks the rules)."""
    now = timezone.now()
    return [
        (new, move.label)
        for (old, new), move in NOMINATION_TRANSITIONS.items()
        if old == nomination.status
        and (role == Role.RSO or role in move.roles)
        and _fits_now(nomination.session, move.timing, now)
    ]


def _history(nomination):
    entries = ModelLogEntry.objects.for_instance(nomination).select_related("user")
    rows = []
    for entry in entries.order_by("timestamp", "pk"):
        data = entry.data or {}
        old, new = data.get("from"), data.get("to")
        rows.append(
            {
                "when": entry.timestamp,
                "who": entry.user.get_full_name() or entry.user.username if entry.user else None,
                "action": entry.label if hasattr(entry, "label") else entry.action,
                "title": entry.message,
                "from": _label(old),
                "to": _label(new),
                "reason": data.get("reason", ""),
            }
        )
    return rows


def _label(status):
    try:
        return NominationStatus(status).label
    except ValueError:
        return status


@login_required
@never_cache
def nomination_detail(request, pk):
    nomination = get_object_or_404(selectors.nominations_visible_to(request.user), pk=pk)
    role = scope_for(request.user).role
    context = {
        "nomination": nomination,
        "session": nomination.session,
        "moves": _moves(nomination, role),
        "history": _history(nomination),
        "move_form": MoveForm(),
    }
    return render(request, "nominations/nomination.html", context)


@require_POST
@login_required
def nomination_move(request, pk):
    """One move; the form's `version` is what the user saw, so a stale form is refused."""
    nomination = get_object_or_404(selectors.nominations_visible_to(request.user), pk=pk)
    form = MoveForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(back) if back else redirect("nominations:detail", pk=nomination.pk)
    nomination.version = form.cleaned_data["version"]
    try:
        nomination, notice = services.nomination_transition(
            nomination=nomination,
            to=form.cleaned_data["to"],
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        name = nomination.official.passport_name
        messages.success(request, MOVED % {"name": name, "status": nomination.get_status_display()})
        if notice:
            messages.warning(request, notice)
    return redirect(back) if back else redirect("nominations:detail", pk=nomination.pk)
