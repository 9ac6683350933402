"""Writes on reports. Each is one transaction with its event.

- drafting (only while the inspection is at 报告 stage), editing a draft, submitting it for review, correcting a
  final report: members of the inspection's team;
- finalizing (定稿, which locks the version) and sending a report under review back to draft (退回, with a reason):
  the team's leader only (组长负责制);
- a final report is never edited: `report_correct` makes a new draft version that supersedes it.
The report types and their articles come from the rulebook's `report_types` (JDZ-2017 第三十条, NMG-2016 第二十六条).
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.errors import (
    PermissionDeniedError,
    ServiceError,
    check_not_before,
    check_past_date,
    full_clean_or_raise,
)
from xuncha.core.visibility import viewer_for
from xuncha.findings import rules as finding_rules
from xuncha.findings.models import Finding, FindingMove
from xuncha.findings.services import is_team_leader
from xuncha.inspections.locking import lock_inspection, lock_under_inspection
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.rulebook import ReportType, Rulebook

from .actions import (
    REPORT_CORRECTED,
    REPORT_DRAFTED,
    REPORT_EDITED,
    REPORT_FINALIZED,
    REPORT_RETURNED,
    REPORT_SUBMITTED,
)
from .hooks import clue_register_lines, evaluation_lines
from .models import Report

if TYPE_CHECKING:
    from xuncha.accounts.models import User

# Reports are written after fieldwork ends (JDZ-2017 第三十条, NMG-2016 第二十六条: “了解工作结束后”).
DRAFTING_STAGE = Inspection.Status.REPORTING
CHINESE_NUMERALS = "一二三四五六七八九十"


# -- rulebook -------------------------------------------------------------------------------------------------------
def report_type(book: Rulebook, code: str) -> ReportType:
    for kind in book.report_types:
        if kind.code == code:
            return kind
    article = book.report_types[0].article if book.report_types else ""
    names = "、".join(f"{t.name}（{t.code}）" for t in book.report_types)
    raise ServiceError(
        f"报告类型“{code}”不在《{book.short_title}》{article}所列报告之中；应为：{names}",
        field="type",
        article=article,
        code="unknown_type",
    )


def _numeral(n: int) -> str:
    return CHINESE_NUMERALS[n - 1] if 1 <= n <= len(CHINESE_NUMERALS) else str(n)


def _header(inspection: Inspection, kind: ReportType, source: str) -> list[str]:
    return [f"{inspection}{kind.name}", "", f"（依据{kind.article}；以下内容由{source}汇总生成）", ""]


def _approved(inspection: Inspection) -> Any:
    return Finding.objects.filter(inspection=inspection, status=Finding.Status.LEADER_APPROVED).order_by("number")


def _findings_lines(book: Rulebook, findings: list[Finding], *, persons: bool = False) -> list[str]:
    """Findings grouped by the rulebook's problem categories, in the rulebook's order."""
    lines: list[str] = []
    known = {c.code for c in book.problem_categories}
    groups = [(c.name, [f for f in findings if f.category == c.code]) for c in book.problem_categories]
    groups.append(("其他问题", [f for f in findings if f.category not in known]))
    n = 0
    for name, items in groups:
        if not items:
            continue
        n += 1
        lines.append(f"{_numeral(n)}、{name}")
        for f in items:
            lines.append(f"问题底稿 #{f.number}：{f.title}")
            if persons:
                lines.append(f"涉及人员：{_persons(f)}")
            lines.append(f.description)
        lines.append("")
    return lines


def _persons(finding: Finding) -> str:
    names = [finding.cadre.name] if finding.cadre_id is not None and finding.cadre is not None else []
    if finding.persons_concerned.strip() and finding.persons_concerned.strip() not in names:
        names.append(finding.persons_concerned.strip())
    return "；".join(names)


def _findings_body(inspection: Inspection, kind: ReportType) -> str:
    """From the leader-approved findings (only those of the report type's `categories`, when it names some)."""
    book = inspection.jurisdiction.rulebook
    findings = list(_approved(inspection))
    source = "组长审定的问题底稿"
    if kind.categories:
        findings = [f for f in findings if f.category in kind.categories]
        names = "、".join(c.name for c in book.problem_categories if c.code in kind.categories)
        source = f"组长审定的“{names}”类问题底稿"
    lines = _header(inspection, kind, source) + _findings_lines(book, findings)
    if not findings:
        lines.append(f"（尚无经组长审定的{'“' + names + '”类' if kind.categories else ''}问题底稿）")
    evaluations = [] if kind.categories else evaluation_lines(inspection)
    if evaluations:
        lines += ["", "民主测评和问卷调查情况", *evaluations]
    return "\n".join(lines).rstrip() + "\n"


def _clues_body(inspection: Inspection, kind: ReportType) -> str:
    """领导干部问题线索: the leader-approved findings the team marked as clues (`Finding.is_clue`, each naming its
    person concerned), and the petitions the team handled as clues — for those, only the register number, date,
    channel and category (who wrote and what they said stay behind the secrecy door). Once the inspection has
    registered clues, the clue register (contributed through `hooks.CLUE_REPORT_LINES`) is the source instead."""
    register = clue_register_lines(inspection)
    if register:
        lines = _header(inspection, kind, "问题线索登记（编号、反映对象及职务、问题类别、办理状态）")
        return "\n".join(lines + register).rstrip() + "\n"
    book = inspection.jurisdiction.rulebook
    findings = list(_approved(inspection).filter(is_clue=True).select_related("cadre"))
    lines = _header(inspection, kind, "组长审定的、标记为问题线索的问题底稿和作为问题线索处理的来信来电来访登记")
    lines.append(f"一、问题线索涉及的人员和问题（{len(findings)}条）")
    if findings:
        for f in findings:
            lines.append(f"问题底稿 #{f.number}：{f.title}（{f.category_name}）")
            lines.append(f"涉及人员：{_persons(f)}")
            lines.append(f.description)
    else:
        lines.append("（尚无经组长审定的、标记为问题线索的问题底稿）")
    lines.append("")
    try:
        petition_model = apps.get_model("fieldwork", "Petition")
    except LookupError:
        petition_model = None
    if petition_model is not None:
        categories = {c.code: c.name for c in book.problem_categories}
        rows = list(
            petition_model.objects.filter(inspection=inspection, handling="clue")
            .order_by("number")
            .values_list("number", "received_on", "channel", "classification")
        )
        channels = dict(petition_model.Channel.choices)
        lines.append(f"二、来信来电来访中作为问题线索处理的（{len(rows)}件）")
        for number, received_on, channel, classification in rows:
            category = categories.get(classification, "未分类")
            lines.append(f"第{number}号（{received_on}，{channels.get(channel, channel)}）：{category}")
        if not rows:
            lines.append("（无）")
    return "\n".join(lines).rstrip() + "\n"


def _talks_body(inspection: Inspection, kind: ReportType) -> str:
    """个别谈话情况汇总: how many talks the team held and when. Only the count and the dates are read — never who
    was talked to or what was said (talk records are secret: JDZ-2017 第四十六条, NMG-2016 第三十六条), so drafting
    the summary reads no secret and records no `secret.read`."""
    talk_model = apps.get_model("inspections", "TalkRecord")
    days = [
        timezone.localtime(t).date()
        for t in talk_model.objects.filter(inspection=inspection).values_list("talked_at", flat=True)
    ]
    days.sort()
    word = inspection.jurisdiction.rulebook.word
    lines = _header(inspection, kind, "本组个别谈话记录（只统计人次和日期，不含谈话对象和谈话内容）")
    lines.append("一、总体情况")
    if days:
        lines.append(f"本次{word}共开展个别谈话{len(days)}人次，时间自{days[0]}至{days[-1]}。")
    else:
        lines.append(f"本次{word}尚无个别谈话记录（共0人次）。")
    lines.append("")
    if days:
        lines.append("二、按日期")
        per_day = Counter(days)
        for day in sorted(per_day):
            lines.append(f"{day}：{per_day[day]}人次")
        lines.append("")
    lines.append("谈话对象和谈话内容见各次个别谈话记录（秘密，仅本组和办公室负责人经登记查阅）。")
    return "\n".join(lines).rstrip() + "\n"


BODIES = {"findings": _findings_body, "clues": _clues_body, "talks": _talks_body}


def assemble_body(inspection: Inspection, kind: ReportType) -> str:
    """The first draft of a report, from what the rulebook says the report type draws on (`draws_on`): the
    leader-approved findings (grouped by the rulebook's problem categories, in its order; only `categories` when
    given), the clues, or the talks."""
    return BODIES[kind.draws_on](inspection, kind)


# -- guards ---------------------------------------------------------------------------------------------------------


def _team_word(inspection: Inspection) -> str:
    return inspection.jurisdiction.rulebook.term("组")


def _require_member(actor: User, inspection: Inspection, *, what: str, article: str) -> None:
    if inspection.team_id in viewer_for(actor).team_ids:
        return
    raise PermissionDeniedError(
        f"只有本{_team_word(inspection)}（{inspection.team}）成员可以{what}（{article}）。", article=article
    )


def _require_leader(actor: User, inspection: Inspection, *, what: str, article: str) -> None:
    """组长负责制 (JDZ-2017 第七条, NMG-2016 第十条): the team's leader decides on the report."""
    if is_team_leader(actor, inspection.team_id):
        return
    team_article = finding_rules.team_article(inspection.jurisdiction.rulebook)
    raise PermissionDeniedError(
        f"只有本{_team_word(inspection)}组长可以{what}（组长负责制，{team_article}；{article}）。", article=article
    )


def _require_status(report: Report, status: str, *, what: str, article: str) -> None:
    if report.status == status:
        return
    hint = "；定稿已锁定，须通过更正形成新版本" if report.status == Report.Status.FINAL else ""
    raise ServiceError(
        f"{report}处于“{report.get_status_display()}”状态，只有“{Report.Status(status).label}”可以{what}"
        f"{hint}（{article}）",
        field="status",
        article=article,
        code="wrong_status",
    )


def _snapshot(report: Report) -> dict[str, Any]:
    return {"type": report.type, "version": report.version, "status": report.status, "body": report.body}


def _findings_approved_on(inspection: Inspection) -> datetime.date | None:
    """The day the last of the inspection's leader-approved findings was approved: a report sums them up, so it is not
    drafted or finalized before that day."""
    last = (
        FindingMove.objects.filter(
            finding__inspection=inspection,
            finding__status=Finding.Status.LEADER_APPROVED,
            to_status=Finding.Status.LEADER_APPROVED,
        )
        .order_by("-occurred_on")
        .values_list("occurred_on", flat=True)
        .first()
    )
    return last


def _on(value: datetime.date | None) -> datetime.date:
    return value or timezone.localdate()


# -- services -------------------------------------------------------------------------------------------------------
def report_draft(*, actor: User, inspection: Inspection, type: str, drafted_on: datetime.date | None = None) -> Report:
    """Start a report of a rulebook type, its body assembled from the leader-approved findings."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        kind = report_type(book, type)
        _require_member(actor, inspection, what=f"起草{kind.name}", article=kind.article)
        if inspection.status != DRAFTING_STAGE:
            raise ServiceError(
                f"{inspection}处于“{Inspection.Status(inspection.status).label}”阶段，{kind.name}只能在"
                f"“{DRAFTING_STAGE.label}”阶段（{book.word}了解工作结束后）起草（{kind.article}）",
                field="status",
                article=kind.article,
                code="wrong_stage",
            )
        if Report.objects.filter(inspection=inspection, type=kind.code).exists():
            raise ServiceError(
                f"{inspection}已有{kind.name}；草稿请直接修改，定稿请通过更正形成新版本（{kind.article}）",
                field="type",
                article=kind.article,
                code="exists",
            )
        drafted_on = _on(drafted_on)
        check_past_date(
            drafted_on,
            field="drafted_on",
            label="起草日期",
            not_before=inspection.fieldwork_ended_on,
            after=f"{book.word}了解工作结束日期",
            article=kind.article,
        )
        check_not_before(
            drafted_on,
            _findings_approved_on(inspection),
            field="drafted_on",
            label="起草日期",
            after="问题底稿组长审定日期",
            article=kind.article,
        )
        report = Report(
            inspection=inspection,
            type=kind.code,
            version=1,
            body=assemble_body(inspection, kind),
            created_by=actor,
            drafted_on=drafted_on,
        )
        full_clean_or_raise(report)
        report.save()
        event_record(
            actor=actor,
            action=REPORT_DRAFTED,
            obj=report,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after=_snapshot(report),
            article=kind.article,
            occurred_on=drafted_on,
        )
    return report


def report_edit(*, actor: User, report: Report, body: str) -> Report:
    with transaction.atomic():
        report, inspection = lock_under_inspection(report)
        kind = report_type(inspection.jurisdiction.rulebook, report.type)
        _require_member(actor, inspection, what=f"修改{kind.name}", article=kind.article)
        _require_status(report, Report.Status.DRAFT, what="修改", article=kind.article)
        if not body.strip():
            raise ServiceError(f"{kind.name}正文不能为空", field="body", article=kind.article)
        before = {"body": report.body}
        report.body = body.strip() + "\n"
        full_clean_or_raise(report)
        report.save(update_fields=["body"])
        event_record(
            actor=actor,
            action=REPORT_EDITED,
            obj=report,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before=before,
            after={"body": report.body},
            article=kind.article,
        )
    return report


def report_submit_for_review(*, actor: User, report: Report, submitted_on: datetime.date | None = None) -> Report:
    with transaction.atomic():
        report, inspection = lock_under_inspection(report)
        kind = report_type(inspection.jurisdiction.rulebook, report.type)
        _require_member(actor, inspection, what=f"提交{kind.name}审核", article=kind.article)
        _require_status(report, Report.Status.DRAFT, what="提交审核", article=kind.article)
        submitted_on = _on(submitted_on)
        earlier, after = (report.returned_on, "退回日期") if report.returned_on else (report.drafted_on, "起草日期")
        check_past_date(
            submitted_on,
            field="submitted_on",
            label="提交审核日期",
            not_before=earlier,
            after=after,
            article=kind.article,
        )
        Report.flow.move(report, Report.Status.UNDER_REVIEW, article=kind.article)
        report.submitted_on = submitted_on
        report.save(update_fields=["status", "submitted_on"])
        event_record(
            actor=actor,
            action=REPORT_SUBMITTED,
            obj=report,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before={"status": Report.Status.DRAFT},
            after={"status": report.status},
            article=kind.article,
            occurred_on=submitted_on,
        )
    return report


def report_finalize(*, actor: User, report: Report, finalized_on: datetime.date | None = None) -> Report:
    """定稿 by the team's leader (组长负责制); the version is locked from then on."""
    with transaction.atomic():
        report, inspection = lock_under_inspection(report)
        kind = report_type(inspection.jurisdiction.rulebook, report.type)
        _require_leader(actor, inspection, what=f"将{kind.name}定稿", article=kind.article)
        _require_status(report, Report.Status.UNDER_REVIEW, what="定稿", article=kind.article)
        finalized_on = _on(finalized_on)
        check_past_date(
            finalized_on,
            field="finalized_on",
            label="定稿日期",
            not_before=report.submitted_on,
            after="提交审核日期",
            article=kind.article,
        )
        check_not_before(
            finalized_on,
            _findings_approved_on(inspection),
            field="finalized_on",
            label="定稿日期",
            after="问题底稿组长审定日期",
            article=kind.article,
        )
        Report.flow.move(report, Report.Status.FINAL, article=kind.article)
        report.finalized_by = actor
        report.finalized_at = timezone.now()
        report.finalized_on = finalized_on
        full_clean_or_raise(report)
        report.save(update_fields=["status", "finalized_by", "finalized_at", "finalized_on"])
        event_record(
            actor=actor,
            action=REPORT_FINALIZED,
            obj=report,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before={"status": Report.Status.UNDER_REVIEW},
            after={"status": report.status, "version": report.version},
            article=kind.article,
            occurred_on=finalized_on,
        )
    return report


def report_return(*, actor: User, report: Report, reason: str, returned_on: datetime.date | None = None) -> Report:
    """退回: the team's leader sends a report under review back to draft, with the reason (组长负责制), kept on the
    report for the drafters and in the event. A final report is not returned: it is corrected by a new version."""
    with transaction.atomic():
        report, inspection = lock_under_inspection(report)
        book = inspection.jurisdiction.rulebook
        kind = report_type(book, report.type)
        _require_leader(actor, inspection, what=f"退回{kind.name}", article=kind.article)
        _require_status(report, Report.Status.UNDER_REVIEW, what="退回", article=kind.article)
        if not reason.strip():
            raise ServiceError(
                f"退回{kind.name}须说明理由（组长负责制，{finding_rules.team_article(book)}；{kind.article}）",
                field="reason",
                article=kind.article,
                code="reason_required",
            )
        returned_on = _on(returned_on)
        check_past_date(
            returned_on,
            field="returned_on",
            label="退回日期",
            not_before=report.submitted_on,
            after="提交审核日期",
            article=kind.article,
        )
        Report.flow.move(report, Report.Status.DRAFT, article=kind.article)
        report.return_reason = reason.strip()
        report.returned_on = returned_on
        report.save(update_fields=["status", "return_reason", "returned_on"])
        event_record(
            actor=actor,
            action=REPORT_RETURNED,
            obj=report,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before={"status": Report.Status.UNDER_REVIEW},
            after={"status": report.status, "version": report.version, "reason": reason.strip()},
            article=kind.article,
            occurred_on=returned_on,
        )
    return report


def report_correct(
    *, actor: User, report: Report, body: str, reason: str, corrected_on: datetime.date | None = None
) -> Report:
    """更正 a final report: a new draft version that supersedes it. The final version is never changed."""
    with transaction.atomic():
        report, inspection = lock_under_inspection(report)
        kind = report_type(inspection.jurisdiction.rulebook, report.type)
        _require_member(actor, inspection, what=f"更正{kind.name}", article=kind.article)
        _require_status(report, Report.Status.FINAL, what="更正", article=kind.article)
        if Report.objects.filter(supersedes=report).exists():
            raise ServiceError(f"{report}已有更正版本，请在最新版本上继续", field="report", article=kind.article)
        if not reason.strip():
            raise ServiceError(f"更正{kind.name}须说明理由（{kind.article}）", field="reason", article=kind.article)
        if not body.strip():
            raise ServiceError(f"{kind.name}正文不能为空", field="body", article=kind.article)
        corrected_on = _on(corrected_on)
        check_past_date(
            corrected_on,
            field="corrected_on",
            label="更正日期",
            not_before=report.finalized_on,
            after="原定稿日期",
            article=kind.article,
        )
        latest = Report.objects.filter(inspection=inspection, type=report.type).aggregate(v=Max("version"))["v"]
        new = Report(
            inspection=inspection,
            type=report.type,
            version=int(latest or 0) + 1,
            body=body.strip() + "\n",
            supersedes=report,
            correction_reason=reason.strip(),
            created_by=actor,
            drafted_on=corrected_on,
        )
        full_clean_or_raise(new)
        new.save()
        event_record(
            actor=actor,
            action=REPORT_CORRECTED,
            obj=new,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before={"supersedes": report.pk, "version": report.version},
            after={**_snapshot(new), "reason": new.correction_reason},
            article=kind.article,
            occurred_on=corrected_on,
        )
    return new
