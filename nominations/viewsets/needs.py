"""The admin's training needs: the RSO's, to see, filter, export and move along."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn

from courses.models import CurriculumPage
from training_hub.models import Member

from .. import services
from ..choices import NEED_TRANSITIONS, NeedStatus
from ..models import TrainingNeed
from ..selectors import needs_visible_to
from ..views.admin import (
    refusal_message,
)
from .scoped import (
    ReadOnlyViewSet,
    ScopedHistoryView,
    ScopedIndexView,
    ScopedInspectView,
    ScopedPermissionPolicy,
)

NEED_MOVED = _("The training need is now “%(status)s”.")


NEED_POLICY = ScopedPermissionPolicy(
    TrainingNeed, visible=needs_visible_to, refused={"add", "delete"}
)


def _curriculum_title(need):
    return need.curriculum.title if need.curriculum_id else ""


class NeedFilterSet(WagtailFilterSet):
    member = django_filters.ModelChoiceFilter(
        label=_("Member"), queryset=Member.objects.order_by("name")
    )
    curriculum = django_filters.ModelChoiceFilter(
        label=_("Curriculum"), queryset=CurriculumPage.objects.sources().order_by("title")
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
