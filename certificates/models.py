"""Certificate templates (the RSO's and directors', in the admin), certificates as issued,
and the runs that issue a session's certificates in bulk.

A certificate keeps what it certified as it was on the day: the name, course, modules,
hours, dates and centre are copied onto it, and its PDF (with the SHA-256 of its bytes) is
stored, so a later edit of the course, session or template changes nothing issued.
"""

import secrets

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from courses.models.vocabularies import validate_single_line

from .choices import CertificateStatus, Orientation, PageSize, RunStatus
from .storage import certificate_storage

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
# 12 characters of a 32-letter alphabet: 60 random bits (secrets: the OS's CSPRNG).
CODE_LENGTH = 12
CODE_BITS = CODE_LENGTH * 5


def new_certificate_code():
    """A 12-character code, grouped for reading aloud: XXXX-XXXX-XXXX."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


DEFAULT_WORDING = """<p class="lead">This is to certify that</p>
<h1>{{ trainee }}</h1>
<p class="latin">{{ trainee_latin }}</p>
<p class="lead">has completed the course</p>
<h2>{{ course }}</h2>
<p>held by the {{ centre }} in {{ city }}, {{ dates }}</p>
<p class="modules">{{ modules }}</p>
<p class="modules">{{ hours }}</p>"""


class CertificateTemplate(ClusterableModel):
    """How a centre's certificates look: page, background, logos, signatories, wording."""

    name = models.CharField(_("name"), max_length=120, validators=[validate_single_line])
    centre = models.ForeignKey(
        "courses.CentrePage",
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate_templates",
        help_text=_("Leave empty for a template every centre may use (the RSO's)."),
    )
    page_size = models.CharField(
        _("page size"), max_length=8, choices=PageSize.choices, default=PageSize.A4
    )
    orientation = models.CharField(
        _("orientation"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    background = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("background"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Fills the whole page, under everything else."),
    )
    wording = models.TextField(
        _("wording"),
        default=DEFAULT_WORDING,
        help_text=_(
            "HTML (p, h1–h3, strong, em, span, small, br, lists; class attributes only) with "
            "placeholders such as {{ trainee }}, {{ course }}, {{ modules }}, {{ hours }}, "
            "{{ dates }}, {{ start_date }}, {{ end_date }}, {{ centre }}, {{ city }}, "
            "{{ code }}, {{ issued_on }}. The code, QR code and verification address are "
            "printed at the foot of every certificate."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("centre", widget=forms.Select)]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("page_size"), FieldPanel("orientation")]),
                FieldPanel("background"),
                InlinePanel("logos", label=_("Logo"), max_num=3),
            ],
            heading=_("Page"),
        ),
        FieldPanel("wording"),
        InlinePanel("signatories", label=_("Signatory"), max_num=4),
    ]

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")

    def __str__(self):
        return self.name


class TemplateLogo(Orderable):
    """A logo at the head of the certificate, left to right in this order."""

    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="logos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("image")]


class Signatory(Orderable):
    """Who signs the certificate: a name, a title and a signature image."""

    template = ParentalKey(
        CertificateTemplate, on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(_("name"), max_length=120, validators=[validate_single_line])
    title = models.CharField(_("title"), max_length=160, validators=[validate_single_line])
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("title")]), FieldPanel("signature")]


def _pdf_name(certificate, filename):
    return f"{certificate.issued_on:%Y/%m}/{certificate.code}.pdf"


class Certificate(models.Model):
    """Proof that a trainee completed a session; anyone can verify it by its code."""

    code = models.CharField(max_length=14, unique=True, default=new_certificate_code)
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates"
    )
    nomination = models.ForeignKey(
        "nominations.Nomination",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    session = models.ForeignKey(
        "courses.Session",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    # What it certified, as issued.
    name_on_certificate = models.CharField(_("name"), max_length=200)
    name_latin = models.CharField(_("name as in the passport"), max_length=200, blank=True)
    training_title = models.CharField(_("course"), max_length=255)
    modules = models.JSONField(_("modules"), default=list, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    starts_on = models.DateField(_("first day"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    centre_name = models.CharField(_("centre"), max_length=255)
    city = models.CharField(_("city"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"))
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    pdf = models.FileField(storage=certificate_storage, upload_to=_pdf_name, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(_("reason"), max_length=255, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A re-issue: the certificate this one replaces (revoked when this one was issued).
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )

    class Meta:
        ordering = ["-issued_on", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "session"],
                condition=Q(revoked_on__isnull=True),
                name="one_valid_certificate_per_trainee_and_session",
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | ~Q(revocation_reason=""),
                name="certificate_revoked_with_reason",
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.name_on_certificate}"

    @property
    def is_revoked(self):
        return self.revoked_on is not None

    @property
    def status(self):
        return CertificateStatus.REVOKED if self.is_revoked else CertificateStatus.VALID

    def get_status_display(self):
        return self.status.label

    @property
    def names(self):
        """The name, and the passport name beside it when it differs."""
        if self.name_latin and self.name_latin != self.name_on_certificate:
            return f"{self.name_on_certificate} ({self.name_latin})"
        return self.name_on_certificate


class IssueRun(models.Model):
    """One bulk issue of a session's certificates, run as a task; the page shows its progress."""

    session = models.ForeignKey(
        "courses.Session", on_delete=models.CASCADE, related_name="certificate_runs"
    )
    template = models.ForeignKey(
        CertificateTemplate, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    messages = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.session_id}: {self.issued}/{self.total}"

    @property
    def done(self):
        return self.issued + self.skipped + self.failed

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def is_active(self):
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)
