"""`?inspection=` narrows the obligations list to one inspection's deadlines."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client

from xuncha.inspections.services import inspection_prepare
from xuncha.preparation import services as prep

D = datetime.date


def test_obligations_filter_by_inspection(jdz: Any) -> None:
    for n, inspection in enumerate((jdz.inspection, jdz.other_inspection), start=1):
        inspection_prepare(actor=jdz.office_head, inspection=inspection, on=D(2026, 3, 2))
        (first, *_) = prep.request_all_sources(actor=jdz.office_head, inspection=inspection)
        # JDZ-2017 第二十六条: a sent letter opens the “及时提供” duty of that inspection.
        prep.information_request_send(
            actor=jdz.office_clerk, request=first, letter_number=f"函〔2026〕{n}号", sent_on=D(2026, 3, 3)
        )
    client = Client()
    client.force_login(jdz.office_head)
    every = client.get("/api/obligations/").json()["results"]
    assert {o["inspection"] for o in every} >= {jdz.inspection.pk, jdz.other_inspection.pk}
    one = client.get("/api/obligations/", {"inspection": jdz.inspection.pk}).json()["results"]
    assert one and {o["inspection"] for o in one} == {jdz.inspection.pk}


def test_events_filter_by_action_and_inspection(jdz: Any) -> None:
    inspection_prepare(actor=jdz.office_head, inspection=jdz.inspection, on=D(2026, 3, 2))
    inspection_prepare(actor=jdz.office_head, inspection=jdz.other_inspection, on=D(2026, 3, 3))
    client = Client()
    client.force_login(jdz.auditor)
    every = client.get("/api/events/").json()["results"]
    assert {e["action"] for e in every} > {"inspection.preparing"}
    prepared = client.get("/api/events/", {"action": "inspection.preparing"}).json()["results"]
    assert len(prepared) == 2 and {e["action"] for e in prepared} == {"inspection.preparing"}
    one = client.get("/api/events/", {"action": "inspection.preparing", "inspection": jdz.inspection.pk}).json()
    assert [e["occurred_on"] for e in one["results"]] == ["2026-03-02"]
