"""Issue 9 item 7: a legal act is never refused for missing calendar data.

December: the 签收单's last signature (JDZ-2017 第三十四条) starts a 10-working-day and a 2-month deadline that run
into 2027, whose schedule is not entered. The signature is recorded; both deadlines open “待录入2027年节假日安排后计算”;
entering 2027 (system administrator only, checked, previewed) computes them, each an event."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from xuncha.audit.models import Event
from xuncha.conftest import put_decided, put_feedback_given, put_on_site
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.feedback import services as fb
from xuncha.inspections.services import inspection_end_fieldwork
from xuncha.obligations.models import Obligation
from xuncha.obligations.queue import work_queue
from xuncha.obligations.selectors import obligation_board
from xuncha.workdays.models import HolidayYear
from xuncha.workdays.selectors import work_calendar
from xuncha.workdays.services import holiday_year_preview

from .helpers import HOLIDAYS_2027, WORKDAYS_2027, enter_2027, make_sysadmin

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 28)  # the office's "today" in these tests: after the December signatures, before 2027


@pytest.fixture(autouse=True)
def _december(monkeypatch: pytest.MonkeyPatch) -> None:
    # The acts below happen in late December 2026; a date in the future would (rightly) be refused.
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


SIGNED = D(2026, 12, 21)


def sign_in_december(side: Any, on: datetime.date = SIGNED) -> None:
    put_decided(side)
    put_feedback_given(side, given_on=D(2026, 12, 18))
    fb.feedback_receipt_sign(actor=side.leader, inspection=side.inspection, role="team_leader", signed_on=on)
    fb.feedback_receipt_sign(actor=side.office_head, inspection=side.inspection, role="office_head", signed_on=on)
    fb.feedback_receipt_sign(
        actor=side.office_clerk, inspection=side.inspection, role="unit_principal_leader", signed_on=on, name="某书记"
    )
    side.inspection.refresh_from_db()


def test_a_december_receipt_is_recorded_and_its_deadlines_wait_for_2027(jdz: Any) -> None:
    sign_in_december(jdz)
    assert jdz.inspection.receipt_signed_on == D(2026, 12, 21)
    assert Event.objects.filter(action="feedback.receipt_signed", occurred_on=D(2026, 12, 21)).count() == 1
    plan = Obligation.objects.get(rule_code="rectification_plan")
    reports = Obligation.objects.get(rule_code="rectification_reports")
    for ob in (plan, reports):
        assert (ob.status, ob.starts_on, ob.due_on, ob.due_pending_year) == ("open", D(2026, 12, 21), None, 2027)
        assert ob.due_label == "待录入2027年节假日安排后计算"
        assert ob.due_pending and not ob.is_timely

    # Dashboard board: listed as open with the label, neither overdue nor due soon, even on a day in 2027.
    for today in (TODAY, D(2027, 3, 1)):
        board = obligation_board(user=jdz.office_head, today=today, cal=work_calendar())
        assert {plan, reports} <= set(board.open) and {plan, reports} <= set(board.pending)
        assert not {plan, reports} & set(board.overdue + board.due_soon)
        assert board.counts()["pending"] == 2

    # Pages: the inspection's obligations and the dashboard show the label, never “及时” or 已逾期 for them.
    client = Client()
    client.force_login(jdz.office_head)
    detail = client.get(f"/inspections/{jdz.inspection.pk}/").content.decode()
    assert detail.count("待录入2027年节假日安排后计算") >= 2
    dashboard = client.get("/").content.decode()
    assert "待录入2027年节假日安排后计算" in dashboard and "2 项期限待录入 2027 年节假日安排后计算" in dashboard

    # API: due_on null with the pending year and the label (a “及时” duty has both null).
    rows = {r["rule_code"]: r for r in client.get("/api/obligations/").json()["results"]}
    assert rows["rectification_plan"]["due_on"] is None
    assert rows["rectification_plan"]["due_pending_year"] == 2027
    assert rows["rectification_plan"]["due_label"] == "待录入2027年节假日安排后计算"
    timely = [r for r in rows.values() if r["due_on"] is None and r["due_pending_year"] is None]
    assert all(r["due_label"] == "及时" for r in timely)


def test_entering_2027_computes_the_pending_deadlines_each_an_event(jdz: Any, nmg: Any) -> None:
    sign_in_december(jdz)
    admin = make_sysadmin(jdz)
    entry = enter_2027(admin)
    plan = Obligation.objects.get(rule_code="rectification_plan")
    reports = Obligation.objects.get(rule_code="rectification_reports", jurisdiction=jdz.jurisdiction)
    # From Monday 12-21, not counted: 12-22..25 (4), 12-28..31 (8), 01-01..03 元旦, 01-04 (9), 01-05 (10).
    assert (plan.due_on, plan.due_pending_year, plan.due_label) == (D(2027, 1, 5), None, "2027-01-05")
    # Two months: 2027-02-21, a Sunday (not a make-up day in this schedule) → Monday 02-22 (《民法典》第二百零三条).
    assert (reports.due_on, reports.due_pending_year) == (D(2027, 2, 22), None)

    saved = Event.objects.get(action="calendar.year_saved")
    assert saved.jurisdiction_id is None and saved.object_id == str(entry.pk) and saved.after is not None
    assert sorted(saved.after["obligations_computed"]) == sorted([plan.pk, reports.pk])
    assert saved.after["working_days"] == 248
    computed = Event.objects.filter(action="obligation.due_computed").order_by("seq")
    assert [e.object_id for e in computed] == [str(plan.pk), str(reports.pk)]
    first = computed[0]
    assert (first.jurisdiction_id, first.inspection_id, first.article) == (
        jdz.jurisdiction.pk,
        jdz.inspection.pk,
        "第三十四条",
    )
    assert first.before == {"due_on": None, "due_pending_year": 2027} and first.after is not None
    assert first.after["due_on"] == "2027-01-05" and first.after["calendar_year"] == 2027
    assert all(e.seq > saved.seq for e in computed)


def test_a_correction_moves_a_computed_due_date_and_the_preview_shows_it_first(jdz: Any) -> None:
    sign_in_december(jdz)
    admin = make_sysadmin(jdz)
    enter_2027(admin)
    plan = Obligation.objects.get(rule_code="rectification_plan")
    corrected = HOLIDAYS_2027.replace("2027-01-01~2027-01-03 元旦", "2027-01-01~2027-01-04 元旦")
    fields: dict[str, Any] = {
        "year": 2027,
        "notice": "更正",
        "holidays_text": corrected,
        "workdays_text": WORKDAYS_2027,
    }
    preview = holiday_year_preview(actor=admin, **fields)
    assert preview.replaces is not None and preview.checked.working_days == 247
    assert [(c.obligation, c.before_label, c.after_label) for c in preview.moved] == [
        (plan, "2027-01-05", "2027-01-06")
    ]
    plan.refresh_from_db()
    assert plan.due_on == D(2027, 1, 5)  # the preview wrote nothing
    enter_2027(admin, notice="更正", holidays_text=corrected)
    plan.refresh_from_db()
    assert plan.due_on == D(2027, 1, 6)
    assert Event.objects.filter(action="obligation.due_moved", object_id=str(plan.pk)).count() == 1


def test_the_preview_lists_every_jurisdictions_deadlines_it_would_compute(jdz: Any, nmg: Any) -> None:
    sign_in_december(jdz)
    put_decided(nmg)
    put_feedback_given(nmg, given_on=D(2026, 12, 18))  # NMG: the feedback starts its own rectification deadlines
    pending = Obligation.objects.filter(due_pending_year=2027)
    assert {o.jurisdiction_id for o in pending} == {jdz.jurisdiction.pk, nmg.jurisdiction.pk}
    admin = make_sysadmin(jdz)
    client = Client()
    client.force_login(admin)
    body = {
        "year": 2027,
        "notice": "（测试）通知",
        "holidays": HOLIDAYS_2027.splitlines(),
        "workdays": WORKDAYS_2027.splitlines(),
    }
    preview = client.post("/api/holiday-years/preview/", body, content_type="application/json")
    assert preview.status_code == 200, preview.content
    data = preview.json()
    assert data["count"] == data["computed_count"] == pending.count() and data["moved_count"] == 0
    assert {r["jurisdiction"] for r in data["changes"]} == {jdz.jurisdiction.name, nmg.jurisdiction.name}
    assert all(r["before"] == "待录入2027年节假日安排后计算" for r in data["changes"])
    assert data["working_days"] == 248 and data["working_days_setting"].startswith("本系统设置")
    assert not HolidayYear.objects.exists() and pending.count() == data["count"]

    page = client.post(
        "/workdays/years/",
        {
            "year": "2027",
            "notice": "（测试）通知",
            "holidays_text": HOLIDAYS_2027,
            "workdays_text": WORKDAYS_2027,
            "action": "preview",
        },
    )
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="preview"' in html and nmg.jurisdiction.short_name in html
    assert not HolidayYear.objects.exists()

    saved = client.post("/api/holiday-years/", body, content_type="application/json")
    assert saved.status_code == 201 and saved.json()["year"] == 2027
    assert not Obligation.objects.filter(due_pending_year__isnull=False).exists()
    again = client.post("/api/holiday-years/", body, content_type="application/json")
    assert again.status_code == 200  # a re-entry replaces the year


def test_the_api_reads_for_everyone_and_writes_for_the_administrator_only(jdz: Any) -> None:
    enter_2027(make_sysadmin(jdz))
    member = Client()
    member.force_login(jdz.member)
    listing = member.get("/api/holiday-years/")
    assert listing.status_code == 200 and [y["year"] for y in listing.json()["results"]] == [2027]
    one = member.get("/api/holiday-years/2027/").json()
    assert {"date": "2027-02-20", "name": "春节调休"} in one["workdays"] and len(one["holidays"]) == 31
    head = Client()
    head.force_login(jdz.office_head)
    body = {"year": 2028, "notice": "通知", "holidays": ["2028-01-01 元旦"], "workdays": []}
    refused = head.post("/api/holiday-years/", body, content_type="application/json")
    assert refused.status_code == 403 and "只有系统管理员" in refused.json()["detail"]
    assert head.post("/api/holiday-years/preview/", body, content_type="application/json").status_code == 403
    assert not HolidayYear.objects.filter(year=2028).exists()
    anonymous = Client().get("/api/holiday-years/")
    assert anonymous.status_code in (401, 403)


def test_the_office_head_sees_the_page_but_cannot_enter_a_year(jdz: Any) -> None:
    client = Client()
    client.force_login(jdz.office_head)
    page = client.get("/workdays/years/")
    html = page.content.decode()
    assert page.status_code == 200 and "只有系统管理员可以录入节假日安排" in html and "<textarea" not in html
    client.post(
        "/workdays/years/",
        {"year": "2027", "notice": "通知", "holidays_text": HOLIDAYS_2027, "workdays_text": "", "action": "save"},
    )
    assert not HolidayYear.objects.exists()
    assert "录入某年的节假日安排" not in client.get("/workdays/").content.decode()


def _refusal(jdz: Any, **fields: str) -> ServiceError:
    from xuncha.accounts.models import User

    admin = User.objects.filter(username="sysadmin").first() or make_sysadmin(jdz)
    with pytest.raises(ServiceError) as err:
        enter_2027(admin, **fields)
    assert not HolidayYear.objects.exists()
    return err.value


def test_sanity_checks_refuse_the_entry_naming_the_line(jdz: Any) -> None:
    outside = _refusal(jdz, holidays_text=HOLIDAYS_2027 + "\n2027-12-31~2028-01-02 元旦")
    assert "放假日期第 8 行：日期不在 2027 年内" in outside.message
    overlap = _refusal(jdz, holidays_text=HOLIDAYS_2027 + "\n2027-10-05~2027-10-08 国庆节")
    assert "放假日期第 8 行与第 7 行重叠（2027-10-05）" in overlap.message
    twice = _refusal(jdz, workdays_text=WORKDAYS_2027 + "\n2027-02-20 春节调休")
    assert "调休上班日期第 5 行：2027-02-20 与第 1 行重复" in twice.message and twice.field == "workdays_text"
    weekday = _refusal(jdz, workdays_text="2027-02-15 春节调休")
    assert "调休上班日期第 1 行" in weekday.message and "2027-02-15 是周一至周五" in weekday.message
    both = _refusal(jdz, workdays_text="2027-02-13 春节调休")
    assert "2027-02-13 不能既放假（放假日期第 2 行）又调休上班" in both.message


def test_an_implausible_number_of_working_days_is_refused_as_the_systems_setting(jdz: Any) -> None:
    # What happened in the issue: one office entered 2027 as one long holiday.
    long = _refusal(jdz, holidays_text="2027-01-01~2027-03-31 春节", workdays_text="")
    assert long.code == "implausible_year" and "2027 年共有 197 个工作日" in long.message
    assert "本系统设置：全年工作日应在 240–255 天之间" in long.message and not long.article
    few = _refusal(jdz, holidays_text="2027-01-01 元旦", workdays_text="")
    assert "2027 年共有 260 个工作日" in few.message


def test_every_auditor_sees_the_entry_and_each_jurisdiction_its_own_recomputations(jdz: Any, nmg: Any) -> None:
    sign_in_december(jdz)
    enter_2027(make_sysadmin(jdz))
    saved = Event.objects.get(action="calendar.year_saved")
    computed = Event.objects.filter(action="obligation.due_computed")
    for auditor in (jdz.auditor, nmg.auditor, nmg.office_head):
        assert saved in Event.objects.visible_to(auditor)
    assert set(Event.objects.visible_to(jdz.auditor).filter(action="obligation.due_computed")) == set(computed)
    assert not Event.objects.visible_to(nmg.auditor).filter(action="obligation.due_computed").exists()
    for outsider in (jdz.member, jdz.unit_contact):
        assert saved not in Event.objects.visible_to(outsider)
    client = Client()
    client.force_login(nmg.auditor)
    assert "录入节假日安排" in client.get("/events/").content.decode()  # calendar.year_saved, by its Chinese name


def _calendar_items(user: Any, today: datetime.date) -> list[Any]:
    return [i for i in work_queue(user=user, today=today) if i.kind.startswith("calendar.")]


def test_from_1_november_the_office_head_and_the_administrator_are_asked_for_next_year(jdz: Any, nmg: Any) -> None:
    admin = make_sysadmin(jdz)
    for user in (admin, jdz.office_head, nmg.office_head, jdz.leader, jdz.auditor):
        assert _calendar_items(user, D(2026, 10, 31)) == []
    [mine] = _calendar_items(admin, D(2026, 11, 1))
    assert (mine.title, mine.url, mine.since, mine.article) == (
        "录入2027年节假日安排",
        "/workdays/years/",
        D(2026, 11, 1),
        "",
    )
    assert mine.setting == "本系统设置：每年11月1日起提醒"
    [head] = _calendar_items(nmg.office_head, D(2026, 11, 1))
    assert head.title == "请系统管理员录入2027年节假日安排" and head.jurisdiction_id == nmg.jurisdiction.pk
    assert "由系统管理员录入" in head.subject and head.article == ""
    for user in (jdz.leader, jdz.auditor, jdz.member):
        assert _calendar_items(user, D(2026, 12, 1)) == []
    # A year that has begun without its schedule stays on the queue.
    assert [i.title for i in _calendar_items(jdz.office_head, D(2027, 1, 4))] == ["请系统管理员录入2027年节假日安排"]
    enter_2027(admin)
    assert _calendar_items(admin, D(2026, 12, 1)) == []
    assert _calendar_items(jdz.office_head, D(2027, 1, 4)) == []
    assert [i.title for i in _calendar_items(admin, D(2027, 11, 1))] == ["录入2028年节假日安排"]


def test_fieldwork_end_in_an_unentered_year_is_judged_on_the_known_years(
    jdz: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # JDZ-2017 第十六条: at least 20 working days unless the leading group agrees. Working days in the known years are
    # a lower bound of the real count, so 2026 alone proves the minimum for fieldwork that ends in January 2027.
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2027, 1, 8))
    put_on_site(jdz, entered_on=D(2026, 10, 12))
    inspection_end_fieldwork(actor=jdz.office_head, inspection=jdz.inspection, ended_on=D(2027, 1, 8))
    jdz.inspection.refresh_from_db()
    assert jdz.inspection.fieldwork_ended_on == D(2027, 1, 8) and jdz.inspection.shortened_basis == ""


def test_fieldwork_end_that_cannot_be_judged_is_refused_unless_the_approval_is_recorded(
    jdz: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2027, 1, 8))
    put_on_site(jdz, entered_on=D(2026, 12, 14))
    with pytest.raises(ServiceError) as err:
        inspection_end_fieldwork(actor=jdz.office_head, inspection=jdz.inspection, ended_on=D(2027, 1, 8))
    # 12-14..12-31 on site: 14 working days known; 2027 unknown, so “fewer than 20” cannot be judged.
    assert (err.value.code, err.value.article, err.value.field) == ("unknown_year", "第十六条", "ended_on")
    assert "在驻 14 个工作日" in err.value.message and "2027 年的节假日安排尚未录入" in err.value.message
    jdz.inspection.refresh_from_db()
    assert jdz.inspection.fieldwork_ended_on is None
    inspection_end_fieldwork(
        actor=jdz.office_head,
        inspection=jdz.inspection,
        ended_on=D(2027, 1, 8),
        shortened_approved_on=D(2027, 1, 6),
        shortened_basis="领导小组会议纪要",
    )
    jdz.inspection.refresh_from_db()
    assert jdz.inspection.fieldwork_ended_on == D(2027, 1, 8) and "领导小组会议纪要" in jdz.inspection.shortened_basis


def test_only_the_administrator_may_preview_an_entry(jdz: Any) -> None:
    with pytest.raises(PermissionDeniedError):
        holiday_year_preview(
            actor=jdz.office_head, year=2027, notice="通知", holidays_text=HOLIDAYS_2027, workdays_text=""
        )
