"""Writes on the feedback: the party committee's consent (NMG), the two feedback sessions, the 通报, and the receipt's
signatures. Each is one transaction with its event.

Who may act:
- the consent: the office (巡察办 / 巡视办), which relays the committee's decision;
- a session and a 通报: the team's leader or the office; the session names who gave it (the leader or a deputy);
- a receipt signature: the team leader signs his own line, the office head his own; the unit's principal leader's
  line is recorded by the unit's contact or by the office.

Feedback is given when the second session is held: that sets `Inspection.feedback_given_on`, moves the inspection
from 报告 to 反馈整改 and records `feedback.given`. The inspected unit has signed for the feedback when the receipt's
unit line (its principal leader, 主要负责人) is in, whatever the other lines: that sets `receipt_signed_on` to that
line's date and records `feedback.receipt_signed` on it (JDZ-2017 第三十四条: “自签收反馈意见之日起”). When the last
of the lines is in, `feedback.receipt_completed` records the form complete. The obligation engine runs the
deadlines from those events (JDZ-2017: plan and reports from the unit's signature; NMG-2016 第三十条
“收到巡视组反馈意见后”, no receipt: reports from the feedback).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.findings.models import Finding
from xuncha.inspections.locking import lock_inspection
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.rulebook import Rulebook, SignatureForm
from xuncha.jurisdictions.vocabulary import ROLE_KINDS
from xuncha.planning.models import TeamMembership

from . import rules
from .actions import (
    FEEDBACK_CONSENT_RECORDED,
    FEEDBACK_GIVEN,
    FEEDBACK_NOTICE_CIRCULATED,
    FEEDBACK_RECEIPT_COMPLETED,
    FEEDBACK_RECEIPT_SIGNATURE,
    FEEDBACK_RECEIPT_SIGNED,
    FEEDBACK_SESSION_HELD,
)
from .models import CirculatedNotice, FeedbackConsent, FeedbackSession, ReceiptSignature
from .selectors import current_principal_name, is_office, may_record, may_sign, signs_as_self

if TYPE_CHECKING:
    from xuncha.accounts.models import User

GIVERS = (TeamMembership.Role.LEADER, TeamMembership.Role.DEPUTY)


# -- guards ---------------------------------------------------------------------------------------------------------


def _require_leader_or_office(actor: User, inspection: Inspection, *, what: str, article: str) -> None:
    if may_record(actor, inspection):
        return
    raise PermissionDeniedError(
        f"只有本{inspection.jurisdiction.word}组组长或办公室可以{what}（{article}）。", article=article
    )


def _require_feedback_stage(inspection: Inspection, book: Rulebook, *, what: str, field: str) -> None:
    """At 报告 stage, after the five-member group decided the use of this inspection's results."""
    article = rules.feedback_article(book)
    if inspection.feedback_given_on is not None:
        raise ServiceError(
            f"{inspection}已于 {inspection.feedback_given_on} 分别反馈完毕，不能再{what}（{article}）",
            field=field,
            article=article,
            code="already_given",
        )
    if inspection.status != Inspection.Status.REPORTING:
        raise ServiceError(
            f"{inspection}处于“{inspection.get_status_display()}”阶段；反馈在“{Inspection.Status.REPORTING.label}”"
            f"阶段、“五人小组”研究决定成果运用之后进行（{article}）",
            field="status",
            article=article,
            code="wrong_stage",
        )
    if inspection.results_decided_on is None:
        raise ServiceError(
            f"{rules.decision_body_name(book)}尚未研究决定本次{book.word}的成果运用（{book.procedure.decision_article}），"
            f"不能{what}（{article}：{book.procedure.feedback_text}）",
            field=field,
            article=article,
            code="not_decided",
        )


def _user_name(user: User) -> str:
    return str(user)[:40]


