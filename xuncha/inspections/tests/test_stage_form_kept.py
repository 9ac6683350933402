"""A refused stage move (进驻, 撤出) shows the inspection page again with the refusal and everything that was entered:
the office does not type the entry's dates, telephone, mailbox and address again."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client

from xuncha.inspections.services import inspection_prepare


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_refused_entry_keeps_what_was_entered(jdz: Any) -> None:
    inspection_prepare(actor=jdz.office_head, inspection=jdz.inspection, on=datetime.date(2026, 3, 2))
    entry = {
        "entered_on": "2026-03-16",
        "principal_notified_on": "2026-03-13",
        "mobilization_on": "",
        "contact_phone": "0798-8123456",
        "contact_mailbox": "景德镇市 1001 号信箱",
        "contact_address": "市委大院 3 号楼",
        "planned_end": "2026-03-27",  # 10 working days: too short without an approval (JDZ-2017 第十六条)
        "shortened_basis": "",
    }
    r = _client(jdz.office_head).post(f"/inspections/{jdz.inspection.pk}/stage/enter/", entry)
    page = r.content.decode()
    assert r.status_code == 400 and "少于20个工作日（第十六条" in page
    form = page.split('data-testid="enter-form"')[1].split("</form>")[0]
    for name in ("entered_on", "principal_notified_on", "contact_phone", "contact_mailbox", "contact_address"):
        assert f'name="{name}" value="{entry[name]}"' in form, name
    assert 'name="planned_end" value="2026-03-27"' in form
    assert 'name="mobilization_on" value=""' in form  # left empty stays empty, not today


def test_a_refused_withdrawal_keeps_its_reason_and_date(jdz: Any) -> None:
    r = _client(jdz.office_head).post(
        f"/inspections/{jdz.inspection.pk}/stage/withdraw/", {"withdrawn_on": "2099-01-01", "reason": "另行安排"}
    )
    page = r.content.decode()
    assert r.status_code == 400
    form = page.split('data-testid="withdraw"')[1].split("</form>")[0]
    assert form.startswith(" open>") and 'value="2099-01-01"' in form and 'value="另行安排"' in form
