"""Demo certificates for `make run`: a shared template and JCLEC's (a logo and two
signatories with signatures, drawn here), and the demo certificate JCLE-CDEM-7K4P with its
signed PDF. The past JCLEC session's completed trainees get no certificate: issuing them in
bulk is the director's part of the demo. Loading twice changes nothing."""

import datetime
import hashlib
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from courses.models import CentrePage

from .models import Certificate, CertificateTemplate, Signatory, TemplateLogo
from .pdf import render
from .services import issuer_name, template_save, verify_url

DEMO_CODE = "JCLE-CDEM-7K4P"
SHARED_TEMPLATE = "Regional certificate of completion"
JCLEC_TEMPLATE = "JCLEC certificate of completion"
RSO_TITLE = "Coordinator, Regional Support Office"


def _png(draw_on, size):
    image = PILImage.new("RGBA", size, (255, 255, 255, 0))
    draw_on(ImageDraw.Draw(image), size)
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _emblem(draw, size):
    w, h = size
    draw.ellipse((4, 4, h - 4, h - 4), outline=(11, 61, 92, 255), width=14)
    draw.ellipse((h * 0.3, h * 0.3, h * 0.7, h * 0.7), fill=(200, 150, 40, 255))
    draw.rectangle((h + 20, h * 0.35, w - 10, h * 0.65), fill=(11, 61, 92, 255))


def _signature(seed):
    def draw(draw, size):
        w, h = size
        points = [(20 + i * (w - 40) / 24, h / 2 + ((i * seed) % 7 - 3) * h / 9) for i in range(25)]
        draw.line(points, fill=(20, 40, 110, 255), width=6, joint="curve")
        draw.line([(30, h * 0.8), (w - 60, h * 0.75)], fill=(20, 40, 110, 255), width=4)

    return draw


def _image(title, png):
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    return Image.objects.create(title=title, file=ImageFile(BytesIO(png), name=f"{title}.png"))


def _template(name, *, user, centre, signatories, logo=None):
    template = CertificateTemplate.objects.filter(name=name).first()
    if template is not None:
        return template
    template = CertificateTemplate(name=name, centre=centre)
    template.signatories = [Signatory(**signatory) for signatory in signatories]
    if logo is not None:
        template.logos = [TemplateLogo(image=logo)]
    return template_save(template=template, user=user)


def demo_images():
    """(logo, the RSO's signature, JCLEC's director's signature) as Wagtail images, drawn
    here; the bench uses them too."""
    return (
        _image("Demo emblem", _png(_emblem, (640, 220))),
        _image("Demo signature (RSO)", _png(_signature(3), (600, 200))),
        _image("Demo signature (JCLEC)", _png(_signature(5), (600, 200))),
    )


def load_demo_certificates(*, user):
    """The demo templates and JCLE-CDEM-7K4P (for the demo trainee `trainee.id`)."""
    logo, rso_signature, jclec_signature = demo_images()
    shared = _template(
        SHARED_TEMPLATE,
        user=user,
        centre=None,
        signatories=[
            {
                "name": "Ratana Srisuk",
                "title": "Coordinator, Regional Support Office",
                "signature": rso_signature,
            },
        ],
        logo=logo,
    )
    jclec = CentrePage.objects.filter(slug="jclec").first()
    if jclec is not None:
        _template(
            JCLEC_TEMPLATE,
            user=user,
            centre=jclec,
            signatories=[
                {"name": "Budi Santoso", "title": "Director, JCLEC", "signature": jclec_signature},
                {
                    "name": "Ratana Srisuk",
                    "title": "Coordinator, Regional Support Office",
                    "signature": rso_signature,
                },
            ],
            logo=logo,
        )
    _demo_certificate(shared)


def _demo_certificate(template):
    """The demo certificate of README: a record with its signed PDF, like an issued one."""
    from training_hub.models import User

    certificate = Certificate.objects.filter(code=DEMO_CODE).first()
    if certificate is None:
        trainee = User.objects.get(username="trainee.id")
        certificate = Certificate(
            code=DEMO_CODE,
            trainee=trainee,
            name_on_certificate=trainee.get_full_name(),
            name_latin=trainee.get_full_name(),
            training_title="Regional Induction Training for Frontline Border Officers",
            modules=[],
            starts_on=datetime.date(2026, 6, 8),
            ends_on=datetime.date(2026, 6, 12),
            centre_name="Jakarta Centre for Law Enforcement Cooperation",
            city="Semarang",
            issued_on=datetime.date(2026, 6, 12),
        )
    if certificate.pdf:
        return certificate
    content = render.Content(
        trainee=certificate.name_on_certificate,
        trainee_latin=certificate.name_latin,
        course=certificate.training_title,
        starts_on=certificate.starts_on,
        ends_on=certificate.ends_on,
        centre=certificate.centre_name,
        city=certificate.city,
        code=certificate.code,
        issued_on=certificate.issued_on,
        verify_url=verify_url(certificate.code),
    )
    pdf = render.issue_pdf(template, content, issuer=issuer_name())
    certificate.template = template
    certificate.sha256 = hashlib.sha256(pdf).hexdigest()
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(pdf), save=False)
    certificate.save()
    return certificate
