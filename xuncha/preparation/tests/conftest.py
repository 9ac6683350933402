"""Preparation fixtures: an inspection in its preparation stage, the target's leadership in the registry."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from xuncha.inspections import services as insp
from xuncha.registry.models import Cadre, Post
from xuncha.registry.services import cadre_create, post_create

D = datetime.date
PREPARED = D(2026, 3, 2)
SENT = D(2026, 3, 3)
ANSWERED = D(2026, 3, 10)
ENTRY = D(2026, 3, 16)


def prepare(side: Any) -> Any:
    return insp.inspection_prepare(actor=side.leader, inspection=side.inspection, on=PREPARED)


def enter(side: Any) -> Any:
    return insp.inspection_enter(
        actor=side.leader,
        inspection=side.inspection,
        entered_on=ENTRY,
        principal_notified_on=ENTRY,
        mobilization_on=ENTRY,
        contact_phone="0798-0000000",
        contact_mailbox="第001号信箱",
        contact_address="某宾馆三楼",
        planned_end=D(2026, 5, 15),
    )


def add_leader(side: Any, code: str, name: str, *, unit: Any = None, principal: bool = False, **post: Any) -> Cadre:
    cadre = cadre_create(actor=None, jurisdiction=side.jurisdiction, code=code, name=name)
    post_create(
        actor=None,
        cadre=cadre,
        organization=unit or side.inspection.target,
        title=post.pop("title", "书记" if principal else "副书记"),
        started_on=post.pop("started_on", D(2022, 1, 1)),
        is_leadership=post.pop("is_leadership", True),
        is_principal=principal,
        **post,
    )
    return cadre


@dataclass
class Leadership:
    secretary: Cadre  # current principal leader of unit 1
    deputy: Cadre  # current leadership member of unit 1
    former: Cadre  # left the leadership of unit 1 in 2025
    staff: Cadre  # holds a post in unit 1 that is not a leadership post
    elsewhere: Cadre  # current leader of unit 2 (the other team's target)


@pytest.fixture
def leadership(jdz: Any) -> Leadership:
    return Leadership(
        secretary=add_leader(jdz, "L1", "甲书记", principal=True),
        deputy=add_leader(jdz, "L2", "乙副书记"),
        former=add_leader(jdz, "L3", "丙原副书记", ended_on=D(2025, 6, 30)),
        staff=add_leader(jdz, "L4", "丁科长", title="科长", is_leadership=False),
        elsewhere=add_leader(jdz, "L5", "戊书记", unit=jdz.other_inspection.target, principal=True),
    )


def post_of(cadre: Cadre) -> Post:
    return Post.objects.get(cadre=cadre)
