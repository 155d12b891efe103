"""The RSO's coordination screens: open training needs with their ranked candidates, one
need's matching (link it to a session or course, fund it from a pledge), the gaps, and
funding (pledges, donors, rates, sessions to fund, allocations).

Only the RSO reaches them: anyone else gets a 404, as for a page that does not exist.
Every write goes through the services; a refusal is shown where it was made and nothing
is saved.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from courses.models import CoursePage, Session
from training_hub.scopes import scope_for

from .. import matching, selectors, services
from ..exceptions import ThemeMismatch
from ..forms import attach_error, refusal_messages
from ..funding_forms import AllocationForm, DonorForm, PledgeForm, RateForm
from ..models import Allocation, Pledge
from ..money import money

REFUSALS = (ValidationError, PermissionDenied)

# Messages users see; tests import them.
LINKED = _("“%(need)s” is linked to %(target)s. Its focal points are told.")
ALLOCATED = _("%(amount)s of “%(pledge)s” now funds %(target)s.")
RELEASED = _("The allocation is released: %(amount)s is free again in “%(pledge)s”.")
RATE_SAVED = _("The rate is recorded: %(rate)s.")
DONOR_SAVED = _("%(donor)s is recorded as a donor.")
PLEDGE_SAVED = _("The pledge “%(title)s” is recorded.")
NO_SUCH_PLEDGE = _("Choose one of the pledges shown.")
NO_SUCH_TARGET = _("Choose one of the sessions or courses shown.")


def rso_only(view):
    """Signed-in RSO coordinators only; anyone else gets a 404. Never cached."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not scope_for(request.user).sees_everything:
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(never_cache(wrapped))


def _status(request):
    return 400 if request.method == "POST" else 200


# --- matching -------------------------------------------------------------------------------


