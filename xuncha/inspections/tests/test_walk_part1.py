"""One inspection walked from the term plan to approved findings under each rulebook, through the services a user's
clicks call: plan → preparation → entry → fieldwork (talk, petition, forum) → finding → 组务会 → 组长审定 → 报告."""

from __future__ import annotations

import datetime

import pytest

from xuncha.audit.services import verify_chain
from xuncha.fieldwork import services as fw
from xuncha.findings import services as fd
from xuncha.inspections import services as insp
from xuncha.obligations.models import Obligation
from xuncha.planning.services import term_start
from xuncha.preparation import services as prep

D = datetime.date


@pytest.mark.parametrize("side_name", ["jdz", "nmg"])
def test_plan_to_approved_findings(db: None, side_name: str, request: pytest.FixtureRequest) -> None:
    side = request.getfixturevalue(side_name)
    book = side.jurisdiction.rulebook
    inspection = side.inspection
    term_start(
        actor=side.office_head,
        jurisdiction=side.jurisdiction,
        name="本届",
        starts_on=D(2022, 1, 1),
        ends_on=D(2026, 12, 31),
    )
    coverage = Obligation.objects.get(rule_code="coverage", subject_id=str(inspection.target_id))
    assert coverage.status == "open" and coverage.article == book.coverage.article

    # Preparation: one request per information source of the rulebook, sent by the office as 公函, answered.
    insp.inspection_prepare(actor=side.leader, inspection=inspection, on=D(2026, 3, 2))
    requests = prep.request_all_sources(actor=side.office_head, inspection=inspection)
    assert len(requests) == len(book.information_sources)
    first = prep.information_request_send(
        actor=side.office_clerk, request=requests[0], letter_number="巡察函〔2026〕1号", sent_on=D(2026, 3, 3)
    )
    provision = Obligation.objects.filter(rule_code="information_provision", subject_id=str(first.pk))
    has_provision_rule = any(d.code == "information_provision" for d in book.deadlines)
    assert provision.exists() == has_provision_rule  # JDZ-2017 第二十六条 “及时提供”; NMG-2016 sets no deadline
    prep.information_request_answer(
        actor=side.office_clerk, request=first, answered_on=D(2026, 3, 10), summary="已提供"
    )
    if has_provision_rule:
        assert provision.get().status == "fulfilled"

    # Entry: announced publicly, and the target counts as covered for the term.
    insp.inspection_enter(
        actor=side.leader,
        inspection=inspection,
        entered_on=D(2026, 3, 16),
        principal_notified_on=D(2026, 3, 16),
        mobilization_on=D(2026, 3, 16),
        contact_phone="0000-1234567",
        contact_mailbox="第1号信箱",
        contact_address="某地",
        planned_end=D(2026, 5, 15),
    )
    coverage.refresh_from_db()
    assert coverage.status == "fulfilled" and inspection.disclosures.filter(stage="entry").count() == 1

    # Fieldwork by three of the working methods.
    talk = insp.talk_record_create(
        actor=side.member,
        inspection=inspection,
        interviewee="某干部",
        place="谈话室",
        recorder="记录人",
        talked_at=datetime.datetime(2026, 3, 18, 9, tzinfo=datetime.UTC),
        content="反映情况",
    )
    petition = fw.petition_register(
        actor=side.member,
        inspection=inspection,
        channel="visit",
        received_on=D(2026, 3, 19),
        about="某负责人",
        classification="political_discipline",
        content="来访反映",
        petitioner_name="来访人",
    )
    assert petition.number == 1
    fw.fieldwork_record_create(
        actor=side.leader,
        inspection=inspection,
        method="forum",
        held_on=D(2026, 3, 20),
        summary="座谈",
        details={"attendees": 8, "attendee_scope": "中层干部"},
    )

    # A finding with its evidence, approved by the team meeting and then by the leader.
    finding = fd.finding_create(
        actor=side.member,
        inspection=inspection,
        title="问题一",
        category="political_discipline",
        description="事实与依据",
        drafted_on=D(2026, 4, 1),
    )
    fd.evidence_link(actor=side.member, finding=finding, kind="talk", object_id=talk.pk)
    fd.evidence_link(actor=side.member, finding=finding, kind="petition", object_id=petition.pk)
    fd.team_meeting_hold(
        actor=side.leader,
        inspection=inspection,
        held_on=D(2026, 4, 1),
        attendees=[side.leader, side.member],
        agenda="问题底稿",
        minutes="同意",
        findings=[finding],
    )
    approved = fd.finding_leader_approve(actor=side.leader, finding=finding, on=D(2026, 4, 2))
    assert approved.status == "leader_approved"

    # Fieldwork ends after the minimum time on site, where the rulebook sets one (JDZ-2017 第十六条).
    ended = insp.inspection_end_fieldwork(actor=side.leader, inspection=inspection, ended_on=D(2026, 4, 17))
    assert ended.status == "reporting"
    checked, broken, reason = verify_chain()
    assert broken is None and reason == "" and checked > 30
