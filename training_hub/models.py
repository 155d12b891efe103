from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .localization import LocalizedPageMixin, route_with_fallback
from .portal import render_home_panels
from .roles import Role

FOCAL_POINT_NEEDS_MEMBER = _("A national focal point must belong to a member.")
TRAINEE_NEEDS_MEMBER = _("A trainee must belong to the member that nominates them.")


class Member(index.Indexed, models.Model):
    """A Bali Process member state or organisation."""

    class Kind(models.TextChoices):
        STATE = "state", _("State")
        ORGANISATION = "organisation", _("Organisation")

    code = models.CharField(
        max_length=8,
        unique=True,
        help_text=_("ISO 3166 alpha-2 code for a state; the usual acronym for an organisation."),
    )
    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.STATE)
    is_active = models.BooleanField(
        default=True, help_text=_("Inactive members keep their history but cannot nominate.")
    )

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("kind"), FieldPanel("is_active")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
        index.SearchField("code"),
        # Choosers search by autocomplete only: "ID" and "th" must find Indonesia, Thailand.
        index.AutocompleteField("code"),
    ]

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        self.code = (self.code or "").strip().upper()
        if self.kind == self.Kind.STATE and (len(self.code) != 2 or not self.code.isalpha()):
            raise ValidationError({"code": _("A state's code is its two-letter ISO 3166 code.")})


class User(AbstractUser):
    """A person who signs in; their role and member or centres set what they may see."""

    role = models.CharField(max_length=16, choices=Role.choices, blank=True)
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("The member a focal point acts for, or a trainee works for."),
    )
    centres = models.ManyToManyField(
        "courses.CentrePage",
        blank=True,
        related_name="directors",
        help_text=_("The centres of excellence a training director manages."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails this person receives, and of their pages."),
    )

    def clean(self):
        super().clean()
        if self.role == Role.FOCAL_POINT and not self.member_id:
            raise ValidationError({"member": FOCAL_POINT_NEEDS_MEMBER})
        if self.role == Role.TRAINEE and not self.member_id:
            raise ValidationError({"member": TRAINEE_NEEDS_MEMBER})


class HomePage(LocalizedPageMixin, Page):
    """The landing page: what the hub is, and the ways in. Each language has its own (a
    translation, or an alias of the English one), at the root of that language's tree."""

    intro = models.CharField(max_length=300, blank=True)
    body = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["panels"] = render_home_panels(request)
        return context

    def route(self, request, path_components):
        # A path with no live page in this language is the English page (with a note).
        return route_with_fallback(self, request, path_components, super().route)


@register_setting(icon="site")
class SiteIdentity(BaseGenericSetting):
    """The mechanism's name and logo, on every public page and on the admin (the RSO edits it)."""

    short_name = models.CharField(
        _("short name"),
        max_length=60,
        default="Training Hub",
        help_text=_("In page titles, the header and the admin."),
    )
    full_name = models.CharField(
        _("full name"),
        max_length=200,
        default="Regional Coordinated Training Mechanism of the Bali Process",
        help_text=_("Beside the logo in the header, and in the footer."),
    )
    office = models.CharField(
        _("office"),
        max_length=200,
        default="Regional Support Office, Bangkok",
        help_text=_("Who runs the site, in the footer."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at most 48 pixels high; without one, the built-in emblem is shown."),
    )

    panels = [
        FieldPanel("short_name"),
        FieldPanel("full_name"),
        FieldPanel("office"),
        FieldPanel("logo"),
    ]

    class Meta:
        verbose_name = _("site identity")
