"""An issued PDF as a reader's tools see it: only embedded, subset Noto fonts (pdffonts),
the code, course and dates in its text (pdftotext), a QR code with its verification
address (zbarimg), and a signature that holds (pyHanko, pdfsig) until one byte changes,
which breaks both the signature and the match of its SHA-256."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from certificates.pdf import signing
from certificates.pdf.render import date_range
from certificates.selectors import certificate_by_file
from certificates.services import verify_url
from tests import pdf_tools
from tests.conftest import service_missing
from tests.factories import issue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tools():
    missing = pdf_tools.missing_tools()
    if missing:
        service_missing(f"{', '.join(missing)} (run scripts/system-deps.sh)")


@pytest.fixture
def issued(completed, director, certificate_template):
    certificate = issue(completed, user=director)
    with certificate.pdf.open("rb") as handle:
        return certificate, handle.read()


def test_only_embedded_noto_fonts(issued):
    _certificate, pdf = issued
    listed = pdf_tools.fonts(pdf)
    assert listed, "pdffonts lists no font"
    for name, _type, embedded, subset in listed:
        assert embedded and subset, name
        assert "+Noto" in name, name
    names = {name.split("+", 1)[1] for name, *_ in listed}
    # The Khmer name, the Latin text.
    assert {"NotoSansKhmer-Bold", "NotoSans-Regular"} <= names


def test_the_text_has_the_code_the_course_and_the_dates(issued):
    certificate, pdf = issued
    text = pdf_tools.text(pdf)
    assert certificate.code in text
    assert "Countering people smuggling networks" in text
    # The default wording prints the dates as a range: "2–6 February 2027".
    dates = date_range(certificate.starts_on, certificate.ends_on)
    assert str(certificate.ends_on.year) in dates and str(certificate.starts_on.day) in dates
    assert dates in text
    assert verify_url(certificate.code) in text


def test_the_background_logo_and_signatures_are_drawn(jclec, rso):
    """Every image of the template reaches the page (xhtml2pdf asks for each by the name
    the HTML gives it: `render.PageImages`), beside the QR code."""
    from certificates.demo import demo_images
    from certificates.models import Signatory, TemplateLogo
    from certificates.pdf import render
    from tests.factories import make_certificate_template

    logo, first, second = demo_images()
    template = make_certificate_template(
        centre=jclec,
        user=rso,
        name="With every image",
        background=logo,
        logos=[TemplateLogo(image=logo)],
        signatories=[
            Signatory(name="Budi Santoso", title="Director", signature=first),
            Signatory(name="Ratana Srisuk", title="RSO", signature=second),
        ],
    )
    content = render.Content(
        trainee="Dewi Lestari",
        trainee_latin="",
        course="Countering people smuggling networks",
        code="ABCD-EFGH-JKLM",
        verify_url="https://traininghub.example.org/certificates/verify/ABCD-EFGH-JKLM/",
    )
    drawn = pdf_tools.images(render.render(template, content))
    # The background (640 × 220, as drawn), the logo (200 high), two signatures (600 × 200)
    # and the QR code (square).
    assert (640, 220) in drawn
    assert sum(1 for _width, height in drawn if height == 200) == 3
    assert any(width == height for width, height in drawn)
    assert len(drawn) == 5


def test_the_qr_code_holds_the_verification_address(issued):
    certificate, pdf = issued
    page = pdf_tools.raster(pdf, dpi=150)
    assert pdf_tools.qr_codes(page) == [verify_url(certificate.code)]


def test_the_signature_holds_and_the_file_matches_its_digest(issued):
    certificate, pdf = issued
    check = signing.check(pdf)
    assert check.ok, check
    assert "Training Hub development signing key" in check.signer
    report = pdf_tools.pdfsig(pdf)
    assert "Signature is Valid" in report and "Total document signed" in report
    assert hashlib.sha256(pdf).hexdigest() == certificate.sha256
    assert certificate_by_file(pdf) == certificate


def _pyhanko_validate(pdf, tmp_path):
    """`pyhanko sign validate` (the command README gives), trusting our certificate only."""
    cert = tmp_path / "issuer.pem"
    cert.write_bytes(signing.certificate_pem())
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    command = [str(Path(sys.executable).with_name("pyhanko")), "sign", "validate"]
    return subprocess.run(
        [*command, "--trust-replace", "--trust", str(cert), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_pyhanko_says_intact_trusted_untouched(issued, tmp_path):
    _certificate, pdf = issued
    result = _pyhanko_validate(pdf, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "INTACT:TRUSTED,UNTOUCHED" in result.stdout


def test_one_byte_changed_fails_the_digest_and_the_signature(issued, tmp_path):
    _certificate, pdf = issued
    # A byte of the course title, inside the signed range.
    at = pdf.index(b"/Title (") + len(b"/Title (")
    changed = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]
    assert len(changed) == len(pdf) and changed != pdf
    assert certificate_by_file(changed) is None
    check = signing.check(changed)
    assert check.signed and not check.ok and not check.intact
    report = pdf_tools.pdfsig(changed)
    assert "Signature is Valid" not in report
    result = _pyhanko_validate(changed, tmp_path)
    assert result.returncode != 0 and "INVALID" in result.stdout


def test_signing_works_inside_a_running_event_loop():
    """pyHanko's sync signing runs asyncio.run, which a running loop refuses (the demo is
    loaded that way under Playwright's sync API): `sign` then signs in a thread."""
    import asyncio
    from io import BytesIO

    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    sheet = canvas.Canvas(buffer)
    sheet.drawString(72, 72, "Signed inside a loop")
    sheet.save()

    async def inside_a_loop():
        return signing.sign(buffer.getvalue(), reason="Test")

    signed = asyncio.run(inside_a_loop())
    assert signing.check(signed).ok
