"""Admin screens of nominations (directors and the RSO) and training needs (the RSO only).

Plain models with ModelViewSets (shared/STYLE.md). Every view reads through the scoped
selectors, so another centre's nomination is a 404 at every URL; no admin form writes them
(no add, edit, copy or delete views): a status changes only through the services, from the
inspect view (one nomination) or the session view (several, `views/admin.py`).
"""

import datetime

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import history
from wagtail.admin.views.generic import models as generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.coreutils import multigetattr
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from courses.models import CurriculumPage
from courses.selectors import sessions_managed_by
from training_hub.exports import SafeSpreadsheetExportMixin
from training_hub.models import Member

from . import services
from .choices import NEED_TRANSITIONS, NeedStatus, NominationStatus
from .models import Nomination, TrainingNeed
from .selectors import needs_visible_to, nominations_visible_to
from .views.admin import (
    SessionNominationsView,
    apply_moves,
    moves_open,
    posted_versions,
    refusal_message,
    report,
)

NEED_MOVED = _("The training need is now “%(status)s”.")


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the records `visible(user)` returns; the `refused`
    actions are nobody's (not even a superuser's), as their admin views do not exist."""

    def __init__(self, model, *, visible, refused=()):
        super().__init__(model)
        self.visible = visible
        self.refused = frozenset(refused)

    def user_has_permission(self, user, action):
        return action not in self.refused and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and self.visible(user).filter(pk=instance.pk).exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model.objects.none()
        return self.visible(user)


NOMINATION_POLICY = ScopedPermissionPolicy(
    Nomination, visible=nominations_visible_to, refused={"add", "change", "delete"}
)
NEED_POLICY = ScopedPermissionPolicy(
    TrainingNeed, visible=needs_visible_to, refused={"add", "delete"}
)


class InspectURLFinder(ModelAdminURLFinder):
    """Where the admin links a record (log entries, reports): its inspect view, for who may
    see it; there is no edit view."""

    def get_edit_url(self, instance):
        policy = policy_registry.get(instance)
        if self.user and not policy.user_has_any_permission_for_instance(
            self.user, ["view", "change"], instance
        ):
            return None
        return self.construct_edit_url(instance)


class ReadOnlyViewSet(ModelViewSet):
    """A ModelViewSet with only its listing, inspect and history views, all scoped by
    `visible(user)`."""

    inspect_view_enabled = True
    copy_view_enabled = False
    # Transactional records: kept out of the "usage" of sessions, members and pages, which
    # would list them (and count them) to whoever may see those.
    add_to_reference_index = False
    list_per_page = 50

    def visible(self, user):
        raise NotImplementedError

    @property
    def url_finder_class(self):
        return type(
            f"{self.model.__name__}URLFinder",
            (InspectURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(visible=self.visible, **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            visible=self.visible, history_url_name=self.get_url_name("history"), **kwargs
        )

    def get_history_view_kwargs(self, **kwargs):
        return super().get_history_view_kwargs(visible=self.visible, **kwargs)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
        ]


def _follow(item, dotted):
    """`multigetattr`, but an empty cell where a relation on the way is empty."""
    for bit in dotted.split("."):
        if item is None:
            return ""
        item = multigetattr(item, bit)
    return item


class ScopedIndexView(SafeSpreadsheetExportMixin, generic.IndexView):
    visible = None

    def get_base_queryset(self):
        return self.visible(self.request.user)

    def to_row_dict(self, item):
        return {field: _follow(item, field) for field in self.list_export}


class ScopedInspectView(generic.InspectView):
    """The record (a 404 outside the user's scope) and, for who may make them, its moves."""

    visible = None
    history_url_name = None
    inspect_url_name = None
    template_name = "nominations/admin/inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(self.visible(self.request.user), pk=self.pk)

    @cached_property
    def header_buttons(self):
        url = reverse(self.history_url_name, args=[self.object.pk])
        return [HeaderButton(_("History"), url=url, icon_name="history")]

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "–"
        if isinstance(value, datetime.datetime):
            # Wagtail's template formats the stored (UTC) time as it is.
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return value

    def extra_fields(self):
        return []

    def get_fields_context(self):
        return super().get_fields_context() + [
            {"label": label, "value": value, "component": None}
            for label, value in self.extra_fields()
        ]

    def inspect_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])


