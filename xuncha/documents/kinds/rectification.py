"""The rectification documents:

- 整改通知 (`rectification_notice`; JDZ-2017 第三十四条, NMG-2016 第三十条): after the feedback, the office tells the
  unit in writing the problems both sessions pointed out, the rulebook's deadlines (with their due dates once the
  obligations run) and who is first responsible. The regulations do not name this document: the rulebook's note says
  it is the office's practice, so the notice never says a regulation requires it.
- 整改意见 (`rectification_opinion`; JDZ-2017 第四十一条): the team's opinions on poor rectification.
- 通报 (`circulated_notice`; JDZ-2017 第四十一条): after the office's report to the leading group.

Only what the unit may see is printed: the problems as fed back (never a finding's evidence or persons concerned),
the opinions and the notice's own content — never the office's report to the leading group (PoorRectificationStep
hides it from the unit, and the notice is read by the unit)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from xuncha.core.errors import ServiceError
from xuncha.feedback.models import FeedbackSession
from xuncha.feedback.selectors import Problem, problems_of
from xuncha.inspections.models import Inspection
from xuncha.obligations.models import Obligation
from xuncha.rectification.models import PoorRectificationStep

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
Step = PoorRectificationStep


# ---- shared ----


def _office_signer(inspection: Inspection, spec: Spec) -> str:
    """The office as it signs: its letterhead's issuer (the 发文机关标志 of the numbered document), else the
    rulebook's name of the office."""
    from ..models import Letterhead

    letterhead = Letterhead.objects.filter(jurisdiction_id=inspection.jurisdiction_id).first()
    if letterhead is not None and letterhead.issuer:
        return letterhead.issuer
    return spec.book.body("office").name


def _template() -> Any:
    return numbered_template()


def _authorize_inspection(actor: Any, subject: Any, spec: Spec) -> None:
    inspection = subject if isinstance(subject, Inspection) else subject.inspection
    authorize_team_or_office(actor, inspection, spec)


# ---- 整改通知 ----


def _problems(inspection: Inspection) -> list[Problem]:
    """The problems both sessions pointed out, once each, in their numbers' order."""
    sessions = list(FeedbackSession.objects.filter(inspection=inspection).select_related("inspection__jurisdiction"))
    seen: dict[int, Problem] = {}
    for problems in problems_of(sessions).values():
        for problem in problems:
            seen.setdefault(problem.number, problem)
    return [seen[n] for n in sorted(seen)]


def _by_category(problems: Sequence[Problem]) -> list[dict[str, Any]]:
    groups: dict[str, list[Problem]] = {}
    for problem in problems:
        groups.setdefault(problem.category_name, []).append(problem)
    return [
        item(n, name, [f"{i}. {p.title}。{p.description}" for i, p in enumerate(group, start=1)])
        for n, (name, group) in enumerate(groups.items(), start=1)
    ]


def _requirements(inspection: Inspection, spec: Spec) -> list[str]:
    """The rulebook's deadlines, each with its due date where its obligation runs: “应于…前” when the date is
    known; “期限自…之日起计算” while it has not started (JDZ-2017: before the receipt is signed) or its date waits
    for a year's holiday schedule. A deadline already met (its obligation fulfilled) is stated without a date."""
    from xuncha.jurisdictions.vocabulary import LIFECYCLE_ACTIONS

    obligations: dict[str, list[Obligation]] = {}
    for obligation in Obligation.objects.filter(inspection=inspection, rule_code__in=RECTIFICATION_DEADLINES):
        obligations.setdefault(obligation.rule_code, []).append(obligation)
    lines = []
    for code in RECTIFICATION_DEADLINES:
        line = deadline_lines(spec.book, (code,))
        if not line:
            continue
        text = line[0].rstrip("。")
        rule = next(d for d in spec.book.deadlines if d.code == code)
        rows = obligations.get(code, [])
        running = next((o for o in rows if o.status == Obligation.Status.OPEN), None)
        if running is not None and running.due_on is not None:
            text += f"（应于{date_text(running.due_on)}前）"
        elif not rows or (running is not None and running.due_pending):
            text += f"（期限自{LIFECYCLE_ACTIONS.get(rule.trigger, rule.trigger)}之日起计算）"
        lines.append(text + "。")
    return lines


