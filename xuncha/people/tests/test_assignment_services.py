"""People services when a team is staffed: 任职条件 and their recorded exceptions, recusal refusals and the waivers
that let an assignment through, who may assign, and the query counts of the recusal checks."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xuncha.accounts.models import User
from xuncha.accounts.services import user_create
from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.inspections.models import Inspection
from xuncha.people import services as svc
from xuncha.people.models import Assignment, Inspector, RecusalWaiver
from xuncha.people.selectors import check_assignment, recusal_facts
from xuncha.people.tests.test_recusal import (
    build_fuliang,
    hold,
    make_inspector,
    make_team,
    make_unit,
)
from xuncha.people.tests.test_services import ON, D, after, conflicted, team1, unit1
from xuncha.planning.models import TeamMembership


# -- assignments and 任职条件 ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("side_name", "article", "word"), [("jdz", "第八条", "巡察"), ("nmg", "第十一条", "巡视")])
def test_an_unattested_inspector_is_refused_naming_the_article_and_attested_passes(
    request: Any, side_name: str, article: str, word: str
) -> None:
    side = request.getfixturevalue(side_name)
    fresh = make_inspector(side, "I-NA", "未确认甲", attested=False)
    svc.attestation_record(actor=side.office_head, inspector=fresh, condition="health", attested_on=ON, basis="体检")
    events_before = Event.objects.count()
    with pytest.raises(ServiceError) as exc:
        svc.assignment_create(actor=side.office_head, team=team1(side), inspector=fresh, role="member", on=ON)
    message = exc.value.message
    assert (exc.value.code, exc.value.field, exc.value.article) == ("eligibility", "inspector", article)
    assert (
        f"未确认甲的任职条件尚未确认，不能安排到2026年第1轮 第1{word}组（{article}：“{word}工作人员应当具备下列条件”）"
        in message
    )
    assert "遵守党的纪律，严守党的秘密" in message and "身体健康" not in message  # health is attested
    assert "原文未规定例外" in message
    assert not Assignment.objects.exists() and Event.objects.count() == events_before
    # An attestation dated after the assignment date does not count for it.
    book = side.jurisdiction.rulebook
    for c in book.eligibility_conditions:
        if c.code != "health":
            svc.attestation_record(
                actor=side.office_head, inspector=fresh, condition=c.code, attested_on=D(2026, 3, 3), basis="考察"
            )
    assert [c.code for c in svc.assignment_preview(team=team1(side), inspector=fresh, role="member", on=ON).unattested]
    assignment = svc.assignment_create(
        actor=side.office_head, team=team1(side), inspector=fresh, role="member", on=D(2026, 3, 3)
    )
    assert after(Event.objects.get(action="assignment.created", object_id=str(assignment.pk)))["unattested"] == []


def test_a_recorded_exception_lets_an_unattested_inspector_through_and_is_an_event(jdz: Any) -> None:
    fresh = make_inspector(jdz, "I-EX", "例外甲", attested=False)

    def record(actor: Any, **kw: Any) -> Any:
        fields = {"decided_by": "市委巡察工作领导小组2026年第2次会议", "decided_on": ON, "reason": "急需审计专业人员"}
        return svc.eligibility_exception_record(actor=actor, team=team1(jdz), inspector=fresh, **{**fields, **kw})

    with pytest.raises(PermissionDeniedError, match="只有市委巡察办负责人可以登记任职条件例外决定（第八条）"):
        record(jdz.office_clerk)
    with pytest.raises(ServiceError, match="决定人") as exc:
        record(jdz.office_head, decided_by=" ")
    assert exc.value.field == "decided_by"
    with pytest.raises(ServiceError) as exc:
        record(jdz.office_head, reason="")
    assert exc.value.field == "reason"
    exception = record(jdz.office_head)
    assert exception.conditions == ["ideals", "principle", "discipline", "competence", "health"]
    event = Event.objects.get(action="eligibility.exception_recorded")
    assert (event.article, event.actor, after(event)["decided_by"], after(event)["reason"]) == (
        "第八条",
        jdz.office_head,
        "市委巡察工作领导小组2026年第2次会议",
        "急需审计专业人员",
    )
    with pytest.raises(ServiceError, match="已登记例外甲在2026年第1轮 第1巡察组的任职条件例外"):
        record(jdz.office_head)
    assignment = svc.assignment_create(actor=jdz.office_head, team=team1(jdz), inspector=fresh, role="member", on=ON)
    created = Event.objects.get(action="assignment.created", object_id=str(assignment.pk))
    assert after(created)["eligibility_exception"] == exception.pk and len(after(created)["unattested"]) == 5
    # The exception binds this team only.
    preview = svc.assignment_preview(team=jdz.other_inspection.team, inspector=fresh, role="member", on=ON)
    assert any(r.code == "eligibility" for r in preview.refusals)
    # Nothing to except once every condition is attested.
    attested = make_inspector(jdz, "I-OK", "已确认甲")
    with pytest.raises(ServiceError, match="已确认甲的任职条件均已确认（第八条），无需例外"):
        svc.eligibility_exception_record(
            actor=jdz.office_head, team=team1(jdz), inspector=attested, decided_by="某", decided_on=ON, reason="某"
        )


# -- assignments and recusal ----------------------------------------------------------------------------------------
def test_recusal_refuses_the_assignment_listing_every_hit_and_writes_nothing(jdz: Any) -> None:
    inspector = conflicted(jdz)
    events_before = Event.objects.count()
    with pytest.raises(ServiceError) as exc:
        svc.assignment_create(actor=jdz.office_head, team=team1(jdz), inspector=inspector, role="member", on=ON)
    message = exc.value.message
    assert exc.value.code == "recusal" and exc.value.field == "inspector" and exc.value.article == "第十三条"
    # Changed with issue 10 item 6: the article names the kind of recusal, the period is the office's setting.
    assert (
        "任职回避（第十三条）：曾在被巡察单位jdz单位一任办公室主任（2018年1月1日至2023年2月28日），离任未满5年"
        "（本办设置，可在规则文件中调整：recusal.post_years）" in message
    )
    assert "公务回避（第十三条）：申报（2026年1月5日）与被巡察单位领导班子成员书记甲有亲属关系：表兄弟" in message
    assert "如市委巡察工作领导小组决定不予回避，请先登记回避豁免" in message
    assert not Assignment.objects.exists() and Event.objects.count() == events_before


def test_a_waiver_for_each_hit_lets_the_assignment_through_and_is_an_event(jdz: Any) -> None:
    inspector = conflicted(jdz)
    preview = svc.assignment_preview(team=team1(jdz), inspector=inspector, role="member", on=ON)
    assert not preview.allowed and [h.rule for h in preview.hits] == ["post", "duty"]
    post_hit, duty_hit = preview.hits
    with pytest.raises(
        PermissionDeniedError, match="只有市委巡察办负责人可以登记回避豁免（豁免由市委巡察工作领导小组决定）"
    ):
        svc.recusal_waiver_record(
            actor=jdz.office_clerk,
            team=team1(jdz),
            inspector=inspector,
            rule="post",
            fact=post_hit.fact,
            reason="熟悉情况",
            decided_on=ON,
        )
    with pytest.raises(ServiceError, match="回避检查结果中没有这一任职回避事实（第十三条）") as exc:
        svc.recusal_waiver_record(
            actor=jdz.office_head,
            team=team1(jdz),
            inspector=inspector,
            rule="post",
            fact="编造的事实",
            reason="x",
            decided_on=ON,
        )
    assert exc.value.field == "fact"
    waiver = svc.recusal_waiver_record(
        actor=jdz.office_head,
        team=team1(jdz),
        inspector=inspector,
        rule="post",
        fact=post_hit.fact,
        reason="离任已近三年且未分管被巡察事项，经领导小组会议研究不予回避",
        decided_on=ON,
    )
    assert waiver.decided_by_body == "市委巡察工作领导小组" and waiver.recorded_by == jdz.office_head
    event = Event.objects.get(action="recusal.waived")
    assert (event.article, after(event)["rule_name"], after(event)["decided_by"]) == (
        "第十三条",
        "任职回避",
        "leading_group",
    )
    # One hit waived, the other still refuses — and the refusal names only that one.
    with pytest.raises(ServiceError) as exc:
        svc.assignment_create(actor=jdz.office_head, team=team1(jdz), inspector=inspector, role="member", on=ON)
    assert "公务回避" in exc.value.message and "任职回避" not in exc.value.message
    svc.recusal_waiver_record(
        actor=jdz.office_head,
        team=team1(jdz),
        inspector=inspector,
        rule="duty",
        fact=duty_hit.fact,
        reason="亲属关系较远",
        decided_on=ON,
    )
    with pytest.raises(ServiceError, match="该公务回避事实已登记豁免"):
        svc.recusal_waiver_record(
            actor=jdz.office_head,
            team=team1(jdz),
            inspector=inspector,
            rule="duty",
            fact=duty_hit.fact,
            reason="again",
            decided_on=ON,
        )
    assignment = svc.assignment_create(
        actor=jdz.office_head, team=team1(jdz), inspector=inspector, role="member", on=ON
    )
    waivers = dict(RecusalWaiver.objects.values_list("rule", "pk"))
    assert [(h["rule"], h["waiver"], h["waived"], h["article"]) for h in assignment.hits] == [
        ("post", waivers["post"], True, "第十三条"),
        ("duty", waivers["duty"], True, "第十三条"),
    ]
    assert after(Event.objects.get(action="assignment.created"))["hits"] == assignment.hits


def test_a_waiver_binds_one_team_only(jdz: Any) -> None:
    inspector = conflicted(jdz)
    other = make_team(jdz, 2026, 2, [unit1(jdz)])
    for hit in svc.assignment_preview(team=team1(jdz), inspector=inspector, role="member", on=ON).hits:
        svc.recusal_waiver_record(
            actor=jdz.office_head,
            team=team1(jdz),
            inspector=inspector,
            rule=hit.rule,
            fact=hit.fact,
            reason="研究决定",
            decided_on=ON,
        )
    assert svc.assignment_preview(team=team1(jdz), inspector=inspector, role="member", on=ON).allowed
    assert not svc.assignment_preview(team=other, inspector=inspector, role="member", on=ON).allowed


def test_only_the_office_assigns_not_a_team_member_nor_a_unit_contact(jdz: Any) -> None:
    inspector = make_inspector(jdz, "I-M", "组员甲")
    for outsider in (jdz.member, jdz.leader, jdz.unit_contact, jdz.receiver):
        with pytest.raises(
            PermissionDeniedError, match="只有市委巡察办负责人、市委巡察办工作人员可以安排巡察组人员（第六条）"
        ):
            svc.assignment_create(actor=outsider, team=team1(jdz), inspector=inspector, role="member", on=ON)
    with pytest.raises(PermissionDeniedError):
        svc.recusal_waiver_record(
            actor=jdz.unit_contact,
            team=team1(jdz),
            inspector=inspector,
            rule="post",
            fact="x",
            reason="x",
            decided_on=ON,
        )
    assert not Assignment.objects.exists()


def test_an_assigned_inspector_with_an_account_sees_the_teams_inspection(jdz: Any) -> None:
    account = user_create(actor=None, username="jdz_new", full_name="新组员", password="pw-test-123")
    inspector = make_inspector(jdz, "I-NEW", "新组员", user=account)
    assert not Inspection.objects.visible_to(account).exists()
    svc.assignment_create(actor=jdz.office_clerk, team=team1(jdz), inspector=inspector, role="liaison", on=ON)
    assert TeamMembership.objects.get(user=account).role == "liaison"
    fresh = User.objects.get(pk=account.pk)  # the viewer is cached per user object
    assert list(Inspection.objects.visible_to(fresh)) == [jdz.inspection]
    with pytest.raises(ServiceError, match="新组员已安排在本组"):
        svc.assignment_create(actor=jdz.office_clerk, team=team1(jdz), inspector=inspector, role="member", on=ON)
    with pytest.raises(ServiceError, match="新组员已安排在本轮2026年第1轮 第1巡察组"):
        svc.assignment_create(
            actor=jdz.office_clerk, team=jdz.other_inspection.team, inspector=inspector, role="member", on=ON
        )


def test_the_preview_writes_nothing_and_shows_rotation_warnings(jdz: Any) -> None:
    fl = build_fuliang(jdz)
    account = user_create(actor=None, username="jdz_rot2", full_name="老巡察", password="pw-test-123")
    inspector = make_inspector(jdz, "I-OLD", "老巡察", user=account)
    make_team(jdz, 2024, 1, [fl.county], members=[(account, "member")])
    team = make_team(jdz, 2026, 2, [fl.county])
    counts = (Assignment.objects.count(), Event.objects.count(), TeamMembership.objects.count())
    preview = svc.assignment_preview(team=team, inspector=inspector, role="member", on=ON)
    assert preview.allowed and preview.hits == []
    assert [(w.rule, w.fact, w.article) for w in preview.warnings] == [
        ("same_target", "曾参加2024年第1轮第1巡察组对浮梁县委的巡察", "第十三条")
    ]
    assert (Assignment.objects.count(), Event.objects.count(), TeamMembership.objects.count()) == counts


def test_recusal_facts_take_the_same_queries_for_one_post_or_thirty(jdz: Any) -> None:
    fl = build_fuliang(jdz)
    few = make_inspector(jdz, "I-F", "少", "江西省/景德镇市")
    hold(few.cadre, fl.finance, "科员", D(2020, 1, 1))
    many = make_inspector(jdz, "I-MANY", "多", "江西省/景德镇市")
    deep = fl.treasury
    for i in range(30):
        if i % 5 == 0:
            deep = make_unit(jdz, f"下属单位{i}", parent=deep)
        hold(many.cadre, deep, f"职务{i}", D(1990 + i, 1, 1), D(1990 + i, 12, 31))
    for i in range(5):
        svc.declaration_create(
            actor=jdz.office_head, inspector=many, kind="interest", declared_on=ON, organization=deep, detail=f"{i}"
        )

    def queries(inspector: Inspector) -> int:
        fresh = Inspector.objects.get(pk=inspector.pk)
        target = type(fl.county).objects.get(pk=fl.county.pk)
        with CaptureQueriesContext(connection) as ctx:
            recusal_facts(fresh, target, ON)
        return len(ctx.captured_queries)

    assert queries(few) == queries(many) == 5
    facts, target = recusal_facts(many, fl.county, ON)
    assert len(facts.posts) == 30 and deep.pk in target.unit_ids


def test_check_assignment_takes_the_same_queries_whatever_the_history(jdz: Any) -> None:
    fl = build_fuliang(jdz)
    team = make_team(jdz, 2026, 2, [fl.county, fl.changjiang])
    one, three = (user_create(actor=None, username=f"jdz_h{i}", full_name="历", password="pw-test-123") for i in (1, 3))
    few = make_inspector(jdz, "I-H1", "少历", user=one)
    many = make_inspector(jdz, "I-H2", "多历", user=three)
    make_team(jdz, 2022, 1, [fl.education], members=[(one, "member")])
    for year in (2023, 2024, 2025):
        make_team(jdz, year, 1, [fl.hospital if year % 2 else fl.county], members=[(three, "member")])
    for i in range(10):
        hold(many.cadre, fl.finance, f"职务{i}", D(2000 + i, 1, 1), D(2000 + i, 1, 31))

    def queries(inspector: Inspector) -> int:
        fresh = Inspector.objects.get(pk=inspector.pk)
        with CaptureQueriesContext(connection) as ctx:
            check_assignment(fresh, team, ON)
        return len(ctx.captured_queries)

    # team, targets, inspector (3), units, leadership, assignments, memberships, their inspections, rounds
    assert queries(few) == queries(many) == 11
    hits, warnings = check_assignment(many, team, ON)
    assert hits == [] and [w.fact for w in warnings] == ["曾参加2024年第1轮第1巡察组对浮梁县委的巡察"]
