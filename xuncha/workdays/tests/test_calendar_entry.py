"""Entering a year's schedule, and computing deadlines by page, API and command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.workdays.models import HolidayYear, SpecialDay
from xuncha.workdays.services import holiday_year_save

from .helpers import HOLIDAYS_2027, enter_2027, make_sysadmin


def test_the_administrator_enters_a_year_and_deadlines_in_it_compute(jdz: Any) -> None:
    client = Client()
    client.force_login(jdz.office_head)
    refused = client.get("/api/workdays/add/", {"start": "2026-12-20", "n": "10"})
    assert refused.status_code == 400
    assert refused.json()["code"] == "unknown_year" and "2027" in refused.json()["detail"]
    enter_2027(make_sysadmin(jdz))
    ok = client.get("/api/workdays/add/", {"start": "2026-12-20", "n": "10"})
    # 12-21..12-25 (5), 12-28..12-31 (9), 01-01..03 off, 01-04 (10)
    assert ok.status_code == 200 and ok.json()["due"] == "2027-01-04"
    assert SpecialDay.objects.filter(year__year=2027, kind="workday").count() == 4


def test_a_bad_line_refuses_the_whole_year_and_names_the_line(jdz: Any) -> None:
    with pytest.raises(ServiceError) as err:
        holiday_year_save(
            actor=make_sysadmin(jdz),
            year=2027,
            notice="通知",
            holidays_text="2027-01-01 元旦\n2027-13-01 错",
            workdays_text="2027-02-15 周一调休",
        )
    message = err.value.message
    assert "放假日期第 2 行" in message and "日期不存在" in message
    assert "2027-02-15 是周一至周五" in message
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_only_the_system_administrator_may_enter_a_year(jdz: Any, nmg: Any) -> None:
    # The schedule is national: an office head entering it would change every other jurisdiction's deadlines.
    for someone in (jdz.leader, jdz.office_head, nmg.office_head, jdz.auditor):
        with pytest.raises(PermissionDeniedError, match="只有系统管理员可以录入节假日安排") as err:
            enter_2027(someone)
        assert "办公室负责人请联系系统管理员" in err.value.message
    assert not HolidayYear.objects.exists()
    enter_2027(make_sysadmin(jdz))
    assert HolidayYear.objects.filter(year=2027).exists()


def test_re_entering_a_year_replaces_it_and_is_an_event(jdz: Any) -> None:
    admin = make_sysadmin(jdz)
    enter_2027(admin)
    enter_2027(admin, notice="更正", holidays_text=HOLIDAYS_2027.replace("2027-09-15 中秋节", "2027-09-17 中秋节"))
    entry = HolidayYear.objects.get(year=2027)
    assert entry.notice == "更正" and entry.days.filter(name="中秋节").get().date.isoformat() == "2027-09-17"
    from xuncha.audit.models import Event

    assert Event.objects.filter(action="calendar.year_saved").count() == 2


def test_calendar_page_computes_and_refuses(jdz: Any) -> None:
    client = Client()
    client.force_login(jdz.member)
    page = client.get("/workdays/", {"start": "2026-09-30", "amount": "5", "unit": "working_days"})
    assert "2026-10-13" in page.content.decode()
    partial = client.get(
        "/workdays/", {"start": "2026-12-20", "amount": "10", "unit": "working_days"}, HTTP_HX_REQUEST="true"
    )
    body = partial.content.decode()
    assert "<html" not in body and "2027 年的法定节假日和调休安排尚未录入" in body
    bad = client.get(
        "/workdays/", {"start": "2026-02-30", "amount": "0", "unit": "working_days"}, HTTP_HX_REQUEST="true"
    )
    assert "起算日" in bad.content.decode() and "数量" in bad.content.decode()


def test_management_command_prints_iso_date_or_refuses(db: Any, capsys: Any) -> None:
    call_command("workdays", "add", "2026-09-30", "5")
    assert capsys.readouterr().out.strip() == "2026-10-13"
    call_command("workdays", "add", "2026-09-22", "2", "--unit", "months", "--rulebook", "NMG-2016")
    assert capsys.readouterr().out.strip() == "2026-11-23"
    with pytest.raises(CommandError, match="2027 年"):
        call_command("workdays", "add", "2026-12-20", "10")


@pytest.mark.django_db(transaction=True)
def test_the_xuncha_command_exits_non_zero_when_refused(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("xuncha")
    env = {**os.environ, "XUNCHA_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    subprocess.run([str(exe), "migrate", "-v0"], check=True, env=env, timeout=120)
    ok = subprocess.run(
        [str(exe), "workdays", "add", "2026-09-30", "5"], capture_output=True, text=True, env=env, timeout=60
    )
    assert ok.returncode == 0 and ok.stdout.strip() == "2026-10-13"
    refused = subprocess.run(
        [str(exe), "workdays", "add", "2026-12-20", "10"], capture_output=True, text=True, env=env, timeout=60
    )
    assert refused.returncode != 0 and "2027 年" in refused.stderr and refused.stdout == ""