class ScopedHistoryView(history.HistoryView):
    """The record's log entries (our registered actions), for who may view the record."""

    visible = None
    inspect_url_name = None
    any_permission_required = ["view", "change"]

    def get_base_object_queryset(self):
        return self.visible(self.request.user)

    @cached_property
    def header_buttons(self):
        url = reverse(self.inspect_url_name, args=[self.object.pk])
        return [HeaderButton(_("Inspect"), url=url, icon_name="info-circle")]


# --- nominations ---------------------------------------------------------------------------


def _sessions_of(request):
    return sessions_managed_by(request.user) if request else sessions_managed_by(None)


class NominationFilterSet(WagtailFilterSet):
    session = django_filters.ModelChoiceFilter(label=_("Session"), queryset=_sessions_of)
    member = django_filters.ModelChoiceFilter(
        label=_("Member"), queryset=Member.objects.order_by("name")
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=NominationStatus.choices
    )

    class Meta:
        model = Nomination
        fields = []


def _session_url(nomination):
    return reverse("nominations_admin:session", args=[nomination.session_id])


def _session_label(nomination):
    session = nomination.session
    return f"{session.course.title} — {session.wall_start:%d %b %Y}"


class NominationInspectView(ScopedInspectView):
    session_url_name = None

    def extra_fields(self):
        official = self.object.official
        return [
            (_("Name in their own script"), official.native_name or "–"),
            (_("Gender"), official.get_gender_display()),
            (_("Agency"), official.agency),
            (_("Position"), official.position),
            (_("E-mail"), official.email),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            moves=moves_open(self.object, self.request.user),
            session_url=reverse(self.session_url_name, args=[self.object.session_id]),
        )
        return context

    def post(self, request, *args, **kwargs):
        to = request.POST.get("to", "")
        allowed = {status for status, _label in moves_open(self.object, request.user)}
        if to not in allowed:
            raise PermissionDenied
        versions = posted_versions({f"version-{self.object.pk}": request.POST.get("version", "")})
        results = apply_moves(
            [self.object],
            to=to,
            user=request.user,
            reason=request.POST.get("reason", "")[:2000],
            versions=versions,
        )
        report(request, results)
        return redirect(self.inspect_url())


class NominationViewSet(ReadOnlyViewSet):
    """Nominations to the sessions of the user's centres (every session for the RSO)."""

    model = Nomination
    icon = "group"
    menu_label = _("Nominations")
    menu_order = 220
    add_to_admin_menu = True
    # "nominations" is the front-end's namespace (nominations/urls.py).
    url_prefix = "nominations"
    url_namespace = "nominations_admin"
    index_view_class = ScopedIndexView
    inspect_view_class = NominationInspectView
    history_view_class = ScopedHistoryView
    filterset_class = NominationFilterSet
    list_display = [
        "official",
        TitleColumn(
            "session",
            label=_("Session"),
            accessor=_session_label,
            sort_key="session__starts_at",
            get_url=_session_url,
        ),
        Column("member", label=_("Member"), accessor="member.name", sort_key="member__name"),
        Column("rank", label=_("Rank"), sort_key="rank"),
        Column("gender", label=_("Gender"), accessor="official.get_gender_display"),
        Column("agency", label=_("Agency"), accessor="official.agency"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        DateColumn("submitted_at", label=_("Submitted"), sort_key="submitted_at"),
    ]
    ordering = ["session__starts_at", "session", "member__name", "rank", "pk"]
    inspect_view_fields = [
        "session",
        "official",
        "member",
        "rank",
        "status",
        "reason",
        "submitted_at",
        "decided_at",
        "confirmed_at",
    ]
    list_export = [
        "session.course.title",
        "session.wall_start",
        "session.city",
        "official.passport_name",
        "official.native_name",
        "official.get_gender_display",
        "official.agency",
        "official.position",
        "official.email",
        "member.name",
        "rank",
        "get_status_display",
    ]
    export_headings = {
        "session.course.title": _("Course"),
        "session.wall_start": _("Starts (venue time)"),
        "session.city": _("City"),
        "official.passport_name": _("Name as in the passport"),
        "official.native_name": _("Name in their own script"),
        "official.get_gender_display": _("Gender"),
        "official.agency": _("Agency"),
        "official.position": _("Position"),
        "official.email": _("E-mail"),
        "member.name": _("Member"),
        "rank": _("Rank"),
        "get_status_display": _("Status"),
    }
    export_filename = "nominations"

    def visible(self, user):
        return nominations_visible_to(user)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            session_url_name=self.get_url_name("session"), **kwargs
        )

    @property
    def session_view(self):
        return self.construct_view(
            SessionNominationsView,
            index_url_name=self.get_url_name("index"),
            inspect_url_name=self.get_url_name("inspect"),
            session_url_name=self.get_url_name("session"),
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("session/<int:pk>/", self.session_view, name="session"),
        ]


