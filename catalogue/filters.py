"""The public catalogue's filters, shared by the listing page and its calendar feed."""

import django_filters
from django import forms
from django.db.models import Min, Q
from django.utils import timezone

from courses.choices import DeliveryMode, Level, SessionStatus, Theme
from courses.models import CentrePage, CoursePage, Language, Session, Topic, open_for_nominations_q
from training_hub.models import Member

# The primary key breaks ties, so pages never repeat or skip a course with the same title.
SORTS = {
    "title": ("Title A–Z", ["title", "pk"]),
    "-title": ("Title Z–A", ["-title", "-pk"]),
    "next": ("Next session first", ["next_start", "title", "pk"]),
    "newest": ("Newest first", ["-first_published_at", "title", "pk"]),
}


def published_courses():
    """Published courses with what a listing row shows, and the start of their next
    upcoming session (the same rule as `SessionQuerySet.upcoming`)."""
    upcoming = Session.objects.upcoming().values("pk")
    return (
        CoursePage.objects.published()
        .select_related("centre", "centre__country")
        .annotate(next_start=Min("sessions__starts_at", filter=Q(sessions__in=upcoming)))
    )


class CatalogueFilter(django_filters.FilterSet):
    """Theme, topic, centre, country, language, mode, level, dates and open-now, plus sort."""

    theme = django_filters.MultipleChoiceFilter(
        choices=Theme.choices, widget=forms.CheckboxSelectMultiple
    )
    topic = django_filters.ModelMultipleChoiceFilter(
        field_name="topics__slug",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )
    centre = django_filters.ModelMultipleChoiceFilter(
        field_name="centre__slug",
        to_field_name="slug",
        # A callable: `published()` reads the view restrictions, so not at import time.
        queryset=lambda request: CentrePage.objects.published().order_by("title"),
        widget=forms.CheckboxSelectMultiple,
    )
    country = django_filters.ModelMultipleChoiceFilter(
        field_name="centre__country__code",
        to_field_name="code",
        queryset=Member.objects.filter(centres__live=True).distinct(),
        widget=forms.CheckboxSelectMultiple,
    )
    language = django_filters.ModelMultipleChoiceFilter(
        field_name="languages__code",
        to_field_name="code",
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )
    mode = django_filters.MultipleChoiceFilter(
        field_name="delivery_mode",
        choices=DeliveryMode.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    level = django_filters.MultipleChoiceFilter(
        choices=Level.choices, widget=forms.CheckboxSelectMultiple
    )
    starts_after = django_filters.DateFilter(
        label="Sessions from",
        method="filter_sessions",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    starts_before = django_filters.DateFilter(
        label="Sessions until",
        method="filter_sessions",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    open = django_filters.BooleanFilter(
        label="Open for nominations now",
        method="filter_sessions",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(k, v[0]) for k, v in SORTS.items()],
        method="sort_courses",
        empty_label=None,
    )

    class Meta:
        model = CoursePage
        fields = []

    def session_conditions(self):
        """The session-level filters, combined so they hold for one and the same session."""
        data = self.form.cleaned_data
        conditions = Q()
        if data.get("starts_after"):
            conditions &= Q(starts_at__date__gte=data["starts_after"])
        if data.get("starts_before"):
            conditions &= Q(starts_at__date__lte=data["starts_before"])
        if data.get("open"):
            conditions &= open_for_nominations_q(timezone.now())
        return conditions

    def filter_sessions(self, queryset, name, value):
        # Applied once for all three session filters (see filter_queryset).
        return queryset

    def sort_courses(self, queryset, name, value):
        return queryset  # ordering is applied last, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        conditions = self.session_conditions()
        if conditions:
            matching = Session.objects.filter(conditions).exclude(status=SessionStatus.CANCELLED)
            queryset = queryset.filter(pk__in=matching.values("course_id"))
        sort = self.form.cleaned_data.get("sort") or "title"
        return queryset.order_by(*SORTS[sort][1])

    def matching_sessions(self, sessions):
        """`sessions` of the courses the course filters match, that meet the session filters.

        Cancelled sessions are kept (feeds must carry cancellations), even when the course
        has no other session in the requested dates.
        """
        # The course-level filters alone (the parent's chain, without dates or sorting).
        courses = super().filter_queryset(self.queryset.all()).order_by().values("pk")
        return sessions.filter(course__in=courses).filter(self.session_conditions())
