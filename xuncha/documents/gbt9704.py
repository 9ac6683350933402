"""The layout of GB/T 9704-2012 《党政机关公文格式》, built with python-docx: the one place its measures live.

A4 paper; the text block (版心) 156 × 225 mm with the top margin (天头) 37 mm and the left margin (订口) 28 mm; body
in 3号仿宋 (16 pt), 22 lines of 28 characters (line pitch 225 mm / 22 = 28.95 pt); title in 2号小标宋; headings
一、（一）1.（1） in 黑体, 楷体, 仿宋, 仿宋; the 发文字号 with the red separator line below it; dates in Arabic
numerals; page numbers "— 1 —" in 4号宋体 7 mm below the text block, odd pages right, even pages left (each one
character in); the 版记 between lines, 0.35 mm for the first and last, 0.25 mm between.

python-docx writes only `w:ascii`/`w:hAnsi` for a font name; Word and WPS pick Chinese glyphs from `w:eastAsia`, so
every style and run here sets all three (`east_asian`). Rendering on a machine without these fonts (this one,
LibreOffice on Debian) falls back to the free CJK fonts installed; the names in the file stay the standard ones.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from docx import Document as new_docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from markupsafe import Markup

# The standard's fonts, as Word and WPS on a Chinese system name them.
FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"

# Chinese type sizes (字号) in points.
SIZE_2 = 22.0  # 二号: the title
SIZE_3 = 16.0  # 三号: body, headings, 发文字号
SIZE_4 = 14.0  # 四号: page numbers, 版记
SIZE_SMALL_4 = 12.0  # 小四
SIZE_5 = 10.5  # 五号: dense tables (the ledgers' twelve columns)

PAGE_W, PAGE_H = 210, 297  # A4, mm
TOP, LEFT = 37, 28  # 天头, 订口, mm
BLOCK_W, BLOCK_H = 156, 225  # 版心, mm
RIGHT = PAGE_W - LEFT - BLOCK_W  # 26 mm
BOTTOM = PAGE_H - TOP - BLOCK_H  # 35 mm
LINES, CHARS = 22, 28
# 28.95 pt: rounded down to whole twips (579), so that 22 lines fit the 225 mm block exactly (580 would leave 21).
LINE_PITCH_PT = math.floor(BLOCK_H / 25.4 * 1440 / LINES) / 20
CHAR_PITCH_PT = BLOCK_W / 25.4 * 72 / CHARS  # 15.80 pt
PAGE_NUMBER_GAP = 7  # mm between the text block and the page number's line
RED = RGBColor(0xFF, 0x00, 0x00)

# Border widths are in eighths of a point: 0.35 mm ≈ 1 pt, 0.25 mm ≈ 0.75 pt.
COLOPHON_OUTER = 8
COLOPHON_INNER = 6


def east_asian(run_or_style_rpr_owner: object, font: str, size: float | None = None, *, bold: bool = False) -> None:
    """Set the font of a run or a style for Latin and East Asian text alike, and its size."""
    font_obj = run_or_style_rpr_owner.font  # type: ignore[attr-defined]
    font_obj.name = font
    if size is not None:
        font_obj.size = Pt(size)
    font_obj.bold = bold or None
    rpr = run_or_style_rpr_owner.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def _exact_lines(paragraph_format: object, pitch: float = LINE_PITCH_PT) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY  # type: ignore[attr-defined]
    paragraph_format.line_spacing = Pt(pitch)  # type: ignore[attr-defined]
    paragraph_format.space_before = Pt(0)  # type: ignore[attr-defined]
    paragraph_format.space_after = Pt(0)  # type: ignore[attr-defined]
    if abs(pitch - LINE_PITCH_PT) > 0.01:
        # Off the 22-line grid (tables, the 版记, the issuer, page numbers): not snapped to it, or LibreOffice
        # stretches each line to a whole grid line.
        ppr = paragraph_format.element.get_or_add_pPr()  # type: ignore[attr-defined]
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        _insert_in_order(ppr, snap)


def _grid(section_element: object) -> None:
    """The document grid: 22 lines in the text block (line pitch 28.95 pt). Characters are not snapped to a grid
    (Word and LibreOffice read a character grid differently); 28 to a line come from the body's character spacing
    (`CHAR_SPACING_TWIPS`)."""
    sect_pr = section_element
    grid = sect_pr.find(qn("w:docGrid"))  # type: ignore[attr-defined]
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)  # type: ignore[attr-defined]
    for attr in list(grid.attrib):
        del grid.attrib[attr]
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))


# Body characters 0.25 pt closer than their 16 pt: 28 × 15.75 pt = 441 pt fit the 442.2 pt line, 29 do not.
CHAR_SPACING_TWIPS = -5


def _char_spacing(style: object, twips: int) -> None:
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.append(spacing)
    spacing.set(qn("w:val"), str(twips))


@dataclass(frozen=True)
class Page:
    landscape: bool = False  # the ledgers: a table wider than the portrait text block


def new_document(page: Page = Page()) -> Document:
    """An empty document with the standard's page, grid, styles and page numbers."""
    doc = new_docx()
    section = doc.sections[0]
    if page.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_H), Mm(PAGE_W)
        # Rotated: the binding edge stays 28 mm; the text block is 225 wide and 156 high.
        section.top_margin, section.bottom_margin = Mm(LEFT), Mm(RIGHT)
        section.left_margin, section.right_margin = Mm(TOP), Mm(BOTTOM)
    else:
        section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
        section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
        section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.header_distance = Mm(15)
    page_number_height_mm = SIZE_4 / 72 * 25.4
    bottom = RIGHT if page.landscape else BOTTOM
    section.footer_distance = Mm(bottom - PAGE_NUMBER_GAP - page_number_height_mm)
    _grid(section._sectPr)

    normal = doc.styles["Normal"]
    east_asian(normal, FANGSONG, SIZE_3)
    _exact_lines(normal.paragraph_format)
    normal.paragraph_format.widow_control = False
    _char_spacing(normal, CHAR_SPACING_TWIPS)
    # Every style's East Asian text as well: the document defaults (docDefaults) name a theme font otherwise.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        fonts = defaults.find(".//" + qn("w:rFonts"))
        if fonts is not None:
            for attr in list(fonts.attrib):
                del fonts.attrib[attr]
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(attr), FANGSONG)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_numbers(section)
    return doc


