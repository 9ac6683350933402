"""Reports carry the dates they happened on: each step defaults to today, is never in the future and never before the
step it depends on (fieldwork ended, findings approved, submitted for review, finalized). The refusal names the field,
both dates and the article; over the API it is a 400 with the field."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from xuncha.audit.models import Event
from xuncha.core.errors import ServiceError
from xuncha.findings.tests.helpers import D, client_for
from xuncha.reports import services as svc

from .helpers import ARTICLES

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)
DRAFTED = D(2026, 5, 18)


def _draft(side: Any, on: datetime.date = DRAFTED) -> Any:
    return svc.report_draft(actor=side.member, inspection=side.inspection, type="inspection_report", drafted_on=on)


def test_each_step_records_its_date_and_its_event_carries_it(reporting: Any) -> None:
    side = reporting
    report = _draft(side)
    svc.report_submit_for_review(actor=side.member, report=report, submitted_on=D(2026, 5, 19))
    svc.report_return(actor=side.leader, report=report, reason="数据需核实", returned_on=D(2026, 5, 20))
    svc.report_submit_for_review(actor=side.member, report=report, submitted_on=D(2026, 5, 21))
    svc.report_finalize(actor=side.leader, report=report, finalized_on=D(2026, 5, 22))
    report.refresh_from_db()
    assert (report.drafted_on, report.returned_on, report.submitted_on, report.finalized_on) == (
        D(2026, 5, 18),
        D(2026, 5, 20),
        D(2026, 5, 21),
        D(2026, 5, 22),
    )
    days = dict(
        Event.objects.filter(object_type="reports.report", object_id=str(report.pk))
        .order_by("seq")
        .values_list("action", "occurred_on")
    )
    assert days["report.drafted"] == D(2026, 5, 18) and days["report.finalized"] == D(2026, 5, 22)
    assert days["report.returned"] == D(2026, 5, 20) and days["report.submitted"] == D(2026, 5, 21)


def test_a_date_left_out_is_today(reporting: Any) -> None:
    side = reporting
    report = svc.report_draft(actor=side.member, inspection=side.inspection, type="inspection_report")
    assert report.drafted_on == timezone.localdate()


def test_a_date_in_the_future_is_refused_naming_the_field(reporting: Any) -> None:
    side = reporting
    with pytest.raises(ServiceError, match="起草日期不能晚于今天") as err:
        _draft(side, on=TOMORROW)
    assert err.value.field == "drafted_on" and str(TOMORROW) in err.value.message
    report = _draft(side)
    with pytest.raises(ServiceError, match="提交审核日期不能晚于今天") as err:
        svc.report_submit_for_review(actor=side.member, report=report, submitted_on=TOMORROW)
    assert err.value.field == "submitted_on"


def test_a_report_is_not_drafted_before_fieldwork_ended_or_before_its_findings_were_approved(reporting: Any) -> None:
    side = reporting
    with pytest.raises(ServiceError) as err:
        _draft(side, on=D(2026, 5, 14))  # fieldwork ended 05-15
    assert err.value.field == "drafted_on" and err.value.article == ARTICLES[side.key]
    assert "2026-05-15" in err.value.message and "2026-05-14" in err.value.message


def test_a_report_is_not_finalized_before_it_was_submitted(reporting: Any) -> None:
    side = reporting
    report = _draft(side)
    svc.report_submit_for_review(actor=side.member, report=report, submitted_on=D(2026, 5, 20))
    with pytest.raises(ServiceError) as err:
        svc.report_finalize(actor=side.leader, report=report, finalized_on=D(2026, 5, 19))
    assert err.value.field == "finalized_on" and err.value.article == ARTICLES[side.key]
    assert "提交审核日期为 2026-05-20" in err.value.message and "2026-05-19" in err.value.message
    report.refresh_from_db()
    assert report.status == "under_review" and report.finalized_on is None
    with pytest.raises(ServiceError) as err:
        svc.report_return(actor=side.leader, report=report, reason="请修改", returned_on=D(2026, 5, 19))
    assert err.value.field == "returned_on"


def test_a_report_is_not_finalized_before_its_findings_were_approved(side: Any) -> None:
    # Findings approved on 06-01, after fieldwork ended on 05-15 (the 报告 stage allows it): the report that sums them
    # up is neither drafted nor finalized before 06-01.
    from xuncha.findings import services as fsvc
    from xuncha.findings.tests.helpers import draft, enter, meet
    from xuncha.inspections import services as insp

    enter(side)
    finding = draft(side, title="违规发放津贴补贴")
    insp.inspection_end_fieldwork(actor=side.leader, inspection=side.inspection, ended_on=D(2026, 5, 15))
    side.inspection.refresh_from_db()
    meet(side, [finding], held_on=D(2026, 5, 29))
    fsvc.finding_leader_approve(actor=side.leader, finding=finding, on=D(2026, 6, 1))
    with pytest.raises(ServiceError) as err:
        _draft(side, on=D(2026, 5, 20))
    assert err.value.field == "drafted_on" and "问题底稿组长审定日期为 2026-06-01" in err.value.message


def test_a_correction_is_not_dated_before_the_final_it_corrects(reporting: Any) -> None:
    side = reporting
    report = _draft(side)
    svc.report_submit_for_review(actor=side.member, report=report, submitted_on=D(2026, 5, 19))
    svc.report_finalize(actor=side.leader, report=report, finalized_on=D(2026, 5, 22))
    with pytest.raises(ServiceError) as err:
        svc.report_correct(
            actor=side.member, report=report, body="更正", reason="数字有误", corrected_on=D(2026, 5, 21)
        )
    assert err.value.field == "corrected_on" and "原定稿日期为 2026-05-22" in err.value.message


def test_the_api_takes_the_dates_and_refuses_bad_ones_with_a_400_naming_the_field(reporting: Any) -> None:
    side = reporting
    member, leader = client_for(side.member), client_for(side.leader)
    made = member.post(
        "/api/reports/",
        {"inspection": side.inspection.pk, "type": "inspection_report", "drafted_on": "2026-05-18"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["drafted_on"] == "2026-05-18"
    pk = made.json()["id"]
    future = member.post(f"/api/reports/{pk}/submit/", {"submitted_on": str(TOMORROW)}, content_type="application/json")
    assert future.status_code == 400 and future.json()["field"] == "submitted_on"
    bad = member.post(f"/api/reports/{pk}/submit/", {"submitted_on": "05/19"}, content_type="application/json")
    assert bad.status_code == 400 and "submitted_on" in bad.json()
    member.post(f"/api/reports/{pk}/submit/", {"submitted_on": "2026-05-19"}, content_type="application/json")
    early = leader.post(f"/api/reports/{pk}/finalize/", {"finalized_on": "2026-05-18"}, content_type="application/json")
    assert early.status_code == 400 and early.json()["field"] == "finalized_on"
    assert early.json()["article"] == ARTICLES[side.key] and "2026-05-19" in early.json()["detail"]
    done = leader.post(f"/api/reports/{pk}/finalize/", {}, content_type="application/json")
    assert done.status_code == 200 and done.json()["finalized_on"] == str(timezone.localdate())


def test_the_pages_offer_a_date_defaulting_to_today_and_record_it(reporting: Any) -> None:
    side = reporting
    member = client_for(side.member)
    today = str(timezone.localdate())
    listing = member.get(f"/reports/inspection/{side.inspection.pk}/").content.decode()
    assert f'type="date" name="on" value="{today}"' in listing
    member.post(f"/reports/inspection/{side.inspection.pk}/draft/inspection_report/", {"on": "2026-05-18"})
    report = svc.Report.objects.get(inspection=side.inspection, type="inspection_report")
    assert report.drafted_on == D(2026, 5, 18)
    page = member.get(f"/reports/{report.pk}/").content.decode()
    assert f'name="on" value="{today}"' in page
    refused = member.post(f"/reports/{report.pk}/submit/", {"on": "2026-05-17"}, follow=True).content.decode()
    assert "提交审核日期不能早于 2026-05-18" in refused
    report.refresh_from_db()
    assert report.status == "draft"