# -- consent (NMG-2016 第二十九条) ---------------------------------------------------------------------------------
def feedback_consent_record(
    *, actor: User, inspection: Inspection, consented_on: datetime.date | None = None, document: str
) -> FeedbackConsent:
    """Record that the body the rulebook names (NMG-2016: 自治区党委) consented to the feedback."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        article = rules.feedback_article(book)
        body = rules.approval_body(book)
        if body is None:
            raise ServiceError(
                f"《{book.short_title}》没有规定反馈须经批准（{article}），不需要登记同意。",
                field="consented_on",
                article=article,
                code="not_in_rulebook",
            )
        if not is_office(actor, inspection):
            raise PermissionDeniedError(
                f"只有{rules.office_name(book)}可以登记{body.name}同意反馈（{article}）。", article=article
            )
        _require_feedback_stage(inspection, book, what=f"登记{body.name}同意反馈", field="consented_on")
        existing = FeedbackConsent.objects.filter(inspection=inspection).first()
        if existing is not None:
            raise ServiceError(
                f"已登记{body.name}于 {existing.consented_on} 同意反馈（{existing.document}）",
                field="consented_on",
                article=article,
            )
        consented_on = consented_on or timezone.localdate()
        check_past_date(
            consented_on,
            field="consented_on",
            label="同意日期",
            not_before=inspection.results_decided_on,
            after="成果运用决定日期",
        )
        if not document.strip():
            raise ServiceError(
                f"请填写{body.name}同意反馈的文件（文号或名称）（{article}：经{body.name}同意后反馈）",
                field="document",
                article=article,
            )
        consent = FeedbackConsent(
            inspection=inspection,
            body=body.code,
            consented_on=consented_on,
            document=document.strip(),
            recorded_by=actor,
        )
        full_clean_or_raise(consent)
        consent.save()
        event_record(
            actor=actor,
            action=FEEDBACK_CONSENT_RECORDED,
            obj=consent,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"body": body.code, "consented_on": consented_on, "document": consent.document},
            article=article,
            occurred_on=consented_on,
        )
    return consent


# -- the two sessions -----------------------------------------------------------------------------------------------
def _fed_back(inspection: Inspection, findings: Sequence[Finding] | None, *, article: str) -> list[Finding]:
    """The problems pointed out (“指出问题”): the inspection's findings approved by the leader. None means all of them.
    Where the inspection has approved findings, a session must point out at least one."""
    approved = {f.pk: f for f in Finding.objects.filter(inspection=inspection, status=Finding.Status.LEADER_APPROVED)}
    if findings is None:
        return list(approved.values())
    chosen = list({f.pk: f for f in findings}.values())
    for f in chosen:
        if f.pk in approved:
            continue
        fresh = Finding.objects.filter(pk=f.pk).first()
        if fresh is None or fresh.inspection_id != inspection.pk:
            reason = f"不属于{inspection}"
        else:
            reason = f"处于“{fresh.get_status_display()}”状态"
        raise ServiceError(
            f"{f}{reason}；只有组长审定的问题底稿才能反馈（{article}：指出问题）", field="findings", article=article
        )
    if approved and not chosen:
        raise ServiceError(
            f"本次反馈未指出问题；须从组长审定的 {len(approved)} 个问题底稿中选择要反馈的问题（{article}：指出问题）",
            field="findings",
            article=article,
        )
    return chosen


def _session_checked(
    actor: User,
    inspection: Inspection,
    *,
    audience: str,
    held_on: datetime.date | None,
    given_by: Any,
    attendees: str,
    opinions: str,
    findings: Sequence[Finding] | None,
) -> tuple[str, datetime.date, list[Finding]]:
    """Every check of a feedback session, on the locked inspection: (its article, its date, the problems fed back)."""
    book = inspection.jurisdiction.rulebook
    article = rules.feedback_article(book)
    _require_leader_or_office(actor, inspection, what="记录反馈", article=article)
    if audience not in FeedbackSession.Audience.values:
        names = "、".join(FeedbackSession.Audience.labels)
        raise ServiceError(f"反馈对象“{audience}”不存在；应为{names}（{article}）", field="audience", article=article)
    label = FeedbackSession.Audience(audience).label
    _require_feedback_stage(inspection, book, what=f"向{label}反馈", field="held_on")
    earlier = FeedbackSession.objects.filter(inspection=inspection, audience=audience).first()
    if earlier is not None:
        raise ServiceError(
            f"已于 {earlier.held_on} 向{label}反馈，不能重复记录（{article}：分别反馈）",
            field="audience",
            article=article,
        )
    not_before = inspection.results_decided_on
    body = rules.approval_body(book)
    if body is not None:
        consent = FeedbackConsent.objects.filter(inspection=inspection).first()
        if consent is None:
            raise ServiceError(
                f"尚未登记{body.name}同意反馈，不能反馈（{article}：{book.procedure.feedback_text}）",
                field="held_on",
                article=article,
                code="no_consent",
            )
        not_before = consent.consented_on
    held_on = held_on or timezone.localdate()
    check_past_date(held_on, field="held_on", label="反馈日期", not_before=not_before)
    if not TeamMembership.objects.filter(team_id=inspection.team_id, user=given_by, role__in=GIVERS).exists():
        raise ServiceError(
            f"{given_by} 不是{inspection.team}的组长或副组长；反馈由{book.word}组组长或副组长进行（{article}）",
            field="given_by",
            article=article,
        )
    if not opinions.strip():
        raise ServiceError(f"请填写整改意见（{article}：有针对性地提出整改意见）", field="opinions", article=article)
    if not attendees.strip():
        raise ServiceError(f"请填写出席人员（向{label}反馈）", field="attendees")
    problems = _fed_back(inspection, findings, article=article)
    return article, held_on, problems


def feedback_session_hold(
    *,
    actor: User,
    inspection: Inspection,
    audience: str,
    held_on: datetime.date | None = None,
    given_by: Any,
    attendees: str,
    opinions: str,
    findings: Sequence[Finding] | None = None,
) -> FeedbackSession:
    """Record one feedback: to the leadership (领导班子) or to the principal leader (主要负责人), given by the team's
    leader or a deputy, pointing out problems (leader-approved findings) and giving rectification opinions.
    The second of the two completes the feedback (JDZ-2017 第三十三条, NMG-2016 第二十九条: 分别反馈)."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        article, held_on, problems = _session_checked(
            actor,
            inspection,
            audience=audience,
            held_on=held_on,
            given_by=given_by,
            attendees=attendees,
            opinions=opinions,
            findings=findings,
        )
        session = FeedbackSession(
            inspection=inspection,
            audience=audience,
            held_on=held_on,
            given_by=given_by,
            attendees=attendees.strip(),
            opinions=opinions.strip(),
            recorded_by=actor,
        )
        full_clean_or_raise(session)
        session.save()
        session.findings.set(problems)
        event_record(
            actor=actor,
            action=FEEDBACK_SESSION_HELD,
            obj=session,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={
                "audience": audience,
                "held_on": held_on,
                "given_by": _user_name(given_by),
                "findings": sorted(f.number for f in problems),
            },
            article=article,
            occurred_on=held_on,
        )
        sessions = list(FeedbackSession.objects.filter(inspection=inspection))
        if {s.audience for s in sessions} == set(FeedbackSession.Audience.values):
            _feedback_given(actor=actor, inspection=inspection, sessions=sessions, article=article)
    return session