@rso_only
def matching_list(request):
    """Open needs, the highest priority first, each with its best candidates and pledges."""
    page = Paginator(matching.open_needs(request.user), matching.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = matching.candidates_for(page.object_list, shown=matching.SHOWN_ON_LIST)
    return render(request, "nominations/coordination/matching.html", {"page": page, "rows": rows})


def _link(request, need):
    """Link the need to the session or course posted; returns the warning to confirm, if any."""
    session = course = None
    if request.POST.get("session"):
        session = Session.objects.public().filter(pk=request.POST["session"]).first()
    elif request.POST.get("course"):
        course = CoursePage.objects.published().filter(pk=request.POST["course"]).first()
    if session is None and course is None:
        messages.error(request, NO_SUCH_TARGET)
        return None
    try:
        services.need_link(
            user=request.user,
            need=need,
            session=session,
            course=course,
            confirm_theme=request.POST.get("confirm_theme") == "1",
        )
    except ThemeMismatch as warning:
        return {"message": warning.messages[0], "session": session, "course": course}
    except REFUSALS as error:
        for message in refusal_messages(error):
            messages.error(request, message)
        return None
    messages.success(request, LINKED % {"need": need.title, "target": session or course.title})
    return None


def _allocate(request, form, **target):
    """Allocate from the pledge the form names to `target` (session= or need=)."""
    if not form.is_valid():
        return False
    pledge = Pledge.objects.filter(pk=form.cleaned_data["pledge"]).first()
    if pledge is None:
        form.add_error(None, NO_SUCH_PLEDGE)
        return False
    try:
        allocation = services.allocation_create(
            user=request.user,
            pledge=pledge,
            amount=form.cleaned_data["amount"] or None,
            participants=form.cleaned_data["participants"] or None,
            cost_per_participant=form.cleaned_data["cost_per_participant"] or None,
            note=form.cleaned_data["note"],
            **target,
        )
    except REFUSALS as error:
        attach_error(form, error)
        return False
    name = target.get("need").title if target.get("need") else str(target.get("session"))
    messages.success(
        request,
        ALLOCATED
        % {
            "amount": money(allocation.amount, pledge.currency),
            "pledge": pledge.title,
            "target": name,
        },
    )
    return True


@rso_only
def need_match(request, pk):
    """One need: its candidates with every reason, its match, its funding; link and fund."""
    need = matching.need_for_matching(request.user, pk)
    if need is None:
        raise Http404
    action = request.POST.get("action") if request.method == "POST" else None
    warning = None
    form = AllocationForm(request.POST if action == "allocate" else None)
    if action == "link":
        warning = _link(request, need)
        if warning is None:
            return redirect("coordination:need", pk=need.pk)
    elif action == "allocate":
        if _allocate(request, form, need=need):
            return redirect("coordination:need", pk=need.pk)
    need = matching.need_for_matching(request.user, pk)
    (candidates,) = matching.candidates_for([need], shown=matching.SHOWN_ON_NEED)
    context = {
        "need": need,
        "candidates": candidates,
        "form": form,
        "warning": warning,
        "allocations": need.allocations.select_related("pledge__donor__member").order_by("-pk"),
    }
    failed = action == "allocate" or warning is not None
    return render(
        request, "nominations/coordination/need.html", context, status=400 if failed else 200
    )


@rso_only
def gaps(request):
    """Open needs that no course covers, by curriculum module, beside the modules that no
    course delivers."""
    by_module, unthemed, undelivered = matching.uncovered_needs(request.user)
    context = {"gaps": by_module, "unthemed": unthemed, "undelivered": undelivered}
    return render(request, "nominations/coordination/gaps.html", context)


# --- funding --------------------------------------------------------------------------------


@rso_only
def funding(request):
    """Pledges (allocated and free), donors, rates, and the sessions still to fund."""
    sessions = Paginator(selectors.sessions_to_fund(request.user), 25).get_page(
        request.GET.get("page")
    )
    context = {
        "pledges": matching.pledges_with_free_amounts(),
        "rates": selectors.exchange_rates(request.user),
        "sessions": sessions,
        "needs": selectors.needs_to_fund(request.user)[:25],
    }
    return render(request, "nominations/coordination/funding.html", context)


@rso_only
def session_funding(request, pk):
    """One session's funding: what it needs and what covers it, and pledges that fit."""
    session = get_object_or_404(Session.objects.visible_to(request.user).with_course(), pk=pk)
    form = AllocationForm(request.POST or None)
    if request.method == "POST" and _allocate(request, form, session=session):
        return redirect("coordination:session_funding", pk=session.pk)
    session = Session.objects.with_course().get(pk=pk)
    context = {
        "session": session,
        "form": form,
        "pledges": selectors.pledges_for_session(session),
        "allocations": selectors.allocations_of_session(request.user, session),
    }
    return render(
        request, "nominations/coordination/session_funding.html", context, status=_status(request)
    )


@rso_only
def pledge_detail(request, pk):
    pledge = get_object_or_404(
        Pledge.objects.select_related("donor__member").prefetch_related("earmarks__member"), pk=pk
    )
    allocations = pledge.allocations.select_related("session__course", "need__member").order_by(
        "-created_at", "-pk"
    )
    context = {
        "pledge": pledge,
        "allocated": services.funding.pledge_allocated(pledge),
        "allocations": allocations,
    }
    return render(request, "nominations/coordination/pledge.html", context)


@require_POST
@rso_only
def allocation_release(request, pk):
    allocation = get_object_or_404(Allocation.objects.select_related("pledge"), pk=pk)
    try:
        services.allocation_release(
            user=request.user, allocation=allocation, reason=request.POST.get("reason", "")[:300]
        )
    except REFUSALS as error:
        for message in refusal_messages(error):
            messages.error(request, message)
    else:
        messages.success(
            request,
            RELEASED
            % {
                "amount": money(allocation.amount, allocation.pledge.currency),
                "pledge": allocation.pledge.title,
            },
        )
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("coordination:pledge", pk=allocation.pledge_id)


def _form_page(request, form, template, save):
    """A form whose valid POST calls `save(cleaned_data)`; a refusal goes on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            message = save(form.cleaned_data)
        except REFUSALS as error:
            attach_error(form, error)
        else:
            messages.success(request, message)
            return redirect("coordination:funding")
    return render(request, template, {"form": form}, status=_status(request))


@rso_only
def rate_create(request):
    def save(data):
        rate = services.rate_record(user=request.user, **data)
        return RATE_SAVED % {"rate": rate}

    form = RateForm(request.POST or None, initial={"valid_on": timezone.localdate()})
    return _form_page(request, form, "nominations/coordination/rate_form.html", save)


@rso_only
def donor_create(request):
    def save(data):
        donor = services.donor_create(user=request.user, **data)
        return DONOR_SAVED % {"donor": donor}

    form = DonorForm(request.POST or None)
    return _form_page(request, form, "nominations/coordination/donor_form.html", save)


@rso_only
def pledge_create(request):
    def save(data):
        lists = {name: list(data[name]) for name in ("members", "centres", "curricula")}
        pledge = services.pledge_create(user=request.user, **{**data, **lists})
        return PLEDGE_SAVED % {"title": pledge.title}

    form = PledgeForm(request.POST or None)
    return _form_page(request, form, "nominations/coordination/pledge_form.html", save)
