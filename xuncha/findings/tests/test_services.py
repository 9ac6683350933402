"""A finding's life under each rulebook: draft → 组务会通过 → 组长审定, 退回; the guards and the articles they cite."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps

from xuncha.audit.models import Event
from xuncha.conftest import put_on_site
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.findings import services as svc
from xuncha.findings.models import EVIDENCE_KINDS, Escalation, Finding, FindingMove, TeamMeeting, offered_evidence_kinds
from xuncha.inspections import services as insp

from .helpers import ARTICLES, ENTRY, ON, D, big_team, draft, enter, meet, second_inspection, talk


@pytest.fixture(params=["jdz", "nmg"])
def side(request: Any) -> Any:
    s = request.getfixturevalue(request.param)
    s.key = request.param
    return s


@pytest.fixture
def on_site(side: Any) -> Any:
    enter(side)
    return side


def test_a_finding_walks_from_draft_through_the_team_meeting_to_the_leader(on_site: Any) -> None:
    side, articles = on_site, ARTICLES[on_site.key]
    record = talk(side)
    first, second = draft(side), draft(side, title="超标准配备公务用车", category="mass_work_life_discipline")
    assert (first.number, second.number) == (1, 2) and first.status == "draft"

    evidence = svc.evidence_link(actor=side.member, finding=first, kind="talk", object_id=record.pk, note="谈话印证")
    assert evidence.label == f"个别谈话记录 #{record.pk}"

    meeting = meet(side, [first, second])
    first.refresh_from_db()
    assert first.status == "team_approved" and list(meeting.findings.order_by("number")) == [first, second]
    assert (meeting.member_count, meeting.attendance.count()) == (2, 2)

    svc.finding_leader_approve(actor=side.leader, finding=first, on=D(2026, 4, 11))
    first.refresh_from_db()
    assert first.status == "leader_approved"

    moves = list(FindingMove.objects.filter(finding=first).order_by("pk"))
    assert [(m.from_status, m.to_status) for m in moves] == [
        ("draft", "team_approved"),
        ("team_approved", "leader_approved"),
    ]
    assert moves[0].meeting == meeting and moves[1].actor == side.leader
    assert {m.article for m in moves} == {articles["team"]}

    events = {e.action: e for e in Event.objects.filter(object_type="findings.finding", object_id=str(first.pk))}
    assert events["finding.drafted"].article == articles["problems"]
    assert events["finding.team_approved"].article == articles["team"]
    assert events["finding.leader_approved"].article == articles["team"]
    assert events["finding.leader_approved"].occurred_on == D(2026, 4, 11)
    assert Event.objects.get(action="team_meeting.held").article == articles["team"]
    # Linking the secret talk record put nothing of its content into the trail.
    trail = json.dumps([e.payload() for e in Event.objects.all()], ensure_ascii=False)
    assert "秘密内容" not in trail and "某干部" not in trail


def test_findings_are_drafted_only_on_site_or_while_reporting(side: Any) -> None:
    articles = ARTICLES[side.key]
    with pytest.raises(ServiceError) as err:
        draft(side)
    assert "处于“已计划”阶段" in err.value.message and "“进驻了解”、“报告”" in err.value.message
    assert err.value.article == articles["problems"] and err.value.code == "wrong_stage"
    insp.inspection_prepare(actor=side.leader, inspection=side.inspection, on=D(2026, 3, 2))
    with pytest.raises(ServiceError, match="处于“准备”阶段"):
        draft(side)
    assert not Finding.objects.exists()


def test_findings_can_be_drafted_on_site_and_while_reporting(side: Any) -> None:
    enter(side)
    assert draft(side).number == 1
    insp.inspection_end_fieldwork(actor=side.leader, inspection=side.inspection, ended_on=D(2026, 5, 15))
    assert draft(side).number == 2


def test_the_category_must_be_one_the_rulebook_lists(on_site: Any) -> None:
    with pytest.raises(ServiceError) as err:
        draft(on_site, category="corruption")
    assert err.value.field == "category" and err.value.article == ARTICLES[on_site.key]["problems"]
    word = "违反廉政纪律" if on_site.key == "jdz" else "违反廉洁纪律"  # the two texts differ here
    assert word in err.value.message


@pytest.mark.parametrize("who", ["other_member", "office_head", "office_clerk", "unit_contact", "auditor"])
def test_only_the_team_drafts_findings_and_holds_meetings(jdz: Any, who: str) -> None:
    enter(jdz)
    outsider = getattr(jdz, who)
    with pytest.raises(PermissionDeniedError, match="成员可以起草问题底稿"):
        svc.finding_create(
            actor=outsider, inspection=jdz.inspection, title="x", category="integrity_discipline", description="y"
        )
    finding = draft(jdz)
    with pytest.raises(PermissionDeniedError, match="成员可以登记组务会"):
        svc.team_meeting_hold(
            actor=outsider,
            inspection=jdz.inspection,
            held_on=ON,
            attendees=[jdz.leader, jdz.member],
            agenda="a",
            minutes="m",
            findings=[finding],
        )
    finding.refresh_from_db()
    assert finding.status == "draft" and not TeamMeeting.objects.exists()


def test_wrong_moves_are_refused_with_the_status_and_the_article(on_site: Any) -> None:
    side, article = on_site, ARTICLES[on_site.key]["team"]
    finding = draft(side)
    with pytest.raises(ServiceError) as err:
        svc.finding_leader_approve(actor=side.leader, finding=finding, on=ON)
    assert "处于“草稿”状态，不能转入“组长审定”（此状态只能转入：“组务会通过”" in err.value.message
    assert err.value.article == article and article in err.value.message
    with pytest.raises(ServiceError, match="处于“草稿”状态，不能转入“草稿”"):
        svc.finding_return(actor=side.leader, finding=finding, on=ON, reason="再核实")

    meet(side, [finding])
    with pytest.raises(ServiceError, match="处于“组务会通过”状态，不能转入“组务会通过”"):
        meet(side, [finding])
    with pytest.raises(ServiceError, match="只有草稿可以修改"):
        svc.finding_update(
            actor=side.member, finding=finding, title="改", category="integrity_discipline", description="改"
        )
    record = talk(side)
    with pytest.raises(ServiceError, match="只有草稿可以关联证据"):
        svc.evidence_link(actor=side.member, finding=finding, kind="talk", object_id=record.pk)

    svc.finding_leader_approve(actor=side.leader, finding=finding, on=ON)
    with pytest.raises(ServiceError, match="处于“组长审定”状态，不能转入“组长审定”"):
        svc.finding_leader_approve(actor=side.leader, finding=finding, on=ON)
    finding.refresh_from_db()
    assert finding.status == "leader_approved" and finding.moves.count() == 2


def test_only_the_leader_approves(on_site: Any) -> None:
    side = on_site
    finding = draft(side)
    meet(side, [finding])
    for who in (side.member, side.office_head, side.other_member, side.auditor):
        with pytest.raises(PermissionDeniedError) as err:
            svc.finding_leader_approve(actor=who, finding=finding, on=ON)
        assert "组长可以审定问题底稿" in err.value.message and err.value.article == ARTICLES[side.key]["team"]
    finding.refresh_from_db()
    assert finding.status == "team_approved"
    svc.finding_leader_approve(actor=side.leader, finding=finding, on=ON)
    assert Finding.objects.get(pk=finding.pk).status == "leader_approved"


def test_the_leader_returns_a_finding_with_a_reason_and_it_needs_a_new_meeting(on_site: Any) -> None:
    side = on_site
    finding = draft(side)
    meet(side, [finding])
    svc.finding_leader_approve(actor=side.leader, finding=finding, on=ON)
    with pytest.raises(PermissionDeniedError, match="组长可以退回问题底稿"):
        svc.finding_return(actor=side.member, finding=finding, on=ON, reason="x")
    with pytest.raises(ServiceError) as err:
        svc.finding_return(actor=side.leader, finding=finding, on=ON, reason="  ")
    assert err.value.field == "reason" and err.value.article == ARTICLES[side.key]["team"]

    svc.finding_return(actor=side.leader, finding=finding, on=D(2026, 4, 12), reason="金额须与财务凭证核对")
    finding.refresh_from_db()
    assert finding.status == "draft"
    back = finding.moves.order_by("-pk").first()
    assert back is not None and back.from_status == "leader_approved" and back.reason == "金额须与财务凭证核对"
    returned = Event.objects.filter(action="finding.returned").get().after
    assert returned is not None and returned["reason"] == "金额须与财务凭证核对"

    # Back in draft, it can be edited, and must pass a meeting again before the leader approves it.
    svc.finding_update(
        actor=side.member,
        finding=finding,
        title="违规发放津贴补贴（已核对）",
        category="integrity_discipline",
        description="核对后",
    )
    with pytest.raises(ServiceError, match="处于“草稿”状态"):
        svc.finding_leader_approve(actor=side.leader, finding=finding, on=D(2026, 4, 13))
    meet(side, [finding], held_on=D(2026, 4, 13))
    svc.finding_leader_approve(actor=side.leader, finding=finding, on=D(2026, 4, 13))
    assert finding.approving_meetings.count() == 2


def test_a_meeting_approves_only_with_more_than_half_of_the_team_present(jdz: Any) -> None:
    enter(jdz)
    finding = draft(jdz)
    # Team 1 has two people: one is not more than half.
    with pytest.raises(ServiceError) as err:
        meet(jdz, [finding], attendees=[jdz.leader])
    assert "出席1人，本巡察组在组人员2人" in err.value.message and "超过半数" in err.value.message
    assert err.value.code == "no_quorum" and err.value.article == "第七条"
    assert "民主集中制" in err.value.message and "本系统的设定" in err.value.message
    assert not TeamMeeting.objects.exists() and Finding.objects.get().status == "draft"
    # Without findings to approve, a smaller meeting may still be minuted.
    assert meet(jdz, [], attendees=[jdz.leader]).findings.count() == 0


def test_exactly_half_is_not_a_quorum_three_of_four_is(jdz: Any) -> None:
    inspection, people = big_team(jdz, 4)
    finding = svc.finding_create(
        actor=people[1],
        inspection=inspection,
        title="t",
        category="organizational_discipline",
        description="d",
        drafted_on=ENTRY,
    )

    def hold(attendees: list[Any]) -> TeamMeeting:
        return svc.team_meeting_hold(
            actor=people[1],
            inspection=inspection,
            held_on=ON,
            attendees=attendees,
            agenda="a",
            minutes="m",
            findings=[finding],
        )

    with pytest.raises(ServiceError, match="出席2人，本巡察组在组人员4人"):
        hold(people[:2])
    meeting = hold(people[1:])
    assert meeting.member_count == 4 and Finding.objects.get(pk=finding.pk).status == "team_approved"


def test_attendees_are_the_teams_people_and_the_meeting_is_minuted(jdz: Any) -> None:
    enter(jdz)
    finding = draft(jdz)
    with pytest.raises(ServiceError) as err:
        meet(jdz, [finding], attendees=[jdz.leader, jdz.member, jdz.other_member])
    assert str(jdz.other_member) in err.value.message and err.value.field == "attendees"
    with pytest.raises(ServiceError) as err:
        meet(jdz, [finding], minutes="   ")
    # JDZ-2017 第七条 itself asks for minutes taken by a designated person.
    assert err.value.field == "minutes" and "由专人做好会议记录" in err.value.message
    assert err.value.article == "第七条"


def test_nmg_asks_for_minutes_too_and_says_it_is_this_systems_requirement(nmg: Any) -> None:
    enter(nmg)
    with pytest.raises(ServiceError) as err:
        meet(nmg, [draft(nmg)], minutes="")
    assert err.value.article == "第十条" and "本系统要求" in err.value.message


def test_evidence_must_come_from_the_same_inspection(jdz: Any) -> None:
    enter(jdz)
    finding = draft(jdz)
    elsewhere = second_inspection(jdz)
    put_on_site(jdz, elsewhere)  # talks are held on site (JDZ-2017 第二十七条)
    put_on_site(jdz, jdz.other_inspection)
    theirs = talk(jdz, elsewhere)  # the same team's talk, but in its other inspection
    with pytest.raises(ServiceError) as err:
        svc.evidence_link(actor=jdz.member, finding=finding, kind="talk", object_id=theirs.pk)
    assert "不属于" in err.value.message and err.value.field == "object_id"
    other_team = talk(jdz, jdz.other_inspection, actor=jdz.other_member)
    with pytest.raises(ServiceError, match="不存在或无权查看"):
        svc.evidence_link(actor=jdz.member, finding=finding, kind="talk", object_id=other_team.pk)
    with pytest.raises(ServiceError, match="不可用"):
        svc.evidence_link(actor=jdz.member, finding=finding, kind="rumour", object_id=1)
    assert not finding.evidence.exists()


def test_evidence_can_be_unlinked_while_in_draft(jdz: Any) -> None:
    enter(jdz)
    finding = draft(jdz)
    evidence = svc.evidence_link(actor=jdz.member, finding=finding, kind="talk", object_id=talk(jdz).pk)
    with pytest.raises(ServiceError, match="已关联"):
        svc.evidence_link(actor=jdz.member, finding=finding, kind="talk", object_id=evidence.object_id)
    svc.evidence_unlink(actor=jdz.member, evidence=evidence)
    assert not finding.evidence.exists()
    assert Event.objects.filter(action="finding.evidence_unlinked").count() == 1


def test_talk_is_always_offered_and_fieldwork_kinds_only_when_installed() -> None:
    offered = {k.code for k in offered_evidence_kinds()}
    assert "talk" in offered
    for code in ("petition", "document", "record"):
        assert (code in offered) == (EVIDENCE_KINDS[code].model() is not None)


def _fieldwork_record(kind: str, side: Any) -> Any:
    from xuncha.fieldwork import services as fw  # type: ignore[import-not-found,unused-ignore]

    if kind == "petition":
        return fw.petition_register(
            actor=side.member,
            inspection=side.inspection,
            channel="letter",
            received_on=ON,
            about="某局长",
            classification="integrity_discipline",
            content="反映人称……（秘密）",
        )
    if kind == "document":
        return fw.document_retrieval_record(
            actor=side.member,
            inspection=side.inspection,
            title="2025年党组会议纪要",
            kind="borrowed",
            source_unit="办公室",
            taken_on=ON,
        )
    return fw.fieldwork_record_create(
        actor=side.member,
        inspection=side.inspection,
        method="briefing",
        held_on=ON,
        summary="听取工作汇报",
        details={"kind": "work", "reporting_body": "办公室"},
    )


@pytest.mark.parametrize("kind", ["petition", "document", "record"])
def test_fieldwork_records_link_as_evidence_when_the_fieldwork_app_is_installed(jdz: Any, kind: str) -> None:
    spec = EVIDENCE_KINDS[kind]
    # The fieldwork app is installed: its records must be linkable (no skip that would hide a broken link).
    assert apps.is_installed("xuncha.fieldwork") and spec.model() is not None, spec.model_label
    enter(jdz)
    finding = draft(jdz)
    record = _fieldwork_record(kind, jdz)
    evidence = svc.evidence_link(actor=jdz.member, finding=finding, kind=kind, object_id=record.pk)
    assert evidence.label == f"{spec.model()._meta.verbose_name} #{record.pk}"  # type: ignore[union-attr]
    elsewhere = second_inspection(jdz)
    enter(jdz, elsewhere)
    finding2 = draft(jdz, inspection=elsewhere)
    with pytest.raises(ServiceError, match="不属于"):
        svc.evidence_link(actor=jdz.member, finding=finding2, kind=kind, object_id=record.pk)


def test_escalating_to_the_secretary_needs_the_special_reason(on_site: Any) -> None:
    side, articles = on_site, ARTICLES[on_site.key]
    with pytest.raises(ServiceError) as err:
        svc.escalation_create(
            actor=side.leader, inspection=side.inspection, to="secretary", matter="发现重大敏感问题", reported_on=ON
        )
    assert err.value.field == "special_reason" and err.value.article == articles["escalation"]
    assert articles["secretary"] in err.value.message and "特殊情况" in err.value.message
    assert not Escalation.objects.exists()
    escalation = svc.escalation_create(
        actor=side.leader,
        inspection=side.inspection,
        to="secretary",
        matter="发现重大敏感问题",
        special_reason="涉及领导小组成员本人",
        reported_on=ON,
    )
    assert escalation.number == 1
    assert Event.objects.get(action="escalation.reported").article == articles["escalation"]


def test_escalations_go_to_the_leading_group_and_get_an_answer(jdz: Any) -> None:
    with pytest.raises(ServiceError, match="处于“已计划”阶段"):
        svc.escalation_create(
            actor=jdz.member, inspection=jdz.inspection, to="leading_group", matter="m", reported_on=ON
        )
    enter(jdz)
    finding = draft(jdz)
    with pytest.raises(PermissionDeniedError):
        svc.escalation_create(
            actor=jdz.office_head, inspection=jdz.inspection, to="leading_group", matter="m", reported_on=ON
        )
    escalation = svc.escalation_create(
        actor=jdz.member,
        inspection=jdz.inspection,
        to="leading_group",
        matter="问题涉及市管干部，是否扩大了解范围",
        reported_on=ON,
        finding=finding,
    )
    assert escalation.finding == finding
    with pytest.raises(PermissionDeniedError):
        svc.escalation_respond(actor=jdz.unit_contact, escalation=escalation, response="同意", responded_on=ON)
    with pytest.raises(ServiceError, match="不能早于"):
        svc.escalation_respond(
            actor=jdz.office_clerk, escalation=escalation, response="同意", responded_on=D(2026, 4, 1)
        )
    svc.escalation_respond(actor=jdz.office_clerk, escalation=escalation, response="同意", responded_on=ON)
    with pytest.raises(ServiceError, match="已于"):
        svc.escalation_respond(actor=jdz.member, escalation=escalation, response="再答复", responded_on=ON)
    escalation.refresh_from_db()
    assert (escalation.response, escalation.responded_on, escalation.response_recorded_by) == (
        "同意",
        ON,
        jdz.office_clerk,
    )
    assert Event.objects.get(action="escalation.responded").article == "第二十一条"