def _page_number_paragraph(paragraph: Paragraph, *, right: bool) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    _exact_lines(fmt, SIZE_4)
    if right:
        fmt.right_indent = Pt(SIZE_4)
    else:
        fmt.left_indent = Pt(SIZE_4)
    for text in ("— ", None, " —"):
        run = paragraph.add_run()
        east_asian(run, SONGTI, SIZE_4)
        if text is not None:
            run.text = text
            continue
        # begin · instruction · separate · a result ("1", in the run's own 4号 font) · end: LibreOffice sizes the
        # page number by the result run, and falls back to the body size without one.
        begin, instr = OxmlElement("w:fldChar"), OxmlElement("w:instrText")
        begin.set(qn("w:fldCharType"), "begin")
        instr.set(qn("xml:space"), "preserve")
        instr.text = " PAGE "
        run._r.append(begin)
        run._r.append(instr)
        separate = paragraph.add_run()
        east_asian(separate, SONGTI, SIZE_4)
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), "separate")
        separate._r.append(mark)
        result = paragraph.add_run("1")
        east_asian(result, SONGTI, SIZE_4)
        closing = paragraph.add_run()
        east_asian(closing, SONGTI, SIZE_4)
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        closing._r.append(end)


def _page_numbers(section: object) -> None:
    odd = section.footer  # type: ignore[attr-defined]
    even = section.even_page_footer  # type: ignore[attr-defined]
    odd.is_linked_to_previous = False
    even.is_linked_to_previous = False
    _page_number_paragraph(odd.paragraphs[0], right=True)
    _page_number_paragraph(even.paragraphs[0], right=False)


# ---- blocks: each writes one or more paragraphs (text may hold docxtpl tags) ----


