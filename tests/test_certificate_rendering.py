"""Names are drawn right in every script of the region: each name is rendered on a
certificate, rasterised (pdftoppm) and compared with HarfBuzz's own drawing of the same
string in the same font (hb-view), within a small tolerance. Without shaping the
comparison fails for the scripts that need it (the last test), so it can fail."""

import datetime
import unicodedata

import pytest
from reportlab.pdfgen.textobject import PDFTextObject

from certificates.models import CertificateTemplate
from certificates.pdf import fonts, render, shaping
from tests import pdf_tools
from tests.conftest import service_missing

NAMES = {
    "khmer": "ស្រីពេជ្រ",
    "thai": "กิ่งกาญจน์",
    "burmese": "မြန်မာ",
    "vietnamese-nfc": unicodedata.normalize("NFC", "Hường"),
    "vietnamese-nfd": unicodedata.normalize("NFD", "Hường"),
    "lao": "ສົມພອນ",
    "urdu": "محمد اقبال",
    "chinese": "王秀英",
    "korean": "김민준",
    "bahasa": "Siti Nurhaliza",
    "latin": "José Rizal",
}
# The names that come out wrong without shaping (subscripts, stacked marks, joining).
NEED_SHAPING = ("khmer", "thai", "burmese", "vietnamese-nfd", "urdu")
DPI = 144
NAME_PT = 30  # h1 of the layout's stylesheet
FOOTER_PT = 130  # the code, the address and the QR code, cut away before comparing
FRAME_PT = 34  # the double frame along the edges (12 mm), likewise
MAX_MISMATCH = 0.2
MAX_SIZE_DIFFERENCE = 3  # pixels


@pytest.fixture(scope="module", autouse=True)
def _tools():
    missing = pdf_tools.missing_tools()
    if missing:
        service_missing(f"{', '.join(missing)} (run scripts/system-deps.sh)")


def _face(name):
    family = fonts.family_for(name)
    faces = [face for face in fonts.FACES if face.family == family]
    # The name is an h1, drawn bold where the family has a bold face.
    return next((face for face in faces if face.bold), faces[0])


def _drawn_and_expected(name):
    template = CertificateTemplate(name="probe", wording="<h1>{{ trainee }}</h1>")
    content = render.Content(
        trainee=name,
        trainee_latin="",
        course="Course",
        code="ABCD-EFGH-JKLM",
        issued_on=datetime.date(2026, 6, 1),
        verify_url="https://traininghub.example.org/certificates/verify/ABCD-EFGH-JKLM/",
    )
    pdf = render.render(template, content)
    page = pdf_tools.raster(pdf, dpi=DPI, crop_bottom_pt=FOOTER_PT, crop_edges_pt=FRAME_PT)
    drawn = pdf_tools.ink(page)
    expected = pdf_tools.ink(
        pdf_tools.reference(name, fonts.find(_face(name)), size_px=NAME_PT * DPI / 72)
    )
    assert drawn is not None and expected is not None
    return drawn, expected


def _likeness(name):
    drawn, expected = _drawn_and_expected(name)
    size_difference = max(abs(a - b) for a, b in zip(drawn.size, expected.size, strict=True))
    return size_difference, pdf_tools.mismatch(drawn, expected)


@pytest.mark.parametrize("script", NAMES)
def test_the_name_is_drawn_as_harfbuzz_draws_it(script):
    size_difference, mismatch = _likeness(NAMES[script])
    assert size_difference <= MAX_SIZE_DIFFERENCE, (script, size_difference)
    assert mismatch <= MAX_MISMATCH, (script, round(mismatch, 3))


def test_nfc_and_nfd_come_out_the_same():
    nfc, _ = _drawn_and_expected(NAMES["vietnamese-nfc"])
    nfd, _ = _drawn_and_expected(NAMES["vietnamese-nfd"])
    assert nfc.size == nfd.size
    assert pdf_tools.mismatch(nfd, nfc) < 0.02


def test_without_shaping_the_comparison_fails(monkeypatch):
    """xhtml2pdf as it comes (no shaping): the comparison catches every script that needs
    shaping, so the test above can fail."""
    monkeypatch.setattr(shaping.ShapingTextObject, "_formatText", PDFTextObject._formatText)
    monkeypatch.setattr(shaping.ShapedTTFont, "stringWidth", shaping.TTFont.stringWidth)
    for script in NEED_SHAPING:
        size_difference, mismatch = _likeness(NAMES[script])
        assert size_difference > MAX_SIZE_DIFFERENCE or mismatch > MAX_MISMATCH, script


def test_a_missing_font_is_a_clear_error(settings, tmp_path):
    settings.TRAINING_HUB_FONT_DIRS = [str(tmp_path)]
    with pytest.raises(fonts.FontMissing) as error:
        fonts.paths()
    assert "NotoSans-Regular.ttf" in str(error.value)
    assert "fonts-noto-core" in str(error.value)


def test_a_missing_converted_face_says_how_to_make_it(settings, tmp_path):
    settings.TRAINING_HUB_FONT_CACHE = str(tmp_path)
    face = next(face for face in fonts.FACES if face.converted_from)
    with pytest.raises(fonts.FontMissing) as error:
        fonts.find(face)
    assert "certificate_fonts" in str(error.value)


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("ស្រីពេជ្រ សុខ", "Noto Sans Khmer"),
        ("กัญญา ศรีสวัสดิ์", "Noto Sans Thai"),
        ("Nguyễn Thị Lan", "Noto Sans"),
        ("محمد اقبال", "Noto Nastaliq Urdu"),
        ("김민준", "Noto Sans CJK SC"),
        ("2026", "Noto Sans"),
    ],
)
def test_the_script_of_a_value_picks_its_face(text, family):
    assert fonts.family_for(text) == family


@pytest.mark.parametrize(
    ("start", "end", "printed"),
    [
        ((2026, 6, 8), (2026, 6, 12), "8–12 June 2026"),
        ((2026, 6, 29), (2026, 7, 3), "29 June – 3 July 2026"),
        ((2026, 12, 30), (2027, 1, 2), "30 December 2026 – 2 January 2027"),
        ((2026, 6, 8), (2026, 6, 8), "8 June 2026"),
    ],
)
def test_dates_print_as_a_range(start, end, printed):
    assert render.date_range(datetime.date(*start), datetime.date(*end)) == printed
