from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.choices import DeliveryMode, Level, Theme
from courses.models import TIME_ZONE_CHOICES, Module

MODULE_LISTED_TWICE = "{module} is listed more than once."


class CentreIndexPage(Page):
    """The list of centres of excellence."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["training_hub.HomePage"]
    subpage_types = ["catalogue.CentrePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["centres"] = (
            CentrePage.objects.live().child_of(self).select_related("country").order_by("title")
        )
        return context


class CentrePage(Page):
    """A regional training centre of excellence; directors are scoped to their centres."""

    acronym = models.CharField(max_length=20, blank=True)
    country = models.ForeignKey(
        "training_hub.Member", on_delete=models.PROTECT, related_name="centres"
    )
    city = models.CharField(max_length=80)
    time_zone = models.CharField(max_length=64, choices=TIME_ZONE_CHOICES)
    description = RichTextField(blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("acronym"), FieldPanel("country")]),
        FieldRowPanel([FieldPanel("city"), FieldPanel("time_zone")]),
        FieldPanel("description"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_email")]),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("website")]),
            ],
            heading="Contacts",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("acronym"),
        index.SearchField("city"),
        index.SearchField("description"),
    ]
    parent_page_types = ["catalogue.CentreIndexPage"]
    subpage_types = ["catalogue.CoursePage"]

    def __str__(self):
        return f"{self.title} ({self.acronym})" if self.acronym else self.title

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import upcoming_sessions

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = CoursePage.objects.live().child_of(self).order_by("title")
        context["sessions"] = upcoming_sessions().filter(course__centre=self)[:20]
        return context


class CoursePageForm(WagtailAdminPageForm):
    """Refuses a module listed twice, naming it on the module row."""

    def is_valid(self):
        # Module rows are cleaned by their formset after the page form's clean(), and
        # Django's unique check reports a repeat without naming it: name it on the row.
        valid = super().is_valid()
        formset = self.formsets.get("course_modules")
        if formset is None:
            return valid
        seen = set()
        for form in formset.forms:
            if form.cleaned_data.get("DELETE") if hasattr(form, "cleaned_data") else False:
                continue
            module_id = form["module"].value()
            if not module_id:
                continue
            if module_id in seen:
                module = Module.objects.filter(pk=module_id).first()
                form.add_error("module", MODULE_LISTED_TWICE.format(module=module or module_id))
            seen.add(module_id)
        return valid and not any(form.errors for form in formset.forms)


class CoursePage(Page):
    """A catalogue entry published by a centre: what it teaches, to whom, how and for how much."""

    summary = models.TextField(help_text="Two or three sentences shown in the catalogue.")
    description = RichTextField(blank=True)
    theme = models.CharField(max_length=24, choices=Theme.choices)
    topics = ParentalManyToManyField("courses.Topic", blank=True, related_name="courses")
    audience = models.CharField(max_length=200)
    level = models.CharField(max_length=16, choices=Level.choices)
    delivery_mode = models.CharField(max_length=16, choices=DeliveryMode.choices)
    languages = ParentalManyToManyField("courses.Language", related_name="courses")
    duration_days = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    eligibility = models.TextField(blank=True)
    cost_per_participant = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Leave empty when the cost is covered.",
    )
    currency = models.CharField(max_length=3, default="USD")
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    # The centre this course belongs to: its parent page, kept here so queries can join on it.
    centre = models.ForeignKey(
        CentrePage, on_delete=models.PROTECT, related_name="courses", editable=False, null=True
    )

    base_form_class = CoursePageForm
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
        InlinePanel("course_modules", label="Modules delivered"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("theme"),
        index.FilterField("level"),
        index.FilterField("delivery_mode"),
    ]
    parent_page_types = ["catalogue.CentrePage"]
    subpage_types = []

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.path else None
        if parent is not None:
            self.centre_id = parent.pk
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.cost_per_participant is not None and self.cost_per_participant < 0:
            raise ValidationError({"cost_per_participant": "A cost cannot be negative."})

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import upcoming_sessions

        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = upcoming_sessions().filter(course=self)
        context["now"] = timezone.now()
        return context


class CourseModule(Orderable):
    """A curriculum module that a course delivers."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="course_modules")
    module = models.ForeignKey(
        "courses.Module", on_delete=models.PROTECT, related_name="deliveries"
    )

    panels = [FieldPanel("module")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["course", "module"], name="module_once_per_course")
        ]
