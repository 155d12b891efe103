"""The Noto faces a certificate is drawn with, where they come from, and which one a text
needs.

Every face is a file of Debian's Noto packages (`scripts/system-deps.sh` installs them:
fonts-noto-core, fonts-noto-cjk). ReportLab embeds TrueType outlines only, and Debian's
CJK faces are CFF (PostScript) outlines in a collection, so `manage.py certificate_fonts`
(run by `make demo`, `make run`, `make test` and the Docker build) redraws the Simplified
Chinese face of the collection, which also carries Hangul, as a TrueType file in
`TRAINING_HUB_FONT_CACHE`. A face that cannot be found is a `FontMissing` error naming the
file and how to install it: a certificate is never drawn in a fallback font.
"""

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

FONT_MISSING = _(
    "The font %(file)s (%(family)s) is not installed, so certificates cannot be drawn. %(remedy)s"
)
DEBIAN_REMEDY = "Install the Debian package %(package)s (scripts/system-deps.sh does)."
CONVERTED_REMEDY = "Run `python manage.py certificate_fonts` (make run and make test do)."


class FontMissing(RuntimeError):
    """A face a certificate needs is not on this machine."""


@dataclass(frozen=True)
class Face:
    """One font file: its family name in the certificate's CSS, and its weight."""

    family: str
    file: str
    package: str
    bold: bool = False
    converted_from: str = ""  # a CFF collection face this TrueType file is made from
    collection_index: int = 0

    @property
    def registered_name(self):
        # The name xhtml2pdf gives a face it embeds with @font-face ("<family>_<bold><italic>");
        # a font already registered under it is used as it is (`shaping.register`).
        return f"{self.family.lower()}_{int(self.bold)}0"


LATIN = "Noto Sans"
CJK = "Noto Sans CJK SC"
CJK_SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

FACES = (
    Face(LATIN, "NotoSans-Regular.ttf", "fonts-noto-core"),
    Face(LATIN, "NotoSans-Bold.ttf", "fonts-noto-core", bold=True),
    Face("Noto Sans Thai", "NotoSansThai-Regular.ttf", "fonts-noto-core"),
    Face("Noto Sans Thai", "NotoSansThai-Bold.ttf", "fonts-noto-core", bold=True),
    Face("Noto Sans Khmer", "NotoSansKhmer-Regular.ttf", "fonts-noto-core"),
    Face("Noto Sans Khmer", "NotoSansKhmer-Bold.ttf", "fonts-noto-core", bold=True),
    Face("Noto Sans Lao", "NotoSansLao-Regular.ttf", "fonts-noto-core"),
    Face("Noto Sans Lao", "NotoSansLao-Bold.ttf", "fonts-noto-core", bold=True),
    Face("Noto Sans Myanmar", "NotoSansMyanmar-Regular.ttf", "fonts-noto-core"),
    Face("Noto Sans Myanmar", "NotoSansMyanmar-Bold.ttf", "fonts-noto-core", bold=True),
    Face("Noto Nastaliq Urdu", "NotoNastaliqUrdu-Regular.ttf", "fonts-noto-core"),
    Face("Noto Nastaliq Urdu", "NotoNastaliqUrdu-Bold.ttf", "fonts-noto-core", bold=True),
    # One weight: a bold CJK name is drawn in the regular face (xhtml2pdf maps it).
    Face(
        CJK,
        "NotoSansCJKsc-Regular.ttf",
        "fonts-noto-cjk",
        converted_from=CJK_SOURCE,
        collection_index=2,
    ),
)
FAMILIES = tuple(dict.fromkeys(face.family for face in FACES))

# Which family draws which script, by Unicode block; anything else (Latin, Vietnamese,
# Bahasa, digits, punctuation) is drawn by LATIN.
_SCRIPT_RANGES = (
    (0x0E00, 0x0E7F, "Noto Sans Thai"),
    (0x0E80, 0x0EFF, "Noto Sans Lao"),
    (0x1000, 0x109F, "Noto Sans Myanmar"),
    (0xAA60, 0xAA7F, "Noto Sans Myanmar"),
    (0xA9E0, 0xA9FF, "Noto Sans Myanmar"),
    (0x1780, 0x17FF, "Noto Sans Khmer"),
    (0x19E0, 0x19FF, "Noto Sans Khmer"),
    (0x0600, 0x06FF, "Noto Nastaliq Urdu"),
    (0x0750, 0x077F, "Noto Nastaliq Urdu"),
    (0xFB50, 0xFDFF, "Noto Nastaliq Urdu"),
    (0xFE70, 0xFEFF, "Noto Nastaliq Urdu"),
    (0x1100, 0x11FF, CJK),
    (0x2E80, 0x2FDF, CJK),
    (0x3000, 0x30FF, CJK),
    (0x3130, 0x318F, CJK),
    (0x3400, 0x4DBF, CJK),
    (0x4E00, 0x9FFF, CJK),
    (0xAC00, 0xD7AF, CJK),
    (0xF900, 0xFAFF, CJK),
    (0xFF00, 0xFFEF, CJK),
)