# --- training needs ------------------------------------------------------------------------


def _curriculum_title(need):
    return need.curriculum.title if need.curriculum_id else ""


class NeedFilterSet(WagtailFilterSet):
    member = django_filters.ModelChoiceFilter(
        label=_("Member"), queryset=Member.objects.order_by("name")
    )
    curriculum = django_filters.ModelChoiceFilter(
        label=_("Curriculum"), queryset=CurriculumPage.objects.order_by("title")
    )

    class Meta:
        model = TrainingNeed
        fields = ["theme", "status", "priority"]


class NeedInspectView(ScopedInspectView):
    """A need, and the RSO's moves of it along `NEED_TRANSITIONS` (`services.need_transition`)."""

    def moves(self):
        if not self.user_has_permission("change"):
            return []
        return [
            (status, status.label)
            for status in NeedStatus
            if status in NEED_TRANSITIONS[self.object.status]
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["moves"] = self.moves()
        return context

    def post(self, request, *args, **kwargs):
        to = request.POST.get("to", "")
        if to not in {status for status, _label in self.moves()}:
            raise PermissionDenied
        reason = request.POST.get("reason", "")[:2000]
        try:
            need = services.need_transition(
                need=self.object, to=to, user=request.user, reason=reason
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, refusal_message(error))
        else:
            messages.success(request, NEED_MOVED % {"status": need.get_status_display()})
        return redirect(self.inspect_url())


class TrainingNeedViewSet(ReadOnlyViewSet):
    """Every member's training needs, for the RSO to match to courses and funding."""

    model = TrainingNeed
    icon = "list-ul"
    menu_label = _("Training needs")
    menu_order = 230
    add_to_admin_menu = True
    url_prefix = "training-needs"
    url_namespace = "training_needs_admin"
    index_view_class = ScopedIndexView
    inspect_view_class = NeedInspectView
    history_view_class = ScopedHistoryView
    filterset_class = NeedFilterSet
    list_display = [
        "title",
        Column("member", label=_("Member"), accessor="member.name", sort_key="member__name"),
        Column("theme", label=_("Theme"), accessor="get_theme_display", sort_key="theme"),
        Column("curriculum", label=_("Curriculum"), accessor=_curriculum_title),
        Column("officials", label=_("Officials"), sort_key="officials"),
        Column("priority", label=_("Priority"), accessor="get_priority_display"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        DateColumn("created_at", label=_("Recorded"), sort_key="created_at"),
    ]
    ordering = ["-created_at", "-pk"]
    inspect_view_fields = [
        "member",
        "title",
        "theme",
        "curriculum",
        "modules",
        "audience",
        "officials",
        "frequency",
        "preferred_from",
        "preferred_until",
        "language",
        "priority",
        "justification",
        "status",
        "created_at",
    ]
    list_export = [
        "member.name",
        "title",
        "get_theme_display",
        "curriculum.title",
        "audience",
        "officials",
        "get_frequency_display",
        "preferred_from",
        "preferred_until",
        "language.name",
        "get_priority_display",
        "get_status_display",
        "justification",
        "created_at",
    ]
    export_headings = {
        "member.name": _("Member"),
        "title": _("Title"),
        "get_theme_display": _("Theme"),
        "curriculum.title": _("Curriculum"),
        "audience": _("Audience"),
        "officials": _("Number of officials"),
        "get_frequency_display": _("Frequency"),
        "preferred_from": _("Preferred from"),
        "preferred_until": _("Preferred until"),
        "language.name": _("Preferred language"),
        "get_priority_display": _("Priority"),
        "get_status_display": _("Status"),
        "justification": _("Justification"),
        "created_at": _("Recorded"),
    }
    export_filename = "training-needs"

    def visible(self, user):
        return needs_visible_to(user)
