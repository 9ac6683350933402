"""Fieldwork happens on site: `on_site(side)` moves a fixture inspection through preparation and entry.
Attachments go to a temporary directory for each test."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from xuncha.inspections import services as insp
from xuncha.inspections.models import Inspection

D = datetime.date
ENTRY = D(2026, 3, 16)


def on_site(side: Any, inspection: Inspection | None = None) -> Inspection:
    inspection = inspection or side.inspection
    leader = side.leader if inspection.pk == side.inspection.pk else side.office_clerk
    insp.inspection_prepare(actor=leader, inspection=inspection, on=D(2026, 3, 2))
    entered = insp.inspection_enter(
        actor=leader,
        inspection=inspection,
        entered_on=ENTRY,
        principal_notified_on=ENTRY,
        mobilization_on=ENTRY,
        contact_phone="0798-0000000",
        contact_mailbox="第001号信箱",
        contact_address="某宾馆三楼",
        planned_end=D(2026, 5, 15),
    )
    if inspection.pk == side.inspection.pk:
        side.inspection = entered
    return entered


@pytest.fixture(autouse=True)
def _attachments_in_tmp(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path