def script_family(char):
    """The family that draws `char`, or None for a character every face shares."""
    code = ord(char)
    for start, end, family in _SCRIPT_RANGES:
        if start <= code <= end:
            return family
    if unicodedata.category(char)[0] in "LM":
        return LATIN
    return None


def family_for(text):
    """The family of the script most of `text` is written in (LATIN when none is)."""
    counts = {}
    for char in text:
        family = script_family(char)
        if family:
            counts[family] = counts.get(family, 0) + 1
    return max(counts, key=counts.get) if counts else LATIN


def css_family_list(first=None):
    """A CSS font-family value: `first`, then every other family, so that each character
    finds a face that has it (xhtml2pdf matches the list per character)."""
    ordered = [first] if first else []
    ordered += [family for family in FAMILIES if family not in ordered]
    return ", ".join(f'"{family}"' for family in ordered)


def is_right_to_left(text):
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


# --- where the files are -------------------------------------------------------------------


def font_dirs():
    return [Path(d) for d in settings.TRAINING_HUB_FONT_DIRS] + [converted_dir()]


def converted_dir():
    return Path(settings.TRAINING_HUB_FONT_CACHE)


def _missing(face, file, remedy):
    return FontMissing(FONT_MISSING % {"file": file, "family": face.family, "remedy": remedy})


def _debian(face):
    return DEBIAN_REMEDY % {"package": face.package}


def find(face):
    """The path of `face`'s file; FontMissing when it is nowhere to be found."""
    if face.converted_from:
        path = converted_dir() / face.file
        if path.is_file():
            return path
        if not Path(face.converted_from).is_file():
            raise _missing(face, face.file, _debian(face) + " Then: " + CONVERTED_REMEDY)
        raise _missing(face, face.file, CONVERTED_REMEDY)
    for directory in settings.TRAINING_HUB_FONT_DIRS:
        path = Path(directory) / face.file
        if path.is_file():
            return path
    raise _missing(face, face.file, _debian(face))


def paths():
    """{face: path} of every face; FontMissing names the first one missing."""
    return {face: find(face) for face in FACES}


# --- the converted CJK face ----------------------------------------------------------------


def convert_missing(*, log=print):
    """Make the TrueType files of the converted faces that are not there yet (about a
    minute each: every glyph's cubic curves are redrawn as quadratic ones). Returns the
    paths made."""
    made = []
    for face in FACES:
        if not face.converted_from:
            continue
        target = converted_dir() / face.file
        if target.is_file():
            continue
        source = Path(face.converted_from)
        if not source.is_file():
            raise _missing(face, source.name, _debian(face))
        log(f"Converting {source.name} #{face.collection_index} to {target} (about a minute)")
        _cff_collection_face_to_truetype(source, face.collection_index, target)
        made.append(target)
    return made


def _cff_collection_face_to_truetype(source, index, target):
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(source), fontNumber=index, recalcTimestamp=False)
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        # PostScript contours run counter-clockwise, TrueType ones clockwise; a curve may
        # stray at most one font unit (a thousandth of the em) from the original.
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    font["head"].glyphDataFormat = 0
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attribute in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attribute, 0)
    # 65,535 glyphs have too many names for post format 2; nothing here needs the names.
    font["post"].formatType = 3.0
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font.sfntVersion = "\x00\x01\x00\x00"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    font.save(str(partial))
    partial.replace(target)


def fingerprint():
    """A short digest of the faces in use (names and sizes), for the bench's report."""
    digest = hashlib.sha256()
    for face, path in paths().items():
        digest.update(f"{face.file}:{path.stat().st_size}".encode())
    return digest.hexdigest()[:12]
