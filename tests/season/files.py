"""Files made in the tests: .docx by python-docx, PDFs by pypdf's writer, hostile ones by hand."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from pypdf import PdfWriter


def docx(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def blank_pdf(pages: int, *, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password is not None:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bomb(*, megabytes: int) -> bytes:
    """A .docx-shaped zip whose document.xml unpacks to `megabytes` of zeros, written in chunks."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                part.write(chunk)
    return out.getvalue()


def pdf_by_hand(*objects: bytes) -> bytes:
    """A PDF of the given objects (numbered from 1; 1 is the catalogue) with a true xref."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def lying_pdf(*, pages: int, claimed: int) -> bytes:
    """`pages` real pages in one flat /Kids, under a /Count that says `claimed`."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    return pdf_by_hand(
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Count %d/Kids[%s]>>" % (claimed, kids),
        *[b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"] * pages,
    )
