"""The directors' and the RSO's admin screens of nominations beyond the ModelViewSet: one
session's nominations by status with a form that moves several at once, and the moves
themselves, shared with the inspect view's single move.

Everything is read through `selectors` (another centre's session or nomination is a 404, an
id outside the user's scope is ignored) and every move goes through
`services.nomination_transition`, one nomination at a time: a refusal is reported for that
nomination and nothing of it is applied, the others go on. No JavaScript is needed.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from courses.choices import SessionStatus
from courses.selectors import sessions_managed_by
from training_hub.scopes import scope_for

from .. import choices, selectors, services
from ..choices import SEAT_STATUSES, NominationStatus
from ..models import Nomination

N = NominationStatus

# Messages users see; tests import them.
MOVED = _("%(name)s: %(status)s.")
REFUSED = _("%(name)s: nothing changed. %(reason)s")
NOTHING_SELECTED = _("Select at least one nomination.")
NO_SUCH_ACTION = _("Choose one of the actions offered.")

# The moves a director (or the RSO) makes on several nominations at once, in menu order.
BULK_MOVES = {
    N.ACCEPTED: _("Accept"),
    N.WAITLISTED: _("Waitlist"),
    N.DECLINED: _("Decline"),
    N.ATTENDED: _("Attended"),
    N.NO_SHOW: _("No-show"),
    N.COMPLETED: _("Completed"),
}
BEFORE_START_MOVES = (N.ACCEPTED, N.WAITLISTED, N.DECLINED)
AFTER_START_MOVES = (N.ATTENDED, N.NO_SHOW, N.COMPLETED)
# Those who hold or held a place: the participant list.
PARTICIPANT_STATUSES = tuple(status for status in N if status in SEAT_STATUSES)


# --- moves ---------------------------------------------------------------------------------


def moves_open(nomination, user, *, now=None):
    """[(status, label)] of the moves `user`'s role may offer on `nomination` now."""
    return choices.moves_open(nomination, scope_for(user).role, now or timezone.now())


@dataclass
class MoveResult:
    nomination: Nomination
    applied: bool
    message: str
    notice: str = ""


def refusal_message(error):
    """The message of a service's refusal, as the user should read it."""
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error.args[0]) if error.args else str(_("This is not allowed."))


def apply_moves(nominations, *, to, user, reason="", versions=None):
    """Move each of `nominations` to `to` through the service, one after the other.

    `versions` maps an id to the version the page showed (a nomination changed since is
    refused as stale); without one, the current version is used. Returns a `MoveResult` per
    nomination; a refused move leaves its nomination as it was.
    """
    versions = versions or {}
    results = []
    for nomination in nominations:
        name = nomination.official.passport_name
        nomination.version = versions.get(nomination.pk, nomination.version)
        try:
            moved, notice = services.nomination_transition(
                nomination=nomination, to=to, user=user, reason=reason
            )
        except (ValidationError, PermissionDenied) as error:
            message = REFUSED % {"name": name, "reason": refusal_message(error)}
            results.append(MoveResult(nomination, False, message))
        else:
            message = MOVED % {"name": name, "status": moved.get_status_display()}
            results.append(MoveResult(moved, True, message, notice))
    return results


def report(request, results):
    """One message per nomination: success, the service's notice, or its refusal."""
    for result in results:
        if result.applied:
            messages.success(request, result.message)
            if result.notice:
                messages.warning(request, result.notice)
        else:
            messages.error(request, result.message)


def posted_versions(data):
    """{id: version} from the form's `version-<id>` fields; damaged ones are left out."""
    versions = {}
    for key, value in data.items():
        prefix, _sep, pk = key.partition("-")
        if prefix == "version" and pk.isdigit() and value.isdigit():
            versions[int(pk)] = int(value)
    return versions


def safe_next(request, default):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default


class BulkMoveForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), error_messages={"invalid_choice": NO_SUCH_ACTION})
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, moves, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "---------")] + [
            (status.value, BULK_MOVES[status]) for status in moves
        ]


# --- one session's nominations -------------------------------------------------------------


class SessionNominationsView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """One session's nominations grouped by status, with counts, and the bulk move form."""

    model = Nomination
    any_permission_required = ["view"]
    template_name = "nominations/admin/session.html"
    header_icon = "group"
    index_url_name = None
    inspect_url_name = None
    session_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.now = timezone.now()

    @cached_property
    def session(self):
        # Another centre's session is answered as if it did not exist.
        return get_object_or_404(sessions_managed_by(self.request.user), pk=self.kwargs["pk"])

    @cached_property
    def moves(self):
        if self.session.status == SessionStatus.CANCELLED:
            return ()
        return BEFORE_START_MOVES if self.now < self.session.starts_at else AFTER_START_MOVES

    def nominations(self):
        return (
            selectors.nominations_visible_to(self.request.user)
            .filter(session=self.session)
            .order_by("member__name", "rank", "pk")
        )

    def get_page_title(self):
        return _("Nominations")

    def get_page_subtitle(self):
        return str(self.session)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Nominations")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def export_url(self, statuses=()):
        query = [("session", self.session.pk)] + [("status", s.value) for s in statuses]
        return reverse(self.index_url_name) + "?" + urlencode(query + [("export", "csv")])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        by_status = {}
        for nomination in self.nominations():
            by_status.setdefault(nomination.status, []).append(nomination)
        groups = [
            {"status": status, "label": status.label, "nominations": by_status[status]}
            for status in N
            if status in by_status
        ]
        context.update(
            session=self.session,
            groups=groups,
            total=sum(len(group["nominations"]) for group in groups),
            form=kwargs.get("form") or BulkMoveForm(moves=self.moves),
            moves=self.moves,
            inspect_url_name=self.inspect_url_name,
            participants_url=self.export_url(PARTICIPANT_STATUSES),
            all_url=self.export_url(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = BulkMoveForm(request.POST, moves=self.moves)
        back = safe_next(request, reverse(self.session_url_name, args=[self.session.pk]))
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect(back)
        ids = [int(value) for value in request.POST.getlist("nominations") if value.isdigit()]
        # Each member's first choice before anyone's second, then by submission.
        chosen = self.nominations().filter(pk__in=ids).order_by("rank", "submitted_at", "pk")
        if not chosen:
            messages.error(request, NOTHING_SELECTED)
            return redirect(back)
        results = apply_moves(
            chosen,
            to=form.cleaned_data["action"],
            user=request.user,
            reason=form.cleaned_data["reason"],
            versions=posted_versions(request.POST),
        )
        report(request, results)
        return redirect(back)
