"""The admin's nominations: a director's centres' sessions only (every one for the RSO)."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from courses.selectors import sessions_managed_by
from training_hub.models import Member

from ..choices import NominationStatus
from ..models import Nomination
from ..selectors import nominations_visible_to
from ..views.admin import (
    SessionNominationsView,
    apply_moves,
    moves_open,
    posted_versions,
    report,
)
from .scoped import (
    ReadOnlyViewSet,
    ScopedHistoryView,
    ScopedIndexView,
    ScopedInspectView,
    ScopedPermissionPolicy,
)

NOMINATION_POLICY = ScopedPermissionPolicy(
    Nomination, visible=nominations_visible_to, refused={"add", "change", "delete"}
)


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