def _first_responsible(spec: Spec) -> list[str]:
    """JDZ-2017 第三十四条第三款 “…主要负责人为落实整改工作的第一责任人。”, NMG-2016 第三十条第二款 (the same words,
    then “负责本地区（单位）的整改落实工作”): checked against the texts in shared/regulations. Written with the
    rulebook's name of the role and its article, which are those words' subject and place."""
    book = spec.book
    if not book.has_role("unit_principal_leader"):
        return []
    role = book.role("unit_principal_leader")
    return [f"{role.name}为落实整改工作的第一责任人（《{book.short_title}》{role.article}）。"]


def notice_fill(inspection: Inspection, spec: Spec, actor: Any) -> dict[str, Any]:
    word = spec.book.word
    target = inspection.target.name
    team = team_name(inspection)
    found = _by_category(_problems(inspection))
    intro = (
        f"{team}于{date_text(inspection.feedback_given_on)}向你单位反馈了{word}情况，指出了问题，提出了整改意见。"
        f"为抓好反馈问题的整改落实，现将有关事项通知如下。"
    )
    requirements = _requirements(inspection, spec) + _first_responsible(spec)
    sections = [
        section(1, "反馈的问题", [] if found else ["（反馈时未列具体问题）"], found),
        section(2, "整改要求", requirements or ["请对照反馈的问题认真整改落实。"]),
    ]
    return {
        "title": spec.name,
        "addressee": target,
        "intro": intro,
        "sections": sections,
        # Signed by the office: the notice is the office's practice (the rulebook's note), printed under its
        # letterhead and 发文字号, and GB/T 9704-2012 has the signature match the issuing organ. The team that gave
        # the feedback is copied.
        "signer": _office_signer(inspection, spec),
        "copied_to": f"抄送：{team}",
        "unit_name": target,
        "fed_back_on": date_text(inspection.feedback_given_on),
    }


def notice_ready(inspection: Inspection, spec: Spec) -> None:
    """Printed once the feedback is given: both sessions held (`feedback_given_on` is set by the second)."""
    if inspection.feedback_given_on is None:
        book = spec.book
        feedback = book.document("feedback_opinions")
        where = f"《{book.short_title}》{feedback.article}" if feedback is not None else spec.citation
        raise ServiceError(
            f"“{spec.name}”须在反馈之后生成：{team_name(inspection)}尚未向{inspection.target.name}领导班子和主要负责人"
            f"分别反馈（{where}）；整改要求自反馈后提出（{spec.citation}）",
            field="subject",
            article=spec.entry.article,
        )


NOTICE_FIELDS = {
    "addressee": "主送（被检查单位）",
    "intro": "开头段",
    "sections": SECTION_FIELDS,
    "signer": "署名（办公室）",
    "copied_to": "抄送",
    "unit_name": "被检查单位",
    "fed_back_on": "反馈日期",
}


def notice_sample(spec: Spec) -> dict[str, Any]:
    return {
        "addressee": "某某单位",
        "intro": "开头段。",
        "sections": [section(1, "反馈的问题", [], [item(1, "类别", ["1. 问题。"])]), section(2, "整改要求", ["要求"])],
        "signer": "某某办公室",
        "copied_to": "抄送：某某组",
        "unit_name": "某某单位",
        "fed_back_on": "2026年1月1日",
    }


register(
    Kind(
        code="rectification_notice",
        model=Inspection,
        fill=notice_fill,
        template=lambda spec: _template(),
        fields=NOTICE_FIELDS,
        sample=notice_sample,
        jurisdiction_of=lambda i: i.jurisdiction,
        inspection_of=lambda i: i,
        authorize=_authorize_inspection,
        ready=notice_ready,
        under_inspection=lambda inspection, spec: Inspection.objects.filter(pk=inspection.pk),
        numbered_default=True,
    )
)


# ---- 整改意见 and 通报 (JDZ-2017 第四十一条) ----


def _require_kind(step: Step, kind: str, spec: Spec) -> None:
    if step.kind != kind:
        raise ServiceError(
            f"“{spec.name}”须由“{Step.Kind(kind).label}”环节生成，该记录是“{step.get_kind_display()}”"
            f"（{spec.citation}）",
            field="subject",
            article=spec.entry.article,
        )


def opinion_fill(step: Step, spec: Spec, actor: Any) -> dict[str, Any]:
    inspection = step.inspection
    target = inspection.target.name
    team = team_name(inspection)
    intro = (
        f"{date_text(step.occurred_on)}，{team}在督办过程中发现你单位对{spec.book.word}反馈问题整改不力。"
        f"根据《{spec.book.short_title}》{spec.entry.article}的规定，现提出如下整改意见。"
    )
    return {
        "title": f"关于{target}整改不力的整改意见",
        "addressee": target,
        "intro": intro,
        "sections": [section(1, "整改意见", paragraphs(step.content))],
        # 第四十一条: 由市委巡察组提出整改意见 — the team signs (the office's letterhead carries the number).
        "signer": team,
        "copied_to": f"抄送：{spec.book.body('office').name}",
        "unit_name": target,
        "given_on": date_text(step.occurred_on),
        "content": paragraphs(step.content),
    }


