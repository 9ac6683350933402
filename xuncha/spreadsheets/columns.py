"""The four sheets: their columns, what each column accepts, and how a cell is read.

A column's allowed values come from the jurisdiction's rulebook where the regulation
fixes them (target categories, expertise areas, the kinds of inspection staff), and
from the registry's models otherwise (status, management level). The template's
“说明” sheet is generated from these definitions, so it cannot drift from the checks.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from xuncha.core.errors import ServiceError
from xuncha.jurisdictions.rulebook import Rulebook
from xuncha.jurisdictions.vocabulary import EXPERTISE
from xuncha.jurisdictions.words import speak
from xuncha.people.models import Inspector

# The talent-pool rule of people.services (which kinds a rulebook provides for, and the article each
# rests on). A private helper there, called here on purpose: the import and `inspector_create` must
# refuse the same kinds, so the rule has one home.
from xuncha.people.services import kind_article
from xuncha.registry.models import Cadre, Organization

YES, NO = "是", "否"
_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "t"}
_FALSE = {"否", "n", "no", "false", "0", "×", "f"}


def worded(book: Rulebook, text: str) -> str:
    """A label in the schema word (巡察) in the rulebook's word; `{word}` in a sheet's own text likewise."""
    return speak(text.replace("{word}", book.word), book.word)


# -- allowed values, per rulebook ---------------------------------------------------------


def category_articles(book: Rulebook) -> str:
    return "、".join(sorted({c.article for c in book.target_categories}))


def category_lookup(book: Rulebook) -> dict[str, str]:
    """Code or Chinese name → code."""
    out = {c.code: c.code for c in book.target_categories}
    out.update({c.name: c.code for c in book.target_categories})
    return out


def status_lookup() -> dict[str, str]:
    out = {s.value: s.value for s in Organization.Status}
    out.update({str(s.label): s.value for s in Organization.Status})
    return out


def level_lookup() -> dict[str, str]:
    out = {lv.value: lv.value for lv in Cadre.Level}
    out.update({str(lv.label): lv.value for lv in Cadre.Level})
    return out


def inspector_kinds(book: Rulebook) -> dict[str, str]:
    """The kinds of inspection staff this rulebook provides for: code → the article it rests on.

    Asked of `inspector_create`'s own rule (`people.services.kind_article`): full-time staff and the
    talent pool always; secondments and training postings only where the rulebook provides for them
    (JDZ-2017 第九条; NMG-2016 names neither)."""
    kinds: dict[str, str] = {}
    for code in Inspector.Kind.values:
        try:
            kinds[code] = kind_article(book, code)
        except ServiceError:
            continue
    return kinds


def inspector_kind_lookup(book: Rulebook) -> dict[str, str]:
    """Code or name (巡察/巡视 wording) → code, for every kind the model knows: whether this rulebook
    allows it is for `kind_article` to say, so a known kind the rulebook lacks gets that refusal."""
    out: dict[str, str] = {}
    for code in Inspector.Kind.values:
        label = str(Inspector.Kind(code).label)
        out[code] = code
        out[label] = code
        out[worded(book, label)] = code
    return out


def inspector_kind_label(book: Rulebook, code: str) -> str:
    return worded(book, str(Inspector.Kind(code).label))


def expertise_choices(book: Rulebook) -> dict[str, str]:
    """code → name. A rulebook that lists areas (JDZ-2017 第九条) limits the choice to its list;
    one that lists none (NMG-2016) allows the vocabulary's."""
    if book.expertise_areas:
        return {a.code: a.name for a in book.expertise_areas}
    return dict(EXPERTISE)


def expertise_lookup(book: Rulebook) -> dict[str, str]:
    choices = expertise_choices(book)
    out = {code: code for code in choices}
    out.update({name: code for code, name in choices.items()})
    return out


def expertise_article(book: Rulebook) -> str:
    return "、".join(sorted({a.article for a in book.expertise_areas}))


# -- columns ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    note: str
    choices: Callable[[Rulebook], list[str]] | None = None
    article: Callable[[Rulebook], str] | None = None
    width: int = 16


@dataclass(frozen=True)
class Sheet:
    kind: str
    title: str  # with {word}; shown through `worded`
    columns: tuple[Column, ...]
    rule: str  # how rows update existing records, shown in the 说明 sheet

    def sheet_title(self, book: Rulebook) -> str:
        return worded(book, self.title)

    def sheet_rule(self, book: Rulebook) -> str:
        return worded(book, self.rule)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _bools(book: Rulebook) -> list[str]:
    return [YES, NO]


def _categories(book: Rulebook) -> list[str]:
    return [c.name for c in book.target_categories]


def _statuses(book: Rulebook) -> list[str]:
    return [str(s.label) for s in Organization.Status]


def _levels(book: Rulebook) -> list[str]:
    return [str(lv.label) for lv in Cadre.Level]


def _kinds(book: Rulebook) -> list[str]:
    return [inspector_kind_label(book, code) for code in inspector_kinds(book)]


def _expertise(book: Rulebook) -> list[str]:
    return list(expertise_choices(book).values())


def _kind_articles(book: Rulebook) -> str:
    return "、".join(sorted({a for a in inspector_kinds(book).values() if a}))


DATE_NOTE = "日期单元格，或文字 YYYY-MM-DD（也接受 2019/3/1、2019.3.1、2019年3月1日）"

