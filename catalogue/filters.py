"""The public catalogue's query string, validated: the listing page, its calendar feed and
the API read the same fields, and `CatalogueFilter.course_query()` turns them into the
search service's `CourseQuery` (search/query.py). Which courses match is the search
service's business, never this module's."""

import re

import django_filters
from django import forms
from django.db.models import Min, Q
from django.db.models.query import EmptyQuerySet
from django.utils.translation import gettext_lazy as _

from courses.choices import DeliveryMode, Level, Theme
from courses.models import CentrePage, CoursePage, Language, Session, Topic
from search.query import MAX_TEXT, SORTS, CourseQuery
from training_hub.localization import content_language, default_language, in_default_locale
from training_hub.models import Member

DATES_INVERTED = _("The “from” date is after the “until” date: no session can fall between.")
MONTH_SHAPE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def published_courses():
    """Published courses with what a listing row shows, and the start of their next
    upcoming session (the same rule as `SessionQuerySet.upcoming`)."""
    upcoming = Session.objects.upcoming().values("pk")
    return (
        CoursePage.objects.published()
        .select_related("centre", "centre__country")
        .annotate(next_start=Min("sessions__starts_at", filter=Q(sessions__in=upcoming)))
    )


class MonthsField(forms.MultipleChoiceField):
    """Months as "YYYY-MM"; any well-formed month is a valid choice."""

    def valid_value(self, value):
        return bool(MONTH_SHAPE.match(str(value)))


class MonthFilter(django_filters.MultipleChoiceFilter):
    field_class = MonthsField


def _ignore(queryset, name, value):
    return queryset


class CatalogueFilter(django_filters.FilterSet):
    """Text, theme, topic, centre, country, language, mode, level, month, dates and open-now,
    plus sort. Unknown values make the form invalid (the page says so and lists nothing)."""

    q = django_filters.CharFilter(label=_("Search"), method=_ignore)
    theme = django_filters.MultipleChoiceFilter(
        choices=Theme.choices, widget=forms.CheckboxSelectMultiple, method=_ignore
    )
    # The source (English) rows: their slugs and codes are the values of every language.
    topic = django_filters.ModelMultipleChoiceFilter(
        to_field_name="slug", queryset=Topic.objects.filter(in_default_locale()), method=_ignore
    )
    centre = django_filters.ModelMultipleChoiceFilter(
        # Live centres; a restricted one's courses are not in any search's answer.
        to_field_name="slug",
        queryset=CentrePage.objects.sources().live(),
        method=_ignore,
    )
    country = django_filters.ModelMultipleChoiceFilter(
        to_field_name="code",
        queryset=Member.objects.filter(centres__live=True).distinct(),
        method=_ignore,
    )
    language = django_filters.ModelMultipleChoiceFilter(
        to_field_name="code",
        queryset=Language.objects.filter(in_default_locale()),
        method=_ignore,
    )
    mode = django_filters.MultipleChoiceFilter(choices=DeliveryMode.choices, method=_ignore)
    level = django_filters.MultipleChoiceFilter(choices=Level.choices, method=_ignore)
    month = MonthFilter(method=_ignore)
    starts_after = django_filters.DateFilter(label=_("Sessions from"), method=_ignore)
    starts_before = django_filters.DateFilter(label=_("Sessions until"), method=_ignore)
    open = django_filters.BooleanFilter(
        label=_("Open for nominations now"), widget=forms.CheckboxInput, method=_ignore
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(SORTS.items()), method=_ignore, empty_label=None
    )

    class Meta:
        model = CoursePage
        fields = []

    def is_valid(self):
        valid = super().is_valid()
        data = self.form.cleaned_data if valid else {}
        after, before = data.get("starts_after"), data.get("starts_before")
        if after and before and after > before:
            self.form.add_error("starts_before", DATES_INVERTED)
            return False
        return valid

    def course_query(self, *, page=1, page_size=None):
        """The validated query string as a `CourseQuery` (call after `is_valid()`), in the
        active language's content language."""
        data = self.form.cleaned_data
        extra = {"page_size": page_size} if page_size else {}
        locale = content_language()
        if locale != default_language():
            extra["locale"] = locale

        def keys(name, attribute):
            chosen = data.get(name)
            # Nothing chosen cleans to `queryset.none()`: not run, it costs nothing (running
            # the four took 1 ms of every page).
            if chosen is None or isinstance(chosen, EmptyQuerySet):
                return ()
            return tuple(getattr(item, attribute) for item in chosen)

        return CourseQuery(
            text=" ".join((data.get("q") or "").split())[:MAX_TEXT],
            theme=tuple(data.get("theme") or ()),
            topic=keys("topic", "slug"),
            centre=keys("centre", "slug"),
            country=keys("country", "code"),
            language=keys("language", "code"),
            mode=tuple(data.get("mode") or ()),
            level=tuple(data.get("level") or ()),
            month=tuple(data.get("month") or ()),
            open=bool(data.get("open")),
            starts_after=data.get("starts_after"),
            starts_before=data.get("starts_before"),
            sort=data.get("sort") or "",
            page=page,
            **extra,
        )
