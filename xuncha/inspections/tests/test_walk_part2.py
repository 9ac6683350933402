"""One inspection carried from fieldwork to 办结 under each rulebook, through the services a user's clicks call, with
dates that cross the 2026 public holidays and make-up working days; every due date is checked against the calendar
worked out by hand below.

2026 calendar used (国务院办公厅 schedule, as in the project's holiday data):
  端午 06-19 (Fri) off · 中秋 09-25 (Fri) off · 国庆 10-01..10-07 off · make-up working days Sun 09-20 and Sat 10-10.

JDZ-2017: round ends Fri 09-18. Hearing within 15 working days (第三十一条), the start day not counted:
  09-20(1, make-up Sunday) 21 22 23 24(5) [25 off] 28 29 30(8) [10-01..07 off] 08 09 10(11, make-up Saturday)
  12 13 14 15(15) → due Thu 2026-10-15.
  Receipt signed Wed 09-30 → plan within 10 working days (第三十四条):
  10-08(1) 09 10(3, Saturday make-up) 12 13 14 15 16 19 20(10) → due Tue 2026-10-20.
  Reports within 2 months of the receipt (第三十四条) → 11-30 (Mon, a working day) → due 2026-11-30.
NMG-2016: feedback given Wed 08-05 → reports within 2 months (第三十条) → 10-05 is in the National Day holiday, so the
  last day rolls forward to the first working day after it (民法典 第二百零三条, the rulebook's counting)
  → Thu 2026-10-08.

The clue found in the talk reaches its receiver's final report:
JDZ-2017: disposed at the decision meeting (第三十五条), handover form approved and signed by the team and the office on
  09-29, by the discipline commission on Wed 09-30 → handling reported within 3 months (第三十六条) → Wed 2026-12-30.
NMG-2016: disposed at the decision meeting (第三十一条, no form), received Mon 08-03 → within 3 months (第三十二条)
  → Tue 2026-11-03.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from xuncha.audit.models import Event
from xuncha.audit.services import verify_chain
from xuncha.clues import services as clues
from xuncha.clues.models import Clue, ClueSource
from xuncha.conftest import finalize_required_reports, put_reporting
from xuncha.core.errors import ServiceError
from xuncha.disclosures import services as disclosures
from xuncha.feedback import services as fb
from xuncha.findings import services as fd
from xuncha.inspections import services as insp
from xuncha.inspections.closure import closure_checklist, inspection_close
from xuncha.obligations.models import Obligation
from xuncha.planning.services import round_end
from xuncha.rectification import services as rect
from xuncha.rectification.models import RectificationItem
from xuncha.registry.services import cadre_create, post_create
from xuncha.results import services as results

D = datetime.date

SCHEDULES: dict[str, dict[str, datetime.date]] = {
    "jdz": {
        "entered": D(2026, 8, 17),
        "ended": D(2026, 9, 18),
        "hearing": D(2026, 9, 24),
        "decision": D(2026, 9, 28),
        "filed": D(2026, 9, 29),
        "feedback": D(2026, 9, 29),
        "receipt": D(2026, 9, 30),
        "plan": D(2026, 10, 19),
        "reports": D(2026, 11, 16),
        "reviewed": D(2026, 11, 18),
        "supervised": D(2026, 11, 19),
        "closed": D(2026, 11, 20),
        "handed_over": D(2026, 9, 29),
        "received": D(2026, 9, 30),
        "handled": D(2026, 11, 20),
    },
    "nmg": {
        "entered": D(2026, 6, 1),
        "ended": D(2026, 7, 10),
        "hearing": D(2026, 7, 20),
        "decision": D(2026, 7, 27),
        "filed": D(2026, 7, 28),
        "feedback": D(2026, 8, 5),
        "plan": D(2026, 8, 14),
        "reports": D(2026, 9, 30),
        "reviewed": D(2026, 10, 9),
        "supervised": D(2026, 10, 9),
        "closed": D(2026, 10, 12),
        "handed_over": D(2026, 7, 28),
        "received": D(2026, 8, 3),
        "handled": D(2026, 10, 9),
    },
}
DUE: dict[str, dict[str, datetime.date | None]] = {
    "jdz": {
        "hearing": D(2026, 10, 15),
        "rectification_plan": D(2026, 10, 20),
        "rectification_reports": D(2026, 11, 30),
    },
    "nmg": {"hearing": None, "rectification_reports": D(2026, 10, 8)},
}
CLUE_DUE = {"jdz": D(2026, 12, 30), "nmg": D(2026, 11, 3)}


def _ob(rule: str, subject: Any) -> Obligation:
    return Obligation.objects.get(rule_code=rule, subject_type=subject._meta.label_lower, subject_id=str(subject.pk))


def _fieldwork(side: Any, dates: dict[str, datetime.date]) -> list[Any]:
    """Enter, record a talk, draft two findings, pass them at a 组务会, have the leader approve them, end fieldwork."""
    inspection = side.inspection
    insp.inspection_prepare(actor=side.leader, inspection=inspection, on=dates["entered"] - datetime.timedelta(days=7))
    insp.inspection_enter(
        actor=side.leader,
        inspection=inspection,
        entered_on=dates["entered"],
        principal_notified_on=dates["entered"],
        mobilization_on=dates["entered"],
        contact_phone="0000-7654321",
        contact_mailbox="第2号信箱",
        contact_address="某招待所",
        planned_end=dates["ended"],
    )
    talk = insp.talk_record_create(
        actor=side.member,
        inspection=inspection,
        interviewee="周某某",
        place="谈话室",
        recorder="记录人",
        talked_at=datetime.datetime.combine(
            dates["entered"] + datetime.timedelta(days=2), datetime.time(9), datetime.UTC
        ),
        content="反映了工程招投标中的围标串标问题。",
    )
    # The talk names a cadre of the unit: the team registers a clue, linked to the talk (its interviewee stays there).
    cadre = cadre_create(
        actor=None, jurisdiction=side.jurisdiction, code="W-001", name="钱某某", management_level="jurisdiction"
    )
    post = post_create(
        actor=None,
        cadre=cadre,
        organization=inspection.target,
        title="副书记",
        started_on=D(2020, 1, 1),
        is_leadership=True,
    )
    clues.clue_register(
        actor=side.member,
        inspection=inspection,
        registered_on=dates["entered"] + datetime.timedelta(days=2),
        category="integrity_discipline",
        content="反映钱某某在工程招投标中打招呼、干预围标串标。",
        subjects=[(cadre, post)],
        sources=[(ClueSource.Kind.TALK, talk)],
    )
    on = dates["entered"] + datetime.timedelta(days=14)
    findings = [
        fd.finding_create(
            actor=side.member,
            inspection=inspection,
            title="违规发放津贴补贴",
            category="integrity_discipline",
            description="2025年以来违规发放津贴补贴。",
            drafted_on=on,
        ),
        fd.finding_create(
            actor=side.member,
            inspection=inspection,
            title="“三重一大”事项未经集体研究",
            category="organizational_discipline",
            description="部分重大事项由主要负责人个人决定。",
            drafted_on=on,
        ),
    ]
    fd.team_meeting_hold(
        actor=side.member,
        inspection=inspection,
        attendees=[side.leader, side.member],
        findings=findings,
        held_on=on,
        agenda="研究问题底稿",
        minutes="逐条讨论，同意提交组长审定。",
        decisions="通过",
    )
    for finding in findings:
        fd.finding_leader_approve(actor=side.leader, finding=finding, on=on)
    insp.inspection_end_fieldwork(actor=side.leader, inspection=inspection, ended_on=dates["ended"])
    finalize_required_reports(side)
    for f in findings:
        f.refresh_from_db()
    return findings


@pytest.mark.parametrize("key", ["jdz", "nmg"])
def test_whole_inspection_from_fieldwork_to_closure(db: None, key: str, request: pytest.FixtureRequest) -> None:
    side = request.getfixturevalue(key)
    book = side.jurisdiction.rulebook
    dates = SCHEDULES[key]
    inspection = side.inspection
    findings = _fieldwork(side, dates)
    put_reporting(side, side.other_inspection)  # the round's other inspection, at 报告 with its reports final
    finalize_required_reports(side, side.other_inspection)

    # Round end → the leading group's hearing (JDZ-2017 第三十一条: 15 working days; NMG-2016 第二十七条: 及时).
    rnd = round_end(actor=side.office_head, round=inspection.round, ended_on=dates["ended"])
    hearing_ob = _ob("hearing", rnd)
    assert (hearing_ob.due_on, hearing_ob.article) == (DUE[key]["hearing"], book.procedure.hearing_article)
    both = (inspection, side.other_inspection)
    results.hearing_hold(
        actor=side.office_head,
        round=rnd,
        held_on=dates["hearing"],
        agenda="听取本轮各组汇报",
        attendees=[("吴某", "领导小组组长"), ("郑某", "领导小组副组长")],
        minutes="听取汇报，提出处理意见，报“五人小组”研究。",
        items=[(i, "同意所报问题，责成整改。") for i in both],
    )
    hearing_ob.refresh_from_db()
    assert hearing_ob.status == "fulfilled" and hearing_ob.fulfilled_on == dates["hearing"]

    # Feedback before the decision is refused.
    with pytest.raises(ServiceError, match="五人小组"):
        fb.feedback_session_hold(
            actor=side.office_head,
            inspection=inspection,
            audience="leadership",
            held_on=dates["hearing"],
            given_by=side.leader,
            attendees="领导班子成员",
            opinions="整改意见",
        )

    # The five-member group decides; each inspection's feedback duty opens; the decision is filed upward.
    results.decision_make(
        actor=side.office_head,
        round=rnd,
        made_on=dates["decision"],
        attendees=[("冯某", "“五人小组”成员"), ("陈某", "“五人小组”成员")],
        minutes="研究决定成果运用。",
        items=[(i, "反馈问题，督促整改。", ["feedback"]) for i in both],
    )
    inspection.refresh_from_db()
    assert inspection.results_decided_on == dates["decision"]
    assert _ob("feedback", inspection).status == "open"
    filing_rule = next(d for d in book.deadlines if d.fulfilled_by == book.procedure.filing_action)
    assert _ob(filing_rule.code, rnd).status == "open"
    results.decision_file(
        actor=side.office_head, round=rnd, filed_on=dates["filed"], document_number="备〔2026〕1号", summary="备案"
    )
    assert _ob(filing_rule.code, rnd).status == "fulfilled"
    _clue_to_final_report(side, dates, CLUE_DUE[key])

    # Feedback to the leadership and, separately, to the principal leader (JDZ-2017 第三十三条, NMG-2016 第二十九条).
    if book.procedure.feedback_approval_by:
        fb.feedback_consent_record(
            actor=side.office_head, inspection=inspection, consented_on=dates["feedback"], document="同意反馈（批复）"
        )
    for audience in ("leadership", "principal"):
        fb.feedback_session_hold(
            actor=side.office_head,
            inspection=inspection,
            audience=audience,
            held_on=dates["feedback"],
            given_by=side.leader,
            attendees="被巡察单位领导班子成员",
            opinions="针对反馈的问题认真整改。",
            findings=findings,
        )
    inspection.refresh_from_db()
    assert (inspection.status, inspection.feedback_given_on) == ("rectifying", dates["feedback"])
    assert _ob("feedback", inspection).status == "fulfilled"

    if book.signature_form("feedback_receipt"):
        # The receipt: three signatures; the last one's date starts the deadlines.
        fb.feedback_receipt_sign(
            actor=side.leader, inspection=inspection, role="team_leader", signed_on=dates["feedback"]
        )
        fb.feedback_receipt_sign(
            actor=side.unit_contact,
            inspection=inspection,
            role="unit_principal_leader",
            signed_on=dates["receipt"],
            name="某书记",
        )
        fb.feedback_receipt_sign(
            actor=side.office_head, inspection=inspection, role="office_head", signed_on=dates["receipt"]
        )
        inspection.refresh_from_db()
        assert inspection.receipt_signed_on == dates["receipt"]
    for rule, due in DUE[key].items():
        if rule != "hearing":
            ob = _ob(rule, inspection)
            assert (ob.status, ob.due_on, ob.article) == ("open", due, book.deadline(rule).article), rule

    # Closing now is refused, naming what is missing.
    with pytest.raises(ServiceError) as refused:
        inspection_close(actor=side.office_head, inspection=inspection, closed_on=dates["plan"])
    assert "尚不能办结" in refused.value.message and "整改" in refused.value.message

    # The unit's contact plans one item per problem fed back.
    planned = [
        rect.PlannedItem(
            finding_id=f.pk, measures=f"整改措施：{f.title}", responsible_person="某副书记", target_date=D(2026, 12, 31)
        )
        for f in findings
    ]
    if any(d.code == "rectification_plan" for d in book.deadlines):
        rect.rectification_plan_submit(
            actor=side.unit_contact, inspection=inspection, submitted_on=dates["plan"], text="整改方案", items=planned
        )
        assert _ob("rectification_plan", inspection).status == "fulfilled"
    else:
        rect.rectification_items_record(
            actor=side.unit_contact, inspection=inspection, recorded_on=dates["plan"], text="整改事项", items=planned
        )
    items = list(RectificationItem.objects.filter(plan__inspection=inspection).order_by("number"))
    assert len(items) == 2
    rect.rectification_item_update(
        actor=side.unit_contact, item=items[0], noted_on=dates["plan"], status="in_progress", note="已启动清退"
    )
    rect.rectification_item_update(
        actor=side.unit_contact, item=items[0], noted_on=dates["reports"], status="done", note="已全部清退"
    )
    rect.rectification_item_update(
        actor=side.unit_contact,
        item=items[1],
        noted_on=dates["reports"],
        status="transferred",
        note="制度已修订",
        transfer_reason="需长期坚持，转入日常监督",
    )

    # Reports, then review (JDZ: the team, forwarding to the office; NMG: the office).
    report = rect.rectification_reports_submit(
        actor=side.unit_contact,
        inspection=inspection,
        submitted_on=dates["reports"],
        situation_report="整改情况报告正文",
        principal_report="主要负责人组织落实情况报告正文",
    )
    assert _ob("rectification_reports", inspection).status == "fulfilled"
    reviewer = side.leader if book.procedure.rectification_via_team else side.office_head
    rect.rectification_report_review(
        actor=reviewer, report=report, reviewed_on=dates["reviewed"], accepted=True, opinion="审核通过"
    )
    rect.supervision_record(
        actor=side.office_head,
        inspection=inspection,
        supervised_on=dates["supervised"],
        way="documents",
        content="查阅整改台账和佐证材料",
    )

    # Every closure condition of the rulebook now holds; the office head closes the inspection.
    inspection.refresh_from_db()
    states = closure_checklist(inspection)
    assert [s.code for s in states] == [c.code for c in book.procedure.closure_conditions]
    assert all(s.met for s in states), [s for s in states if not s.met]
    inspection_close(actor=side.office_head, inspection=inspection, closed_on=dates["closed"])
    inspection.refresh_from_db()
    assert (inspection.status, inspection.closed_on) == ("closed", dates["closed"])
    closed = Event.objects.get(action="inspection.closed", inspection=inspection)
    assert closed.occurred_on == dates["closed"]

    # The feedback and rectification disclosures go public; the talk's content cannot.
    for stage in ("feedback", "rectification"):
        draft = disclosures.disclosure_draft(
            actor=side.office_clerk,
            inspection=inspection,
            stage=stage,
            title=f"{inspection.target}{book.word}{'反馈' if stage == 'feedback' else '整改'}情况",
            body="发现违规发放津贴补贴等问题，已按要求整改。",
        )
        disclosures.disclosure_approve(actor=side.office_head, disclosure=draft, approved_on=dates["closed"])
        disclosures.disclosure_publish(actor=side.office_clerk, disclosure=draft, published_on=dates["closed"])
    leak = disclosures.disclosure_draft(
        actor=side.office_clerk,
        inspection=inspection,
        stage="rectification",
        title="补充公开",
        body="群众反映了工程招投标中的围标串标问题。",
    )
    with pytest.raises(ServiceError, match="个别谈话"):
        disclosures.disclosure_approve(actor=side.office_head, disclosure=leak, approved_on=dates["closed"])

    # No obligation of this inspection is left open, and the event chain is intact.
    assert not Obligation.objects.filter(inspection=inspection, status="open").exists()
    checked, broken, reason = verify_chain()
    assert broken is None and checked > 50, reason


def _clue_to_final_report(side: Any, dates: dict[str, datetime.date], due: datetime.date) -> None:
    """The clue registered in fieldwork: the disposal decision, the handover (JDZ-2017 第三十五条: approved by the
    leading group's leader, signed by the three parties; NMG-2016 第三十一条: no form, the receiver's receipt), the
    3-month duty from the receiver's signature, its final report."""
    book = side.jurisdiction.rulebook
    clue = Clue.objects.get(inspection=side.inspection)
    assert clue.sources.get().talk_id is not None and "周某某" not in str(clue.__dict__)  # linked, never copied
    organ = side.receiver.memberships.get(role="receiver_contact").organization
    clues.clue_dispose(actor=side.office_head, clue=clue, route="discipline", recorded_on=dates["decision"])
    transfer = clues.transfer_draft(
        actor=side.office_clerk,
        inspection=side.inspection,
        receiver=organ,
        clues=[clue],
        drafted_on=dates["handed_over"],
    )
    if transfer.handover_form:
        clues.transfer_approve(
            actor=side.office_head, transfer=transfer, approved_on=dates["handed_over"], approver="吴某（领导小组组长）"
        )
        clues.transfer_sign(actor=side.leader, transfer=transfer, party="team", signed_on=dates["handed_over"])
        clues.transfer_sign(actor=side.office_head, transfer=transfer, party="office", signed_on=dates["handed_over"])
    transfer = clues.transfer_sign(
        actor=side.receiver, transfer=transfer, party="receiver", signed_on=dates["received"]
    )
    assert (transfer.status, transfer.receiver_signed_on) == ("completed", dates["received"])
    duty = _ob("clue_handling_report", clue)
    assert (duty.status, duty.due_on, duty.article) == ("open", due, book.clues.handling_article)
    clues.handling_report(
        actor=side.receiver,
        clue=clue,
        reported_on=dates["handled"],
        disposition="preliminary",
        text="已初核，正在办理。",
        final=False,
    )
    duty.refresh_from_db()
    assert duty.status == "open"  # a partial report keeps the duty open
    clues.handling_report(
        actor=side.receiver,
        clue=clue,
        reported_on=dates["handled"],
        disposition="case",
        text="经初核，予以立案。",
        final=True,
    )
    duty.refresh_from_db()
    clue.refresh_from_db()
    assert (duty.status, duty.fulfilled_on, clue.status) == ("fulfilled", dates["handled"], "concluded")
