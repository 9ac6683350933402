from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .rulebook import Rulebook
from .vocabulary import DEADLINE_UNITS, LIFECYCLE_ACTIONS, PARTIES, RECEIVER_KINDS

# Sections compared item by item (matched on code), with the attributes that matter.
# Sections compared item by item (matched on code): the attributes shown, and the attributes whose difference
# matters. Names differ in every row (市委 / 自治区党委) and are shown, not compared.
COMPARED: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
    ("bodies", "机构", ("name",), ()),
    ("roles", "角色", ("name",), ()),
    ("target_categories", "巡视巡察对象类别", ("name",), ()),
    ("problem_categories", "问题类别", ("name",), ()),
    ("working_methods", "工作方式", ("name",), ("number", "secret", "approval_by")),
    (
        "deadlines",
        "期限",
        ("name", "label", "trigger", "fulfilled_by", "responsible"),
        ("label", "trigger", "fulfilled_by", "responsible"),
    ),
    ("minimum_periods", "最短期间", ("name", "amount", "unit"), ("amount", "unit")),
    ("signature_forms", "签字表单", ("name", "signers", "copies"), ("signers", "copies")),
    (
        "transfer_routes",
        "移交途径",
        ("matter", "receiver_kind", "stage", "approval_by"),
        ("receiver_kind", "stage", "approval_by"),
    ),
    ("fast_track_conditions", "速查速办情形", ("text",), ()),
    ("report_types", "报告类型", ("name", "required"), ("required",)),
    ("disclosures", "公开事项", ("name", "channels"), ()),
    ("information_sources", "巡前了解情况", ("agency", "years"), ("years",)),
    ("ledgers", "台账", ("name", "keeper"), ("keeper",)),
    ("eligibility_conditions", "任职条件", ("text",), ()),
    ("expertise_areas", "人才库专业领域", ("name",), ()),
]


@dataclass
class Cell:
    present: bool
    text: str
    article: str


@dataclass
class Row:
    code: str
    cells: list[Cell]
    differs: bool
    label: str = ""  # what the row is, in Chinese (the item's name in the first book that has it)


def _body_name(book: Rulebook, code: str) -> str:
    found = next((b for b in book.bodies if b.code == code), None)
    return found.name if found else code


def _role_name(book: Rulebook, code: str) -> str:
    found = next((r for r in book.roles if r.code == code), None)
    return found.name if found else code


def display_value(book: Rulebook, attr: str, value: Any) -> str:
    """A rulebook attribute as a reader sees it: codes turned into the rulebook's (or the vocabulary's) Chinese
    names, never a raw code such as `discipline_organ`."""
    from xuncha.jurisdictions.words import (
        speak,  # core speaks the rulebooks' words; imported here to keep the layers apart
    )

    if value in (None, "", []):
        return "未规定" if attr == "copies" else ""
    if attr == "signers":
        return "、".join(_role_name(book, c) for c in value) + " 签字"
    if attr == "copies":
        return f"一式{value}份"
    if attr == "receiver_kind":
        return RECEIVER_KINDS.get(value, value)
    if attr == "unit":
        return DEADLINE_UNITS.get(value, value)
    if attr in ("approval_by", "keeper"):
        return _body_name(book, value)
    if attr in ("trigger", "fulfilled_by"):
        return speak(LIFECYCLE_ACTIONS.get(value, value), book.word)
    if attr == "responsible":
        return speak(PARTIES.get(value, value), book.word)
    if attr == "stage":
        return {"during_inspection": f"{book.word}期间", "after_decision": "分类处置决定后"}.get(value, value)
    if attr == "years":
        return f"近{value}年"
    if isinstance(value, bool):
        return "必需" if value else "可选"
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)


def _describe(item: Any, attrs: tuple[str, ...], book: Rulebook) -> str:
    parts = [display_value(book, attr, getattr(item, attr)) for attr in attrs]
    return " · ".join(p for p in parts if p)


def _label(item: Any) -> str:
    for attr in ("name", "agency", "matter", "text"):
        value = getattr(item, attr, "")
        if value:
            return str(value)
    return ""


def compare(books: list[Rulebook]) -> list[tuple[str, list[Row]]]:
    """Section by section, one row per code present in any book; `differs` marks
    rows absent from a book or described differently."""
    sections = []
    for field, label, attrs, keys in COMPARED:
        codes: list[str] = []
        for book in books:
            codes += [i.code for i in getattr(book, field) if i.code not in codes]
        rows = []
        for code in codes:
            cells: list[Cell] = []
            compared: set[tuple[str, ...] | None] = set()
            label = ""
            for book in books:
                item = next((i for i in getattr(book, field) if i.code == code), None)
                if item is None:
                    cells.append(Cell(False, "—（未规定）", ""))
                    compared.add(None)
                else:
                    cells.append(Cell(True, _describe(item, attrs, book), item.article))
                    compared.add(tuple(str(getattr(item, k)) for k in keys))
                    label = label or _label(item)
            rows.append(Row(code, cells, differs=len(compared) > 1, label=label))
        sections.append((label, rows))
    scalar = [
        Row(
            "coverage",
            [
                Cell(True, f"{b.coverage.duty(b.word)}（每届{b.coverage.term_years}年：本办设置）", b.coverage.article)
                for b in books
            ],
            differs=len({(b.coverage.term_years, b.coverage.times, bool(b.coverage.setting)) for b in books}) > 1,
            label="覆盖",
        ),
        Row(
            "word",
            [Cell(True, b.word, "") for b in books],
            differs=len({b.word for b in books}) > 1,
            label="称谓",
        ),
    ]
    sections.insert(0, ("总体", scalar))
    return sections


@dataclass
class Shown:
    """A rulebook item with its coded attributes in Chinese, for the rulebook page."""

    item: Any
    parts: dict[str, str]


def shown(book: Rulebook, items: Any, attrs: tuple[str, ...]) -> list[Shown]:
    return [Shown(i, {a: display_value(book, a, getattr(i, a)) for a in attrs}) for i in items]
