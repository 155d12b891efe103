import re
import zoneinfo
from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .choices import FundingStatus, Level, SessionStatus

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]

END_BEFORE_START = "The session must end after it starts."
QUOTA_ABOVE_CAPACITY = "The quota cannot be larger than the session's capacity ({capacity})."
WINDOW_AFTER_START = "Nominations must close before the session starts."
WINDOW_INVERTED = "Nominations must open before they close."
UNKNOWN_PREREQUISITE = "Unknown module code(s) in this curriculum: {codes}."


class Topic(models.Model):
    """A free topic of the catalogue (trafficking in persons, document examination, ...)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Language(models.Model):
    """A language a course is taught in."""

    code = models.CharField(max_length=8, unique=True, help_text="ISO 639-1 code, e.g. 'th'.")
    name = models.CharField(max_length=60, unique=True)

    panels = [FieldPanel("code"), FieldPanel("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CurriculumIndexPage(Page):
    """The list of the RSO's modular curricula."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["training_hub.HomePage"]
    subpage_types = ["courses.CurriculumPage"]
    max_count = 1


MODULE_IN_USE = "{module} is delivered by {count} course(s); remove it from them first."


class CurriculumPageForm(WagtailAdminPageForm):
    """Checks prerequisites name modules of the same curriculum, and keeps delivered modules."""

    def is_valid(self):
        # Module rows are cleaned by their formset after the page form's clean(); check
        # them here, once both are known.
        valid = super().is_valid()
        formset = self.formsets.get("modules")
        if not valid or formset is None:
            return valid
        kept = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        codes = {(f.cleaned_data.get("code") or "").upper() for f in kept}
        for form in kept:
            wanted = re.split(r"[,\s]+", (form.cleaned_data.get("prerequisites") or "").upper())
            unknown = sorted({code for code in wanted if code} - codes)
            if unknown:
                form.add_error(
                    "prerequisites", UNKNOWN_PREREQUISITE.format(codes=", ".join(unknown))
                )
        for form in formset.forms:
            module = form.instance
            if form.cleaned_data.get("DELETE") and module.pk and module.deliveries.exists():
                count = module.deliveries.count()
                self.add_error(None, MODULE_IN_USE.format(module=module, count=count))
        return not self.errors and not any(form.errors for form in formset.forms)


class CurriculumPage(Page):
    """A modular programme owned by the RSO: an ordered set of modules."""

    base_form_class = CurriculumPageForm

    acronym = models.CharField(max_length=20, blank=True)
    summary = models.TextField(blank=True)
    description = RichTextField(blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("acronym"),
        FieldPanel("summary"),
        FieldPanel("description"),
        InlinePanel("modules", label="Modules", min_num=1),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("acronym"),
    ]
    parent_page_types = ["courses.CurriculumIndexPage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        from .selectors import curriculum_module_delivery

        context = super().get_context(request, *args, **kwargs)
        context["module_rows"] = curriculum_module_delivery(self, user=request.user)
        return context


class Module(Orderable):
    """One module of a curriculum."""

    curriculum = ParentalKey(CurriculumPage, on_delete=models.CASCADE, related_name="modules")
    code = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    learning_outcomes = models.TextField(help_text="One outcome per line.")
    hours = models.DecimalField(max_digits=5, decimal_places=1, validators=[MinValueValidator(0.5)])
    prerequisites = models.CharField(
        max_length=200,
        blank=True,
        help_text="Codes of modules of this curriculum, comma-separated.",
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

    class Meta(Orderable.Meta):
        pass

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def outcomes(self):
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]

    @property
    def prerequisite_codes(self):
        return [code for code in re.split(r"[,\s]+", self.prerequisites.upper()) if code]


class Session(index.Indexed, ClusterableModel):
    """One run of a course: dates in the venue's time zone, seats, quotas, nomination window."""

    course = models.ForeignKey(
        "catalogue.CoursePage", on_delete=models.PROTECT, related_name="sessions"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(
        max_length=64, choices=TIME_ZONE_CHOICES, help_text="The venue's time zone."
    )
    venue = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    default_quota = models.PositiveIntegerField(
        default=2, help_text="Seats each member may fill unless a quota below says otherwise."
    )
    nominations_open_at = models.DateTimeField()
    nominations_close_at = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    funding_status = models.CharField(
        max_length=16, choices=FundingStatus.choices, default=FundingStatus.NOT_FUNDED
    )
    # iCalendar SEQUENCE: raised whenever time, time zone or venue change.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("course", widget=forms.Select),
        MultiFieldPanel(
            [
                FieldPanel("time_zone"),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldRowPanel([FieldPanel("venue"), FieldPanel("city")]),
            ],
            heading="When and where (times in the venue's time zone)",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("default_quota")]),
                FieldRowPanel(
                    [FieldPanel("nominations_open_at"), FieldPanel("nominations_close_at")]
                ),
                FieldRowPanel([FieldPanel("status"), FieldPanel("funding_status")]),
            ],
            heading="Seats and nominations",
        ),
        InlinePanel("quotas", label="Quota for a member (overrides the default)"),
    ]
    search_fields = [index.FilterField("status"), index.FilterField("starts_at")]

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self):
        local = self.local_start
        return f"{self.course.title} — {local:%d %b %Y}, {self.city}" if local else "New session"

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.zone) if self.starts_at and self.time_zone else None

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.zone) if self.ends_at and self.time_zone else None

    # Wall-clock (naive) times at the venue, for templates: Django would convert an aware
    # value to the server's time zone before printing it.
    def _wall(self, value):
        return (
            value.astimezone(self.zone).replace(tzinfo=None) if value and self.time_zone else None
        )

    @property
    def wall_start(self):
        return self._wall(self.starts_at)

    @property
    def wall_end(self):
        return self._wall(self.ends_at)

    @property
    def wall_nominations_open(self):
        return self._wall(self.nominations_open_at)

    @property
    def wall_nominations_close(self):
        return self._wall(self.nominations_close_at)

    def is_open_for_nominations(self, now: datetime | None = None):
        now = now or timezone.now()
        return (
            self.status == SessionStatus.OPEN
            and self.nominations_open_at <= now < self.nominations_close_at
        )

    def quota_for(self, member):
        """Seats `member` may fill: its override if there is one, else the default quota."""
        for quota in self.quotas.all():
            if quota.member_id == member.pk:
                return quota.seats
        return self.default_quota

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = END_BEFORE_START
        if self.capacity and self.default_quota and self.default_quota > self.capacity:
            errors["default_quota"] = QUOTA_ABOVE_CAPACITY.format(capacity=self.capacity)
        opens, closes = self.nominations_open_at, self.nominations_close_at
        if opens and closes and closes <= opens:
            errors["nominations_close_at"] = WINDOW_INVERTED
        elif closes and self.starts_at and closes > self.starts_at:
            errors["nominations_close_at"] = WINDOW_AFTER_START
        if self.capacity and any(q.seats > self.capacity for q in self.quotas.all()):
            errors["capacity"] = "A member's quota below is larger than this capacity."
        if errors:
            raise ValidationError(errors)


class SessionQuota(Orderable):
    """A member's own quota for one session, overriding the session's default."""

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="quotas")
    member = models.ForeignKey("training_hub.Member", on_delete=models.PROTECT)
    seats = models.PositiveIntegerField()

    panels = [FieldRowPanel([FieldPanel("member"), FieldPanel("seats")])]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="one_quota_per_member")
        ]
