"""反馈意见 (JDZ-2017 第三十三条, NMG-2016 第二十九条): one document per feedback session — to the leadership and to
the principal leader separately — with the problems as the unit was told them (never a finding's evidence or the
persons concerned), the team's opinions, and the rectification deadlines of the rulebook."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from xuncha.feedback.models import FeedbackSession
from xuncha.feedback.selectors import current_principal_name, problems_of

from . import Kind, Spec, register
from .common import (
    SECTION_FIELDS,
    authorize_team_or_office,
    date_text,
    deadline_lines,
    item,
    numbered_template,
    paragraphs,
    section,
    team_name,
)

RECTIFICATION_DEADLINES = ("rectification_plan", "rectification_reports")


def _addressee(session: FeedbackSession) -> str:
    target = session.inspection.target
    if session.audience == FeedbackSession.Audience.PRINCIPAL:
        name = current_principal_name(target.pk)
        return f"{name}同志" if name else f"{target.name}主要负责人"
    return f"{target.name}领导班子"


def fill(session: FeedbackSession, spec: Spec, actor: Any) -> dict[str, Any]:
    inspection = session.inspection
    word = spec.book.word
    problems = problems_of([session]).get(session.pk, [])
    by_category: OrderedDict[str, list[Any]] = OrderedDict()
    for problem in problems:
        by_category.setdefault(problem.category_name, []).append(problem)
    found = [
        item(n, name, [f"{i}. {p.title}。{p.description}" for i, p in enumerate(group, start=1)])
        for n, (name, group) in enumerate(by_category.items(), start=1)
    ]
    period = ""
    if inspection.entered_on and inspection.fieldwork_ended_on:
        period = f"于{date_text(inspection.entered_on)}至{date_text(inspection.fieldwork_ended_on)}"
    intro = (
        f"根据{inspection.jurisdiction.name}{word}工作安排，{team_name(inspection)}{period}对{inspection.target.name}"
        f"进行了{word}。按照《{spec.book.short_title}》{spec.entry.article}的规定，现将{word}发现的问题和整改意见"
        f"反馈如下。"
    )
    sections = [
        section(1, "发现的主要问题", [] if found else ["（本次反馈未列具体问题）"], found),
        section(2, "整改意见", paragraphs(session.opinions)),
    ]
    requirements = deadline_lines(spec.book, RECTIFICATION_DEADLINES)
    if requirements:
        sections.append(section(3, "整改要求", requirements))
    return {
        "title": f"关于{inspection.target.name}{word}情况的反馈意见"
        + ("（向主要负责人反馈）" if session.audience == FeedbackSession.Audience.PRINCIPAL else ""),
        "addressee": _addressee(session),
        "audience": session.get_audience_display(),
        "intro": intro,
        "sections": sections,
        "signer": team_name(inspection),
        "copied_to": f"抄送：{spec.book.body('office').name}",
        "unit_name": inspection.target.name,
        "held_on": date_text(session.held_on),
    }


FIELDS = {
    "addressee": "主送（领导班子或主要负责人）",
    "audience": "反馈对象",
    "intro": "开头段",
    "sections": SECTION_FIELDS,
    "signer": "署名（组）",
    "copied_to": "抄送",
    "unit_name": "被检查单位",
    "held_on": "反馈日期",
}


def sample(spec: Spec) -> dict[str, Any]:
    return {
        "addressee": "某某单位领导班子",
        "audience": "领导班子",
        "intro": "开头段。",
        "sections": [section(1, "发现的主要问题", ["段落"], [item(1, "类别", ["1. 问题。"])])],
        "signer": "某某组",
        "copied_to": "抄送：某某",
        "unit_name": "某某单位",
        "held_on": "2026年1月1日",
    }


def template(spec: Spec) -> Any:
    return numbered_template()


def ready(session: FeedbackSession, spec: Spec) -> None:
    return None


register(
    Kind(
        code="feedback_opinions",
        model=FeedbackSession,
        fill=fill,
        template=template,
        fields=FIELDS,
        sample=sample,
        jurisdiction_of=lambda s: s.inspection.jurisdiction,
        inspection_of=lambda s: s.inspection,
        authorize=lambda actor, s, spec: authorize_team_or_office(actor, s.inspection, spec),
        under_inspection=lambda inspection, spec: FeedbackSession.objects.filter(inspection=inspection),
        numbered_default=True,
    )
)
