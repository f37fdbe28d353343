"""Read the QR code back from a sealed scan of a paper, within a budget.

Scans are images inside a PDF: the first MAX_PAGES pages' images are taken out with pypdf
(each refused unread past MAX_PIXELS, its stream bounded as the page count's is) and decoded
with pyzbar (libzbar0). A PDF with no readable code in its images (a printout saved as PDF,
a photo in an odd form) is rendered with pdftoppm when installed, each page scaled to at most
RENDER_PIXELS on its long side, in a process bounded in time and memory. Any failure reads as
"no code": the upload is still taken, and the secretariat checks it by eye.

Runs inside the upload's child process (contest.season.uploads), so a hostile file costs that
child only; `check_scan` is the page count's check plus this.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from contest.season.files import checks

MAX_PAGES = 2  # the code is printed on every page; the first two are enough
MAX_IMAGES = 8  # per page: a scan has one, a phone app's PDF sometimes a few strips
MAX_PIXELS = 40_000_000  # a 600 dpi A4 scan is 35 million
RENDER_PIXELS = 2200  # pdftoppm's long side: A4 at about 190 dpi
RENDER_SECONDS = 8
RENDER_MEMORY = 512 * 1024 * 1024
MAX_TEXT = 200
_BOUNDS = {
    "array_maximum_element_count": 10_000,
    "dictionary_maximum_element_count": 10_000,
    "zlib_maximum_output_length": 64 * 1024 * 1024,
}


@dataclass(frozen=True)
class ScanFacts:
    pages: int
    qr_text: str | None  # the first QR code's text found, None when none was read


def check_scan(data: bytes, *, filename: str, max_bytes: int) -> ScanFacts:
    """The PDF's checks (checks.check_pdf), then its QR code if one can be read."""
    facts = checks.check_pdf(data, filename=filename, max_bytes=max_bytes)
    return ScanFacts(facts.pages, read_code(data))


def read_code(data: bytes) -> str | None:
    """The text of the first QR code in the PDF's first pages, or None."""
    try:
        found = _from_images(data)
    except Exception:  # a broken image is no code; the render below may still read it
        found = None
    if found is None:
        found = _from_render(data)
    return found[:MAX_TEXT] if found else None


def decode(image) -> str | None:
    """The first QR code's text in a Pillow image, or None."""
    from pyzbar.pyzbar import ZBarSymbol
    from pyzbar.pyzbar import decode as zbar

    gray = image.convert("L")
    for attempt in (gray, _smaller(gray)):
        if attempt is None:
            continue
        for symbol in zbar(attempt, symbols=[ZBarSymbol.QRCODE]):
            try:
                return symbol.data.decode("utf-8")
            except UnicodeDecodeError:
                continue
    return None


def _smaller(image):
    """Half size: zbar misses a code in a noisy 600 dpi scan it reads at 300."""
    width, height = image.size
    if max(width, height) < 1600:
        return None
    return image.resize((width // 2, height // 2))


def _from_images(data: bytes) -> str | None:
    from PIL import Image
    from pypdf import PdfReader, apply_configuration

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with apply_configuration(**_BOUNDS):
        reader = PdfReader(io.BytesIO(data), strict=False)
        for page in list(reader.pages)[:MAX_PAGES]:
            for name in _image_names(page)[:MAX_IMAGES]:
                image = page.images[name].image
                if image is not None and (found := decode(image)):
                    return found
    return None


def _image_names(page) -> list[str]:
    """The page's image XObjects small enough to decode, by name (forms are not entered)."""
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    xobjects = resources.get("/XObject")
    if xobjects is None:
        return []
    names = []
    for name, reference in xobjects.get_object().items():
        stream = reference.get_object()
        if stream.get("/Subtype") != "/Image":
            continue
        width, height = int(stream.get("/Width", 0)), int(stream.get("/Height", 0))
        if 0 < width * height <= MAX_PIXELS:
            names.append(name)
    return names


def _limits() -> None:  # pragma: no cover - runs in pdftoppm's process
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (RENDER_MEMORY, RENDER_MEMORY))


def _from_render(data: bytes) -> str | None:
    tool = shutil.which("pdftoppm")
    if tool is None:
        return None
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="scan-") as folder:
        source = Path(folder) / "scan.pdf"
        source.write_bytes(data)
        command = [tool, "-f", "1", "-l", str(MAX_PAGES), "-scale-to", str(RENDER_PIXELS),
                   "-gray", "-png", str(source), str(Path(folder) / "page")]  # fmt: skip
        try:
            subprocess.run(command, capture_output=True, timeout=RENDER_SECONDS,
                           preexec_fn=_limits, check=False)  # fmt: skip
        except (subprocess.TimeoutExpired, OSError):
            return None
        for picture in sorted(Path(folder).glob("page*.png")):
            try:
                with Image.open(picture) as image:
                    found = decode(image)
            except Exception:
                continue
            if found:
                return found
    return None
