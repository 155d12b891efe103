"""Text shaped by HarfBuzz on the page xhtml2pdf lays out.

xhtml2pdf lays a certificate out with its own copy of ReportLab's paragraph, which never
shapes text: it measures and draws one glyph per character, so Khmer and Burmese come out
with visible coeng signs and pre-base vowels after their consonant, and Thai marks
collide. ReportLab itself can shape (`ShapedStr`, HarfBuzz through uharfbuzz) and draw a
shaped run with every glyph's offsets; this module connects the two at the two places
where xhtml2pdf touches text:

- measuring: our faces are `ShapedTTFont`s, whose families xhtml2pdf knows by their CSS
  names (its table of default families), and whose `stringWidth` is the shaped advance,
  so line breaks and centring use the widths that will be drawn;
- drawing: the text objects of xhtml2pdf's canvas (`MarkedCanvas.beginText`) shape each
  run drawn in a `ShapedTTFont` before ReportLab writes it out. xhtml2pdf hands a
  right-to-left run over in display order; it is put back in logical order first, and
  HarfBuzz returns its glyphs in display order.

xhtml2pdf also joins Arabic letters itself (presentation forms, `shape_frag_text`); for
our faces HarfBuzz does that, so its reshaping is skipped for them. `install()` makes these
connections once per process; fonts and layout stay xhtml2pdf's.
"""

import threading
from collections import OrderedDict

import uharfbuzz
from reportlab import rl_config
from reportlab.lib.abag import ABag
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, TTFont, shapeFragWord
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus.tables import CellStyle

from . import fonts

_WIDTHS_KEPT = 4096
# HarfBuzz's default features, less the Latin ligatures: "fi" in a printed address or a
# title must stay two letters that a reader can copy and search. Each script's required
# forms (Arabic joining and lam-alef, Indic and Khmer conjuncts, marks) are not features
# one can turn off this way and stay on.
FEATURES = {"kern": True, "liga": False, "dlig": False}
_installed = False
_lock = threading.Lock()


class ShapedTTFont(TTFont):
    """A TrueType face whose widths are those of the text as HarfBuzz shapes it."""

    def __init__(self, name, path):
        super().__init__(name, str(path), shapable=True)
        self._advances = OrderedDict()

    def advance(self, text):
        """The shaped advance of `text` in thousandths of the font size."""
        width = self._advances.get(text)
        if width is None:
            buffer = uharfbuzz.Buffer()
            buffer.add_str(text)
            buffer.guess_segment_properties()
            uharfbuzz.shape(self.hbFont(1000), buffer, FEATURES)
            units = sum(position.x_advance for position in buffer.glyph_positions)
            width = self._advances[text] = self.pdfScale(units)
            if len(self._advances) > _WIDTHS_KEPT:
                self._advances.popitem(last=False)
        return width

    def stringWidth(self, text, size, encoding="utf8"):  # noqa: N802 (ReportLab's name)
        if isinstance(text, bytes):
            text = text.decode(encoding or "utf8")
        return self.advance(text) * size / 1000 if text else 0.0


class ShapingTextObject(PDFTextObject):
    """A text object that shapes each run drawn in one of our faces."""

    def _formatText(self, text):  # noqa: N802 (ReportLab's name)
        if isinstance(text, bytes):
            text = text.decode("utf8")
        font = pdfmetrics.getFont(self._fontname)
        if isinstance(font, ShapedTTFont) and text.strip() and not isinstance(text, ShapedStr):
            if fonts.is_right_to_left(text):
                text = text[::-1]  # back to the order it was written in
            text = _shaped(text, self._fontname, self._fontsize)
        return super()._formatText(text)


def _shaped(text, font_name, size):
    """`text` as a ReportLab `ShapedStr` (glyphs with their offsets), as `shapeStr` makes
    it but with our features."""
    word = [
        pdfmetrics.stringWidth(text, font_name, size),
        (ABag(fontName=font_name, fontSize=size), text),
    ]
    return shapeFragWord(word, features=FEATURES, force=True)[1][1]


def _begin_text(canvas, x=0, y=0, direction=None):
    return ShapingTextObject(canvas, x, y, direction=direction)


def register():
    """Register every face as a `ShapedTTFont` (once), and each family under its CSS name
    in xhtml2pdf's table of known families, its bold and italic mapped to the faces there
    are: a certificate names the families, no @font-face reads a font file per document.
    FontMissing when a face is absent."""
    from xhtml2pdf.default import DEFAULT_FONT

    found = fonts.paths()
    registered = set(pdfmetrics.getRegisteredFontNames())
    for face, path in found.items():
        if face.registered_name not in registered:
            pdfmetrics.registerFont(ShapedTTFont(face.registered_name, path))
    for family in fonts.FAMILIES:
        key = family.lower()
        faces = {face.bold: face.registered_name for face in found if face.family == family}
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(key, bold, italic, faces.get(bool(bold), faces[False]))
        DEFAULT_FONT[key] = key
    return found


def install():
    """Register the faces and connect shaping to xhtml2pdf (idempotent)."""
    global _installed
    register()
    if _installed:
        return
    with _lock:
        if _installed:
            return
        import xhtml2pdf.context
        from xhtml2pdf.builders.printmarks import MarkedCanvas

        reshape = xhtml2pdf.context.shape_frag_text

        def shape_frag_text(frag_text, font_name=None):
            if font_name and isinstance(_font_or_none(font_name), ShapedTTFont):
                return None
            return reshape(frag_text, font_name)

        xhtml2pdf.context.shape_frag_text = shape_frag_text
        MarkedCanvas.beginText = _begin_text
        # ReportLab's defaults name Helvetica (a new canvas's font, every table cell's
        # font); our text never uses it, but each PDF would list it, not embedded.
        rl_config.canvas_basefontname = fonts.FACES[0].registered_name
        CellStyle.fontname = fonts.FACES[0].registered_name
        _installed = True


def _font_or_none(name):
    try:
        return pdfmetrics.getFont(name)
    except KeyError:
        return None
