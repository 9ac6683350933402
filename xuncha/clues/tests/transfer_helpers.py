"""What the transfer tests share: clues made directly (the register's services are written elsewhere), a leading-group
head, more receiving organs with their contacts."""

from __future__ import annotations

import datetime
from typing import Any

from xuncha.accounts.services import membership_grant, user_create
from xuncha.clues.models import Clue, ClueSubject
from xuncha.obligations.models import Obligation
from xuncha.registry.models import Organization
from xuncha.registry.services import cadre_create, organization_create

D = datetime.date
REGISTERED_ON = D(2026, 3, 20)


def make_clue(
    side: Any,
    *,
    inspection: Any = None,
    number: int = 1,
    level: str = "jurisdiction",
    registered_on: datetime.date = REGISTERED_ON,
    category: str = "",
) -> Clue:
    inspection = inspection or side.inspection
    clue = Clue.objects.create(
        jurisdiction=side.jurisdiction,
        inspection=inspection,
        number=number,
        registered_on=registered_on,
        registered_by=side.member,
        content=f"秘密内容：第{number}条线索反映的问题",
        category=category,
    )
    cadre = cadre_create(
        actor=None,
        jurisdiction=side.jurisdiction,
        code=f"C{inspection.pk}-{number}",
        name=f"干部{number}号",
        management_level=level,
    )
    ClueSubject.objects.create(clue=clue, cadre=cadre)
    return clue


def leading_group_head(side: Any) -> Any:
    user = user_create(
        actor=None, username=f"{side.jurisdiction.code}_lg_head", full_name="领导小组组长某", password="pw-test-123"
    )
    membership_grant(actor=None, user=user, jurisdiction=side.jurisdiction, role="leading_group_head")
    return user


def organ(side: Any, kind: str, name: str) -> tuple[Organization, Any]:
    org = organization_create(
        actor=None, jurisdiction=side.jurisdiction, name=name, kind="receiver", receiver_kind=kind
    )
    user = user_create(
        actor=None,
        username=f"{side.jurisdiction.code}_{kind}_contact",
        full_name=f"{name}经办人",
        password="pw-test-123",
    )
    membership_grant(actor=None, user=user, jurisdiction=side.jurisdiction, role="receiver_contact", organization=org)
    return org, user


def discipline_organ(side: Any) -> Organization:
    return Organization.objects.get(jurisdiction=side.jurisdiction, receiver_kind="discipline_organ")


def obligations(clue: Clue, rule_code: str) -> list[Obligation]:
    return list(
        Obligation.objects.filter(subject_type="clues.clue", subject_id=str(clue.pk), rule_code=rule_code).order_by(
            "pk"
        )
    )