def _feedback_given(*, actor: User, inspection: Inspection, sessions: list[FeedbackSession], article: str) -> None:
    """Both sessions held: the feedback is given on the later date; 报告 → 反馈整改."""
    given_on = max(s.held_on for s in sessions)
    before = Inspection.flow.move(inspection, Inspection.Status.RECTIFYING, article=article)
    inspection.feedback_given_on = given_on
    inspection.save(update_fields=["status", "feedback_given_on"])
    event_record(
        actor=actor,
        action=FEEDBACK_GIVEN,
        obj=inspection,
        inspection=inspection,
        before={"status": before},
        after={
            "status": inspection.status,
            "feedback_given_on": given_on,
            "sessions": {s.audience: s.held_on for s in sessions},
        },
        article=article,
        occurred_on=given_on,
    )


# -- 通报 -----------------------------------------------------------------------------------------------------------
def circulated_notice_record(
    *,
    actor: User,
    inspection: Inspection,
    kind: str,
    recipient: str,
    notified_on: datetime.date | None = None,
    content: str,
) -> CirculatedNotice:
    """通报 the inspection's situation and the rectification requirements to a leader in charge or a department
    (JDZ-2017 第三十三条第二款, NMG-2016 第二十九条第二款). The requirements are the feedback's: after it is given."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        article = rules.circulated_notice_article(book)
        _require_leader_or_office(actor, inspection, what="记录通报", article=article)
        if inspection.feedback_given_on is None:
            raise ServiceError(
                f"尚未向被{book.word}单位领导班子及其主要负责人分别反馈，没有可通报的整改要求（{article}）",
                field="notified_on",
                article=article,
                code="not_given",
            )
        if kind not in CirculatedNotice.Kind.values:
            names = "、".join(CirculatedNotice.Kind.labels)
            raise ServiceError(f"通报对象类别“{kind}”不存在；应为{names}（{article}）", field="kind", article=article)
        notified_on = notified_on or timezone.localdate()
        check_past_date(
            notified_on,
            field="notified_on",
            label="通报日期",
            not_before=inspection.feedback_given_on,
            after="反馈日期",
        )
        if not recipient.strip():
            raise ServiceError(
                f"请填写通报对象（有关分管领导或职能部门，{article}）", field="recipient", article=article
            )
        if not content.strip():
            raise ServiceError(
                f"请填写通报内容（{book.word}的有关情况及整改要求，{article}）", field="content", article=article
            )
        notice = CirculatedNotice(
            inspection=inspection,
            kind=kind,
            recipient=recipient.strip(),
            notified_on=notified_on,
            content=content.strip(),
            recorded_by=actor,
        )
        full_clean_or_raise(notice)
        notice.save()
        event_record(
            actor=actor,
            action=FEEDBACK_NOTICE_CIRCULATED,
            obj=notice,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"kind": kind, "recipient": notice.recipient, "notified_on": notified_on},
            article=article,
            occurred_on=notified_on,
        )
    return notice


# -- the receipt (JDZ-2017 第三十四条) ------------------------------------------------------------------------------
def _receipt_form(book: Rulebook) -> SignatureForm:
    form = rules.receipt_form(book)
    if form is None:
        raise ServiceError(f"{book.short_title}没有规定反馈材料签收单，不能记录签收。", code="not_in_rulebook")
    return form


def _signer(
    actor: User, inspection: Inspection, book: Rulebook, form: SignatureForm, role: str, name: str
) -> tuple[str, Any]:
    """Who may record the line for `role` (selectors.may_sign), and the name it carries: (name, the signer's own
    account or None). The team leader and the office head sign their own lines as the logged-in person. The inspected
    unit's principal leader has no account here: the unit's contact or the office records the line with the name
    given, by default the registry's current principal leader of the unit."""
    role_label = rules.role_name(book, role)
    if not may_sign(actor, inspection, role):
        if signs_as_self(role):
            who = f"{inspection.team}组长本人" if role == "team_leader" else f"{role_label}本人"
        elif ROLE_KINDS.get(role) == "target":
            who = f"被{book.word}单位（{inspection.target}）的联系人或{rules.office_name(book)}"
        else:
            who = rules.office_name(book)
        raise PermissionDeniedError(
            f"只有{who}可以在{form.name}上登记“{role_label}”一栏（{form.article}）。", article=form.article
        )
    if signs_as_self(role):
        return _user_name(actor), actor
    if not name.strip() and role == "unit_principal_leader":
        name = current_principal_name(inspection.target_id)
    if not name.strip():
        raise ServiceError(f"请填写{role_label}的姓名（{form.article}）", field="name", article=form.article)
    return name.strip()[:40], None


