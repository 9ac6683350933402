"""The unit's plan, items and reports; their review; supervision; poor rectification — under both rulebooks."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xuncha.audit.models import Event
from xuncha.conftest import put_decided
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.inspections.closure import closure_checklist
from xuncha.obligations.models import Obligation
from xuncha.rectification import services as svc
from xuncha.rectification.models import ItemProgress, PoorRectificationStep, RectificationItem, RectificationReport
from xuncha.rectification.selectors import review_state, unsettled_items

from .helpers import ARTICLES, SIGNED, D, in_rectification, items_for, reviewer, submit_plan, submit_reports

pytestmark = pytest.mark.django_db
BOTH = pytest.mark.parametrize("side_name", ["jdz", "nmg"])


def _side(request: pytest.FixtureRequest, name: str) -> Any:
    return request.getfixturevalue(name)


# -- the plan -------------------------------------------------------------------------------------------------------
def test_jdz_plan_is_refused_before_the_receipt_is_signed(jdz: Any) -> None:
    from xuncha.feedback.tests.helpers import give

    put_decided(jdz)
    give(jdz)  # both feedback sessions held: 反馈整改 stage, but the 签收单 not yet signed
    assert jdz.inspection.status == "rectifying" and jdz.inspection.receipt_signed_on is None
    with pytest.raises(ServiceError) as err:
        svc.rectification_plan_submit(
            actor=jdz.unit_contact, inspection=jdz.inspection, submitted_on=D(2026, 6, 1), text="方案", items=[]
        )
    assert "《巡察反馈材料签收单》签收后才能报送整改方案" in err.value.message
    assert (err.value.field, err.value.article) == ("submitted_on", "第三十四条")


def test_jdz_plan_is_refused_before_the_feedback(jdz: Any) -> None:
    put_decided(jdz)  # still at 报告
    with pytest.raises(ServiceError, match="处于“报告”阶段；报送整改方案只在反馈后的“反馈整改”阶段进行（第三十四条）"):
        svc.rectification_plan_submit(
            actor=jdz.unit_contact, inspection=jdz.inspection, submitted_on=D(2026, 6, 1), text="方案", items=[]
        )


@pytest.mark.parametrize("who", ["leader", "office_head", "other_unit_contact", "receiver"])
def test_only_the_units_own_contact_submits_the_plan(jdz: Any, who: str) -> None:
    problems = in_rectification(jdz)
    with pytest.raises(PermissionDeniedError) as err:
        svc.rectification_plan_submit(
            actor=getattr(jdz, who),
            inspection=jdz.inspection,
            submitted_on=D(2026, 6, 5),
            text="方案",
            items=items_for(problems),
        )
    assert "只有被巡察单位（jdz单位一）的整改工作联系人可以报送整改方案（第三十四条）" in err.value.message
    assert not Event.objects.filter(action="rectification.plan_submitted").exists()


@BOTH
def test_items_must_cover_every_problem_fed_back_and_the_refusal_names_the_missing(
    request: pytest.FixtureRequest, side_name: str
) -> None:
    side = _side(request, side_name)
    problems = in_rectification(side, "违规发放津贴补贴", "公务用车管理不严", "“三重一大”决策不规范")
    with pytest.raises(ServiceError) as err:
        submit_plan(side, problems[:1])
    assert "以下问题没有整改措施：问题2“公务用车管理不严”、问题3““三重一大”决策不规范”" in err.value.message
    assert (err.value.field, err.value.code, err.value.article) == (
        "items",
        "items_incomplete",
        ARTICLES[side_name]["plan"],
    )
    # JDZ-2017 第三十四条's words are quoted under JDZ only; under NMG-2016 (第三十条: 认真整改落实) it is the setting.
    if side_name == "jdz":
        assert "第三十四条：针对反馈的问题和意见制定整改措施" in err.value.message
    else:
        assert "针对反馈的问题和意见" not in err.value.message and "本系统设置" in err.value.message
    incomplete = items_for(problems)
    incomplete[1] = svc.PlannedItem(problems[1].pk, "规范用车", "", None)
    with pytest.raises(ServiceError, match="问题2“公务用车管理不严”的整改事项未填写责任人、完成时限"):
        submit_plan(side, problems, items=incomplete)
    late = items_for(problems, target=D(2026, 6, 1))
    with pytest.raises(ServiceError, match="问题1“违规发放津贴补贴”的完成时限 2026-06-01 早于报送日期 2026-06-05"):
        submit_plan(side, problems, items=late)
    assert not RectificationItem.objects.exists()


def test_a_problem_not_pointed_out_in_the_feedback_is_not_an_item(jdz: Any) -> None:
    from xuncha.findings.models import Finding

    problems = in_rectification(jdz)
    # Approved, but not among the problems the feedback pointed out; and one of another inspection.
    kept_back = Finding.objects.create(
        inspection=jdz.inspection,
        number=9,
        title="未反馈的问题",
        category="integrity_discipline",
        description="x",
        status="leader_approved",
        created_by=jdz.member,
    )
    elsewhere = Finding.objects.create(
        inspection=jdz.other_inspection,
        number=1,
        title="单位二的问题",
        category="integrity_discipline",
        description="x",
        status="leader_approved",
        created_by=jdz.other_member,
    )
    for stranger in (kept_back, elsewhere):
        with pytest.raises(ServiceError, match=f"问题 {stranger.pk} 不是向本单位反馈的问题"):
            submit_plan(jdz, problems, items=items_for([*problems, stranger]))
    submit_plan(jdz, problems)  # the two fed back are enough


def test_jdz_plan_sets_the_date_fulfils_its_deadline_and_lists_one_item_per_problem(jdz: Any) -> None:
    problems = in_rectification(jdz)
    deadline = Obligation.objects.get(inspection=jdz.inspection, rule_code="rectification_plan")
    assert deadline.status == "open" and deadline.starts_on == SIGNED
    plan = submit_plan(jdz, problems, on=D(2026, 6, 5))
    jdz.inspection.refresh_from_db()
    deadline.refresh_from_db()
    assert jdz.inspection.plan_submitted_on == D(2026, 6, 5)
    assert (deadline.status, deadline.fulfilled_on) == ("fulfilled", D(2026, 6, 5))
    event = Event.objects.get(action="rectification.plan_submitted")
    assert deadline.fulfilled_by == event and (event.article, event.actor) == ("第三十四条", jdz.unit_contact)
    assert [(i.number, i.finding.title, i.status) for i in plan.items.order_by("number")] == [
        (1, "违规发放津贴补贴", "not_started"),
        (2, "公务用车管理不严", "not_started"),
    ]
    with pytest.raises(ServiceError, match="整改方案已于 2026-06-05 报送"):
        submit_plan(jdz, problems, on=D(2026, 6, 8))


def test_nmg_has_no_separate_plan_the_unit_records_its_items_instead(nmg: Any) -> None:
    problems = in_rectification(nmg)
    with pytest.raises(ServiceError, match="没有规定单独报送整改方案") as err:
        svc.rectification_plan_submit(
            actor=nmg.unit_contact,
            inspection=nmg.inspection,
            submitted_on=D(2026, 6, 5),
            text="方案",
            items=items_for(problems),
        )
    assert err.value.article == "第三十条"
    plan = submit_plan(nmg, problems)
    nmg.inspection.refresh_from_db()
    assert not plan.separate and nmg.inspection.plan_submitted_on is None
    assert Event.objects.get(action="rectification.items_recorded").article == "第三十条"
    assert not Obligation.objects.filter(inspection=nmg.inspection, rule_code="rectification_plan").exists()


# -- the items ------------------------------------------------------------------------------------------------------
@BOTH
def test_item_progress_follows_the_transition_table_and_transfer_needs_a_reason(
    request: pytest.FixtureRequest, side_name: str
) -> None:
    side = _side(request, side_name)
    problems = in_rectification(side)
    plan = submit_plan(side, problems)
    first, second = plan.items.order_by("number")
    assert unsettled_items(side.inspection) == ["1. 违规发放津贴补贴（未开始）", "2. 公务用车管理不严（未开始）"]
    svc.rectification_item_update(
        actor=side.unit_contact, item=first, noted_on=D(2026, 6, 10), status="in_progress", note="已清退一半"
    )
    svc.rectification_item_update(
        actor=side.unit_contact, item=first, noted_on=D(2026, 6, 20), status="done", note="已全部清退"
    )
    with pytest.raises(ServiceError, match="转入日常监督须说明理由") as err:
        svc.rectification_item_update(
            actor=side.unit_contact, item=second, noted_on=D(2026, 6, 20), status="transferred", note="长期整改"
        )
    assert err.value.field == "transfer_reason"
    # The reason is the system's closure condition, not the words of 第三十四条 / 第三十条: labelled as the setting.
    assert "本系统设置" in err.value.message and err.value.article == ""
    assert "第三十四条" not in err.value.message and "第三十条" not in err.value.message
    with pytest.raises(PermissionDeniedError):
        svc.rectification_item_update(
            actor=side.other_unit_contact, item=second, noted_on=D(2026, 6, 20), status="done", note="越权"
        )
    svc.rectification_item_update(
        actor=side.unit_contact,
        item=second,
        noted_on=D(2026, 6, 21),
        status="transferred",
        note="需长期坚持",
        transfer_reason="车辆制度改革须跨年度推进",
    )
    assert unsettled_items(side.inspection) == []
    # Reopened when found not done; 已完成 cannot jump to 转入日常监督.
    with pytest.raises(ServiceError, match="处于“已完成”，不能转入“转入日常监督”（此状态只能转入：整改中）"):
        svc.rectification_item_update(
            actor=side.unit_contact,
            item=first,
            noted_on=D(2026, 6, 22),
            status="transferred",
            note="x",
            transfer_reason="y",
        )
    history = ItemProgress.objects.filter(item=first).order_by("noted_on")
    assert [(p.from_status, p.to_status) for p in history] == [("not_started", "in_progress"), ("in_progress", "done")]
    assert Event.objects.filter(action="rectification.item_updated").count() == 3


def test_evidence_is_stored_with_its_sha256_and_read_only_by_those_who_see_the_item(
    jdz: Any, settings: Any, tmp_path: Any
) -> None:
    import hashlib

    settings.VAR_DIR = tmp_path
    problems = in_rectification(jdz)
    item = submit_plan(jdz, problems).items.get(number=1)
    body = "清退凭证".encode()
    evidence = svc.rectification_evidence_upload(
        actor=jdz.unit_contact, item=item, upload=SimpleUploadedFile("清退凭证.pdf", body)
    )
    assert (evidence.sha256, evidence.size) == (hashlib.sha256(body).hexdigest(), len(body))
    assert (tmp_path / "attachments" / evidence.file.name).read_bytes() == body
    assert svc.rectification_evidence_open(actor=jdz.office_clerk, pk=evidence.pk) == evidence
    assert svc.rectification_evidence_open(actor=jdz.leader, pk=evidence.pk) == evidence
    for outsider in (jdz.other_unit_contact, jdz.receiver, jdz.other_member):
        with pytest.raises(PermissionDeniedError):
            svc.rectification_evidence_open(actor=outsider, pk=evidence.pk)
    with pytest.raises(PermissionDeniedError):
        svc.rectification_evidence_upload(actor=jdz.leader, item=item, upload=SimpleUploadedFile("a.pdf", b"x"))
    with pytest.raises(ServiceError, match="文件为空"):
        svc.rectification_evidence_upload(actor=jdz.unit_contact, item=item, upload=SimpleUploadedFile("a.pdf", b""))


# -- the reports and their review -----------------------------------------------------------------------------------
def test_jdz_reports_come_after_the_plan(jdz: Any) -> None:
    in_rectification(jdz)
    with pytest.raises(ServiceError, match="须先上报整改方案，再报送整改情况报告（第三十四条") as err:
        submit_reports(jdz)
    assert err.value.code == "plan_first"


def test_nmg_reports_come_after_the_items(nmg: Any) -> None:
    in_rectification(nmg)
    with pytest.raises(ServiceError, match="须先登记整改事项") as err:
        submit_reports(nmg)
    assert err.value.article == "第三十条"


@BOTH
def test_reports_fulfil_the_two_month_deadline(request: pytest.FixtureRequest, side_name: str) -> None:
    side = _side(request, side_name)
    submit_plan(side, in_rectification(side))
    deadline = Obligation.objects.get(inspection=side.inspection, rule_code="rectification_reports")
    report = submit_reports(side, on=D(2026, 7, 20))
    side.inspection.refresh_from_db()
    deadline.refresh_from_db()
    assert side.inspection.reports_submitted_on == D(2026, 7, 20)
    assert (deadline.status, deadline.fulfilled_on, deadline.article) == (
        "fulfilled",
        D(2026, 7, 20),
        ARTICLES[side_name]["reports"],
    )
    assert (report.number, report.status) == (1, "submitted")
    with pytest.raises(ServiceError, match=r"第1次报送的报告尚待.*审核，不能再次报送"):
        submit_reports(side, on=D(2026, 7, 21))
    with pytest.raises(PermissionDeniedError):
        svc.rectification_reports_submit(
            actor=side.other_unit_contact,
            inspection=side.inspection,
            submitted_on=D(2026, 7, 21),
            situation_report="x",
            principal_report="y",
        )


def test_jdz_the_team_reviews_and_forwards_to_the_office_the_office_cannot_review(jdz: Any) -> None:
    submit_plan(jdz, in_rectification(jdz))
    report = submit_reports(jdz)
    for outsider in (jdz.office_head, jdz.member, jdz.unit_contact):
        with pytest.raises(PermissionDeniedError, match="整改情况报告由市委巡察组审核（第三十四条）"):
            svc.rectification_report_review(actor=outsider, report=report, reviewed_on=D(2026, 7, 25), accepted=True)
    assert review_state(jdz.inspection) == (False, "第1次报送的报告待市委巡察组审核")
    reviewed = svc.rectification_report_review(
        actor=jdz.leader, report=report, reviewed_on=D(2026, 7, 25), accepted=True
    )
    assert (reviewed.status, reviewed.reviewer, reviewed.forwarded_on) == ("accepted", "team", D(2026, 7, 25))
    event = Event.objects.get(action="rectification.reviewed")
    assert event.article == "第三十四条"
    assert (event.after or {})["forwarded_to"] == "市委巡察工作领导小组办公室（市委巡察办）"
    met, detail = review_state(jdz.inspection)
    assert met and "市委巡察组已于 2026-07-25 审核通过" in detail and "报送市委巡察工作领导小组办公室" in detail
    jdz.inspection.refresh_from_db()
    state = {c.code: c.met for c in closure_checklist(jdz.inspection)}
    assert state["rectification_reviewed"] and state["plan_submitted"] and not state["items_settled"]
    with pytest.raises(ServiceError, match="已审核通过，不能再审核"):
        svc.rectification_report_review(
            actor=jdz.leader, report=report, reviewed_on=D(2026, 7, 26), accepted=False, opinion="x"
        )
    with pytest.raises(ServiceError, match="经市委巡察组审核通过，不需再报送"):
        submit_reports(jdz, on=D(2026, 7, 27))


def test_nmg_the_office_reviews_not_the_team(nmg: Any) -> None:
    submit_plan(nmg, in_rectification(nmg))
    report = submit_reports(nmg)
    with pytest.raises(PermissionDeniedError, match="整改情况报告由自治区党委巡视工作领导小组办公室审核（第三十四条）"):
        svc.rectification_report_review(actor=nmg.leader, report=report, reviewed_on=D(2026, 7, 25), accepted=True)
    reviewed = svc.rectification_report_review(
        actor=nmg.office_clerk, report=report, reviewed_on=D(2026, 7, 25), accepted=True
    )
    assert (reviewed.reviewer, reviewed.forwarded_on) == ("office", None)
    assert "forwarded_to" not in (Event.objects.get(action="rectification.reviewed").after or {})


@BOTH
def test_a_return_needs_reasons_and_the_unit_submits_again(request: pytest.FixtureRequest, side_name: str) -> None:
    side = _side(request, side_name)
    submit_plan(side, in_rectification(side))
    first = submit_reports(side, on=D(2026, 7, 20))
    with pytest.raises(ServiceError, match="退回整改情况报告须说明理由") as err:
        svc.rectification_report_review(actor=reviewer(side), report=first, reviewed_on=D(2026, 7, 22), accepted=False)
    assert err.value.field == "review_opinion"
    svc.rectification_report_review(
        actor=reviewer(side), report=first, reviewed_on=D(2026, 7, 22), accepted=False, opinion="问题2整改不实"
    )
    assert review_state(side.inspection) == (False, "第1次报送的报告已于 2026-07-22 退回，待重新报送")
    with pytest.raises(ServiceError, match="报送日期不能早于 2026-07-22"):
        submit_reports(side, on=D(2026, 7, 21))
    second = submit_reports(side, on=D(2026, 7, 30))
    side.inspection.refresh_from_db()
    assert (second.number, side.inspection.reports_submitted_on) == (2, D(2026, 7, 20))  # the deadline counts the first
    assert (Event.objects.get(action="rectification.returned").after or {})["reasons"] == "问题2整改不实"
    assert Event.objects.get(action="rectification.reports_resubmitted").after == {
        "number": 2,
        "returned": 1,
        "to": {"jdz": "市委巡察组", "nmg": "自治区党委巡视工作领导小组办公室"}[side_name],
    }
    svc.rectification_report_review(actor=reviewer(side), report=second, reviewed_on=D(2026, 8, 3), accepted=True)
    assert review_state(side.inspection)[0]
    assert list(RectificationReport.objects.values_list("number", "status")) == [(1, "returned"), (2, "accepted")]


# -- supervision ----------------------------------------------------------------------------------------------------
@BOTH
def test_supervision_by_the_office_or_the_team_leader(request: pytest.FixtureRequest, side_name: str) -> None:
    side = _side(request, side_name)
    in_rectification(side)
    article = ARTICLES[side_name]["supervision"]
    for outsider in (side.member, side.unit_contact, side.other_member, side.auditor):
        with pytest.raises(PermissionDeniedError) as err:
            svc.supervision_record(
                actor=outsider, inspection=side.inspection, supervised_on=D(2026, 6, 15), way="briefing", content="x"
            )
        assert err.value.article == article
    with pytest.raises(ServiceError, match=f"须填写报告日期（{article}）"):
        svc.supervision_record(
            actor=side.office_clerk,
            inspection=side.inspection,
            supervised_on=D(2026, 6, 15),
            way="site_visit",
            content="实地查看整改台账",
            reported_to_leading_group=True,
        )
    s1 = svc.supervision_record(
        actor=side.office_clerk,
        inspection=side.inspection,
        supervised_on=D(2026, 6, 15),
        way="site_visit",
        content="实地查看整改台账",
        participants="巡察办某某、巡察组某某",
        reported_to_leading_group=True,
        reported_on=D(2026, 6, 18),
    )
    s2 = svc.supervision_record(
        actor=side.leader, inspection=side.inspection, supervised_on=D(2026, 6, 20), way="briefing", content="听取汇报"
    )
    assert (s1.reported_on, s2.reported_to_leading_group, s2.reported_on) == (D(2026, 6, 18), False, None)
    assert {e.article for e in Event.objects.filter(action="rectification.supervised")} == {article}
    with pytest.raises(ServiceError, match="督办日期不能早于"):
        svc.supervision_record(
            actor=side.office_clerk,
            inspection=side.inspection,
            supervised_on=D(2026, 5, 1),
            way="briefing",
            content="x",
        )


# -- poor rectification ---------------------------------------------------------------------------------------------
SUPERVISED = D(2026, 6, 15)


def _supervise(side: Any, on: datetime.date = SUPERVISED) -> None:
    svc.supervision_record(
        actor=side.office_clerk, inspection=side.inspection, supervised_on=on, way="site_visit", content="发现整改不力"
    )


def test_jdz_opinions_come_from_the_team_during_supervision(jdz: Any) -> None:
    in_rectification(jdz)
    with pytest.raises(ServiceError, match="尚无督办记录（第四十条）") as err:
        svc.rectification_opinion_give(
            actor=jdz.leader, inspection=jdz.inspection, given_on=D(2026, 6, 16), content="x"
        )
    assert (err.value.article, err.value.code) == ("第四十一条", "supervision_first")
    _supervise(jdz)
    with pytest.raises(PermissionDeniedError, match="整改意见由市委巡察组提出（第四十一条）"):
        svc.rectification_opinion_give(
            actor=jdz.office_head, inspection=jdz.inspection, given_on=D(2026, 6, 16), content="x"
        )
    opinion = svc.rectification_opinion_give(
        actor=jdz.leader, inspection=jdz.inspection, given_on=D(2026, 6, 16), content="限期一个月完成清退"
    )
    assert (opinion.kind, opinion.follows) == ("opinion", None)
    assert Event.objects.get(action="rectification.opinion_given").article == "第四十一条"


def test_jdz_notice_or_talk_only_after_opinions_and_the_report_to_the_leading_group(jdz: Any) -> None:
    in_rectification(jdz)
    _supervise(jdz)
    with pytest.raises(ServiceError, match="须先由市委巡察组提出整改意见") as err:
        svc.poor_rectification_report(
            actor=jdz.office_clerk, inspection=jdz.inspection, reported_on=D(2026, 7, 1), content="仍未整改"
        )
    assert err.value.code == "opinion_first"
    with pytest.raises(
        ServiceError, match="须先由市委巡察工作领导小组办公室（市委巡察办）上报市委巡察工作领导小组，才能通报"
    ):
        svc.poor_rectification_measure(
            actor=jdz.office_clerk,
            inspection=jdz.inspection,
            kind="circulated_notice",
            taken_on=D(2026, 7, 5),
            content="通报",
        )
    opinion = svc.rectification_opinion_give(
        actor=jdz.leader, inspection=jdz.inspection, given_on=D(2026, 6, 16), content="限期整改"
    )
    with pytest.raises(PermissionDeniedError):
        svc.poor_rectification_report(
            actor=jdz.leader, inspection=jdz.inspection, reported_on=D(2026, 7, 1), content="仍未整改"
        )
    with pytest.raises(ServiceError, match="上报日期不能早于 2026-06-16"):
        svc.poor_rectification_report(
            actor=jdz.office_clerk, inspection=jdz.inspection, reported_on=D(2026, 6, 10), content="仍未整改"
        )
    report = svc.poor_rectification_report(
        actor=jdz.office_clerk, inspection=jdz.inspection, reported_on=D(2026, 7, 1), content="提出意见后仍敷衍塞责"
    )
    assert report.follows == opinion
    with pytest.raises(ServiceError, match="请填写约谈的市委巡察工作领导小组领导"):
        svc.poor_rectification_measure(
            actor=jdz.office_clerk,
            inspection=jdz.inspection,
            kind="admonitory_talk",
            taken_on=D(2026, 7, 5),
            content="约谈",
        )
    talk = svc.poor_rectification_measure(
        actor=jdz.office_clerk,
        inspection=jdz.inspection,
        kind="admonitory_talk",
        taken_on=D(2026, 7, 5),
        content="约谈主要负责人，责令限期整改",
        talk_leader="领导小组副组长某某",
        principal="党委书记某某",
    )
    assert (talk.follows, talk.talk_leader) == (report, "领导小组副组长某某")
    # One measure per report: a notice now needs another report (and that, another opinion).
    with pytest.raises(ServiceError, match="才能通报") as err:
        svc.poor_rectification_measure(
            actor=jdz.office_clerk,
            inspection=jdz.inspection,
            kind="circulated_notice",
            taken_on=D(2026, 7, 6),
            content="通报",
        )
    assert err.value.code == "report_first"
    assert list(
        Event.objects.filter(
            action__in=[
                "rectification.opinion_given",
                "rectification.reported_to_leading_group",
                "rectification.talk_held",
            ]
        )
        .order_by("seq")
        .values_list("action", "article")
    ) == [
        ("rectification.opinion_given", "第四十一条"),
        ("rectification.reported_to_leading_group", "第四十一条"),
        ("rectification.talk_held", "第四十一条"),
    ]


def test_jdz_circulated_notice_after_the_report(jdz: Any) -> None:
    in_rectification(jdz)
    _supervise(jdz)
    svc.rectification_opinion_give(actor=jdz.leader, inspection=jdz.inspection, given_on=D(2026, 6, 16), content="a")
    svc.poor_rectification_report(
        actor=jdz.office_head, inspection=jdz.inspection, reported_on=D(2026, 7, 1), content="b"
    )
    notice = svc.poor_rectification_measure(
        actor=jdz.office_head,
        inspection=jdz.inspection,
        kind="circulated_notice",
        taken_on=D(2026, 7, 3),
        content="在全市范围内通报",
    )
    assert notice.kind == "circulated_notice" and notice.follows is not None and notice.follows.kind == "report"
    assert Event.objects.get(action="rectification.notice_circulated").occurred_on == D(2026, 7, 3)


def test_nmg_sets_no_poor_rectification_measures_and_points_to_supervision(nmg: Any) -> None:
    in_rectification(nmg)
    _supervise(nmg)
    calls = [
        lambda: svc.rectification_opinion_give(
            actor=nmg.leader, inspection=nmg.inspection, given_on=D(2026, 6, 16), content="x"
        ),
        lambda: svc.poor_rectification_report(
            actor=nmg.office_clerk, inspection=nmg.inspection, reported_on=D(2026, 6, 16), content="x"
        ),
        lambda: svc.poor_rectification_measure(
            actor=nmg.office_clerk,
            inspection=nmg.inspection,
            kind="admonitory_talk",
            taken_on=D(2026, 6, 16),
            content="x",
            talk_leader="a",
            principal="b",
        ),
    ]
    for call in calls:
        with pytest.raises(ServiceError) as err:
            call()
        assert (
            "《内蒙古自治区党委巡视工作实施办法》没有规定对整改不力单位提出整改意见、上报后通报或约谈的措施"
            in err.value.message
        )
        assert "（第三十四条），请登记督办" in err.value.message
        assert (err.value.code, err.value.article) == ("not_in_rulebook", "第三十四条")
    assert not PoorRectificationStep.objects.exists()


# -- the stage ------------------------------------------------------------------------------------------------------
def test_nothing_is_written_once_the_inspection_is_closed(jdz: Any) -> None:
    from xuncha.inspections.models import Inspection

    problems = in_rectification(jdz)
    plan = submit_plan(jdz, problems)
    Inspection.objects.filter(pk=jdz.inspection.pk).update(status=Inspection.Status.CLOSED)
    with pytest.raises(ServiceError, match="处于“办结”阶段"):
        svc.rectification_item_update(
            actor=jdz.unit_contact, item=plan.items.get(number=1), noted_on=D(2026, 6, 10), status="done", note="x"
        )
    with pytest.raises(ServiceError, match="处于“办结”阶段"):
        _supervise(jdz)
