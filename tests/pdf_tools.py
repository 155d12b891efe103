"""What the certificate tests do with a PDF as a reader would: rasterise it (pdftoppm),
read its text and fonts (pdftotext, pdffonts), check its signature (pdfsig), decode its QR
code (zbarimg), and compare a drawn name with HarfBuzz's own drawing of it (hb-view)."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageChops

TOOLS = ("pdftoppm", "pdftotext", "pdffonts", "pdfimages", "pdfsig", "hb-view", "zbarimg")
# Pixels darker than this (0 black, 255 white) are ink.
INK = 140


def missing_tools():
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def _run(*args, data=None):
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout


def _with_file(pdf, *args):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "certificate.pdf"
        path.write_bytes(pdf)
        return _run(*args, str(path)).decode("utf-8", "replace")


def text(pdf):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "certificate.pdf"
        path.write_bytes(pdf)
        return _run("pdftotext", "-layout", "-enc", "UTF-8", str(path), "-").decode()


def fonts(pdf):
    """[(name, type, embedded, subset)] of every font `pdffonts` lists."""
    rows = _with_file(pdf, "pdffonts").splitlines()[2:]
    listed = []
    for row in rows:
        parts = row.split()
        # name type [type...] encoding emb sub uni object ID
        listed.append((parts[0], " ".join(parts[1:-6]), parts[-5] == "yes", parts[-4] == "yes"))
    return listed


def images(pdf):
    """[(width, height)] of every image `pdfimages` lists (not their transparency masks)."""
    rows = [row.split() for row in _with_file(pdf, "pdfimages", "-list").splitlines()[2:]]
    return [(int(row[3]), int(row[4])) for row in rows if row[2] == "image"]


def pdfsig(pdf):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "certificate.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True)
        return result.stdout + result.stderr


def raster(pdf, *, dpi, crop_bottom_pt=0, crop_edges_pt=0):
    """The first page as a greyscale image at `dpi`, without its bottom `crop_bottom_pt`
    points (the footer with the code and QR code) and `crop_edges_pt` of every edge (the
    frame)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "certificate.pdf"
        path.write_bytes(pdf)
        _run(
            "pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", str(path), f"{folder}/page"
        )
        image = Image.open(f"{folder}/page.png").convert("L")
        image.load()
    edge = round(crop_edges_pt * dpi / 72)
    bottom = max(edge, round(crop_bottom_pt * dpi / 72))
    return image.crop((edge, edge, image.width - edge, image.height - bottom))


def qr_codes(image):
    """The texts of the QR codes zbarimg finds in `image`."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.png"
        image.save(path)
        result = subprocess.run(
            ["zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True
        )
    return [line for line in result.stdout.splitlines() if line]


def reference(text_, font_file, *, size_px, features="-liga,-dlig"):
    """HarfBuzz's drawing of `text_` in `font_file` at `size_px` pixels per em (hb-view),
    with the features the certificates shape with (no Latin ligatures)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "reference.png"
        _run(
            "hb-view",
            f"--font-file={font_file}",
            f"--font-size={size_px}",
            "--margin=16",
            f"--features={features}",
            "--background=FFFFFF",
            "--foreground=000000",
            "--output-format=png",
            f"--output-file={out}",
            text_,
        )
        image = Image.open(out).convert("L")
        image.load()
    return image


def ink(image):
    """The image cut to its ink, as a black-on-white bitmap (mode "1")."""
    bitmap = image.point(lambda value: 0 if value < INK else 255, mode="L")
    box = ImageChops.invert(bitmap).getbbox()
    if box is None:
        return None
    return bitmap.crop(box).convert("1")


def mismatch(drawn, expected):
    """How unlike two ink bitmaps are: the share of the pixels inked in either that are
    inked in only one, once the drawn one is scaled to the reference's box (0 is the same
    drawing; a glyph missing or out of place gives a large share). Also the two boxes'
    sizes, which the caller bounds on their own."""
    scaled = drawn.convert("L").resize(expected.size, Image.Resampling.BILINEAR)
    a = scaled.point(lambda value: 255 if value < 128 else 0)
    b = ImageChops.invert(expected.convert("L"))
    union = ImageChops.lighter(a, b).histogram()[255]
    differ = ImageChops.difference(a, b).histogram()[255]
    return differ / max(union, 1)
