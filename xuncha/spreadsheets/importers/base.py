"""What every importer shares: the problems found, one row being read, the importer's two passes."""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from xuncha.core.errors import ServiceError
from xuncha.jurisdictions.models import Jurisdiction

# The talent-pool rules of `people.services.inspector_create`: kind (`kind_article`) and expertise
# (`check_expertise`). Private helpers there, called here on purpose, so that the import refuses
# exactly what the service refuses, with the service's words and article.
from ..columns import (
    Sheet,
    cell_text,
    normalize_path,
    parse_bool,
    parse_date,
)
from ..models import ERRORS_KEPT

BATCH = 1000  # objects per bulk_create / bulk_update call
Record = tuple[Any, ...]
Tick = Callable[[int], None]


class Problems:
    """Every problem found, the first ERRORS_KEPT of them kept for the report: row, column, the rule
    broken (message) and, when a regulation fixes that rule, its article (else "")."""

    def __init__(self, cap: int = ERRORS_KEPT) -> None:
        self.cap = cap
        self.items: list[dict[str, Any]] = []
        self.count = 0

    def add(self, row: int | None, column: str, message: str, article: str = "") -> None:
        self.count += 1
        if len(self.items) < self.cap:
            self.items.append({"row": row, "column": column, "message": message, "article": article})

    def __bool__(self) -> bool:
        return self.count > 0


def problem_text(p: dict[str, Any]) -> str:
    """第 12 行，“对象类别”列：……（依据 第七条, when the article is not already in the message)"""
    where = []
    if p.get("row"):
        where.append(f"第 {p['row']} 行")
    if p.get("column"):
        where.append(f"“{p['column']}”列")
    article = p.get("article") or ""
    basis = f"（依据{article}）" if article and article not in p["message"] else ""
    return ("，".join(where) + "：" if where else "") + p["message"] + basis


class Row:
    """One data row being checked; typed getters report what is wrong with a cell."""

    __slots__ = ("headers", "ix", "no", "ok", "problems", "values")

    def __init__(self, sheet: Sheet, ix: dict[str, int], problems: Problems) -> None:
        self.headers = {c.key: c.header for c in sheet.columns}
        self.ix = ix
        self.problems = problems
        self.no = 0
        self.values: tuple[Any, ...] = ()
        self.ok = True

    def load(self, no: int, values: tuple[Any, ...]) -> None:
        self.no, self.values, self.ok = no, values, True

    def raw(self, key: str) -> Any:
        i = self.ix[key]
        return self.values[i] if i < len(self.values) else None

    def blank(self, key: str) -> bool:
        v = self.raw(key)
        return v is None or (isinstance(v, str) and not v.strip())

    def fail(self, key: str, message: str, article: str = "") -> None:
        self.ok = False
        self.problems.add(self.no, self.headers[key], message, article)

    def refuse(self, key: str, exc: ServiceError) -> None:
        """A service's refusal of this row, reported against the column with the service's rule and article."""
        self.fail(key, exc.message, exc.article)

    def text(self, key: str, *, required: bool = False, max_length: int = 0) -> str:
        value = cell_text(self.raw(key))
        if not value:
            if required:
                self.fail(key, "不能为空")
        elif max_length and len(value) > max_length:
            self.fail(key, f"超过 {max_length} 字（{len(value)} 字）")
        return value

    def boolean(self, key: str) -> bool | None:
        """True / False, or None for a blank cell."""
        if self.blank(key):
            return None
        value = parse_bool(self.raw(key))
        if value is None:
            self.fail(key, f"“{cell_text(self.raw(key))}”应为“是”或“否”")
        return value

    def date(self, key: str, *, required: bool = False) -> datetime.date | None:
        if self.blank(key):
            if required:
                self.fail(key, "不能为空")
            return None
        value = parse_date(self.raw(key))
        if value is None:
            self.fail(key, f"“{cell_text(self.raw(key))}”不是日期（应为 YYYY-MM-DD，例如 2019-03-01）")
        return value

    def choice(
        self,
        key: str,
        lookup: dict[str, str],
        refusal: Callable[[str], str],
        *,
        required: bool = False,
        default: str = "",
    ) -> str | None:
        """The code for the cell's code or name; the default for a blank cell; None if not allowed."""
        value = self.text(key, required=required)
        if not value:
            return None if required else default
        code = lookup.get(value)
        if code is None:
            self.fail(key, refusal(value))
        return code

    def path(self, key: str, *, max_length: int) -> str:
        value = self.text(key, max_length=max_length)
        normal = normalize_path(value)
        if normal is None:
            self.fail(key, f"“{value}”应自上而下以“/”分隔，每一级都不能为空，例如 江西省/景德镇市/浮梁县")
            return value
        return normal


class Importer(ABC):
    sheet: Sheet

    def __init__(self, jurisdiction: Jurisdiction, problems: Problems) -> None:
        self.j = jurisdiction
        self.book = jurisdiction.rulebook
        self.problems = problems
        self.counts: dict[str, int] = {}
        self.load()

    def load(self) -> None:
        """Read the jurisdiction's existing records the checks need (an index, not the rows). Optional hook."""
        return None

    @abstractmethod
    def check(self, r: Row) -> Record | None:
        """One row's checks: a record to write, or None after adding its problems."""

    def finish(self) -> None:
        """Checks that need the whole file. Optional hook."""
        return None

    @abstractmethod
    def write(self, batches: Iterable[list[Record]], tick: Tick) -> dict[str, int]:
        """Write the checked records; returns counts for the import's event."""

    def cite(self) -> str:
        return f"《{self.book.short_title}》"


def _chunks(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# -- 巡察对象 ---------------------------------------------------------------------------------
