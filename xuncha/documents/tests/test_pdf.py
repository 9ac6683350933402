"""The .docx of gbt9704 as LibreOffice lays it out: page, text block, grid and page numbers, measured in the PDF."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from docx import Document as open_docx
from docx.document import Document
from docx.oxml.ns import qn

from xuncha.documents import gbt9704
from xuncha.documents.pdf import PdfFailed, PdfUnavailable, docx_to_pdf, soffice_path

PT_PER_MM = 72 / 25.4
A4_PT = (595.3, 841.9)
BLOCK_LEFT = gbt9704.LEFT
BLOCK_RIGHT = gbt9704.LEFT + gbt9704.BLOCK_W  # 184 mm
BLOCK_TOP = gbt9704.TOP
BLOCK_BOTTOM = gbt9704.PAGE_H - gbt9704.BOTTOM  # 262 mm
FOOTER_SIZE_MM = gbt9704.SIZE_4 / PT_PER_MM  # the page number is one 4号 character in from the block's edge

TITLE = "关于进一步加强监督检查工作的通知"
PARAGRAPHS = [
    "各单位：为深入贯彻落实上级有关工作部署，进一步加强监督检查，推动各项任务落到实处，经研究决定，"
    "在全系统范围内开展专项检查工作。现将有关事项通知如下，请结合本单位实际认真贯彻执行。",
    "检查工作坚持实事求是、依规依纪的原则，聚焦职责履行、制度执行和作风建设等方面，重点了解各单位"
    "贯彻落实决策部署情况、落实整改责任情况以及群众反映强烈的突出问题，做到发现问题、形成震慑、推动改革、"
    "促进发展。",
    "各单位要高度重视，主要负责同志要亲自部署、亲自过问，明确专人负责联络协调工作，如实提供有关文件资料，"
    "认真做好配合保障工作。对检查中发现的问题，要立行立改、举一反三，建立健全长效机制，确保检查工作取得实效。",
    "检查组要严格遵守各项纪律规定，坚持原则、敢于担当，不干预被检查单位的正常工作，不处理被检查单位的具体"
    "问题，严格保守工作秘密，自觉接受被检查单位和干部群众的监督，以过硬作风保证检查工作质量。",
    "检查结束后，检查组要及时汇总梳理有关情况，实事求是地形成检查报告，客观反映被检查单位的工作成效和存在的"
    "问题，提出有针对性的意见建议。被检查单位要在规定时限内报送整改落实情况，整改情况要按规定予以公开。",
    "各单位在执行中遇到的问题，请及时与联络组沟通反映。本通知自印发之日起施行，此前有关规定与本通知不一致的，"
    "以本通知为准。请各单位于每季度末将工作进展情况书面报送，并抄送有关部门备案。",
] * 3


def sample_docx() -> bytes:
    """A title and enough body text for three pages: page 2 is a full page of body lines."""
    doc = gbt9704.new_document()
    gbt9704.title(doc, TITLE)
    for text in PARAGRAPHS:
        gbt9704.body(doc, text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def require_soffice() -> None:
    if soffice_path() is not None:
        return
    if os.environ.get("CI"):
        pytest.fail("CI 环境必须安装 LibreOffice（soffice），PDF 测试不能跳过。")
    pytest.skip("本机未安装 LibreOffice（soffice），跳过 PDF 版式测试。")


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    require_soffice()
    started = time.monotonic()
    pdf = docx_to_pdf(sample_docx())
    print(f"docx_to_pdf: {time.monotonic() - started:.2f} s")  # shown with pytest -s
    return pdf


# ---- measuring the PDF ----

Char = dict[str, Any]


def mm(points: float) -> float:
    return points / PT_PER_MM


def pages(pdf: bytes) -> list[tuple[float, float, list[Char]]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [(page.width, page.height, list(page.chars)) for page in document.pages]


def body_chars(chars: list[Char]) -> list[Char]:
    """The chars inside the text block's band (the page number lies below it); spaces are not glyphs."""
    return [c for c in chars if mm(c["top"]) < BLOCK_BOTTOM and c["text"].strip()]


def footer_chars(chars: list[Char]) -> list[Char]:
    return [c for c in chars if mm(c["top"]) >= BLOCK_BOTTOM and c["text"].strip()]


def lines_of(chars: list[Char]) -> list[list[Char]]:
    """Chars grouped by baseline, top to bottom, each line left to right."""
    rows: dict[int, list[Char]] = {}
    for char in chars:
        rows.setdefault(round(char["matrix"][5]), []).append(char)
    return [sorted(rows[key], key=lambda c: c["x0"]) for key in sorted(rows, reverse=True)]


