"""A certificate's PDF: the template's page, logos, wording and signatories, the trainee's
values, a QR code and the verification address, laid out by xhtml2pdf in the Noto faces
with shaping (`shaping.install`), then signed (`signing.sign`).

`content_for` gathers what a certificate says; `render` lays it out; `issue_pdf` adds
the signature. The same `render` draws the admin's preview with sample data.
"""

import base64
import datetime
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import placeholders
from . import fonts, shaping, signing

logger = logging.getLogger(__name__)

NOT_LAID_OUT = _("xhtml2pdf could not lay the certificate out: %(reason)s")
TOO_LONG = _("The certificate takes %(pages)s pages; shorten the wording to fit on one.")
SIGNATURE_REASON = "Certificate of completion issued by %(issuer)s"

# Images go in as JPEG where they can: ReportLab passes a JPEG through, while it decodes a
# PNG (and its alpha) and compresses it again for every certificate. Logos and signatures
# keep their transparency only over a background image; on the plain page they are
# flattened onto white. Without a background image the layout draws a frame in lines.
JPEG = "|format-jpeg|jpegquality-90"
IMAGE_SPECS = {
    "background": "max-2480x2480" + JPEG,
    "logo": "height-200",
    "signature": "max-600x200",
}
FLATTENED = "|bgcolor-ffffff" + JPEG


# A page object of the PDF ReportLab writes (one per page; "/Pages" is the tree's root).
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


class LayoutError(ValueError):
    """The template cannot be laid out as one page."""


@dataclass
class Content:
    """What one certificate says, as plain values (names in any script, as typed)."""

    trainee: str
    trainee_latin: str
    course: str
    modules: list = field(default_factory=list)  # [{"code", "title", "hours"}]
    hours: Decimal | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    centre: str = ""
    city: str = ""
    code: str = ""
    issued_on: datetime.date | None = None
    verify_url: str = ""

    def values(self):
        """{placeholder: text} of every placeholder (in the site's default language)."""
        return {
            "trainee": self.trainee,
            "trainee_latin": self.trainee_latin if self.trainee_latin != self.trainee else "",
            "course": self.course,
            "modules": " · ".join(
                f"{module['code']} {module['title']}".strip() for module in self.modules
            ),
            "hours": _hours(self.hours),
            "dates": date_range(self.starts_on, self.ends_on),
            "start_date": _day(self.starts_on),
            "end_date": _day(self.ends_on),
            "centre": self.centre,
            "city": self.city,
            "code": self.code,
            "issued_on": _day(self.issued_on),
        }


def _day(value):
    return date_format(value, "j F Y") if value else ""


def _hours(value):
    """24 hours; 7.5 hours; nothing when the course has no modules."""
    if not value:
        return ""
    value = Decimal(value)
    number = f"{value:.0f}" if value == value.to_integral_value() else f"{value:.1f}"
    return ngettext("%(hours)s hour", "%(hours)s hours", int(value) or 2) % {"hours": number}


def date_range(start, end):
    """8–12 June 2026; 30 June – 2 July 2026; one day alone."""
    if not start:
        return ""
    if not end or end == start:
        return _day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{_day(end)}"
    if start.year == end.year:
        return f"{date_format(start, 'j F')} – {_day(end)}"
    return f"{_day(start)} – {_day(end)}"


def _data_uri(mime, data):
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _image_uri(image, spec):
    """A Wagtail image as a data URI of a rendition (so any storage works and xhtml2pdf
    reads no file outside its policy), kept for the next certificate: a new image file
    has a new name."""
    return _rendition_uri(image.pk, image.file.name, spec)


@lru_cache(maxsize=64)
def _rendition_uri(image_id, file_name, spec):
    from wagtail.images import get_image_model

    rendition = get_image_model().objects.get(pk=image_id).get_rendition(spec)
    with rendition.file.open("rb") as handle:
        data = handle.read()
    mime = "image/png" if rendition.file.name.lower().endswith(".png") else "image/jpeg"
    return _data_uri(mime, data)


