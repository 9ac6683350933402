"""Steps the results tests share: a round at 报告 and ended, a hearing, a decision, a parent jurisdiction, an
organization department with its contact, a cadre posted in unit one."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client

from xuncha.accounts.services import membership_grant, user_create
from xuncha.conftest import Side, finalize_required_reports, put_reporting
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.jurisdictions.services import jurisdiction_create
from xuncha.planning.services import round_end
from xuncha.registry.models import Cadre
from xuncha.registry.services import cadre_create, organization_create, post_create
from xuncha.results import services as svc
from xuncha.results.models import Meeting

D = datetime.date
ENDED = D(2026, 4, 30)
HEARD = D(2026, 5, 13)
DECIDED = D(2026, 5, 20)

ARTICLES = {
    "jdz": {
        "hearing": "第三十一条",
        "decision": "第三十二条",
        "filing": "第三十二条",
        "reports": "第三十条",
        "use": "第三十八条",
        "feedback": "第三十三条",
    },
    "nmg": {
        "hearing": "第二十七条",
        "decision": "第二十八条",
        "filing": "第二十八条",
        "reports": "第二十六条",
        "use": "第三十三条",
        "feedback": "第二十九条",
    },
}
FILING_ACTION = {"jdz": "decision.filed", "nmg": "decision.reported_upward"}
FILING_RULE = {"jdz": "filing", "nmg": "report_upward"}
ATTENDEES = [("张某", "领导小组组长"), "李某 领导小组副组长"]


def key(side: Side) -> str:
    return side.jurisdiction.code


def ready(side: Side, *, ended_on: datetime.date = ENDED, final: bool = True) -> None:
    """Both inspections at 报告 (with their required reports final, unless `final` is False); the round ended."""
    for inspection in (side.inspection, side.other_inspection):
        put_reporting(side, inspection)
        if final:
            finalize_required_reports(side, inspection)
    round_end(actor=side.office_head, round=side.inspection.round, ended_on=ended_on)
    refresh(side)


def refresh(side: Side) -> None:
    side.inspection.refresh_from_db()
    side.other_inspection.refresh_from_db()


def hear(
    side: Side, *, held_on: datetime.date = HEARD, inspections: list[Inspection] | None = None, actor: Any = None
) -> Meeting:
    chosen = inspections if inspections is not None else [side.inspection, side.other_inspection]
    return svc.hearing_hold(
        actor=actor or side.office_clerk,
        round=side.inspection.round,
        held_on=held_on,
        agenda="听取本轮巡察情况汇报",
        attendees=ATTENDEES,
        minutes="各组汇报巡察情况，领导小组逐一研究提出处理意见。",
        items=[(i, f"{i.target}：责成整改，移交问题线索。") for i in chosen],
    )


def decide(
    side: Side,
    *,
    made_on: datetime.date = DECIDED,
    inspections: list[Inspection] | None = None,
    uses: tuple[str, ...] = ("transfer",),
    actor: Any = None,
) -> Meeting:
    chosen = inspections if inspections is not None else [side.inspection, side.other_inspection]
    meeting = svc.decision_make(
        actor=actor or side.office_clerk,
        round=side.inspection.round,
        made_on=made_on,
        attendees=[("王某", "“五人小组”成员")],
        minutes="听取领导小组综合报告，研究决定成果运用。",
        items=[(i, "反馈问题，督促整改，问题线索按权限移交。", list(uses)) for i in chosen],
    )
    refresh(side)
    return meeting


def parent_office(side: Side) -> Any:
    """A parent jurisdiction (the body the decision is filed with) and an office clerk of it."""
    parent = jurisdiction_create(
        actor=None,
        code=f"{side.jurisdiction.code}-up",
        name=f"{side.jurisdiction.name}的上级党委",
        short_name="上级党委",
        rulebook_code=side.jurisdiction.rulebook_code,
    )
    # No service sets a parent after creation; the fixture's jurisdiction exists already.
    Jurisdiction.objects.filter(pk=side.jurisdiction.pk).update(parent=parent)
    user = user_create(
        actor=None, username=f"{side.jurisdiction.code}_up", full_name="上级办公室", password="pw-test-123"
    )
    membership_grant(actor=None, user=user, jurisdiction=parent, role="office_staff")
    return user


def org_department(side: Side, *, username: str = "orgdept") -> Any:
    """The organization department (a receiver of kind 组织部门) and its contact."""
    prefix = side.jurisdiction.code
    dept = organization_create(
        actor=None,
        jurisdiction=side.jurisdiction,
        name=f"{prefix}组织部{username}",
        kind="receiver",
        receiver_kind="organization_department",
    )
    user = user_create(actor=None, username=f"{prefix}_{username}", full_name="组织部干部", password="pw-test-123")
    membership_grant(actor=None, user=user, jurisdiction=side.jurisdiction, role="receiver_contact", organization=dept)
    return user


def cadre_in_unit_one(side: Side, *, level: str = "jurisdiction", leadership: bool = True, code: str = "C001") -> Cadre:
    cadre = cadre_create(
        actor=None, jurisdiction=side.jurisdiction, code=code, name=f"干部{code}", management_level=level
    )
    post_create(
        actor=None,
        cadre=cadre,
        organization=side.inspection.target,
        title="副书记" if leadership else "科员",
        started_on=D(2022, 1, 1),
        is_leadership=leadership,
    )
    return cadre


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
