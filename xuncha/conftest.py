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