def _opinion_of(step: Step) -> Step | None:
    """The opinion a notice comes from: notice → report to the leading group → opinion."""
    current: Step | None = step
    while current is not None and current.kind != Step.Kind.OPINION:
        current = current.follows
    return current


def notice_of_poor_fill(step: Step, spec: Spec, actor: Any) -> dict[str, Any]:
    inspection = step.inspection
    book = spec.book
    target = inspection.target.name
    team = team_name(inspection)
    office, group = book.body("office").name, book.body("leading_group").name
    opinion = _opinion_of(step)
    # The report to the leading group between them is the office's working material (hidden from the unit,
    # which reads this notice): only the fact that it was made, which the article requires before a notice.
    found: list[str] = []
    if opinion is not None:
        found.append(f"{date_text(opinion.occurred_on)}，{team}在督办过程中发现{target}整改不力，提出了整改意见：")
        found += paragraphs(opinion.content)
    found.append(f"提出整改意见后，{target}仍整改不到位。经{office}上报{group}，现予以通报。")
    return {
        "title": spec.name,
        # The model records no recipients of a 通报: it is addressed generally.
        "addressee": "各有关单位",
        "intro": f"根据《{book.short_title}》{spec.entry.article}的规定，现将{target}整改不力的情况通报如下。",
        "sections": [section(1, "整改不力的情况", found), section(2, "通报事项", paragraphs(step.content))],
        # 第四十一条: 由市委巡察办上报…后进行通报 — the office signs.
        "signer": _office_signer(inspection, spec),
        "copied_to": f"抄送：{group}，{team}",
        "unit_name": target,
        "opinion_on": date_text(opinion.occurred_on) if opinion is not None else "",
        "circulated_on": date_text(step.occurred_on),
    }


def _step_ready(kind: str) -> Any:
    def ready(step: Step, spec: Spec) -> None:
        _require_kind(step, kind, spec)

    return ready


def _steps(kind: str) -> Any:
    def under(inspection: Inspection, spec: Spec) -> QuerySet[Step]:
        return Step.objects.filter(inspection=inspection, kind=kind)

    return under


STEP_FIELDS = {
    "addressee": "主送",
    "intro": "开头段",
    "sections": SECTION_FIELDS,
    "signer": "署名",
    "copied_to": "抄送",
    "unit_name": "被检查单位",
}
OPINION_FIELDS = STEP_FIELDS | {"given_on": "提出日期", "content": "整改意见（段落）"}
POOR_NOTICE_FIELDS = STEP_FIELDS | {"opinion_on": "提出整改意见日期", "circulated_on": "通报日期"}


def _step_sample(spec: Spec) -> dict[str, Any]:
    return {
        "addressee": "某某单位",
        "intro": "开头段。",
        "sections": [section(1, "标题", ["段落"])],
        "signer": "某某",
        "copied_to": "抄送：某某",
        "unit_name": "某某单位",
    }


def opinion_sample(spec: Spec) -> dict[str, Any]:
    return _step_sample(spec) | {"given_on": "2026年1月1日", "content": ["段落"]}


def poor_notice_sample(spec: Spec) -> dict[str, Any]:
    return _step_sample(spec) | {"opinion_on": "2026年1月1日", "circulated_on": "2026年1月1日"}


for _code, _kind, _fill, _fields, _sample in (
    ("rectification_opinion", Step.Kind.OPINION, opinion_fill, OPINION_FIELDS, opinion_sample),
    ("circulated_notice", Step.Kind.CIRCULATED_NOTICE, notice_of_poor_fill, POOR_NOTICE_FIELDS, poor_notice_sample),
):
    register(
        Kind(
            code=_code,
            model=Step,
            fill=_fill,
            template=lambda spec: _template(),
            fields=_fields,
            sample=_sample,
            jurisdiction_of=lambda s: s.inspection.jurisdiction,
            inspection_of=lambda s: s.inspection,
            authorize=_authorize_inspection,
            ready=_step_ready(_kind),
            under_inspection=_steps(_kind),
            numbered_default=True,
        )
    )
