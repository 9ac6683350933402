"""People services as the office, the teams and the units meet them: who may act, what the rulebook allows, what a
refusal says (field, rule, article), what is recorded as an event, and what a recusal waiver lets through."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from xuncha.accounts.services import user_create
from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.people import services as svc
from xuncha.people.models import Declaration, Inspector, Secondment
from xuncha.people.tests.test_recusal import (
    hold,
    make_cadre,
    make_inspector,
)
from xuncha.planning.models import TeamMembership

D = datetime.date
ON = D(2026, 3, 2)


def after(event: Event) -> dict[str, Any]:
    assert event.after is not None
    return event.after


def team1(side: Any) -> Any:
    return side.inspection.team


def unit1(side: Any) -> Any:
    return side.inspection.target


def conflicted(side: Any) -> Inspector:
    """An inspector who held a post in unit 1 three years ago and is the cousin of its party secretary."""
    secretary = make_cadre(side, "C-SJ", "书记甲")
    hold(secretary, unit1(side), "党委书记", D(2022, 1, 1), is_leadership=True, is_principal=True)
    inspector = make_inspector(side, "I-CF", "冲突甲")
    hold(inspector.cadre, unit1(side), "办公室主任", D(2018, 1, 1), D(2023, 2, 28))
    svc.declaration_create(
        actor=side.office_head,
        inspector=inspector,
        kind="kin",
        declared_on=D(2026, 1, 5),
        person=secretary,
        relation="表兄弟",
    )
    return inspector


# -- the talent pool -----------------------------------------------------------------------------------------------
def test_only_the_office_enters_inspectors(jdz: Any) -> None:
    cadre = make_cadre(jdz, "C-1", "甲")
    for outsider in (jdz.member, jdz.unit_contact, jdz.auditor):
        with pytest.raises(
            PermissionDeniedError, match="只有市委巡察办负责人、市委巡察办工作人员可以登记巡察工作人员（第九条）"
        ):
            svc.inspector_create(actor=outsider, cadre=cadre, kind="pool")
    assert not Inspector.objects.exists()
    inspector = svc.inspector_create(actor=jdz.office_clerk, cadre=cadre, kind="pool", expertise=["finance", "audit"])
    assert inspector.expertise == ["finance", "audit"] and inspector.jurisdiction == jdz.jurisdiction
    event = Event.objects.get(action="inspector.created")
    assert (event.article, after(event)["cadre"], event.actor) == ("第九条", "C-1", jdz.office_clerk)


def test_jdz_expertise_must_be_one_of_article_9s_areas(jdz: Any) -> None:
    cadre = make_cadre(jdz, "C-2", "乙")
    with pytest.raises(ServiceError) as exc:
        svc.inspector_create(actor=jdz.office_head, cadre=cadre, kind="pool", expertise=["finance", "legal"])
    assert exc.value.field == "expertise" and exc.value.article == "第九条"
    assert "专业领域 legal 不在《景德镇市委巡察工作实施办法》第九条所列的专业领域之中" in exc.value.message
    assert "纪检监察、组织人事、检察、公安、财政、审计、信访" in exc.value.message


def test_nmg_expertise_follows_the_vocabulary_because_article_13_lists_none(nmg: Any) -> None:
    ok = svc.inspector_create(
        actor=nmg.office_head, cadre=make_cadre(nmg, "C-3", "丙"), kind="pool", expertise=["legal"]
    )
    assert ok.expertise == ["legal"]
    with pytest.raises(ServiceError, match=r"专业领域 astrology 不在可选的专业领域.*第十三条") as exc:
        svc.inspector_create(
            actor=nmg.office_head, cadre=make_cadre(nmg, "C-4", "丁"), kind="pool", expertise=["astrology"]
        )
    assert exc.value.field == "expertise"


def test_nmg_has_no_secondments_or_postings_and_jdz_has_no_leader_pool(jdz: Any, nmg: Any) -> None:
    with pytest.raises(ServiceError, match="《内蒙古自治区党委巡视工作实施办法》没有规定借调/抽调人员") as exc:
        svc.inspector_create(actor=nmg.office_head, cadre=make_cadre(nmg, "C-5", "戊"), kind="seconded")
    assert (exc.value.field, exc.value.code) == ("kind", "not_in_rulebook")
    inspector = make_inspector(nmg, "C-6", "己")
    with pytest.raises(ServiceError, match=r"没有规定借调、抽调.*staffing.secondment_article"):
        svc.secondment_create(actor=nmg.office_head, inspector=inspector, home_organization="某局", started_on=ON)
    with pytest.raises(ServiceError, match=r"没有规定挂职锻炼.*staffing.training_posting_article"):
        svc.training_posting_create(actor=nmg.office_head, inspector=inspector, home_organization="某局", started_on=ON)
    with pytest.raises(ServiceError, match="第七条没有规定组长库") as exc:
        svc.inspector_create(
            actor=jdz.office_head, cadre=make_cadre(jdz, "C-7", "庚"), kind="pool", in_leader_pool=True
        )
    assert exc.value.field == "in_leader_pool"


# -- declarations ---------------------------------------------------------------------------------------------------
def test_an_inspector_declares_for_themselves_and_a_withdrawn_declaration_is_kept_unchanged(jdz: Any) -> None:
    account = user_create(actor=None, username="jdz_self", full_name="自报", password="pw-test-123")
    inspector = make_inspector(jdz, "I-SELF", "自报", user=account)
    relative = make_cadre(jdz, "C-R", "亲戚")
    with pytest.raises(PermissionDeniedError, match="第十三条"):
        svc.declaration_create(
            actor=jdz.other_member, inspector=inspector, kind="kin", declared_on=ON, person=relative, relation="舅舅"
        )
    d = svc.declaration_create(
        actor=account,
        inspector=inspector,
        kind="kin",
        declared_on=ON,
        person=relative,
        relation="舅舅",
        detail="母亲之兄",
    )
    assert (d.person_name, d.relation, d.detail) == ("亲戚", "舅舅", "母亲之兄")
    svc.declaration_withdraw(actor=account, declaration=d, withdrawn_on=D(2026, 4, 1), reason="已去世")
    kept = Declaration.objects.get(pk=d.pk)
    assert (kept.kind, kept.person, kept.relation, kept.detail, kept.declared_on) == (
        "kin",
        relative,
        "舅舅",
        "母亲之兄",
        ON,
    )
    assert kept.withdrawn_on == D(2026, 4, 1)
    event = Event.objects.get(action="declaration.withdrawn")
    assert (event.article, after(event)["reason"], str(event.occurred_on)) == ("第十三条", "已去世", "2026-04-01")
    with pytest.raises(ServiceError, match="该申报已于 2026-04-01 撤回"):
        svc.declaration_withdraw(actor=account, declaration=d, withdrawn_on=D(2026, 5, 1))
    assert Event.objects.filter(action="declaration.recorded").count() == 1


def test_a_declaration_must_name_what_it_is_about(jdz: Any) -> None:
    inspector = make_inspector(jdz, "I-D", "申报乙")
    with pytest.raises(ServiceError, match=r"申报直接利害关系须指明相关单位.*第十三条") as exc:
        svc.declaration_create(actor=jdz.office_head, inspector=inspector, kind="interest", declared_on=ON, detail="x")
    assert exc.value.field == "organization"
    with pytest.raises(ServiceError, match="申报亲属关系须指明关系人或相关单位（第十三条") as exc:
        svc.declaration_create(actor=jdz.office_head, inspector=inspector, kind="kin", declared_on=ON)
    assert exc.value.field == "person"
    with pytest.raises(ServiceError, match="申报日期不能晚于今天"):
        svc.declaration_create(
            actor=jdz.office_head, inspector=inspector, kind="kin", declared_on=D(2099, 1, 1), person_name="某人"
        )
    assert not Declaration.objects.exists()


# -- attestations, secondments, postings, rotations -----------------------------------------------------------------
def test_attestations_accept_only_the_rulebooks_conditions(jdz: Any, nmg: Any) -> None:
    j, n = make_inspector(jdz, "I-A", "条件甲", attested=False), make_inspector(nmg, "I-A", "条件乙", attested=False)
    with pytest.raises(
        ServiceError, match="条件 languages 不是《景德镇市委巡察工作实施办法》第八条规定的任职条件"
    ) as exc:
        svc.attestation_record(actor=jdz.office_head, inspector=j, condition="languages", attested_on=ON, basis="考察")
    assert (exc.value.field, exc.value.article) == ("condition", "第八条")
    with pytest.raises(ServiceError, match="第十一条规定的任职条件"):
        svc.attestation_record(actor=nmg.office_head, inspector=n, condition="languages", attested_on=ON, basis="考察")
    with pytest.raises(PermissionDeniedError):
        svc.attestation_record(actor=jdz.member, inspector=j, condition="health", attested_on=ON, basis="体检")
    svc.attestation_record(actor=nmg.office_head, inspector=n, condition="health", attested_on=ON, basis="体检合格")
    assert Event.objects.get(action="attestation.recorded").article == "第十一条"


def test_jdz_appraises_secondments_jointly_the_office_and_the_team_leader_each_their_part(jdz: Any, nmg: Any) -> None:
    """JDZ-2017 第九条: 借调、抽调人员…由市委巡察办和所在巡察组共同负责管理并对工作表现作出鉴定."""
    inspector = make_inspector(jdz, "I-S", "借调甲", kind="seconded")
    svc.assignment_create(actor=jdz.office_head, team=team1(jdz), inspector=inspector, role="member", on=ON)
    s = svc.secondment_create(
        actor=jdz.office_clerk,
        inspector=inspector,
        home_organization="市审计局",
        started_on=D(2026, 3, 1),
        round=team1(jdz).round,
    )

    def appraise(actor: Any, part: str, grade: str = "excellent", text: str = "工作认真") -> Any:
        return svc.secondment_appraise(
            actor=actor, secondment=s, part=part, grade=grade, appraisal=text, appraised_on=ON
        )

    # A plain member of the team is refused either part; the leader may not make the office's part, nor the office
    # the team's.
    with pytest.raises(
        PermissionDeniedError, match="只有借调甲所在巡察组的市委巡察组组长可以作出工作表现鉴定中所在组的部分"
    ):
        appraise(jdz.member, "team")
    with pytest.raises(PermissionDeniedError, match="市委巡察办负责人、市委巡察办工作人员"):
        appraise(jdz.member, "office")
    with pytest.raises(
        PermissionDeniedError, match="第九条：由市委巡察工作领导小组办公室（市委巡察办）和所在巡察组共同作出鉴定"
    ):
        appraise(jdz.office_head, "team")
    with pytest.raises(PermissionDeniedError):
        appraise(jdz.leader, "office")
    with pytest.raises(ServiceError, match="鉴定等次 perfect 无效"):
        appraise(jdz.office_head, "office", grade="perfect")
    with pytest.raises(ServiceError, match="鉴定方 both 无效") as exc:
        appraise(jdz.office_head, "both")
    assert exc.value.field == "part"
    assert not Event.objects.filter(action="secondment.appraised").exists()
    # The office alone leaves it incomplete.
    office = appraise(jdz.office_clerk, "office", text="工作认真，发现问题能力强")
    assert (office.part, office.grade, office.recorded_by, office.team) == (
        "office",
        "excellent",
        jdz.office_clerk,
        None,
    )
    assert not Secondment.objects.get(pk=s.pk).appraisal_complete
    first = Event.objects.get(action="secondment.appraised")
    assert first.article == "第九条" and (after(first)["part"], after(first)["complete"]) == ("office", False)
    with pytest.raises(ServiceError, match="办公室鉴定已于 2026-03-02 作出"):
        appraise(jdz.office_head, "office", grade="basic")
    # The team leader's part completes it.
    team_part = appraise(jdz.leader, "team", grade="competent", text="服从安排")
    assert (team_part.team, team_part.recorded_by) == (team1(jdz), jdz.leader)
    assert Secondment.objects.get(pk=s.pk).appraisal_complete
    last = Event.objects.filter(action="secondment.appraised").latest("seq")
    assert (after(last)["part"], after(last)["complete"], after(last)["team"]) == ("team", True, str(team1(jdz)))


def test_the_team_leader_alone_leaves_the_appraisal_incomplete(jdz: Any) -> None:
    inspector = make_inspector(jdz, "I-S2", "借调丙", kind="seconded")
    svc.assignment_create(actor=jdz.office_head, team=team1(jdz), inspector=inspector, role="member", on=ON)
    s = svc.secondment_create(
        actor=jdz.office_clerk, inspector=inspector, home_organization="市财政局", started_on=D(2026, 3, 1)
    )
    svc.secondment_appraise(
        actor=jdz.leader, secondment=s, part="team", grade="competent", appraisal="称职", appraised_on=ON
    )
    assert not Secondment.objects.get(pk=s.pk).appraisal_complete
    # The leader of another team, on which the secondee did not serve, is refused.
    other_leader = TeamMembership.objects.get(team=jdz.other_inspection.team, role="leader").user
    with pytest.raises(PermissionDeniedError):
        svc.secondment_appraise(
            actor=other_leader, secondment=s, part="team", grade="competent", appraisal="称职", appraised_on=ON
        )


def test_nmg_has_no_secondment_appraisal_because_its_text_has_none(nmg: Any) -> None:
    """NMG-2016 has no 借调/抽调 (its 第十三条 only 抽选 from the talent pool) and no appraisal of them."""
    n_secondment = Secondment.objects.create(
        inspector=make_inspector(nmg, "I-S", "借调乙"), home_organization="自治区审计厅", started_on=D(2026, 3, 1)
    )
    for part, actor in (("office", nmg.office_head), ("team", nmg.leader)):
        with pytest.raises(
            ServiceError, match=r"《内蒙古自治区党委巡视工作实施办法》没有规定.*secondment_appraisal: false"
        ) as exc:
            svc.secondment_appraise(
                actor=actor, secondment=n_secondment, part=part, grade="excellent", appraisal="好", appraised_on=ON
            )
        assert exc.value.code == "not_in_rulebook"
    assert not n_secondment.appraisals.exists()


def test_postings_and_rotations_are_recorded_with_their_articles(jdz: Any, nmg: Any) -> None:
    j, n = make_inspector(jdz, "I-P", "挂职甲", kind="training"), make_inspector(nmg, "I-R", "轮岗乙")
    svc.training_posting_create(actor=jdz.office_head, inspector=j, home_organization="市发改委", started_on=ON)
    svc.rotation_record(
        actor=nmg.office_clerk, inspector=n, rotated_on=ON, from_position="第一组", to_position="第二组"
    )
    with pytest.raises(PermissionDeniedError, match="第十二条"):
        svc.rotation_record(actor=nmg.member, inspector=n, rotated_on=ON, from_position="a", to_position="b")
    assert Event.objects.get(action="training_posting.created").article == "第九条"
    assert Event.objects.get(action="rotation.recorded").article == "第十二条"


# -- leaders --------------------------------------------------------------------------------------------------------
def test_jdz_designates_leaders_and_refuses_a_per_round_authorization(jdz: Any) -> None:
    inspector = make_inspector(jdz, "I-L", "组长甲", county_level=True)
    with pytest.raises(ServiceError) as exc:
        svc.leader_authorize(
            actor=jdz.office_head,
            inspector=inspector,
            round=team1(jdz).round,
            role="leader",
            authorized_on=ON,
            basis="市委常委会",
        )
    assert exc.value.article == "第七条" and exc.value.field == "role"
    assert "第七条规定" in exc.value.message and "不实行“一次一授权”" in exc.value.message
    assert not Event.objects.filter(action="leader.authorized").exists()


def test_nmg_leaders_come_from_the_pool_one_authorization_per_round(nmg: Any) -> None:
    rnd = team1(nmg).round
    outside = make_inspector(nmg, "I-O", "库外")
    with pytest.raises(ServiceError, match="库外不在巡视组组长库中；第九条") as exc:
        svc.leader_authorize(
            actor=nmg.office_head, inspector=outside, round=rnd, role="leader", authorized_on=ON, basis="常委会"
        )
    assert exc.value.field == "inspector"
    leader = make_inspector(nmg, "I-LDR", "组长乙", user=nmg.leader, in_leader_pool=True)
    with pytest.raises(ServiceError, match=r"只有.*登记组长授权（第九条）"):
        svc.leader_authorize(actor=nmg.member, inspector=leader, round=rnd, role="leader", authorized_on=ON, basis="x")
    # Without the round's authorization the pool member cannot lead.
    with pytest.raises(
        ServiceError, match="组长乙未获2026年第1轮的组长授权，不能担任组长（第九条：“一次一授权”"
    ) as exc:
        svc.assignment_create(actor=nmg.office_head, team=team1(nmg), inspector=leader, role="leader", on=ON)
    assert exc.value.field == "role"
    svc.leader_authorize(
        actor=nmg.office_head, inspector=leader, round=rnd, role="leader", authorized_on=ON, basis="自治区党委常委会议"
    )
    assert Event.objects.get(action="leader.authorized").article == "第九条"
    with pytest.raises(ServiceError, match="已获2026年第1轮组长授权（第九条：一次一授权）"):
        svc.leader_authorize(
            actor=nmg.office_head, inspector=leader, round=rnd, role="deputy", authorized_on=ON, basis="again"
        )
    assignment = svc.assignment_create(actor=nmg.office_head, team=team1(nmg), inspector=leader, role="leader", on=ON)
    assert assignment.role == "leader"
    # Authorized as a deputy is not authorized as a leader.
    deputy = make_inspector(nmg, "I-DEP", "副组长丙", in_leader_pool=True)
    svc.leader_authorize(
        actor=nmg.office_head, inspector=deputy, round=rnd, role="deputy", authorized_on=ON, basis="会"
    )
    preview = svc.assignment_preview(team=nmg.other_inspection.team, inspector=deputy, role="leader", on=ON)
    assert any("获授权的职务为副组长，不能担任组长" in r.message for r in preview.refusals)
    svc.assignment_create(actor=nmg.office_head, team=team1(nmg), inspector=deputy, role="deputy", on=ON)


def test_jdz_warns_but_allows_a_leader_who_is_not_county_level(jdz: Any) -> None:
    leader = make_inspector(jdz, "I-JL", "组长丁", user=jdz.leader)
    preview = svc.assignment_preview(team=team1(jdz), inspector=leader, role="leader", on=ON)
    assert preview.allowed
    assert [(w.rule, w.article) for w in preview.warnings] == [("leader_level", "第七条")]
    assert "组长丁未登记为县级领导干部；市委巡察组组长、副组长原则上应选择" in preview.warnings[0].fact
    svc.assignment_create(actor=jdz.office_head, team=team1(jdz), inspector=leader, role="leader", on=ON)
    event = Event.objects.get(action="assignment.created")
    assert event.article == "第七条" and after(event)["warnings"][0]["rule"] == "leader_level"
    senior = make_inspector(jdz, "I-JS", "副组长戊", county_level=True)
    assert svc.assignment_preview(team=team1(jdz), inspector=senior, role="deputy", on=ON).warnings == []
    # One leader per team (组长负责制).
    with pytest.raises(ServiceError, match="已有组长组长丁；每组只有一名组长（组长负责制，第七条）"):
        svc.assignment_create(actor=jdz.office_head, team=team1(jdz), inspector=senior, role="leader", on=ON)
