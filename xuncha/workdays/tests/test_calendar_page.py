"""The month view on /workdays/: statutory holidays and 调休 make-up working days are told apart by a text tag and a
legend (not colour only), with colours Bootstrap's table styles do not override; the month links move the month
without binding the empty calculation form; the holiday-year entry form keeps what was typed after a refusal."""

from __future__ import annotations

import pathlib
import re
from typing import Any

from django.test import Client

from .helpers import make_sysadmin

CSS = pathlib.Path(__file__).resolve().parents[2] / "core" / "static" / "core" / "xuncha.css"


def _cell(page: str, day: str) -> str:
    match = re.search(rf'<td class="cal-day cal-(\w+)"[^>]*data-testid="day-{day}"[^>]*>(.*?)</td>', page)
    assert match, day
    return f"{match.group(1)}|{match.group(2)}"


def test_holidays_and_makeup_days_are_distinct_and_labelled(jdz: Any) -> None:
    client = Client()
    client.force_login(jdz.office_head)
    page = client.get("/workdays/", {"y": 2026, "m": 2}).content.decode()
    assert "2026年2月" in page
    # 春节 2026-02-15..23 off; Saturdays 02-14 and 02-28 are make-up working days (chinese-calendar)
    assert _cell(page, "2026-02-17") == 'holiday|<span class="cal-num">17</span><span class="cal-tag">休</span>'
    assert _cell(page, "2026-02-14") == 'makeup|<span class="cal-num">14</span><span class="cal-tag">班</span>'
    assert _cell(page, "2026-02-07").startswith("rest|")  # an ordinary Saturday
    assert _cell(page, "2026-02-10").startswith("work|")
    legend = page.split('data-testid="calendar-legend"')[1].split("</p>")[0]
    assert "法定节假日（放假）" in legend and "调休上班（周末上班）" in legend and "周末休息" in legend
    css = CSS.read_text(encoding="utf-8")
    for kind in ("holiday", "makeup"):  # Bootstrap paints cells from --bs-table-bg: the calendar sets it
        assert re.search(rf"\.cal-{kind} \{{[^}}]*--bs-table-bg:", css), kind


def test_month_links_move_the_month_without_form_errors(jdz: Any) -> None:
    client = Client()
    client.force_login(jdz.office_head)
    page = client.get("/workdays/", {"y": 2026, "m": 1}).content.decode()
    assert "请填写起算日" not in page and "该字段是必填项" not in page
    prev_link = re.search(r'href="\?([^"]+)" data-testid="prev-month"', page)
    next_link = re.search(r'href="\?([^"]+)" data-testid="next-month"', page)
    assert prev_link and next_link
    assert prev_link.group(1) == "y=2025&amp;m=12" and next_link.group(1) == "y=2026&amp;m=2"
    followed = client.get("/workdays/?" + next_link.group(1).replace("&amp;", "&")).content.decode()
    assert 'data-testid="month-title">2026年2月<' in followed and "请填写" not in followed
    # a calculation on the page stays when the month changes
    asked = client.get(
        "/workdays/", {"start": "2026-09-30", "amount": "5", "unit": "working_days", "y": "2026", "m": "9"}
    ).content.decode()
    assert 'data-testid="due-date">2026-10-13<' in asked
    link = re.search(r'href="\?([^"]+)" data-testid="next-month"', asked)
    assert link and "start=2026-09-30" in link.group(1) and "m=10" in link.group(1)
    # a month that does not exist shows this month, not an error
    assert client.get("/workdays/", {"y": "abc", "m": "13"}).status_code == 200


def test_the_year_form_keeps_what_was_entered_after_a_refusal(jdz: Any) -> None:
    client = Client()
    client.force_login(make_sysadmin(jdz))
    page = client.post(
        "/workdays/years/",
        {
            "year": "2027",
            "notice": "（测试）国务院办公厅通知",
            "holidays_text": "2027-01-01 元旦",
            "workdays_text": "2027-02-20 春节调休",
            "action": "preview",
        },
    ).content.decode()
    assert "不在合理范围内" in page  # 261 working days: refused
    assert 'value="2027"' in page and 'value="（测试）国务院办公厅通知"' in page
    assert ">\n2027-01-01 元旦</textarea>" in page and ">\n2027-02-20 春节调休</textarea>" in page