def feedback_receipt_sign(
    *, actor: User, inspection: Inspection, role: str, signed_on: datetime.date | None = None, name: str = ""
) -> ReceiptSignature:
    """One signature on the 《巡察反馈材料签收单》 (JDZ-2017 第三十四条: 组长、被巡察单位主要负责人、巡察办负责人签字，
    一式三份), in any order. The unit's line is the unit signing for the feedback: its date starts the plan and report
    deadlines (自签收反馈意见之日起). The last line completes the form."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        form = _receipt_form(book)
        if role not in form.signers:
            names = "、".join(rules.role_name(book, r) for r in form.signers)
            raise ServiceError(
                f"{form.name}的签字人是{names}，没有“{rules.role_name(book, role)}”（{form.article}）",
                field="role",
                article=form.article,
            )
        signer_name, signer = _signer(actor, inspection, book, form, role, name)
        if inspection.feedback_given_on is None:
            raise ServiceError(
                f"尚未反馈，不能签收{form.name}（{form.article}：反馈时签字）", field="signed_on", article=form.article
            )
        earlier = ReceiptSignature.objects.filter(inspection=inspection, role=role).first()
        if earlier is not None:
            raise ServiceError(
                f"{form.name}的“{rules.role_name(book, role)}”一栏已由 {earlier.name} 于 {earlier.signed_on} 签字，"
                f"不能重复签字（{form.article}）",
                field="role",
                article=form.article,
            )
        signed_on = signed_on or timezone.localdate()
        check_past_date(
            signed_on,
            field="signed_on",
            label="签字日期",
            not_before=inspection.feedback_given_on,
            after="反馈日期",
            article=form.article,
        )
        signature = ReceiptSignature(
            inspection=inspection, role=role, name=signer_name, signed_on=signed_on, signer=signer, recorded_by=actor
        )
        full_clean_or_raise(signature)
        signature.save()
        event_record(
            actor=actor,
            action=FEEDBACK_RECEIPT_SIGNATURE,
            obj=signature,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"role": role, "name": signer_name, "signed_on": signed_on},
            article=form.article,
            occurred_on=signed_on,
        )
        lines = {s.role: s for s in ReceiptSignature.objects.filter(inspection=inspection)}
        complete = all(r in lines for r in form.signers)
        unit_role = rules.receiving_role(form)
        if role == unit_role:
            _receipt_signed(actor=actor, inspection=inspection, form=form, line=signature)
        elif unit_role is None and complete:
            # A form with no line for the unit: the unit has signed for the feedback when the form is complete.
            _receipt_signed(actor=actor, inspection=inspection, form=form, line=max(lines.values(), key=_day))
        if complete:
            _receipt_completed(actor=actor, inspection=inspection, form=form, lines=[lines[r] for r in form.signers])
    return signature


def _day(line: ReceiptSignature) -> datetime.date:
    return line.signed_on


def _receipt_signed(*, actor: User, inspection: Inspection, form: SignatureForm, line: ReceiptSignature) -> None:
    """The unit has signed for the feedback (自签收反馈意见之日起): the deadline trigger, dated that signature."""
    inspection.receipt_signed_on = line.signed_on
    inspection.save(update_fields=["receipt_signed_on"])
    event_record(
        actor=actor,
        action=FEEDBACK_RECEIPT_SIGNED,
        obj=inspection,
        inspection=inspection,
        after={
            "receipt_signed_on": line.signed_on,
            "signed_by": {"role": line.role, "name": line.name},
            "signers": form.signers,
            "copies": form.copies,
        },
        article=form.article,
        occurred_on=line.signed_on,
    )


def _receipt_completed(
    *, actor: User, inspection: Inspection, form: SignatureForm, lines: list[ReceiptSignature]
) -> None:
    """Every line of the form is signed (the closure condition “已三方签字”). Starts no deadline."""
    completed_on = max(s.signed_on for s in lines)
    event_record(
        actor=actor,
        action=FEEDBACK_RECEIPT_COMPLETED,
        obj=inspection,
        inspection=inspection,
        after={
            "completed_on": completed_on,
            "receipt_signed_on": inspection.receipt_signed_on,
            "copies": form.copies,
            "signatures": [{"role": s.role, "name": s.name, "signed_on": s.signed_on} for s in lines],
        },
        article=form.article,
        occurred_on=completed_on,
    )
