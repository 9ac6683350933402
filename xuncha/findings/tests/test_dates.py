"""A finding carries the day it was drafted: today when left out, never in the future, never before entry; the 组务会
that passes it and the leader's approval cannot precede it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from xuncha.audit.models import Event
from xuncha.core.errors import ServiceError
from xuncha.findings import services as svc

from .helpers import ENTRY, D, client_for, draft, enter, meet


def test_a_finding_is_dated_today_unless_told_and_its_event_carries_the_date(jdz: Any) -> None:
    enter(jdz)
    today = draft(jdz, drafted_on=None)
    assert today.drafted_on == timezone.localdate()
    dated = draft(jdz, title="另一问题", drafted_on=D(2026, 4, 2))
    assert dated.drafted_on == D(2026, 4, 2)
    assert Event.objects.get(action="finding.drafted", object_id=str(dated.pk)).occurred_on == D(2026, 4, 2)


def test_a_drafting_date_in_the_future_or_before_entry_is_refused(jdz: Any) -> None:
    enter(jdz)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ServiceError, match="起草日期不能晚于今天") as err:
        draft(jdz, drafted_on=tomorrow)
    assert err.value.field == "drafted_on"
    with pytest.raises(ServiceError) as err:
        draft(jdz, drafted_on=ENTRY - datetime.timedelta(days=1))
    assert err.value.field == "drafted_on" and f"进驻日期为 {ENTRY}" in err.value.message


def test_the_team_meeting_and_the_approval_cannot_precede_the_drafting(jdz: Any) -> None:
    enter(jdz)
    finding = draft(jdz, drafted_on=D(2026, 4, 9))
    with pytest.raises(ServiceError) as err:
        meet(jdz, [finding], held_on=D(2026, 4, 8))
    assert err.value.field == "held_on" and err.value.article == "第七条"
    assert "起草日期为 2026-04-09" in err.value.message and "2026-04-08" in err.value.message
    finding.refresh_from_db()
    assert finding.status == "draft"
    meet(jdz, [finding], held_on=D(2026, 4, 10))
    with pytest.raises(ServiceError) as err:
        svc.finding_leader_approve(actor=jdz.leader, finding=finding, on=D(2026, 4, 9))
    assert err.value.field == "on" and "组务会通过日期为 2026-04-10" in err.value.message


def test_the_api_refuses_a_future_drafting_date_with_a_400_naming_the_field(jdz: Any) -> None:
    enter(jdz)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    body = {"inspection": jdz.inspection.pk, "title": "t", "category": "integrity_discipline", "description": "d"}
    refused = client_for(jdz.member).post(
        "/api/findings/", body | {"drafted_on": str(tomorrow)}, content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["field"] == "drafted_on"
    made = client_for(jdz.member).post("/api/findings/", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["drafted_on"] == str(timezone.localdate())


def test_evidence_is_unlinked_over_the_api_as_in_the_page(jdz: Any) -> None:
    from .helpers import talk

    enter(jdz)
    record = talk(jdz)
    finding = draft(jdz)
    member = client_for(jdz.member)
    linked = member.post(
        f"/api/findings/{finding.pk}/evidence/",
        {"kind": "talk", "object_id": record.pk},
        content_type="application/json",
    )
    evidence_id = linked.json()["id"]
    outsider = client_for(jdz.office_clerk).post(
        f"/api/findings/{finding.pk}/unlink-evidence/", {"evidence": evidence_id}, content_type="application/json"
    )
    assert outsider.status_code == 403
    missing = member.post(
        f"/api/findings/{finding.pk}/unlink-evidence/", {"evidence": 999999}, content_type="application/json"
    )
    assert missing.status_code == 400 and missing.json()["field"] == "evidence"
    done = member.post(
        f"/api/findings/{finding.pk}/unlink-evidence/", {"evidence": evidence_id}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["evidence"] == []
    assert Event.objects.filter(action="finding.evidence_unlinked").count() == 1
