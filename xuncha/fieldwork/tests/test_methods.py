"""Recording fieldwork by working method: each method of the rulebook, only on site, only by the team (or the
office), with the details the method carries and the approvals the rulebook requires."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.fieldwork import services
from xuncha.fieldwork.models import FieldworkRecord
from xuncha.fieldwork.rules import OWN_RECORDS
from xuncha.inspections import services as insp

from .conftest import on_site
from .factories import SAMPLE_DETAILS, record

D = datetime.date
RECORD_METHODS = sorted(set(SAMPLE_DETAILS) - {"other_approved"})


@pytest.mark.parametrize("method", RECORD_METHODS)
@pytest.mark.parametrize("side_name", ["jdz", "nmg"])
def test_each_method_is_recorded_with_its_details_and_an_event(
    side_name: str, method: str, request: pytest.FixtureRequest
) -> None:
    side = request.getfixturevalue(side_name)
    on_site(side)
    r = record(side, method)
    assert r.method == method and r.recorded_by == side.member
    assert FieldworkRecord.objects.visible_to(side.leader).get() == r
    event = Event.objects.get(action="fieldwork.recorded")
    assert event.article == ("第十九条" if side_name == "jdz" else "第二十条")
    assert (event.after or {})["method"] == method and event.occurred_on == D(2026, 3, 20)
    for key, value in SAMPLE_DETAILS[method].items():
        if key != "items":
            assert r.details[key] == value


def test_every_method_of_both_rulebooks_has_a_place_to_be_recorded(jdz: Any, nmg: Any) -> None:
    for side in (jdz, nmg):
        codes = {m.code for m in side.jurisdiction.rulebook.working_methods}
        assert len(codes) == 13
        assert codes == set(SAMPLE_DETAILS) | set(OWN_RECORDS)


def test_evaluation_results_keep_respondents_items_and_scores(jdz: Any) -> None:
    on_site(jdz)
    r = services.fieldwork_record_create(
        actor=jdz.member,
        inspection=jdz.inspection,
        method="democratic_evaluation",
        held_on=D(2026, 3, 25),
        summary="对领导班子进行民主测评",
        details={
            "kind": "questionnaire",
            "subject": "选人用人工作",
            "distributed": "100",
            "respondents": 97,
            "items": "选人用人：85.5\n作风建设: 90",
        },
    )
    assert r.details["respondents"] == 97 and r.details["distributed"] == 100
    assert r.details["items"] == [{"item": "选人用人", "score": 85.5}, {"item": "作风建设", "score": 90.0}]
    with pytest.raises(ServiceError, match="收回（参评）份数不能多于发放份数") as err:
        services.fieldwork_record_create(
            actor=jdz.member,
            inspection=jdz.inspection,
            method="democratic_evaluation",
            held_on=D(2026, 3, 25),
            summary="x",
            details={**SAMPLE_DETAILS["democratic_evaluation"], "respondents": 81},
        )
    assert err.value.article == "第十九条"


def test_a_missing_or_foreign_detail_is_refused_with_the_article(nmg: Any) -> None:
    on_site(nmg)
    with pytest.raises(ServiceError, match="请填写参加人数") as err:
        record(nmg, "forum", details={"attendee_scope": "党员代表"})
    assert err.value.article == "第二十条" and err.value.field == "details"
    with pytest.raises(ServiceError, match="不需要填写 meeting"):
        services.fieldwork_record_create(
            actor=nmg.member,
            inspection=nmg.inspection,
            method="forum",
            held_on=D(2026, 3, 20),
            summary="x",
            details={"attendees": 3, "attendee_scope": "x", "meeting": "y"},
        )
    assert not FieldworkRecord.objects.exists()


def test_an_unknown_method_is_refused_naming_the_article(jdz: Any, nmg: Any) -> None:
    for side, article in ((jdz, "第十九条"), (nmg, "第二十条")):
        on_site(side)
        with pytest.raises(ServiceError) as err:
            record(side, "surveillance")
        assert err.value.article == article and article in err.value.message
        assert "surveillance" in err.value.message and err.value.code == "unknown_method"
    assert not FieldworkRecord.objects.exists()


@pytest.mark.parametrize("method", sorted(OWN_RECORDS))
def test_methods_with_their_own_record_are_sent_there(jdz: Any, method: str) -> None:
    on_site(jdz)
    with pytest.raises(ServiceError, match=OWN_RECORDS[method]):
        record(jdz, method)


def test_recording_before_entry_is_refused_naming_the_stage_and_the_article(jdz: Any, nmg: Any) -> None:
    with pytest.raises(ServiceError) as err:
        record(jdz, "forum")
    assert "“已计划”阶段" in err.value.message and err.value.article == "第二十七条"
    insp.inspection_prepare(actor=nmg.leader, inspection=nmg.inspection, on=D(2026, 3, 2))
    with pytest.raises(ServiceError) as err:
        record(nmg, "briefing")
    assert "“准备”阶段" in err.value.message and err.value.article == "第二十五条" and "巡视" in err.value.message
    assert not FieldworkRecord.objects.exists()


def test_recording_after_fieldwork_ended_is_refused(nmg: Any) -> None:
    on_site(nmg)
    insp.inspection_end_fieldwork(actor=nmg.leader, inspection=nmg.inspection, ended_on=D(2026, 3, 27))
    nmg.inspection.refresh_from_db()
    with pytest.raises(ServiceError, match="“报告”阶段") as err:
        record(nmg, "special_check")
    assert err.value.code == "wrong_stage"


def test_a_date_before_entry_or_in_the_future_is_refused(jdz: Any) -> None:
    on_site(jdz)
    with pytest.raises(ServiceError, match="不能早于进驻日期 2026-03-16") as err:
        services.fieldwork_record_create(
            actor=jdz.member,
            inspection=jdz.inspection,
            method="forum",
            held_on=D(2026, 3, 10),
            summary="x",
            details=SAMPLE_DETAILS["forum"],
        )
    assert err.value.article == "第二十七条"
    with pytest.raises(ServiceError, match="不能晚于今天"):
        services.fieldwork_record_create(
            actor=jdz.member,
            inspection=jdz.inspection,
            method="forum",
            held_on=D(2099, 1, 1),
            summary="x",
            details=SAMPLE_DETAILS["forum"],
        )


def test_only_the_team_or_the_office_may_record(jdz: Any) -> None:
    on_site(jdz)
    for outsider in (jdz.other_member, jdz.unit_contact, jdz.receiver, jdz.auditor):
        with pytest.raises(PermissionDeniedError, match="只有本巡察组成员或巡察办可以记录召开座谈会"):
            record(jdz, "forum", actor=outsider)
    assert record(jdz, "forum", actor=jdz.office_clerk).recorded_by == jdz.office_clerk
    assert record(jdz, "forum", actor=jdz.leader).recorded_by == jdz.leader


def test_fieldwork_records_are_read_by_the_team_and_oversight_not_by_units_or_other_teams(jdz: Any) -> None:
    on_site(jdz)
    r = record(jdz, "special_check")
    for reader in (jdz.member, jdz.leader, jdz.office_head, jdz.office_clerk, jdz.auditor):
        assert list(FieldworkRecord.objects.visible_to(reader)) == [r], reader
    for outsider in (jdz.other_member, jdz.unit_contact, jdz.other_unit_contact, jdz.receiver, None):
        assert not FieldworkRecord.objects.visible_to(outsider).exists(), outsider


# -- approvals ------------------------------------------------------------------------------------------------------
def test_jdz_assistance_request_cannot_be_sent_before_the_leading_groups_approval(jdz: Any) -> None:
    on_site(jdz)
    r = record(jdz, "assistance_request")
    with pytest.raises(ServiceError) as err:
        services.assistance_request_send(actor=jdz.member, record=r, sent_on=D(2026, 3, 23))
    assert err.value.article == "第二十九条" and err.value.code == "approval_required"
    assert "市委巡察工作领导小组同意" in err.value.message
    r.refresh_from_db()
    assert r.sent_on is None and not Event.objects.filter(action="fieldwork.assistance_sent").exists()

    approved = services.fieldwork_record_approve(
        actor=jdz.office_clerk, record=r, approved_on=D(2026, 3, 21), approval_basis="领导小组第5次会议"
    )
    assert approved.approval_body == "市委巡察工作领导小组" and approved.approved_on == D(2026, 3, 21)
    event = Event.objects.get(action="fieldwork.approved")
    assert event.article == "第二十九条" and (event.after or {})["approval_body"] == "市委巡察工作领导小组"
    with pytest.raises(ServiceError, match="不能早于 2026-03-21"):
        services.assistance_request_send(actor=jdz.member, record=r, sent_on=D(2026, 3, 20))
    sent = services.assistance_request_send(actor=jdz.member, record=r, sent_on=D(2026, 3, 23))
    assert sent.sent_on == D(2026, 3, 23)
    assert Event.objects.get(action="fieldwork.assistance_sent").article == "第二十九条"
    with pytest.raises(ServiceError, match="已于 2026-03-23 提请协助"):
        services.assistance_request_send(actor=jdz.member, record=r, sent_on=D(2026, 3, 24))


def test_jdz_approval_needs_a_date_and_a_basis(jdz: Any) -> None:
    on_site(jdz)
    r = record(jdz, "assistance_request")
    with pytest.raises(ServiceError, match="批准日期和依据") as err:
        services.fieldwork_record_approve(actor=jdz.member, record=r, approved_on=D(2026, 3, 21), approval_basis=" ")
    assert err.value.article == "第二十九条"


def test_nmg_assistance_request_is_sent_without_an_approval(nmg: Any) -> None:
    on_site(nmg)
    r = record(nmg, "assistance_request")
    sent = services.assistance_request_send(actor=nmg.member, record=r, sent_on=D(2026, 3, 23))
    assert sent.sent_on == D(2026, 3, 23) and sent.approved_on is None
    assert Event.objects.get(action="fieldwork.assistance_sent").article == "第二十条"
    with pytest.raises(ServiceError, match="没有规定须经批准"):
        services.fieldwork_record_approve(actor=nmg.member, record=r, approved_on=D(2026, 3, 21), approval_basis="x")


@pytest.mark.parametrize(("side_name", "body"), [("jdz", "市委"), ("nmg", "自治区党委")])
def test_other_approved_methods_need_the_committees_approval_to_be_recorded(
    side_name: str, body: str, request: pytest.FixtureRequest
) -> None:
    side = request.getfixturevalue(side_name)
    on_site(side)
    with pytest.raises(ServiceError, match=f"须经{body}批准") as err:
        record(side, "other_approved")
    assert err.value.code == "approval_required"
    r = record(side, "other_approved", approved_on=D(2026, 3, 19), approval_basis="常委会批复")
    assert r.approval_body == body


def test_only_assistance_requests_are_sent(jdz: Any) -> None:
    on_site(jdz)
    r = record(jdz, "forum")
    with pytest.raises(ServiceError, match="只有提请协助才登记提请日期"):
        services.assistance_request_send(actor=jdz.member, record=r, sent_on=D(2026, 3, 23))
