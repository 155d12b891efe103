import zoneinfo

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


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

    content_panels = Page.content_panels + [
        FieldPanel("acronym"),
        FieldPanel("country"),
        FieldPanel("city"),
        FieldPanel("time_zone"),
        FieldPanel("description"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("acronym"),
        index.SearchField("city"),
        index.SearchField("description"),
    ]
    parent_page_types = ["catalogue.CentreIndexPage"]
    subpage_types = []

    def __str__(self):
        return f"{self.title} ({self.acronym})" if self.acronym else self.title
