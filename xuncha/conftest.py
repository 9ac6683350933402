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
    """Move an inspection to 进驻了解 through the stage services, as fieldwork requires."""
    inspection = inspection or side.inspection
    entered_on = entered_on or datetime.date(2026, 3, 16)
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
            report = reports.report_draft(actor=leader, inspection=inspection, type=kind.code)
            reports.report_submit_for_review(actor=leader, report=report)
            reports.report_finalize(actor=leader, report=report)


def put_decided(side: Side, decided_on: datetime.date | None = None) -> None:
    """Both inspections of the round at 报告 stage with their required reports final; the round ended; the
    leading group has heard them and the five-member group has decided the use of results (results app)."""
    from xuncha.audit.services import event_record

    decided_on = decided_on or datetime.date(2026, 5, 20)
    for inspection in (side.inspection, side.other_inspection):
        put_reporting(side, inspection)
        finalize_required_reports(side, inspection)
    # INTERIM until the results app's hearing/decision services land in this session: record the per-inspection
    # decision event the feedback deadline runs from. Replaced by results.services calls before commit.
    for inspection in (side.inspection, side.other_inspection):
        Inspection.objects.filter(pk=inspection.pk).update(results_decided_on=decided_on)
        inspection.refresh_from_db()
        event_record(
            actor=side.office_head,
            action="inspection.results_decided",
            obj=inspection,
            inspection=inspection,
            occurred_on=decided_on,
        )


def put_in_rectification(side: Side, signed_on: datetime.date | None = None) -> None:
    """Decided, feedback given on 2026-05-25 and (where the rulebook has the form) the receipt signed on
    `signed_on` (default 2026-05-26): the rectification deadlines run."""
    from xuncha.inspections.services import feedback_give, feedback_receipt_sign

    put_decided(side)
    feedback_give(actor=side.office_head, inspection=side.inspection, given_on=datetime.date(2026, 5, 25))
    if side.jurisdiction.rulebook.signature_form("feedback_receipt") is not None:
        feedback_receipt_sign(
            actor=side.office_head, inspection=side.inspection, signed_on=signed_on or datetime.date(2026, 5, 26)
        )
    side.inspection.refresh_from_db()