def qr_uri(url):
    buffer = BytesIO()
    # Small in pixels (segno writes PNG in Python); the PDF scales it up without smoothing.
    # One fixed mask: trying all eight for the "best" took four times as long as the rest.
    segno.make(url, error="m", mask=0).save(buffer, kind="png", scale=2, border=0)
    return _data_uri("image/png", buffer.getvalue())


class PageImages:
    """A page's images by short names: the HTML names each (`certificate-image:0`, …) and
    xhtml2pdf asks for it by that name through `link_callback`, which gives its data URI.
    The data URIs (some 70 KB of a certificate's 80 KB of HTML) then never pass through
    xhtml2pdf's HTML and CSS parsers, which scanned and tokenized them on every page."""

    PREFIX = "certificate-image:"

    def __init__(self):
        self.uris = {}

    def name(self, uri):
        name = f"{self.PREFIX}{len(self.uris)}"
        self.uris[name] = uri
        return name

    def link_callback(self, uri, _relative):
        """The data URI of a named image; None (the address as written) for anything else."""
        return self.uris.get(uri)


def html(template, content, images):
    """The HTML xhtml2pdf lays out for `template` and `content`, its images named in
    `images` (a `PageImages`)."""
    shaping.register()
    values = content.values()
    over_white = "" if template.background_id else FLATTENED
    signatories = [
        {
            "name": placeholders.fill("{{ name }}", {"name": signatory.name}),
            "title": placeholders.fill("{{ title }}", {"title": signatory.title}),
            "signature": (
                images.name(_image_uri(signatory.signature, IMAGE_SPECS["signature"] + over_white))
                if signatory.signature_id
                else ""
            ),
        }
        for signatory in template.signatories.all()
    ]
    logos = [
        images.name(_image_uri(logo.image, IMAGE_SPECS["logo"] + over_white))
        for logo in template.logos.all()
    ]
    context = {
        "page_size": template.page_size,
        "orientation": template.orientation,
        "background": (
            images.name(_image_uri(template.background, IMAGE_SPECS["background"]))
            if template.background_id
            else ""
        ),
        "logos": logos,
        "signatories": signatories,
        "wording": placeholders.fill(template.wording, values),
        "family_list": fonts.css_family_list(),
        "code": content.code,
        "verify_url": content.verify_url,
        "qr": images.name(qr_uri(content.verify_url)) if content.verify_url else "",
        "issued_on": values["issued_on"],
        "title": f"{content.course} — {content.code}",
        "subject": content.trainee,
    }
    return render_to_string("certificates/pdf/certificate.html", context)


def render(template, content):
    """The unsigned PDF of `template` with `content`; LayoutError when xhtml2pdf cannot lay
    it out on one page, FontMissing when a face is not installed."""
    from xhtml2pdf import pisa
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    shaping.install()
    images = PageImages()
    with translation.override("en"):
        source = html(template, content, images)
    policy = ResourceAccessPolicy(
        allow_remote=False,
        base_dir=Path(fonts.converted_dir()),
        extra_roots=tuple(fonts.font_dirs()),
        max_render_seconds=60,
    )
    out = BytesIO()
    try:
        status = pisa.pisaDocument(
            source,
            dest=out,
            resource_policy=policy,
            encoding="utf-8",
            link_callback=images.link_callback,
        )
    except fonts.FontMissing:
        raise
    except Exception as error:
        raise LayoutError(NOT_LAID_OUT % {"reason": error}) from error
    if getattr(status, "err", 0):
        raise LayoutError(NOT_LAID_OUT % {"reason": "; ".join(_errors(status))})
    pdf = out.getvalue()
    pages = len(_PAGE.findall(pdf))
    if pages != 1:
        raise LayoutError(TOO_LONG % {"pages": pages})
    return pdf


def _errors(status):
    log = getattr(status, "log", []) or []
    return [str(entry[-1]) for entry in log if entry and entry[0] == 40] or ["unknown error"]


def issue_pdf(template, content, *, issuer):
    """The signed PDF of a certificate, as issued."""
    pdf = render(template, content)
    return signing.sign(pdf, reason=SIGNATURE_REASON % {"issuer": issuer}, location=content.city)
