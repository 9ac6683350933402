"""办结: refused, naming each missing condition with its article, until every condition of the rulebook holds; only the
office head closes; the checklist is shown in the page and over the API to the office and the team, never the unit."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from xuncha.audit.models import Event
from xuncha.conftest import put_decided
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.inspections.closure import closure_checklist, inspection_close
from xuncha.rectification import services as rect
from xuncha.rectification.models import RectificationItem
from xuncha.rectification.tests.helpers import client_for, in_rectification, reviewer, submit_plan, submit_reports

D = datetime.date
CLOSE_ON = D(2026, 8, 3)


@pytest.fixture(params=["jdz", "nmg"])
def side(request: Any, db: Any) -> Any:
    return request.getfixturevalue(request.param)


def _settle(side: Any) -> None:
    """Plan (or items), both items settled, reports submitted and accepted."""
    problems = in_rectification(side)
    submit_plan(side, problems)
    first, second = RectificationItem.objects.filter(plan__inspection=side.inspection).order_by("number")
    rect.rectification_item_update(
        actor=side.unit_contact, item=first, noted_on=D(2026, 7, 1), status="in_progress", note="推进中"
    )
    rect.rectification_item_update(
        actor=side.unit_contact, item=first, noted_on=D(2026, 7, 10), status="done", note="已完成"
    )
    rect.rectification_item_update(
        actor=side.unit_contact,
        item=second,
        noted_on=D(2026, 7, 10),
        status="transferred",
        note="转入日常监督",
        transfer_reason="需长期坚持",
    )
    report = submit_reports(side)
    rect.rectification_report_review(
        actor=reviewer(side), report=report, reviewed_on=D(2026, 7, 24), accepted=True, opinion="通过"
    )
    side.inspection.refresh_from_db()


def test_closing_at_the_reporting_stage_is_refused_by_the_stage_table(side: Any) -> None:
    put_decided(side)
    with pytest.raises(ServiceError, match="“报告”阶段，不能转入“办结”"):
        inspection_close(actor=side.office_head, inspection=side.inspection, closed_on=CLOSE_ON)


def test_refusal_names_every_missing_condition_with_its_article(side: Any) -> None:
    in_rectification(side)
    book = side.jurisdiction.rulebook
    with pytest.raises(ServiceError) as refused:
        inspection_close(actor=side.office_head, inspection=side.inspection, closed_on=CLOSE_ON)
    message = refused.value.message
    missing = [s for s in closure_checklist(side.inspection) if not s.met]
    assert {s.code for s in missing} >= {"rectification_reports_submitted", "rectification_reviewed", "items_settled"}
    for state in missing:
        assert f"{state.name}（{state.article}）" in message
    met = [s for s in closure_checklist(side.inspection) if s.met]
    assert {s.code for s in met} >= {"reports_final", "results_decided", "feedback_given"}
    assert all(f"{s.name}（" not in message for s in met)
    assert book.procedure.closure_note in message
    side.inspection.refresh_from_db()
    assert side.inspection.status == "rectifying" and not Event.objects.filter(action="inspection.closed").exists()


def test_an_open_item_keeps_the_inspection_open(side: Any) -> None:
    problems = in_rectification(side)
    submit_plan(side, problems)
    report = submit_reports(side)
    rect.rectification_report_review(
        actor=reviewer(side), report=report, reviewed_on=D(2026, 7, 24), accepted=True, opinion="通过"
    )
    side.inspection.refresh_from_db()
    items = {s.code: s for s in closure_checklist(side.inspection)}
    assert items["rectification_reviewed"].met and not items["items_settled"].met
    assert problems[0].title in items["items_settled"].detail
    with pytest.raises(ServiceError, match="整改事项均已完成或明确转入日常监督"):
        inspection_close(actor=side.office_head, inspection=side.inspection, closed_on=CLOSE_ON)


def test_only_the_office_head_closes_and_the_close_is_an_event(side: Any) -> None:
    _settle(side)
    assert all(s.met for s in closure_checklist(side.inspection))
    for other in (side.office_clerk, side.leader, side.unit_contact):
        with pytest.raises(PermissionDeniedError):
            inspection_close(actor=other, inspection=side.inspection, closed_on=CLOSE_ON)
    with pytest.raises(ServiceError, match="办结日期不能早于"):
        inspection_close(actor=side.office_head, inspection=side.inspection, closed_on=D(2026, 7, 1))
    inspection_close(actor=side.office_head, inspection=side.inspection, closed_on=CLOSE_ON)
    side.inspection.refresh_from_db()
    assert (side.inspection.status, side.inspection.closed_on) == ("closed", CLOSE_ON)
    event = Event.objects.get(action="inspection.closed")
    assert (event.actor, event.occurred_on, event.before) == (side.office_head, CLOSE_ON, {"status": "rectifying"})
    with pytest.raises(ServiceError, match="“办结”阶段"):
        inspection_close(actor=side.office_head, inspection=side.inspection, closed_on=CLOSE_ON)


def test_the_page_shows_the_checklist_and_closes(side: Any) -> None:
    in_rectification(side)
    url = f"/inspections/{side.inspection.pk}/"
    page = client_for(side.office_head).get(url).content.decode()
    assert 'data-testid="closure"' in page and 'data-testid="close-form"' in page
    assert 'data-testid="closure-items_settled"' in page
    member_page = client_for(side.member).get(url).content.decode()
    assert 'data-testid="closure"' in member_page and 'data-testid="close-form"' not in member_page
    unit_page = client_for(side.unit_contact).get(url)
    assert unit_page.status_code == 200 and 'data-testid="closure"' not in unit_page.content.decode()

    refused = client_for(side.office_head).post(f"{url}stage/close/", {"closed_on": "2026-08-03"}, follow=True)
    assert "尚不能办结" in refused.content.decode()
    _settle_rest(side)
    done = client_for(side.office_head).post(f"{url}stage/close/", {"closed_on": "2026-08-03"}, follow=True)
    assert "已转入“办结”阶段" in done.content.decode()


def _settle_rest(side: Any) -> None:
    problems = list(side.inspection.findings.filter(status="leader_approved").order_by("number"))
    submit_plan(side, problems)
    for item in RectificationItem.objects.filter(plan__inspection=side.inspection):
        rect.rectification_item_update(
            actor=side.unit_contact, item=item, noted_on=D(2026, 7, 10), status="in_progress", note="推进"
        )
        rect.rectification_item_update(
            actor=side.unit_contact, item=item, noted_on=D(2026, 7, 12), status="done", note="完成"
        )
    report = submit_reports(side)
    rect.rectification_report_review(
        actor=reviewer(side), report=report, reviewed_on=D(2026, 7, 24), accepted=True, opinion="通过"
    )


def test_the_api_gives_the_checklist_and_closes(side: Any) -> None:
    _settle(side)
    base = f"/api/inspections/{side.inspection.pk}/"
    checklist = client_for(side.leader).get(f"{base}closure/")
    assert checklist.status_code == 200
    codes = [c["code"] for c in checklist.json()]
    assert codes == [c.code for c in side.jurisdiction.rulebook.procedure.closure_conditions]
    assert all(c["met"] for c in checklist.json())
    assert client_for(side.unit_contact).get(f"{base}closure/").status_code == 403
    assert client_for(side.other_member).get(f"{base}closure/").status_code == 404
    refused = client_for(side.leader).post(f"{base}close/", {"date": "2026-08-03"}, content_type="application/json")
    assert refused.status_code == 403
    closed = client_for(side.office_head).post(f"{base}close/", {"date": "2026-08-03"}, content_type="application/json")
    assert (
        closed.status_code == 200 and closed.json()["status"] == "closed" and closed.json()["closed_on"] == "2026-08-03"
    )
