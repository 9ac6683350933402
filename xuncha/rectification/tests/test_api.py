"""The REST API: the same services and the same visibility as the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from xuncha.obligations.models import Obligation
from xuncha.rectification import services as svc

from .helpers import D, in_rectification, submit_plan, submit_reports

pytestmark = pytest.mark.django_db


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _plan_body(side: Any, problems: list[Any]) -> dict[str, Any]:
    return {
        "inspection": side.inspection.pk,
        "submitted_on": "2026-06-05",
        "text": "逐项整改",
        "items": [
            {"finding": p.pk, "measures": "清退", "responsible_person": "张副局长", "target_date": "2026-09-30"}
            for p in problems
        ],
    }


def test_the_unit_reads_its_problems_and_submits_the_plan(jdz: Any) -> None:
    problems = in_rectification(jdz)
    unit = api(jdz.unit_contact)
    listed = unit.get(f"/api/rectification-plans/problems/?inspection={jdz.inspection.pk}").json()
    assert [(p["number"], p["title"]) for p in listed] == [(1, "违规发放津贴补贴"), (2, "公务用车管理不严")]
    assert "persons_concerned" not in listed[0] and "evidence" not in listed[0]
    short = _plan_body(jdz, problems[:1])
    refused = unit.post("/api/rectification-plans/", short, format="json")
    assert refused.status_code == 400
    assert "问题2“公务用车管理不严”" in refused.json()["detail"] and refused.json()["article"] == "第三十四条"
    created = unit.post("/api/rectification-plans/", _plan_body(jdz, problems), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["separate"] and [i["problem_title"] for i in body["items"]] == ["违规发放津贴补贴", "公务用车管理不严"]
    ob = Obligation.objects.get(inspection=jdz.inspection, rule_code="rectification_plan")
    assert (ob.status, ob.fulfilled_on) == ("fulfilled", D(2026, 6, 5))


def test_another_unit_cannot_see_or_submit(jdz: Any) -> None:
    problems = in_rectification(jdz)
    other = api(jdz.other_unit_contact)
    refused = other.post("/api/rectification-plans/", _plan_body(jdz, problems), format="json")
    assert refused.status_code == 400 and "不存在或无权查看" in refused.json()["detail"]
    assert other.get(f"/api/rectification-plans/problems/?inspection={jdz.inspection.pk}").status_code == 400
    submit_plan(jdz, problems)
    assert other.get("/api/rectification-plans/").json()["results"] == []
    assert other.get("/api/rectification-items/").json()["results"] == []
    office = api(jdz.office_head).post("/api/rectification-plans/", _plan_body(jdz, problems), format="json")
    assert office.status_code == 403  # sees the inspection, but only the unit submits


def test_nmg_plan_endpoint_records_the_items(nmg: Any) -> None:
    problems = in_rectification(nmg)
    created = api(nmg.unit_contact).post("/api/rectification-plans/", _plan_body(nmg, problems), format="json")
    assert created.status_code == 201 and created.json()["separate"] is False


def test_progress_evidence_reports_and_the_teams_review(jdz: Any, settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path
    plan = submit_plan(jdz, in_rectification(jdz))
    item = plan.items.get(number=1)
    unit = api(jdz.unit_contact)
    moved = unit.post(
        f"/api/rectification-items/{item.pk}/progress/",
        {"noted_on": "2026-06-10", "status": "done", "note": "已清退"},
        format="json",
    )
    assert moved.status_code == 200 and moved.json()["status_label"] == "已完成"
    upload = unit.post(
        f"/api/rectification-items/{item.pk}/evidence/", {"file": SimpleUploadedFile("凭证.pdf", b"proof")}
    )
    assert upload.status_code == 201 and len(upload.json()["sha256"]) == 64
    evidence = upload.json()["id"]
    assert api(jdz.leader).get(f"/api/rectification-evidence/{evidence}/download/").status_code == 200
    assert api(jdz.other_unit_contact).get(f"/api/rectification-evidence/{evidence}/download/").status_code == 403
    sent = unit.post(
        "/api/rectification-reports/",
        {
            "inspection": jdz.inspection.pk,
            "submitted_on": "2026-07-20",
            "situation_report": "a",
            "principal_report": "b",
        },
        format="json",
    )
    assert sent.status_code == 201
    report = sent.json()["id"]
    office = api(jdz.office_head).post(
        f"/api/rectification-reports/{report}/review/", {"reviewed_on": "2026-07-22", "accepted": True}, format="json"
    )
    assert office.status_code == 403 and office.json()["article"] == "第三十四条"
    ok = api(jdz.leader).post(
        f"/api/rectification-reports/{report}/review/", {"reviewed_on": "2026-07-22", "accepted": True}, format="json"
    )
    assert ok.status_code == 200 and (ok.json()["status"], ok.json()["forwarded_on"]) == ("accepted", "2026-07-22")


def test_supervision_is_not_shown_to_the_unit_nor_the_report_to_the_leading_group(jdz: Any) -> None:
    in_rectification(jdz)
    office = api(jdz.office_clerk)
    created = office.post(
        "/api/supervisions/",
        {"inspection": jdz.inspection.pk, "supervised_on": "2026-06-15", "way": "special_check", "content": "专项检查"},
        format="json",
    )
    assert created.status_code == 201
    api(jdz.leader).post(
        "/api/poor-rectification-steps/",
        {"inspection": jdz.inspection.pk, "kind": "opinion", "occurred_on": "2026-06-16", "content": "限期整改"},
        format="json",
    )
    refused = office.post(
        "/api/poor-rectification-steps/",
        {"inspection": jdz.inspection.pk, "kind": "admonitory_talk", "occurred_on": "2026-06-20", "content": "约谈"},
        format="json",
    )
    assert refused.status_code == 400 and refused.json()["code"] == "report_first"
    office.post(
        "/api/poor-rectification-steps/",
        {"inspection": jdz.inspection.pk, "kind": "report", "occurred_on": "2026-07-01", "content": "仍未整改"},
        format="json",
    )
    unit = api(jdz.unit_contact)
    assert unit.get("/api/supervisions/").json()["results"] == []
    assert [s["kind"] for s in unit.get("/api/poor-rectification-steps/").json()["results"]] == ["opinion"]
    assert [s["kind"] for s in office.get("/api/poor-rectification-steps/").json()["results"]] == ["opinion", "report"]
    assert len(office.get(f"/api/supervisions/?inspection={jdz.inspection.pk}").json()["results"]) == 1


def test_nmg_poor_rectification_steps_are_refused_through_the_api(nmg: Any) -> None:
    in_rectification(nmg)
    svc.supervision_record(
        actor=nmg.office_clerk, inspection=nmg.inspection, supervised_on=D(2026, 6, 15), way="briefing", content="x"
    )
    refused = api(nmg.leader).post(
        "/api/poor-rectification-steps/",
        {"inspection": nmg.inspection.pk, "kind": "opinion", "occurred_on": "2026-06-16", "content": "x"},
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "not_in_rulebook" and refused.json()["article"] == "第三十四条"


def test_reports_list_for_the_office_and_the_unit(nmg: Any) -> None:
    submit_plan(nmg, in_rectification(nmg))
    submit_reports(nmg)
    for user in (nmg.office_head, nmg.leader, nmg.unit_contact):
        assert len(api(user).get("/api/rectification-reports/").json()["results"]) == 1
    assert api(nmg.other_unit_contact).get("/api/rectification-reports/").json()["results"] == []
    assert api(nmg.receiver).get("/api/rectification-reports/").json()["results"] == []


def test_the_schema_describes_the_rectification_endpoints_without_warnings(jdz: Any) -> None:
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = api(jdz.auditor).get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in (
        "/api/rectification-plans/",
        "/api/rectification-reports/",
        "/api/supervisions/",
        "/api/poor-rectification-steps/",
    ):
        assert {"get", "post"} <= set(paths[path]), path
    assert "post" in paths["/api/rectification-reports/{id}/review/"]
    assert "post" in paths["/api/rectification-items/{id}/progress/"]
    assert "get" in paths["/api/rectification-evidence/{id}/download/"]
    validate_schema(schema)
    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    noise = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    assert not [m for m in noise if "rectification" in m.lower()], noise
