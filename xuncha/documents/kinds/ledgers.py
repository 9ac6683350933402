"""台账 (JDZ-2017 第三十九条 `office_clue_ledger`, `team_clue_ledger`; NMG-2016 第三十三条 `results_ledger`), printed
whole for the jurisdiction as of the day it is printed: one row per clue with the ledger's twelve columns
(`clues.ledger.HEADERS`: the register row, the transfer and the receiver's handling — never content, evidence or an
informant), the counts in 件 and 人, and for the NMG results ledger the uses of results decided per inspection.

Landscape A4 in 小四: twelve columns do not fit the portrait text block. Only those who see the whole ledger print it
and read it (the office and the leading group, `LEDGER_ROLES`): a unit contact sees its jurisdiction, not its ledger."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from xuncha.clues import ledger as clue_ledger
from xuncha.clues.selectors import clue_counts
from xuncha.clues.visibility import LEDGER_ROLES
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.visibility import Viewer
from xuncha.jurisdictions.models import Jurisdiction

from .. import gbt9704 as g
from . import Kind, Spec, register
from .common import date_text

# Millimetres of the 225 mm landscape text block, one per column of HEADERS.
# 编号 来源 反映对象 职务 管理权限 问题类别 移交途径 移交日期 接收单位 处置方式 反馈日期 办理状态:
# 225 mm in all, the turned text block; the dates wider (10 half-width digits in 五号).
WIDTHS = (19, 13, 15, 20, 13, 17, 25, 22, 22, 14, 22, 23)
USES_WIDTHS = (90, 135)


def _item(jurisdiction: Jurisdiction, spec: Spec) -> Any:
    item = clue_ledger.ledger_item(jurisdiction, spec.entry.ledger or "")
    if item is None:
        raise ServiceError(
            f"《{spec.book.short_title}》没有台账“{spec.entry.ledger}”（{spec.entry.article}）", field="kind"
        )
    return item


def who_may(spec: Spec) -> str:
    """The roles that see the whole ledger, as the rulebook names them."""
    return "、".join(spec.book.role(code).name for code in LEDGER_ROLES if spec.book.has_role(code))


def authorize(actor: Any, jurisdiction: Jurisdiction, spec: Spec) -> None:
    if actor is not None and clue_ledger.sees_whole(actor, jurisdiction):
        return
    raise PermissionDeniedError(f"只有{who_may(spec)}可以打印“{spec.name}”（打印的是整本台账；{spec.citation}）")


def fill(jurisdiction: Jurisdiction, spec: Spec, actor: Any) -> dict[str, Any]:
    item = _item(jurisdiction, spec)
    book = spec.book
    today = timezone.localdate()
    clues = clue_ledger.ledger_clues(actor, jurisdiction, item.code)
    overdue = clue_ledger.overdue_clue_ids(jurisdiction, today)
    rows = [{"cells": list(clue_ledger.row(book, c, overdue).cells)} for c in clue_ledger.with_related(clues)]
    uses: list[dict[str, str]] = []
    if item.code == clue_ledger.RESULTS:
        uses = [{"inspection": u.inspection, "uses": u.uses} for u in clue_ledger.results_uses(jurisdiction, {})]
    return {
        "title": item.name,
        "committee": jurisdiction.name,
        "basis": f"依据：{spec.citation}　范围：{item.scope}",
        "counts": f"共{clue_counts(clues)}",
        "overdue_count": str(sum(1 for c in clues.values_list("pk", flat=True) if c in overdue)),
        "as_of": date_text(today),
        "rows": rows,
        "uses": uses,
    }


FIELDS = {
    "committee": "党委",
    "basis": "依据及范围",
    "counts": "件数和人数",
    "overdue_count": "逾期未反馈件数",
    "as_of": "制表日期",
    "rows": "台账各行（rows：cells 为 " + "、".join(clue_ledger.HEADERS) + " 共12列）",
    "uses": "成果运用（uses：inspection 项目、uses 运用方式；仅成果运用台账）",
}


def sample(spec: Spec) -> dict[str, Any]:
    return {
        "title": spec.name,
        "committee": "某某党委",
        "basis": "依据：某条　范围：某某",
        "counts": "共1件1人",
        "overdue_count": "0",
        "as_of": "2026年1月1日",
        "rows": [{"cells": [f"某{h}" for h in clue_ledger.HEADERS]}],
        "uses": [{"inspection": "某某项目", "uses": "某某运用"}],
    }


def template(spec: Spec) -> Any:
    doc = g.new_document(g.Page(landscape=True))
    g.title(doc, "{{ title }}")
    small = g.SIZE_5
    g.paragraph(doc, "{{ committee }}　{{ basis }}", size=small, pitch=small * 1.5)
    g.paragraph(
        doc, "{{ counts }}，其中逾期未反馈{{ overdue_count }}件　制表日期：{{ as_of }}", size=small, pitch=small * 1.5
    )
    n = len(clue_ledger.HEADERS)
    g.table(
        doc,
        clue_ledger.HEADERS,
        [
            ["{%tr for r in rows %}"] + [""] * (n - 1),
            [f"{{{{ r.cells[{i}] }}}}" for i in range(n)],
            ["{%tr endfor %}"] + [""] * (n - 1),
        ],
        widths_mm=WIDTHS,
        size=small,
    )
    if spec.entry.ledger == clue_ledger.RESULTS:
        g.paragraph(doc)
        g.paragraph(doc, f"各{spec.book.word}项目的成果运用情况", font=g.HEITI, size=g.SIZE_4)
        g.table(
            doc,
            (f"{spec.book.word}项目", "成果运用"),
            [
                ("{%tr for u in uses %}", ""),
                ("{{ u.inspection }}", "{{ u.uses }}"),
                ("{%tr endfor %}", ""),
            ],
            widths_mm=USES_WIDTHS,
            size=small,
        )
    return doc


def readers(viewer: Viewer) -> Q:
    """Who reads a printed ledger: the office and the leading group of its jurisdiction (not all who see it)."""
    return Q(jurisdiction_id__in=viewer.jurisdictions_with(frozenset(LEDGER_ROLES)))


register(
    Kind(
        code="ledger",
        model=Jurisdiction,
        fill=fill,
        template=template,
        fields=FIELDS,
        sample=sample,
        jurisdiction_of=lambda j: j,
        inspection_of=lambda j: None,
        authorize=authorize,
        under_inspection=None,
        readers=readers,
        landscape=True,
    )
)
