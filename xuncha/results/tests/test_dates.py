"""The hearing, the decision and the filing carry their dates: today when left out, never in the future, and never
before the step they depend on — a hearing cannot cover a report finalized after it (JDZ-2017 第三十条/第三十一条), a
decision cannot precede the hearing it follows, a filing cannot precede the decision."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from xuncha.audit.models import Event
from xuncha.conftest import Side, put_reporting
from xuncha.core.errors import ServiceError
from xuncha.planning.models import TeamMembership
from xuncha.planning.services import round_end
from xuncha.reports import services as reports
from xuncha.results import services as svc

from .helpers import ARTICLES, ATTENDEES, DECIDED, HEARD, decide, hear, key, ready, refresh

D = datetime.date


def _finalize_on(side: Side, inspection: Any, on: datetime.date) -> None:
    leader = TeamMembership.objects.get(team=inspection.team, role="leader").user
    for kind in inspection.jurisdiction.rulebook.report_types:
        if kind.required:
            report = reports.report_draft(actor=leader, inspection=inspection, type=kind.code, drafted_on=on)
            reports.report_submit_for_review(actor=leader, report=report, submitted_on=on)
            reports.report_finalize(actor=leader, report=report, finalized_on=on)


@pytest.fixture(params=["jdz", "nmg"])
def side(request: Any, db: Any) -> Side:
    s: Side = request.getfixturevalue(request.param)
    return s


def test_a_hearing_cannot_cover_a_report_finalized_after_it(side: Side) -> None:
    for inspection in (side.inspection, side.other_inspection):
        put_reporting(side, inspection)
    _finalize_on(side, side.inspection, D(2026, 4, 24))
    _finalize_on(side, side.other_inspection, D(2026, 5, 7))  # finalized 05-07
    round_end(actor=side.office_head, round=side.inspection.round, ended_on=D(2026, 4, 30))
    refresh(side)
    with pytest.raises(ServiceError) as err:
        hear(side, held_on=D(2026, 5, 1))  # a hearing dated 05-01 cannot cover a report finalized on 05-07
    assert err.value.field == "held_on" and err.value.article == ARTICLES[key(side)]["reports"]
    assert "2026-05-07" in err.value.message and "2026-05-01" in err.value.message and "定稿日期" in err.value.message
    assert not Event.objects.filter(action="inspection.heard").exists()
    meeting = hear(side, held_on=D(2026, 5, 7))
    assert meeting.held_on == D(2026, 5, 7)


def test_a_hearing_is_not_in_the_future_nor_before_the_round_ended(side: Side) -> None:
    ready(side)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ServiceError, match="召开日期不能晚于今天") as err:
        hear(side, held_on=tomorrow)
    assert err.value.field == "held_on"
    with pytest.raises(ServiceError) as err:
        hear(side, held_on=D(2026, 4, 29))
    assert err.value.field == "held_on" and "结束日期为 2026-04-30" in err.value.message


def test_a_hearing_left_undated_is_today(side: Side) -> None:
    ready(side)
    meeting = svc.hearing_hold(
        actor=side.office_clerk,
        round=side.inspection.round,
        agenda="听取汇报",
        attendees=ATTENDEES,
        minutes="逐一听取。",
        items=[(i, "责成整改") for i in (side.inspection, side.other_inspection)],
    )
    assert meeting.held_on == timezone.localdate()
    assert Event.objects.filter(action="inspection.heard").first().occurred_on == timezone.localdate()  # type: ignore[union-attr]


def test_a_decision_cannot_precede_the_hearing(side: Side) -> None:
    ready(side)
    hear(side, held_on=HEARD)
    with pytest.raises(ServiceError) as err:
        decide(side, made_on=HEARD - datetime.timedelta(days=1))
    assert err.value.field == "made_on" and err.value.article == ARTICLES[key(side)]["hearing"]
    assert str(HEARD) in err.value.message
    side.inspection.refresh_from_db()
    assert side.inspection.results_decided_on is None
    decide(side, made_on=DECIDED)
    assert side.inspection.results_decided_on == DECIDED


def test_a_filing_cannot_precede_the_decision(side: Side) -> None:
    ready(side)
    hear(side)
    decide(side)
    with pytest.raises(ServiceError) as err:
        svc.decision_file(
            actor=side.office_clerk,
            round=side.inspection.round,
            filed_on=DECIDED - datetime.timedelta(days=1),
            document_number="某办〔2026〕1号",
            summary="报送决定",
        )
    assert err.value.field == "filed_on" and err.value.article == ARTICLES[key(side)]["filing"]
    assert f"研究决定成果运用日期为 {DECIDED}" in err.value.message


def test_the_api_hearing_defaults_to_today_and_refuses_a_date_before_the_reports(side: Side) -> None:
    ready(side)
    client = Client()
    client.force_login(side.office_clerk)
    body = {
        "round": side.inspection.round_id,
        "agenda": "听取汇报",
        "attendees": ["张某 组长"],
        "minutes": "逐一听取。",
        "items": [{"inspection": i.pk, "proposal": "责成整改"} for i in (side.inspection, side.other_inspection)],
    }
    early = client.post(
        "/api/results-meetings/hearing/", body | {"held_on": "2026-04-23"}, content_type="application/json"
    )
    assert early.status_code == 400 and early.json()["field"] == "held_on"
    made = client.post("/api/results-meetings/hearing/", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["held_on"] == str(timezone.localdate())