def near(value: float, expected: float, tolerance: float) -> bool:
    return abs(value - expected) <= tolerance


# ---- the PDF ----


def test_every_page_is_a4_and_page_one_has_text(sample_pdf: bytes) -> None:
    laid_out = pages(sample_pdf)
    assert len(laid_out) >= 3, "the sample must fill page 2 completely"
    for width, height, _chars in laid_out:
        assert near(width, A4_PT[0], 1) and near(height, A4_PT[1], 1), (width, height)
    first = body_chars(laid_out[0][2])
    assert len(first) > 100, "page 1 is blank"


def test_title_on_one_line(sample_pdf: bytes) -> None:
    """16 characters of 2号 (22 pt) take 124 mm of the 156 mm block: one line."""
    _w, _h, chars = pages(sample_pdf)[0]
    assert "".join(c["text"] for c in lines_of(body_chars(chars))[0]) == TITLE


def test_text_block_position(sample_pdf: bytes) -> None:
    for number, (_w, _h, chars) in enumerate(pages(sample_pdf)[:2], start=1):
        lines = lines_of(body_chars(chars))
        # Body paragraphs indent their first line by two characters; a wrapped line starts at the block's edge.
        left = min(c["x0"] for line in lines[1:] for c in line)
        assert near(mm(left), BLOCK_LEFT, 2), f"page {number}: text starts {mm(left):.1f} mm from the left"
        right = max(c["x1"] for line in lines for c in line)
        assert mm(right) <= BLOCK_RIGHT + 1, f"page {number}: text reaches {mm(right):.1f} mm"
        lowest = max(c["bottom"] for line in lines for c in line)
        assert mm(lowest) <= BLOCK_BOTTOM, f"page {number}: text goes down to {mm(lowest):.1f} mm"
    # Page 2 starts with a body line whose line box (one pitch, 10.2 mm, high) starts at the top margin. The char's
    # em box starts a little lower: LibreOffice keeps the font's ascent at the top of an exactly spaced line and
    # leaves the surplus (28.95 − 16 pt) below the text, so the glyph top sits the font's internal leading (about
    # 1.6 mm for the CJK font here) below the line top. Hence: not above the margin, and within 3 mm below it.
    # (When the grid's lines do not fill the block, LibreOffice centres them, and the first line drops by half
    # the leftover height: 5 mm for 21 lines.)
    _w, _h, chars = pages(sample_pdf)[1]
    first_line = lines_of(body_chars(chars))[0]
    glyph_top = mm(min(c["top"] for c in first_line))
    assert BLOCK_TOP - 0.5 <= glyph_top <= BLOCK_TOP + 3, f"page 2's first line starts at {glyph_top:.1f} mm"


def test_page_numbers_odd_right_even_left(sample_pdf: bytes) -> None:
    laid_out = pages(sample_pdf)
    for number in (1, 2):
        footer = sorted(footer_chars(laid_out[number - 1][2]), key=lambda c: c["x0"])
        assert "".join(c["text"] for c in footer) == f"—{number}—", footer
        top = mm(min(c["top"] for c in footer))
        expected_top = BLOCK_BOTTOM + gbt9704.PAGE_NUMBER_GAP
        assert near(top, expected_top, 3), f"page {number}: page number's top at {top:.1f} mm"
        if number % 2:
            edge = mm(max(c["x1"] for c in footer))
            assert near(edge, BLOCK_RIGHT - FOOTER_SIZE_MM, 2), f"odd page number ends at {edge:.1f} mm"
        else:
            edge = mm(min(c["x0"] for c in footer))
            assert near(edge, BLOCK_LEFT + FOOTER_SIZE_MM, 2), f"even page number starts at {edge:.1f} mm"


def full_lines(chars: list[Char]) -> list[list[Char]]:
    """Lines in the middle of a paragraph: not indented (not a first line) and followed by a line that is not
    indented either (so not a last line). Justified, they hold as many characters as a line takes."""
    lines = lines_of(body_chars(chars))
    starts_at_edge = [near(mm(line[0]["x0"]), BLOCK_LEFT, 2) for line in lines]
    return [line for index, line in enumerate(lines[:-1]) if starts_at_edge[index] and starts_at_edge[index + 1]]


def test_28_characters_per_line(sample_pdf: bytes) -> None:
    _w, _h, chars = pages(sample_pdf)[1]
    counts = [len(line) for line in full_lines(chars)]
    assert counts, "no full body line on page 2"
    assert all(near(count, gbt9704.CHARS, 1) for count in counts), f"characters per full line: {counts}"