def paragraph(
    doc: Document,
    text: str = "",
    *,
    font: str = FANGSONG,
    size: float = SIZE_3,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent_chars: float = 0,
    right_chars: float = 0,
    bold: bool = False,
    color: RGBColor | None = None,
    pitch: float = LINE_PITCH_PT,
) -> Paragraph:
    para = doc.add_paragraph()
    if align is not None:
        para.alignment = align
    fmt = para.paragraph_format
    _exact_lines(fmt, pitch)
    if indent_chars:
        fmt.first_line_indent = Pt(size * indent_chars)
    if right_chars:
        fmt.right_indent = Pt(size * right_chars)
    if text:
        run = para.add_run(text)
        east_asian(run, font, size, bold=bold)
        if color is not None:
            run.font.color.rgb = color
    return para


def tag(doc: Document, statement: str) -> Paragraph:
    """A paragraph that holds only a docxtpl block tag (`{%p for … %}`), removed when rendered."""
    return paragraph(doc, "{%p " + statement + " %}")


def body(doc: Document, text: str) -> Paragraph:
    """Body text: 3号仿宋, first line indented two characters, justified."""
    return paragraph(doc, text, indent_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)


HEADING_FONTS = {1: HEITI, 2: KAITI, 3: FANGSONG, 4: FANGSONG}


def heading(doc: Document, level: int, text: str) -> Paragraph:
    """一、 in 黑体; （一） in 楷体; 1. and （1） in 仿宋 — each indented two characters like the body."""
    return paragraph(doc, text, font=HEADING_FONTS[level], indent_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def title(doc: Document, text: str) -> Paragraph:
    """The title in 2号小标宋, centred, with an empty line below it."""
    para = paragraph(doc, text, font=XIAOBIAOSONG, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, pitch=LINE_PITCH_PT)
    paragraph(doc)
    return para


ISSUER_MAX_PT = 36.0


def issuer_size(issuer: str) -> float:
    """The 发文机关标志's size: as large as fits one line of the text block (one character to spare), at most 36 pt."""
    width_pt = BLOCK_W / 25.4 * 72
    return min(ISSUER_MAX_PT, width_pt / (max(len(issuer), 1) + 1))


def issuer_run(issuer: str) -> Markup:
    """The 发文机关标志 as one WordprocessingML run (red 小标宋, sized by `issuer_size`), for a template's
    `{{r issuer_mark }}`: its size depends on the office's name, which the template does not know."""
    from xml.sax.saxutils import escape

    half_points = round(issuer_size(issuer) * 2)
    fonts = "".join(f' w:{a}="{XIAOBIAOSONG}"' for a in ("ascii", "hAnsi", "eastAsia", "cs"))
    return Markup(
        f'<w:r><w:rPr><w:rFonts{fonts}/><w:color w:val="FF0000"/><w:spacing w:val="0"/>'
        f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(issuer)}</w:t></w:r>'
    )


def letterhead(doc: Document, issuer: str, number: str) -> None:
    """版头: the 发文机关标志 in red 小标宋, centred (`issuer` is text, or a `{{r … }}` tag of `issuer_run`); two empty
    lines; the 发文字号 centred in 3号仿宋; the red separator line 4 mm below it, as wide as the text block; then
    an empty line before the title."""
    size = ISSUER_MAX_PT if issuer.startswith("{{") else issuer_size(issuer)
    paragraph(doc, issuer, font=XIAOBIAOSONG, size=size, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED, pitch=size * 1.3)
    paragraph(doc)
    paragraph(doc)
    number_line = paragraph(doc, number, align=WD_ALIGN_PARAGRAPH.CENTER)
    _border(number_line, "bottom", size=12, color="FF0000", space=11)
    paragraph(doc)


def signature(doc: Document, issuer: str, date_text: str) -> None:
    """发文机关署名 and 成文日期 (Arabic numerals), right-aligned, the date four characters in from the right."""
    paragraph(doc)
    paragraph(doc, issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=2)
    paragraph(doc, date_text, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)


