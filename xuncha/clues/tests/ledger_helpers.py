"""What the ledger tests share: clues with a transfer (completed on the receiver's signature), reports, an overdue
handling duty opened by the real deadline engine."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.clues.actions import CLUE_TRANSFERRED
from xuncha.clues.models import Clue, ClueSubject, HandlingReport, Transfer
from xuncha.registry.services import cadre_create

from .transfer_helpers import discipline_organ, make_clue

D = datetime.date
_numbers = itertools.count(1)
SIGNED_ON = D(2026, 5, 10)


def transfer_to(
    side: Any,
    clues: list[Clue],
    *,
    receiver: Any = None,
    route: str = "discipline",
    signed_on: datetime.date | None = SIGNED_ON,
    inspection: Any = None,
) -> Transfer:
    receiver = receiver or discipline_organ(side)
    transfer = Transfer.objects.create(
        jurisdiction=side.jurisdiction,
        inspection=inspection or clues[0].inspection,
        number=next(_numbers),
        year=2026,
        stage="after_decision",
        route=route,
        receiver=receiver,
        status="completed" if signed_on else "approved",
        drafted_on=D(2026, 5, 1),
        drafted_by=side.office_head,
        receiver_signed_on=signed_on,
    )
    Clue.objects.filter(pk__in=[c.pk for c in clues]).update(
        transfer=transfer, status="transferred" if signed_on else "in_transfer"
    )
    for c in clues:
        c.refresh_from_db()
    return transfer


def ledger_clue(
    side: Any, number: int, *, level: str = "jurisdiction", inspection: Any = None, category: str = ""
) -> Clue:
    return make_clue(side, number=number, level=level, inspection=inspection, category=category)


def add_subject(side: Any, clue: Clue, cadre: Any) -> None:
    ClueSubject.objects.create(clue=clue, cadre=cadre)


def new_cadre(side: Any, code: str, level: str = "jurisdiction") -> Any:
    return cadre_create(
        actor=None, jurisdiction=side.jurisdiction, code=code, name=f"干部{code}", management_level=level
    )


def report(side: Any, clue: Clue, user: Any, *, on: datetime.date, disposition: str = "preliminary") -> HandlingReport:
    assert clue.transfer is not None
    return HandlingReport.objects.create(
        clue=clue,
        receiver=clue.transfer.receiver,
        reported_on=on,
        disposition=disposition,
        final=False,
        text="办理情况（秘密）",
        reported_by=user,
    )


def open_handling_duty(clue: Clue, on: datetime.date) -> None:
    """The real 3-month duty: the clue.transferred event, through the deadline engine."""
    with transaction.atomic():
        event_record(
            actor=None, action=CLUE_TRANSFERRED, obj=clue, after={"receiver_kind": "discipline_organ"}, occurred_on=on
        )


def receiver_org(side: Any, kind: str, name: str) -> Any:
    """A receiving organ without a contact account."""
    from xuncha.registry.services import organization_create

    return organization_create(
        actor=None, jurisdiction=side.jurisdiction, name=name, kind="receiver", receiver_kind=kind
    )
