"""Named people for tests, so permission tests read like sentences.

Two jurisdictions (景德镇市委 under JDZ-2017, 内蒙古自治区党委 under NMG-2016), each with
an office clerk and head, an auditor, two teams, two inspected units and a receiver."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from xuncha.accounts.models import User
from xuncha.accounts.services import membership_grant, user_create
from xuncha.core.tests.browser_fixtures import browser, context, js_errors, page
from xuncha.inspections.models import Inspection
from xuncha.inspections.services import (
    inspection_create,
    inspection_enter,
    inspection_prepare,
    talk_record_create,
)
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.jurisdictions.services import jurisdiction_create
from xuncha.planning.services import round_create, team_create
from xuncha.registry.services import organization_create

__all__ = ["browser", "context", "js_errors", "page"]  # the browser fixtures, for every app's browser tests


@dataclass
class Side:
    jurisdiction: Jurisdiction
    office_head: User
    office_clerk: User
    auditor: User
    leader: User  # leads team 1, which inspects unit 1
    member: User  # member of team 1
    other_member: User  # member of team 2, which inspects unit 2
    unit_contact: User  # contact of unit 1
    other_unit_contact: User
    receiver: User
    inspection: Inspection  # team 1 → unit 1
    other_inspection: Inspection  # team 2 → unit 2


def _side(prefix: str, code: str, name: str, rulebook: str) -> Side:
    def user(key: str) -> User:
        return user_create(actor=None, username=f"{prefix}_{key}", full_name=f"{prefix}{key}", password="pw-test-123")

    j = jurisdiction_create(actor=None, code=code, name=name, short_name=name, rulebook_code=rulebook)
    people = {
        k: user(k)
        for k in [
            "office_head",
            "office_clerk",
            "auditor",
            "leader",
            "member",
            "other_leader",
            "other_member",
            "unit_contact",
            "other_unit_contact",
            "receiver",
        ]
    }
    membership_grant(actor=None, user=people["office_head"], jurisdiction=j, role="office_head")
    membership_grant(actor=None, user=people["office_clerk"], jurisdiction=j, role="office_staff")
    membership_grant(actor=None, user=people["auditor"], jurisdiction=j, role="auditor")
    unit1 = organization_create(
        actor=None, jurisdiction=j, name=f"{prefix}单位一", kind="target", target_category="local_leadership"
    )
    unit2 = organization_create(
        actor=None, jurisdiction=j, name=f"{prefix}单位二", kind="target", target_category="party_departments"
    )
    organ = organization_create(
        actor=None, jurisdiction=j, name=f"{prefix}纪委", kind="receiver", receiver_kind="discipline_organ"
    )
    membership_grant(actor=None, user=people["unit_contact"], jurisdiction=j, role="unit_contact", organization=unit1)
    membership_grant(
        actor=None, user=people["other_unit_contact"], jurisdiction=j, role="unit_contact", organization=unit2
    )
    membership_grant(actor=None, user=people["receiver"], jurisdiction=j, role="receiver_contact", organization=organ)
    rnd = round_create(actor=None, jurisdiction=j, year=2026, number=1, starts_on=datetime.date(2026, 3, 2))
    t1 = team_create(
        actor=None, round=rnd, number=1, members=[(people["leader"], "leader"), (people["member"], "member")]
    )
    t2 = team_create(
        actor=None,
        round=rnd,
        number=2,
        members=[(people["other_leader"], "leader"), (people["other_member"], "member")],
    )
    i1 = inspection_create(actor=None, round=rnd, team=t1, target=unit1)
    i2 = inspection_create(actor=None, round=rnd, team=t2, target=unit2)
    return Side(
        j,
        people["office_head"],
        people["office_clerk"],
        people["auditor"],
        people["leader"],
        people["member"],
        people["other_member"],
        people["unit_contact"],
        people["other_unit_contact"],
        people["receiver"],
        i1,
        i2,
    )


@pytest.fixture
def jdz(db: Any) -> Side:
    return _side("jdz", "jdz", "景德镇市委", "JDZ-2017")


@pytest.fixture
def nmg(db: Any) -> Side:
    return _side("nmg", "nmg", "内蒙古自治区党委", "NMG-2016")


def put_on_site(side: Side, inspection: Inspection | None = None, entered_on: datetime.date | None = None) -> None:
    """Move an inspection to 进驻了解 through the stage services, as fieldwork requires. An inspection already on
    site is left as it is, so a test can record on-site material (a talk) before `put_reporting`/`put_decided`."""
    inspection = inspection or side.inspection
    entered_on = entered_on or datetime.date(2026, 3, 16)
    inspection.refresh_from_db()
    if inspection.status == Inspection.Status.ON_SITE:
        return
    inspection_prepare(actor=side.office_head, inspection=inspection, on=entered_on - datetime.timedelta(days=14))
    inspection_enter(
        actor=side.office_head,
        inspection=inspection,
        entered_on=entered_on,
        principal_notified_on=entered_on,
        mobilization_on=entered_on,
        contact_phone="0000-0000000",
        contact_mailbox="测试信箱",
        contact_address="测试地址",
        planned_end=entered_on + datetime.timedelta(days=60),
    )
    inspection.refresh_from_db()


@pytest.fixture
def talk(jdz: Side) -> Any:
    put_on_site(jdz)
    return talk_record_create(
        actor=jdz.member,
        inspection=jdz.inspection,
        interviewee="某干部",
        place="谈话室",
        recorder="记录人",
        talked_at=datetime.datetime(2026, 4, 8, 9, 30, tzinfo=datetime.UTC),
        content="秘密内容：反映了招投标问题。",
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The real hasher costs ~0.3 s per user on purpose; tests create dozens of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def put_reporting(side: Side, inspection: Inspection | None = None, ended_on: datetime.date | None = None) -> None:
    """On site from 2026-03-16, fieldwork ended (报告 stage) on `ended_on` (default 2026-04-24, 29 working days)."""
    from xuncha.inspections.services import inspection_end_fieldwork

    inspection = inspection or side.inspection
    put_on_site(side, inspection)
    inspection_end_fieldwork(
        actor=side.office_head, inspection=inspection, ended_on=ended_on or datetime.date(2026, 4, 24)
    )
    inspection.refresh_from_db()


def finalize_required_reports(side: Side, inspection: Inspection | None = None) -> None:
    """Draft, review and finalize every report the rulebook requires (JDZ-2017 第三十条, NMG-2016 第二十六条)."""
    from xuncha.planning.models import TeamMembership
    from xuncha.reports import services as reports

    inspection = inspection or side.inspection
    leader = TeamMembership.objects.get(team=inspection.team, role="leader").user
    for kind in inspection.jurisdiction.rulebook.report_types:
        if kind.required:
            # Drafted, reviewed and finalized the day fieldwork ended.
            on = Inspection.objects.get(pk=inspection.pk).fieldwork_ended_on
            report = reports.report_draft(actor=leader, inspection=inspection, type=kind.code, drafted_on=on)
            reports.report_submit_for_review(actor=leader, report=report, submitted_on=on)
            reports.report_finalize(actor=leader, report=report, finalized_on=on)


def put_decided(side: Side, decided_on: datetime.date | None = None) -> None:
    """Both inspections of the round at 报告 stage with their required reports final; the round ended on 2026-04-30;
    the leading group heard them on 2026-05-13 and the five-member group decided the use of results on `decided_on`
    (default 2026-05-20), through the results services."""
    from xuncha.planning.services import round_end
    from xuncha.results.services import decision_make, hearing_hold

    decided_on = decided_on or datetime.date(2026, 5, 20)
    inspections = (side.inspection, side.other_inspection)
    for inspection in inspections:
        put_reporting(side, inspection)
        finalize_required_reports(side, inspection)
    rnd = round_end(actor=side.office_head, round=side.inspection.round, ended_on=datetime.date(2026, 4, 30))
    hearing_hold(
        actor=side.office_head,
        round=rnd,
        held_on=min(datetime.date(2026, 5, 13), decided_on),
        agenda="听取本轮各组情况汇报",
        attendees=[("张某", "领导小组组长"), ("李某", "领导小组副组长")],
        minutes="听取各组汇报，研究提出处理意见，报“五人小组”研究决定。",
        items=[(i, "同意所报问题，责成被巡察单位整改。") for i in inspections],
    )
    decision_make(
        actor=side.office_head,
        round=rnd,
        made_on=decided_on,
        attendees=[("王某", "“五人小组”成员"), ("赵某", "“五人小组”成员")],
        minutes="听取领导小组综合报告，研究决定巡察成果运用。",
        items=[(i, "反馈问题，督促整改。", ["feedback"]) for i in inspections],
    )
    for inspection in inspections:
        inspection.refresh_from_db()


def put_feedback_given(side: Side, inspection: Inspection | None = None, given_on: datetime.date | None = None) -> None:
    """A decided inspection (default: unit one's) given its feedback through the feedback services: under NMG-2016 the
    party committee's consent first (第二十九条), then the two sessions, to the leadership and to the principal leader,
    both on `given_on` (default 2026-05-25), given by the team's leader and recorded by the office head."""
    from xuncha.feedback.services import feedback_consent_record, feedback_session_hold
    from xuncha.planning.models import TeamMembership

    inspection = inspection or side.inspection
    given_on = given_on or datetime.date(2026, 5, 25)
    leader = TeamMembership.objects.get(team=inspection.team, role="leader").user
    if side.jurisdiction.rulebook.procedure.feedback_approval_by:
        feedback_consent_record(
            actor=side.office_head, inspection=inspection, consented_on=given_on, document="同意反馈的批复（测试）"
        )
    for audience in ("leadership", "principal"):
        feedback_session_hold(
            actor=side.office_head,
            inspection=inspection,
            audience=audience,
            held_on=given_on,
            given_by=leader,
            attendees="被巡察单位领导班子成员",
            opinions="针对反馈的问题，认真制定整改措施，切实抓好整改落实。",
        )
    inspection.refresh_from_db()


def put_receipt_signed(
    side: Side, inspection: Inspection | None = None, signed_on: datetime.date | None = None
) -> None:
    """The three signatures on the 《巡察反馈材料签收单》 (JDZ-2017 第三十四条), all on `signed_on` (default
    2026-05-26): the team leader and the office head as themselves, the principal leader's recorded by the office."""
    from xuncha.feedback.services import feedback_receipt_sign
    from xuncha.planning.models import TeamMembership

    inspection = inspection or side.inspection
    signed_on = signed_on or datetime.date(2026, 5, 26)
    leader = TeamMembership.objects.get(team=inspection.team, role="leader").user
    feedback_receipt_sign(actor=leader, inspection=inspection, role="team_leader", signed_on=signed_on)
    feedback_receipt_sign(
        actor=side.office_clerk, inspection=inspection, role="unit_principal_leader", signed_on=signed_on, name="某书记"
    )
    feedback_receipt_sign(actor=side.office_head, inspection=inspection, role="office_head", signed_on=signed_on)
    inspection.refresh_from_db()


def put_in_rectification(side: Side, signed_on: datetime.date | None = None) -> None:
    """Decided, feedback given on 2026-05-25 (both sessions) and, where the rulebook has the form, the receipt's three
    signatures in with the last on `signed_on` (default 2026-05-26): the rectification deadlines run."""
    put_decided(side)
    put_feedback_given(side)
    if side.jurisdiction.rulebook.signature_form("feedback_receipt") is not None:
        put_receipt_signed(side, signed_on=signed_on)
    side.inspection.refresh_from_db()


@pytest.fixture(autouse=True)
def _cheap_public_hashes(settings: Any) -> None:
    """The public pages' Argon2id and proof of work at test cost (the shipped cost is checked in
    core/tests/test_anonymity.py and measured by bench/public_channel.py)."""
    settings.XUNCHA_ARGON2_TIME_COST = 1
    settings.XUNCHA_ARGON2_MEMORY_KIB = 8
    settings.XUNCHA_PUBLIC_POW_BITS = 4