def colophon(doc: Document, copied_to: str, printer: str, printed_on: str) -> None:
    """版记: 抄送 (when there is one) and 印发机关 with 印发日期, in 4号仿宋, each one character in, between lines:
    0.35 mm above the first and below the last, 0.25 mm between."""
    paragraph(doc)
    lines: list[Paragraph] = []
    if copied_to:
        lines.append(paragraph(doc, copied_to, size=SIZE_4, pitch=SIZE_4 * 1.8))
        lines[-1].paragraph_format.left_indent = Pt(SIZE_4)
        lines[-1].paragraph_format.right_indent = Pt(SIZE_4)
    last = paragraph(doc, size=SIZE_4, pitch=SIZE_4 * 1.8)
    last.paragraph_format.left_indent = Pt(SIZE_4)
    last.paragraph_format.right_indent = Pt(SIZE_4)
    _tab_right(last, BLOCK_W - 2 * SIZE_4 / 72 * 25.4)
    run = last.add_run(f"{printer}\t{printed_on}印发")
    east_asian(run, FANGSONG, SIZE_4)
    lines.append(last)
    _border(lines[0], "top", size=COLOPHON_OUTER)
    for upper in lines[:-1]:
        _border(upper, "bottom", size=COLOPHON_INNER)
    _border(lines[-1], "bottom", size=COLOPHON_OUTER)


def _tab_right(para: Paragraph, at_mm: float) -> None:
    ppr = para._p.get_or_add_pPr()
    tabs = OxmlElement("w:tabs")
    tab_el = OxmlElement("w:tab")
    tab_el.set(qn("w:val"), "right")
    tab_el.set(qn("w:pos"), str(round(at_mm / 25.4 * 1440)))
    tabs.append(tab_el)
    _insert_in_order(ppr, tabs)


# The order of w:pPr's children in the schema (ECMA-376 CT_PPrBase); Word refuses a file that breaks it.
_PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
]  # fmt: skip


def _insert_in_order(ppr: Any, element: Any) -> None:
    rank = _PPR_ORDER.index(element.tag.split("}")[1])
    for index, child in enumerate(ppr):
        name = child.tag.split("}")[1]
        if name in _PPR_ORDER and _PPR_ORDER.index(name) > rank:
            ppr.insert(index, element)
            return
    ppr.append(element)


def _border(para: Paragraph, edge: str, *, size: int, color: str = "000000", space: int = 1) -> None:
    ppr = para._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        _insert_in_order(ppr, borders)
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), str(space))
    line.set(qn("w:color"), color)
    borders.append(line)


def table(
    doc: Document,
    header: Iterable[str],
    rows: Iterable[Iterable[str]],
    *,
    widths_mm: Iterable[float],
    size: float = SIZE_4,
    row_height_pt: float | None = None,
) -> Table:
    """A ruled table (forms and ledgers): header in 黑体, cells in 仿宋; cell text may hold docxtpl tags, and a row
    whose first cell starts with `{%tr` is the loop tag row."""
    header = list(header)
    widths = list(widths_mm)
    grid = doc.add_table(rows=0, cols=len(header))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, width in enumerate(widths):
        grid.columns[index].width = Mm(width)
    all_rows: list[tuple[list[str], bool]] = [(header, True)] + [(list(r), False) for r in rows]
    for cells, is_header in all_rows:
        row = grid.add_row()
        if row_height_pt and not cells[0].startswith("{%tr"):
            row.height = Pt(row_height_pt)
        for index, text in enumerate(cells):
            cell = row.cells[index]
            cell.width = Mm(widths[index])
            para = cell.paragraphs[0]
            _exact_lines(para.paragraph_format, size * 1.3)
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER if is_header else WD_ALIGN_PARAGRAPH.LEFT
            if text:
                run = para.add_run(text)
                east_asian(run, HEITI if is_header else FANGSONG, size)
    return grid


def page_break(doc: Document) -> None:
    from docx.enum.text import WD_BREAK

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def date_text(value: object) -> str:
    """A date as the standard writes it: Arabic numerals, no leading zeros (2026年12月7日)."""
    return f"{value.year}年{value.month}月{value.day}日"  # type: ignore[attr-defined]
