"""What the kinds share: who may print an inspection's documents, names as documents write them, and the
paragraph blocks every template uses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.document import Document as Docx

from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.visibility import viewer_for

from .. import gbt9704 as g

if TYPE_CHECKING:
    from xuncha.accounts.models import User

    from . import Spec

NUMERALS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (headings 一、（一）; team names 第一组)."""
    if n < 10:
        return NUMERALS[n]
    if n < 20:
        return "十" + (NUMERALS[n % 10] if n % 10 else "")
    if n < 100:
        return NUMERALS[n // 10] + "十" + (NUMERALS[n % 10] if n % 10 else "")
    return str(n)


def date_text(value: Any) -> str:
    """GB/T 9704-2012: dates in Arabic numerals, without leading zeros. Empty for no date."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def team_name(inspection: Any) -> str:
    """The team as it signs: 中共某某市委第一巡察组 (the jurisdiction's name, the team's number, the word)."""
    team = inspection.team
    return f"{inspection.jurisdiction.name}第{chinese_number(team.number)}{inspection.jurisdiction.word}组"


def paragraphs(text: str) -> list[str]:
    """A free text as the paragraphs of a document: one per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def authorize_team_or_office(actor: User | None, inspection: Any, spec: Spec) -> None:
    """An inspection's documents are printed by its team or by the office (head or staff), who see its records."""
    if actor is None:
        return
    viewer = viewer_for(actor)
    office_roles = frozenset({"office_head", "office_staff"})
    if inspection.team_id in viewer.team_ids or inspection.jurisdiction_id in viewer.jurisdictions_with(office_roles):
        return
    office = spec.book.body("office").name
    raise PermissionDeniedError(
        f"只有本{spec.book.word}组成员和{office}可以生成“{spec.name}”（本系统设置：文书由承办的组或办公室生成）"
    )


def require_text(value: str, label: str, spec: Spec) -> str:
    """A field the document cannot go without: refused, naming it, while the record lacks it."""
    if not str(value or "").strip():
        raise ServiceError(f"“{spec.name}”缺少{label}：请先在记录中填写", field="subject")
    return str(value)


# ---- template blocks (docxtpl tags inside gbt9704 paragraphs) ----


def letterhead_block(doc: Docx) -> None:
    g.letterhead(doc, "{{r issuer_mark }}", "{{ number }}")


def numbered_template(body: Any = None, *, copied_to: str = "{{ copied_to }}") -> Docx:
    """A numbered document: 版头 (发文机关标志, 发文字号, red line), title, 主送, the opening paragraph, the body
    (`body(doc)`, default the numbered sections), signature and date, 版记."""
    doc = g.new_document()
    letterhead_block(doc)
    g.title(doc, "{{ title }}")
    g.paragraph(doc, "{{ addressee }}：")
    g.body(doc, "{{ intro }}")
    (body or sections_block)(doc)
    g.signature(doc, "{{ signer }}", "{{ date }}")
    g.colophon(doc, copied_to, "{{ printer }}", "{{ printed_on }}")
    return doc


def sections_block(doc: Docx, var: str = "sections") -> None:
    """Numbered sections: `{numeral, heading, paragraphs, items: [{numeral, heading, paragraphs}]}` — headings 一、 in
    黑体, （一） in 楷体, body text in 仿宋."""
    g.tag(doc, f"for s in {var}")
    g.heading(doc, 1, "{{ s.numeral }}{{ s.heading }}")
    g.tag(doc, "for p in s.paragraphs")
    g.body(doc, "{{ p }}")
    g.tag(doc, "endfor")
    g.tag(doc, "for i in s.subs")
    g.heading(doc, 2, "{{ i.numeral }}{{ i.heading }}")
    g.tag(doc, "for p in i.paragraphs")
    g.body(doc, "{{ p }}")
    g.tag(doc, "endfor")
    g.tag(doc, "endfor")
    g.tag(doc, "endfor")


def section(numeral: int, heading: str, paragraphs_: list[str], items: list[dict[str, Any]] | None = None) -> dict:
    return {
        "numeral": f"{chinese_number(numeral)}、",
        "heading": heading,
        "paragraphs": paragraphs_,
        "subs": items or [],
    }


def item(numeral: int, heading: str, paragraphs_: list[str]) -> dict[str, Any]:
    return {"numeral": f"（{chinese_number(numeral)}）", "heading": heading, "paragraphs": paragraphs_}


SECTION_FIELDS = "各部分（sections：numeral 序号、heading 标题、paragraphs 段落、subs 子项）"


def deadline_lines(book: Any, codes: tuple[str, ...]) -> list[str]:
    """The rulebook's deadlines `codes` (those it has) as a document states them: what, from when, how long, and
    the article — from the rulebook, never a number written here."""
    from xuncha.jurisdictions.vocabulary import DEADLINE_UNITS, LIFECYCLE_ACTIONS

    lines = []
    for code in codes:
        rule = next((d for d in book.deadlines if d.code == code), None)
        if rule is None:
            continue
        start = LIFECYCLE_ACTIONS.get(rule.trigger, rule.trigger)
        span = "及时" if rule.unit == "timely" else f"{rule.amount}{DEADLINE_UNITS[rule.unit]}内"
        lines.append(f"{rule.name}：自{start}之日起{span}（《{book.short_title}》{rule.article}）。")
    return lines
