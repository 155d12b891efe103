"""Editorial pages of the domain: centres of excellence, curricula, and courses."""

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from training_hub.localization import (
    LocalizedMixin,
    LocalizedPageMixin,
    in_default_locale,
    localize,
    sources_q,
    synchronized,
)
from training_hub.roles import Role
from training_hub.scopes import scope_for

from ..choices import DeliveryMode, Level, Theme
from ..page_forms import CoursePageForm, CurriculumPageForm, split_codes
from .vocabularies import TIME_ZONE_CHOICES, validate_single_line, validate_time_zone

NEGATIVE_COST = _("A cost cannot be negative.")


def _sessions():
    """Session's manager, looked up by name: sessions.py imports this module, not the reverse."""
    return apps.get_model("courses", "Session").objects


def _is_rso(user):
    return scope_for(user).role == Role.RSO


class PublishedQuerySet(PageQuerySet):
    def sources(self):
        """Pages written in the default language that are not aliases: the ones every
        relation points at. Their translations are shown in their place, never beside them
        (`training_hub.localization.localize`)."""
        return self.filter(sources_q())

    def published(self):
        """What any visitor may see: live source pages, not behind a login or password
        restriction (on the page itself or an ancestor). Every public list goes through
        here, so that a translation or an alias never counts twice."""
        return self.live().public().sources()


PublishedPageManager = PageManager.from_queryset(PublishedQuerySet)


class TitleCheckedPage(LocalizedPageMixin, Page):
    """Page titles reach calendar lines and headers: refuse control characters in them."""

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        try:
            validate_single_line(self.title)
        except ValidationError as error:
            raise ValidationError({"title": error.messages}) from error


class CentreIndexPage(LocalizedPageMixin, Page):
    """The list of centres of excellence."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["training_hub.HomePage"]
    subpage_types = ["courses.CentrePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        source = self.source_page or self
        centres = CentrePage.objects.published().child_of(source).select_related("country")
        context["centres"] = _by_shown_title(localize(centres))
        return context


class CentrePage(TitleCheckedPage):
    """A regional training centre of excellence; directors are scoped to their centres."""

    acronym = models.CharField(max_length=20, blank=True, validators=[validate_single_line])
    country = models.ForeignKey(
        "training_hub.Member", on_delete=models.PROTECT, related_name="centres"
    )
    city = models.CharField(max_length=80)
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    description = RichTextField(blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)

    objects = PublishedPageManager()
    # Acronyms, people's names and addresses stay as written; the time zone is a choice.
    override_translatable_fields = synchronized(
        "acronym", "contact_name", "contact_phone", "time_zone"
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("acronym"), FieldPanel("country")]),
        FieldRowPanel(
            [
                FieldPanel("city"),
                FieldPanel("time_zone", widget=forms.Select(choices=TIME_ZONE_CHOICES)),
            ]
        ),
        FieldPanel("description"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_email")]),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("website")]),
            ],
            heading=_("Contacts"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("acronym"),
        index.SearchField("city"),
        index.SearchField("description"),
    ]
    parent_page_types = ["courses.CentreIndexPage"]
    subpage_types = ["courses.CoursePage"]

    def __str__(self):
        return f"{self.title} ({self.acronym})" if self.acronym else self.title

    def get_context(self, request, *args, **kwargs):
        # A translation shows its source's courses and sessions, each in the visitor's
        # language where it is translated.
        context = super().get_context(request, *args, **kwargs)
        source = self.source_page or self
        context["source"] = source
        courses = CoursePage.objects.published().child_of(source)
        context["courses"] = _by_shown_title(localize(courses))
        sessions = list(
            _sessions().public().upcoming().filter(course__centre=source).order_by("starts_at")[:20]
        )
        localize(session.course for session in sessions)
        context["sessions"] = sessions
        return context


class CurriculumIndexPage(LocalizedPageMixin, Page):
    """The list of the RSO's modular curricula."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["training_hub.HomePage"]
    subpage_types = ["courses.CurriculumPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        source = self.source_page or self
        curricula = CurriculumPage.objects.published().child_of(source)
        context["curricula"] = _by_shown_title(localize(curricula))
        return context


class CurriculumPage(TitleCheckedPage):
    """A modular programme owned by the RSO: an ordered set of modules."""

    acronym = models.CharField(max_length=20, blank=True, validators=[validate_single_line])
    summary = models.TextField(blank=True)
    description = RichTextField(blank=True)

    objects = PublishedPageManager()
    base_form_class = CurriculumPageForm
    override_translatable_fields = synchronized("acronym")

    content_panels = Page.content_panels + [
        FieldPanel("acronym"),
        FieldPanel("summary"),
        FieldPanel("description"),
        InlinePanel("modules", label=_("Modules"), min_num=1),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("acronym"),
    ]
    parent_page_types = ["courses.CurriculumIndexPage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        source = self.source_page or self
        context["module_rows"] = source.module_delivery(show_gaps=_is_rso(request.user))
        return context

    def module_delivery(self, *, show_gaps=False, now=None):
        """For each module: the published courses delivering it and the next upcoming session.

        A module delivered nowhere is a gap, flagged when `show_gaps` (for the RSO). Runs a
        fixed number of queries whatever the number of modules, courses and sessions; modules
        and courses are localized (`module.localized`) for the active language.
        """
        next_sessions = _sessions().upcoming(now).order_by("starts_at", "pk")
        deliveries = (
            CourseModule.objects.filter(course__in=CoursePage.objects.published().values("pk"))
            .select_related("course", "course__centre")
            .prefetch_related(models.Prefetch("course__sessions", queryset=next_sessions))
        )
        modules = self.modules.order_by("sort_order").prefetch_related(
            models.Prefetch("deliveries", queryset=deliveries, to_attr="public_deliveries")
        )
        modules = localize(modules)
        localize(delivery.course for module in modules for delivery in module.public_deliveries)
        localize(
            {
                delivery.course.centre_id: delivery.course.centre
                for module in modules
                for delivery in module.public_deliveries
                if delivery.course.centre is not None
            }.values()
        )
        rows = []
        for module in modules:
            courses = [delivery.course for delivery in module.public_deliveries]
            upcoming = sorted(
                (s for course in courses for s in course.sessions.all()),
                key=lambda s: (s.starts_at, s.pk),
            )
            rows.append(
                {
                    "module": module,
                    "courses": courses,
                    "next_session": upcoming[0] if upcoming else None,
                    "is_gap": show_gaps and not courses,
                }
            )
        return rows


class Module(LocalizedMixin, TranslatableMixin, Orderable):
    """One module of a curriculum; translated with its curriculum page (same code)."""

    curriculum = ParentalKey(CurriculumPage, on_delete=models.CASCADE, related_name="modules")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200, validators=[validate_single_line])
    learning_outcomes = models.TextField(help_text=_("One outcome per line."))
    hours = models.DecimalField(max_digits=5, decimal_places=1, validators=[MinValueValidator(0.5)])
    prerequisites = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Codes of modules of this curriculum, comma-separated."),
    )
    audience = models.CharField(max_length=200, blank=True)
    level = models.CharField(max_length=16, choices=Level.choices, default=Level.FOUNDATION)

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("title")]),
        FieldPanel("learning_outcomes"),
        FieldRowPanel([FieldPanel("hours"), FieldPanel("level")]),
        FieldPanel("prerequisites"),
        FieldPanel("audience"),
    ]

    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        for name in ("code", "hours", "prerequisites", "level")
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        constraints = [
            # A code names one module in each language (its translations share it).
            models.UniqueConstraint(fields=["code", "locale"], name="module_code_per_locale")
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def outcomes(self):
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]

    @property
    def prerequisite_codes(self):
        return split_codes(self.prerequisites)


