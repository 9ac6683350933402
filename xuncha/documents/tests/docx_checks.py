"""Reading a generated .docx back, for the tests of every kind: the GB/T 9704-2012 page, its fonts (the East Asian
attribute included), sizes, and that every field was filled."""

from __future__ import annotations

import io
from typing import Any

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.shared import Mm

from xuncha.documents import gbt9704 as g


def opened(content: bytes) -> Any:
    return open_docx(io.BytesIO(content))


def text_of(content: bytes) -> str:
    """All text: body paragraphs, table cells, footers."""
    doc = opened(content)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def assert_page(content: bytes, *, landscape: bool = False) -> None:
    section = opened(content).sections[0]
    width, height = (g.PAGE_H, g.PAGE_W) if landscape else (g.PAGE_W, g.PAGE_H)
    assert abs(section.page_width - Mm(width)) < Mm(0.5)
    assert abs(section.page_height - Mm(height)) < Mm(0.5)
    # Landscape: the page turned, the binding margin (28 mm) on top.
    margins = (g.LEFT, g.RIGHT, g.TOP, g.BOTTOM) if landscape else (g.TOP, g.BOTTOM, g.LEFT, g.RIGHT)
    actual = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    for got, want in zip(actual, margins, strict=True):
        assert abs(got - Mm(want)) < Mm(0.5), (got.mm, want)


def assert_fonts(content: bytes) -> None:
    """Every run with text names its font for East Asian text too (python-docx would leave w:eastAsia out)."""
    doc = opened(content)
    runs = doc.element.body.iter(qn("w:r"))
    checked = 0
    for run in runs:
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if not text.strip():
            continue
        fonts = run.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        assert fonts is not None and fonts.get(qn("w:eastAsia")), f"run without w:eastAsia: {text!r}"
        checked += 1
    assert checked, "no text runs"
    normal = doc.styles["Normal"]
    assert normal.font.size.pt == g.SIZE_3


def assert_filled(content: bytes) -> str:
    """No template tag is left and no field printed empty placeholders; returns the text for further checks."""
    text = text_of(content)
    for mark in ("{{", "}}", "{%", "%}"):
        assert mark not in text, f"unfilled tag {mark!r} in: {text[:300]}"
    return text


def assert_document(content: bytes, *, landscape: bool = False) -> str:
    assert_page(content, landscape=landscape)
    assert_fonts(content)
    return assert_filled(content)


def run_fonts(content: bytes, needle: str) -> tuple[str, float | None]:
    """The East Asian font and size of the first run containing `needle`."""
    doc = opened(content)
    for run in doc.element.body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if needle in text:
            fonts = run.find(qn("w:rPr") + "/" + qn("w:rFonts"))
            size = run.find(qn("w:rPr") + "/" + qn("w:sz"))
            return (
                fonts.get(qn("w:eastAsia")) if fonts is not None else "",
                int(size.get(qn("w:val"))) / 2 if size is not None else None,
            )
    raise AssertionError(f"{needle!r} not found")