def test_22_lines_per_page(sample_pdf: bytes) -> None:
    _w, _h, chars = pages(sample_pdf)[1]  # a page of body text only
    count = len(lines_of(body_chars(chars)))
    assert near(count, gbt9704.LINES, 1) and count <= gbt9704.LINES, f"{count} lines on page 2"


def test_conversions_in_parallel_each_succeed() -> None:
    require_soffice()
    docx = sample_docx()
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: docx_to_pdf(docx), range(2)))
    for pdf in results:
        assert pdf.startswith(b"%PDF")
        assert len(pages(pdf)) >= 3


def test_png_for_a_human_check(sample_pdf: bytes) -> None:
    """Set XUNCHA_KEEP_PNG=1 to get page 1 as var/test/pdf-check.png (150 dpi)."""
    if not os.environ.get("XUNCHA_KEEP_PNG"):
        pytest.skip("XUNCHA_KEEP_PNG 未设置：不输出 PNG。")
    import pypdfium2

    var = Path(os.environ.get("XUNCHA_VAR_DIR") or Path(__file__).resolve().parents[3] / "var" / "test")
    var.mkdir(parents=True, exist_ok=True)
    target = var / "pdf-check.png"
    document = pypdfium2.PdfDocument(sample_pdf)
    try:
        image = document[0].render(scale=150 / 72).to_pil()
    finally:
        document.close()
    image.save(target)
    assert target.stat().st_size > 10_000
    width, height = image.size  # pdfium rounds the pixel size its own way
    assert near(width, A4_PT[0] * 150 / 72, 1.5) and near(height, A4_PT[1] * 150 / 72, 1.5), image.size


# ---- without LibreOffice ----


@pytest.mark.parametrize(
    "arrange",
    [
        lambda mp, tmp: mp.setenv("XUNCHA_SOFFICE", str(tmp / "no-such-soffice")),
        lambda mp, tmp: (mp.delenv("XUNCHA_SOFFICE", raising=False), mp.setenv("PATH", str(tmp))),
    ],
    ids=["env-points-nowhere", "nothing-on-path"],
)
def test_unavailable_without_libreoffice(
    arrange: Callable[[pytest.MonkeyPatch, Path], object], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    arrange(monkeypatch, tmp_path)
    assert soffice_path() is None
    with pytest.raises(PdfUnavailable) as raised:
        docx_to_pdf(sample_docx())
    assert "LibreOffice" in str(raised.value) and "无法生成 PDF" in str(raised.value)


# ---- the .docx itself ----


def reopened() -> Document:
    return open_docx(io.BytesIO(sample_docx()))


def test_docx_page_margins_and_normal_style() -> None:
    doc = reopened()
    section = doc.sections[0]
    measures = {
        "page_width": gbt9704.PAGE_W,
        "page_height": gbt9704.PAGE_H,
        "top_margin": 37,
        "left_margin": 28,
        "right_margin": 26,
        "bottom_margin": 35,
    }
    for name, expected in measures.items():
        assert near(getattr(section, name).mm, expected, 0.5), (name, getattr(section, name).mm)
    assert doc.styles["Normal"].font.size.pt == 16


def test_docx_runs_name_an_east_asian_font() -> None:
    doc = reopened()
    section = doc.sections[0]
    parts = [doc.element.body, section.footer._element, section.even_page_footer._element]
    for part in parts:
        runs = part.findall(".//" + qn("w:r"))
        assert runs
        for run in runs:
            fonts = run.find(qn("w:rPr") + "/" + qn("w:rFonts"))
            assert fonts is not None and fonts.get(qn("w:eastAsia")), run.xml


def test_docx_odd_and_even_footers_hold_a_page_field() -> None:
    doc = reopened()
    assert doc.settings.odd_and_even_pages_header_footer
    settings = doc.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = doc.sections[0]
    for footer in (section.footer, section.even_page_footer):
        assert not footer.is_linked_to_previous
        fields = [t.text.strip() for t in footer._element.iter(qn("w:instrText"))]
        assert fields == ["PAGE"]
    assert section.footer.paragraphs[0].alignment != section.even_page_footer.paragraphs[0].alignment


def test_timeout_kills_libreoffice_and_says_so() -> None:
    require_soffice()
    with pytest.raises(PdfFailed) as raised:
        docx_to_pdf(sample_docx(), timeout=0.2)
    assert "0.2 秒内未完成" in str(raised.value)
