from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .rulebook import Rulebook

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
    label: str = ""  # what the row is, in words (the code is the key, not shown)


# Attributes that hold codes: shown by their Chinese names, in the rulebook's word.
_ACTION_ATTRS = {"trigger", "fulfilled_by"}
_PARTY_ATTRS = {"responsible", "keeper"}
_STAGES = {"during_inspection": "{word}期间", "after_decision": "分类处置决定后"}


def _named(book: Rulebook, attr: str, value: Any) -> Any:
    """A code's Chinese name (the value itself if it is not a code)."""
    from xuncha.core.words import speak

    from .vocabulary import DEADLINE_UNITS, LIFECYCLE_ACTIONS, PARTIES, RECEIVER_KINDS

    if attr in _ACTION_ATTRS:
        return speak(LIFECYCLE_ACTIONS.get(value, value), book.word)
    if attr in _PARTY_ATTRS:
        return speak(PARTIES.get(value, value), book.word)
    if attr == "receiver_kind":
        return RECEIVER_KINDS.get(value, value)
    if attr == "unit":
        return DEADLINE_UNITS.get(value, value)
    if attr == "stage":
        return _STAGES.get(value, value).format(word=book.word)
    if attr == "approval_by" and value:
        return next((b.name for b in book.bodies if b.code == value), value)
    if attr == "signers":
        return [next((r.name for r in book.roles if r.code == v), v) for v in value]
    return value


def _describe(item: Any, attrs: tuple[str, ...], book: Rulebook) -> str:
    parts = []
    for attr in attrs:
        value = _named(book, attr, getattr(item, attr))
        if isinstance(value, list):
            value = "、".join(map(str, value))
        if isinstance(value, bool):
            value = "必需" if value else "可选"
        if value not in (None, ""):
            parts.append(str(value))
    return " · ".join(parts)


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
                    label = label or str(getattr(item, attrs[0]))
            rows.append(Row(code, cells, differs=len(compared) > 1, label=label))
        sections.append((label, rows))
    scalar = [
        Row(
            "coverage",
            [
                Cell(True, f"每{b.coverage.term_years}年一届，至少{b.coverage.times}次", b.coverage.article)
                for b in books
            ],
            differs=len({(b.coverage.term_years, b.coverage.times) for b in books}) > 1,
            label="全覆盖",
        ),
        Row("word", [Cell(True, b.word, "") for b in books], differs=len({b.word for b in books}) > 1, label="用语"),
    ]
    sections.insert(0, ("总体", scalar))
    return sections
