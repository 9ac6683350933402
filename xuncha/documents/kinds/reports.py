"""报告 (JDZ-2017 第三十条: 巡察报告, 专题报告; NMG-2016 第二十六条: 巡视报告, 领导干部问题线索情况报告, 选人用人报告,
个别谈话情况汇总, 专题报告): one rulebook entry per report type, each printing a final (定稿) report of its type.

The document is the report as the team finalized it: its body, addressed to the leading group, signed by the team,
with its version. Not numbered (the rulebooks give reports no 发文字号), so no letterhead. Its readers are the
report's (team material: the team, the office, the leading group, auditors — never the inspected unit).
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from docx.enum.text import WD_ALIGN_PARAGRAPH

from xuncha.core.errors import ServiceError
from xuncha.reports.models import Report

from .. import gbt9704 as g
from . import Kind, Spec, register
from .common import authorize_team_or_office, date_text, paragraphs, team_name

# 一、 … 十二、: a level-1 heading (黑体); （一） …: a level-2 heading (楷体). Numerals as the drafts write them.
_NUMERAL = "[一二三四五六七八九十百零〇]+"
LEVEL_1 = re.compile(rf"^{_NUMERAL}、")
LEVEL_2 = re.compile(rf"^[（(]{_NUMERAL}[）)]")


def _level(line: str) -> int:
    if LEVEL_1.match(line):
        return 1
    if LEVEL_2.match(line):
        return 2
    return 0


def body_paragraphs(text: str, *, drop_first: str = "") -> list[dict[str, Any]]:
    """The report's text as paragraphs `{level, text}`: level 1 and 2 headings, 0 body text. A first line equal to
    `drop_first` (the heading a draft is assembled with, which the document's title replaces) is left out."""
    lines = paragraphs(text)
    if lines and drop_first and lines[0] == drop_first:
        lines = lines[1:]
    return [{"level": _level(line), "text": line} for line in lines]


def _title(report: Report, spec: Spec) -> str:
    # The report has no title of its own (Report has no title field): the document's title names the unit.
    own = str(getattr(report, "title", "") or "").strip()
    return own or f"关于{report.inspection.target.name}的{spec.name}"


def fill(report: Report, spec: Spec, actor: Any) -> dict[str, Any]:
    inspection = report.inspection
    return {
        "title": _title(report, spec),
        "addressee": spec.book.body("leading_group").name,
        "paragraphs": body_paragraphs(report.body, drop_first=f"{inspection}{report.type_name}"),
        "signer": team_name(inspection),
        "unit_name": inspection.target.name,
        "report_type": report.type_name,
        "version": report.version,
        "version_mark": f"（第{report.version}版）",
        "finalized_on": date_text(report.finalized_on),
    }


FIELDS = {
    "addressee": "主送（领导小组）",
    "paragraphs": "正文各段（paragraphs：level 层级 1 一、 2 （一） 0 正文，text 文字）",
    "signer": "署名（组）",
    "unit_name": "被检查单位",
    "report_type": "报告类型",
    "version": "版本号",
    "version_mark": "版本标注（第N版）",
    "finalized_on": "定稿日期",
}


def sample(spec: Spec) -> dict[str, Any]:
    return {
        "addressee": "某某领导小组",
        "paragraphs": [
            {"level": 1, "text": "一、基本情况"},
            {"level": 2, "text": "（一）某某方面"},
            {"level": 0, "text": "正文段落。"},
        ],
        "signer": "某某组",
        "unit_name": "某某单位",
        "report_type": spec.name,
        "version": 1,
        "version_mark": "（第1版）",
        "finalized_on": "2026年1月1日",
    }


def template(spec: Spec) -> Any:
    doc = g.new_document()
    g.title(doc, "{{ title }}")
    g.paragraph(doc, "{{ addressee }}：")
    g.tag(doc, "for p in paragraphs")
    g.tag(doc, "if p.level == 1")
    g.heading(doc, 1, "{{ p.text }}")
    g.tag(doc, "elif p.level == 2")
    g.heading(doc, 2, "{{ p.text }}")
    g.tag(doc, "else")
    g.body(doc, "{{ p.text }}")
    g.tag(doc, "endif")
    g.tag(doc, "endfor")
    g.signature(doc, "{{ signer }}", "{{ date }}")
    # The version, discreetly: under the date in 4号, where a reader checks which version he holds.
    g.paragraph(doc, "{{ version_mark }}", size=g.SIZE_4, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    return doc


def ready(report: Report, spec: Spec) -> None:
    article = spec.entry.article
    if report.type != spec.entry.report_type:
        raise ServiceError(
            f"该报告是{report.type_name}，不是{spec.name}：请从{spec.name}生成（{spec.citation}）",
            field="subject",
            article=article,
        )
    if report.status != Report.Status.FINAL:
        raise ServiceError(
            f"{report}处于“{report.get_status_display()}”状态，尚未定稿：{spec.name}须在组长定稿后生成（{spec.citation}）",
            field="subject",
            article=article,
        )


def under_inspection(inspection: Any, spec: Spec) -> QuerySet[Report, Report]:
    """The inspection's report of this type, its latest version only (one a correction has not superseded)."""
    return Report.objects.filter(
        inspection=inspection, type=spec.entry.report_type, superseded_by__isnull=True
    ).order_by("-version")


register(
    Kind(
        code="report",
        model=Report,
        fill=fill,
        template=template,
        fields=FIELDS,
        sample=sample,
        jurisdiction_of=lambda r: r.inspection.jurisdiction,
        inspection_of=lambda r: r.inspection,
        authorize=lambda actor, r, spec: authorize_team_or_office(actor, r.inspection, spec),
        ready=ready,
        under_inspection=under_inspection,
    )
)