TARGETS = Sheet(
    kind="targets",
    title="{word}对象",
    rule="以“名称”对应本党委已登记的单位：新名称新增为{word}对象；已登记的{word}对象按本行更新对象类别、地区、上级单位，"
    "状态只能由“存续”改为“已合并”或“已撤销”。名称已用于接收单位或有关部门的，不能作为{word}对象导入。",
    columns=(
        Column("name", "名称", True, "单位全称，本党委内唯一", width=30),
        Column(
            "category",
            "对象类别",
            True,
            "填写类别名称或代码",
            choices=_categories,
            article=category_articles,
            width=28,
        ),
        Column("region", "地区", False, "自上而下以“/”分隔，例如 江西省/景德镇市/浮梁县；地域回避据此判断", width=28),
        Column("parent", "上级单位", False, "本表中或已登记的单位名称；不得形成循环", width=24),
        Column("status", "状态", False, "不填为“存续”", choices=_statuses, width=10),
        Column("status_on", "状态变更日期", False, "状态为“已合并”或“已撤销”时必填；" + DATE_NOTE, width=14),
        Column("successor", "并入单位", False, "状态为“已合并”时必填：本表中或已登记的另一单位名称", width=24),
    ),
)

LEADERSHIP = Sheet(
    kind="leadership",
    title="领导班子",
    rule="每行是一名领导班子成员的一项任职。人员编号已登记的，姓名须与登记一致（本表不修改干部信息，请用干部任职表）；"
    "未登记的新增干部（只有编号和姓名）。同一干部、同一单位、同一职务、同一任职日期的任职已登记的，不重复登记。",
    columns=(
        Column("org", "单位名称", True, "本党委已登记的单位", width=28),
        Column("title", "职务", True, "例如 党委书记、局长", width=16),
        Column("code", "人员编号", True, "干部在本党委内的唯一编号", width=14),
        Column("name", "姓名", True, "", width=10),
        Column(
            "principal",
            "主要负责人",
            False,
            "不填为“否”；一个单位同时只能有一名现任主要负责人",
            choices=_bools,
            width=10,
        ),
        Column("started_on", "任职日期", True, DATE_NOTE, width=12),
        Column("ended_on", "离任日期", False, "现任不填；不得早于任职日期", width=12),
    ),
)

CADRES = Sheet(
    kind="cadres",
    title="干部任职",
    rule="每行是一名干部的一项任职（没有任职的干部，单位名称、职务、任职日期留空）。以“人员编号”对应已登记的干部："
    "已登记的按本行更新姓名、籍贯、管理层级，并增加尚未登记的任职；同一干部、同一单位、同一职务、同一任职日期的任职视为"
    "已登记，不重复登记，也不修改（离任请在任职记录上登记）。同一编号在多行出现时，姓名、籍贯、管理层级须一致。",
    columns=(
        Column("code", "人员编号", True, "干部在本党委内的唯一编号", width=14),
        Column("name", "姓名", True, "", width=10),
        Column("native_place", "籍贯", False, "自上而下以“/”分隔，例如 江西省/景德镇市/浮梁县", width=24),
        Column("level", "管理层级", False, "不填为“其他”", choices=_levels, width=18),
        Column("org", "单位名称", False, "本党委已登记的单位；与职务、任职日期同填或同空", width=28),
        Column("title", "职务", False, "", width=16),
        Column("leadership", "领导班子成员", False, "不填为“否”；主要负责人必为领导班子成员", choices=_bools, width=12),
        Column(
            "principal",
            "主要负责人",
            False,
            "不填为“否”；一个单位同时只能有一名现任主要负责人",
            choices=_bools,
            width=10,
        ),
        Column("started_on", "任职日期", False, DATE_NOTE, width=12),
        Column("ended_on", "离任日期", False, "现任不填；不得早于任职日期", width=12),
    ),
)

INSPECTORS = Sheet(
    kind="inspectors",
    title="{word}工作人员",
    rule="以“人员编号”对应干部名册（请先导入干部任职表）：尚未入库的新增为{word}工作人员，已入库的按本行更新类别、专业领域、"
    "组长库和县级领导干部标记。",
    columns=(
        Column("code", "人员编号", True, "本党委干部名册中的编号", width=14),
        Column("name", "姓名", False, "可不填；填写的须与干部名册一致", width=10),
        Column("kind", "类别", True, "", choices=_kinds, article=_kind_articles, width=16),
        Column(
            "expertise",
            "专业领域",
            False,
            "名称或代码，多个以“、”分隔",
            choices=_expertise,
            article=expertise_article,
            width=24,
        ),
        Column("leader_pool", "组长库", False, "不填为“否”", choices=_bools, width=8),
        Column("county_level", "县级领导干部", False, "不填为“否”", choices=_bools, width=12),
    ),
)

SHEETS: dict[str, Sheet] = {s.kind: s for s in (TARGETS, LEADERSHIP, CADRES, INSPECTORS)}


# -- reading cells --------------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_PATH_SPLIT = re.compile(r"\s*[/／]\s*")
LIST_SPLIT = re.compile(r"\s*[、,，;；\s]\s*")


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def parse_bool(value: Any) -> bool | None:
    """True/False, or None when the cell is not a yes/no."""
    if isinstance(value, bool):
        return value
    text = cell_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        return None
    m = _DATE_RE.match(value.strip())
    if m is None:
        return None
    try:
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def normalize_path(text: str) -> str | None:
    """'江西省 / 景德镇市/浮梁县' → '江西省/景德镇市/浮梁县'; None if a segment is empty."""
    if not text:
        return ""
    parts = _PATH_SPLIT.split(text)
    if any(not p for p in parts):
        return None
    return "/".join(parts)