class CoursePage(TitleCheckedPage):
    """A catalogue entry published by a centre: what it teaches, to whom, how and for how much."""

    summary = models.TextField(help_text=_("Two or three sentences shown in the catalogue."))
    description = RichTextField(blank=True)
    theme = models.CharField(max_length=24, choices=Theme.choices)
    topics = ParentalManyToManyField(
        "courses.Topic", blank=True, related_name="courses", limit_choices_to=in_default_locale
    )
    audience = models.CharField(max_length=200)
    level = models.CharField(max_length=16, choices=Level.choices)
    delivery_mode = models.CharField(max_length=16, choices=DeliveryMode.choices)
    languages = ParentalManyToManyField(
        "courses.Language", related_name="courses", limit_choices_to=in_default_locale
    )
    duration_days = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    eligibility = models.TextField(blank=True)
    cost_per_participant = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty when the cost is covered."),
    )
    currency = models.CharField(max_length=3, default="USD")
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    # The centre this course belongs to: its parent page, kept here so queries can join on it.
    centre = models.ForeignKey(
        CentrePage, on_delete=models.PROTECT, related_name="courses", editable=False, null=True
    )

    objects = PublishedPageManager()
    base_form_class = CoursePageForm
    # Codes, choices, numbers and people's names stay as written.
    override_translatable_fields = synchronized("currency", "contact_name")

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("theme"), FieldPanel("level"), FieldPanel("delivery_mode")]),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("audience"),
        FieldRowPanel(
            [
                FieldPanel("duration_days"),
                FieldPanel("cost_per_participant"),
                FieldPanel("currency"),
            ]
        ),
        FieldPanel("eligibility"),
        FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_email")]),
        InlinePanel("course_modules", label=_("Modules delivered")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("theme"),
        index.FilterField("level"),
        index.FilterField("delivery_mode"),
    ]
    parent_page_types = ["courses.CentrePage"]
    subpage_types = []

    def save(self, *args, **kwargs):
        # A translation's centre is its parent too: the centre's translation (or alias) in
        # its language, never a source centre, so that no list of a centre counts it.
        parent = self.get_parent() if self.path else None
        if parent is not None:
            self.centre_id = parent.pk
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.cost_per_participant is not None and self.cost_per_participant < 0:
            raise ValidationError({"cost_per_participant": NEGATIVE_COST})

    def get_context(self, request, *args, **kwargs):
        # A translation shows its source's sessions (sessions point at the English page).
        context = super().get_context(request, *args, **kwargs)
        # Its facts (topics, languages, modules, cost) are the source's, shown in the
        # visitor's language where translated.
        source = self.source_page or self
        context["source"] = source
        context["topics"] = localize(source.topics.all())
        context["languages"] = localize(source.languages.all())
        modules = list(source.course_modules.select_related("module__curriculum"))
        localize(item.module for item in modules)
        context["modules"] = modules
        context["sessions"] = _sessions().public().upcoming().filter(course=source)
        return context


class CourseModule(Orderable):
    """A curriculum module that a course delivers (always the module as written in English:
    a translated course's rows are copies of its source's)."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="course_modules")
    module = models.ForeignKey(
        Module,
        on_delete=models.PROTECT,
        related_name="deliveries",
        limit_choices_to=in_default_locale,
    )

    panels = [FieldPanel("module")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["course", "module"], name="module_once_per_course")
        ]


def _by_shown_title(pages):
    """`pages` (localized) in the order of the titles the visitor reads."""
    return sorted(pages, key=lambda page: (page.localized.title.casefold(), page.pk))
