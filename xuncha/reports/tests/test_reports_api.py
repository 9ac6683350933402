"""The reports API under both rulebooks: the same walk and the same refusals as the services, as 400/403 with the
Chinese message and article; whoever may not see a report gets 404 and never its body."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from xuncha.audit.models import Event
from xuncha.conftest import put_reporting
from xuncha.findings.tests.helpers import client_for
from xuncha.reports import services as svc
from xuncha.reports.models import Report

from .helpers import ARTICLES, TEAM_ARTICLES, TYPES

# Request the database before the parametrized `side` fixture asks for `jdz`/`nmg` dynamically.
pytestmark = pytest.mark.django_db

SECRET = "正文机密段落：某局长违规收受礼金"


def post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data or {}, content_type="application/json")


def patch(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.patch(url, data, content_type="application/json")


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [r["id"] for r in response.json()["results"]]


def test_draft_review_return_resubmit_final_correct_over_the_api(reporting: Any) -> None:
    side = reporting
    member, leader = client_for(side.member), client_for(side.leader)
    kind = side.inspection.jurisdiction.rulebook.report_types[0]

    created = post(member, "/api/reports/", {"inspection": side.inspection.pk, "type": "inspection_report"})
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["version"], data["status"], data["status_label"], data["type_name"]) == (1, "draft", "草稿", kind.name)
    assert (data["supersedes"], data["superseded_by"], data["finalized_by"], data["finalized_at"]) == (
        None,
        None,
        None,
        None,
    )
    assert data["created_by"] == side.member.pk and "问题底稿 #1：违规发放津贴补贴" in data["body"]
    assert "尚未审定的问题" not in data["body"]
    url = f"/api/reports/{data['id']}/"

    edited = patch(member, url, {"body": "第一稿正文"})
    assert edited.status_code == 200 and edited.json()["body"] == "第一稿正文\n"
    submitted = post(member, f"{url}submit/")
    assert submitted.status_code == 200 and submitted.json()["status_label"] == "审核中"
    on_review = patch(member, url, {"body": "审核中不能改"})
    assert on_review.status_code == 400 and on_review.json()["code"] == "wrong_status"

    # A plain member neither returns nor finalizes (组长负责制).
    for action in ("return", "finalize"):
        refused = post(member, f"{url}{action}/", {"reason": "成员想退回"})
        assert refused.status_code == 403, refused.content
        assert refused.json()["article"] == ARTICLES[side.key] and refused.json()["code"] == "permission_denied"
        assert "组长" in refused.json()["detail"] and TEAM_ARTICLES[side.key] in refused.json()["detail"]

    no_reason = post(leader, f"{url}return/", {"reason": " "})
    assert no_reason.status_code == 400
    assert (no_reason.json()["field"], no_reason.json()["article"]) == ("reason", ARTICLES[side.key])
    assert "须说明理由" in no_reason.json()["detail"]
    missing = post(leader, f"{url}return/", {})
    assert missing.status_code == 400 and "reason" in missing.json()
    assert Report.objects.get().status == "under_review"

    returned = post(leader, f"{url}return/", {"reason": "请补充整改建议"})
    assert returned.status_code == 200 and returned.json()["status"] == "draft"
    assert patch(member, url, {"body": "第二稿正文"}).json()["body"] == "第二稿正文\n"
    assert post(member, f"{url}submit/").json()["status"] == "under_review"

    final = post(leader, f"{url}finalize/")
    assert final.status_code == 200
    fields = final.json()
    assert (fields["status"], fields["finalized_by"], fields["finalized_by_name"]) == (
        "final",
        side.leader.pk,
        str(side.leader),
    )
    assert fields["finalized_at"] and fields["version"] == 1 and fields["body"] == "第二稿正文\n"

    locked = patch(member, url, {"body": "定稿后再改"})
    assert locked.status_code == 400 and locked.json()["field"] == "status"
    assert "定稿已锁定" in locked.json()["detail"] and locked.json()["article"] == ARTICLES[side.key]
    not_returned = post(leader, f"{url}return/", {"reason": "定稿后退回"})
    assert not_returned.status_code == 400 and "须通过更正形成新版本" in not_returned.json()["detail"]

    no_correction_reason = post(member, f"{url}correct/", {"body": "更正后的正文", "reason": ""})
    assert no_correction_reason.status_code == 400 and no_correction_reason.json()["field"] == "reason"
    corrected = post(member, f"{url}correct/", {"body": "更正后的正文", "reason": "数字有误"})
    assert corrected.status_code == 201, corrected.content
    new = corrected.json()
    assert (new["version"], new["status"], new["supersedes"]) == (2, "draft", fields["id"])
    assert (new["body"], new["correction_reason"], new["finalized_by"]) == ("更正后的正文\n", "数字有误", None)

    first = member.get(url).json()
    assert (first["status"], first["body"], first["superseded_by"]) == ("final", "第二稿正文\n", new["id"])
    assert _ids(member.get("/api/reports/", {"inspection": side.inspection.pk})) == [fields["id"], new["id"]]

    events = Event.objects.filter(object_type="reports.report").order_by("seq")
    assert [e.action for e in events] == [
        "report.drafted",
        "report.edited",
        "report.submitted",
        "report.returned",
        "report.edited",
        "report.submitted",
        "report.finalized",
        "report.corrected",
    ]
    assert {e.article for e in events} == {ARTICLES[side.key]}
    returned_event = events.get(action="report.returned")
    assert returned_event.actor == side.leader
    assert returned_event.after == {"status": "draft", "version": 1, "reason": "请补充整改建议"}
    assert events.get(action="report.corrected").object_id == str(new["id"])


def test_the_unit_another_team_and_receivers_get_404_and_never_the_body(reporting: Any) -> None:
    side = reporting
    report = svc.report_draft(actor=side.member, inspection=side.inspection, type="inspection_report")
    svc.report_edit(actor=side.member, report=report, body=SECRET)
    svc.report_submit_for_review(actor=side.member, report=report)
    url = f"/api/reports/{report.pk}/"
    events = Event.objects.count()
    for outsider in (side.unit_contact, side.other_member, side.receiver, side.other_unit_contact):
        client = client_for(outsider)
        listed = [client.get("/api/reports/"), client.get("/api/reports/", {"inspection": side.inspection.pk})]
        for response in listed:
            assert _ids(response) == [], outsider
        refused = [
            client.get(url),
            patch(client, url, {"body": "改写"}),
            post(client, f"{url}submit/"),
            post(client, f"{url}finalize/"),
            post(client, f"{url}return/", {"reason": "退回"}),
            post(client, f"{url}correct/", {"body": "x", "reason": "y"}),
        ]
        for response in refused:
            assert response.status_code == 404, (outsider, response.content)
        for response in [*listed, *refused]:
            assert SECRET not in response.content.decode()
        drafted = post(client, "/api/reports/", {"inspection": side.inspection.pk, "type": "thematic_report"})
        assert drafted.status_code == 400 and drafted.json()["field"] == "inspection"
        assert "不存在或无权查看" in drafted.json()["detail"]
    report.refresh_from_db()
    assert (report.status, report.body) == ("under_review", SECRET + "\n")
    assert Report.objects.count() == 1 and Event.objects.count() == events
    assert Client().get(url).status_code == 403  # not logged in


def test_the_office_reads_but_only_the_team_writes(reporting: Any) -> None:
    side = reporting
    report = svc.report_draft(actor=side.member, inspection=side.inspection, type="inspection_report")
    url = f"/api/reports/{report.pk}/"
    for reader in (side.office_head, side.auditor):
        client = client_for(reader)
        assert client.get(url).json()["body"] == report.body
        edit = patch(client, url, {"body": "办公室改写"})
        assert edit.status_code == 403 and edit.json()["article"] == ARTICLES[side.key]
        assert post(client, f"{url}submit/").status_code == 403
        drafted = post(client, "/api/reports/", {"inspection": side.inspection.pk, "type": "thematic_report"})
        assert drafted.status_code == 403 and "成员可以起草" in drafted.json()["detail"]
    svc.report_submit_for_review(actor=side.member, report=report)
    office = client_for(side.office_head)
    assert post(office, f"{url}finalize/").status_code == 403
    assert post(office, f"{url}return/", {"reason": "退回"}).status_code == 403
    report.refresh_from_db()
    assert report.status == "under_review" and Report.objects.count() == 1


def test_list_filters_by_inspection_and_type(reporting: Any) -> None:
    side = reporting
    ours = [svc.report_draft(actor=side.member, inspection=side.inspection, type=code).pk for code in TYPES[side.key]]
    put_reporting(side, side.other_inspection)
    theirs = svc.report_draft(actor=side.other_member, inspection=side.other_inspection, type="thematic_report").pk
    office, member = client_for(side.office_head), client_for(side.member)
    assert sorted(_ids(office.get("/api/reports/"))) == sorted([*ours, theirs])
    assert sorted(_ids(office.get("/api/reports/", {"inspection": side.inspection.pk}))) == sorted(ours)
    thematic = Report.objects.get(inspection=side.inspection, type="thematic_report").pk
    assert sorted(_ids(office.get("/api/reports/", {"type": "thematic_report"}))) == sorted([thematic, theirs])
    both = office.get("/api/reports/", {"inspection": side.other_inspection.pk, "type": "thematic_report"})
    assert _ids(both) == [theirs]
    assert _ids(office.get("/api/reports/", {"type": "no_such_report"})) == []
    # The member of team 1 sees only team 1's reports, even when naming team 2's inspection.
    assert sorted(_ids(member.get("/api/reports/"))) == sorted(ours)
    assert _ids(member.get("/api/reports/", {"inspection": side.other_inspection.pk})) == []


def test_drafting_refusals_name_the_article(side: Any) -> None:
    member = client_for(side.member)
    early = post(member, "/api/reports/", {"inspection": side.inspection.pk, "type": "inspection_report"})
    assert early.status_code == 400 and early.json()["code"] == "wrong_stage"
    assert early.json()["article"] == ARTICLES[side.key] and "“报告”阶段" in early.json()["detail"]
    put_reporting(side)
    wrong = "clue_report" if side.key == "jdz" else "no_such_report"
    unknown = post(member, "/api/reports/", {"inspection": side.inspection.pk, "type": wrong})
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_type"
    assert (unknown.json()["field"], unknown.json()["article"]) == ("type", ARTICLES[side.key])
    incomplete = post(member, "/api/reports/", {"type": "inspection_report"})
    assert incomplete.status_code == 400 and "inspection" in incomplete.json()
    assert not Report.objects.exists()
    made = post(member, "/api/reports/", {"inspection": side.inspection.pk, "type": "inspection_report"})
    assert made.status_code == 201
    twice = post(member, "/api/reports/", {"inspection": side.inspection.pk, "type": "inspection_report"})
    assert twice.status_code == 400 and twice.json()["code"] == "exists"
    assert Report.objects.count() == 1


def test_put_is_not_offered(reporting: Any) -> None:
    side = reporting
    report = svc.report_draft(actor=side.member, inspection=side.inspection, type="inspection_report")
    response = client_for(side.member).put(f"/api/reports/{report.pk}/", {"body": "x"}, content_type="application/json")
    assert response.status_code == 405
    report.refresh_from_db()
    assert report.body != "x\n"


def test_the_schema_describes_the_reports_endpoints_without_warnings(jdz: Any) -> None:
    response = client_for(jdz.auditor).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/reports/"])
    assert {"get", "patch"} <= set(paths["/api/reports/{id}/"]) and "put" not in paths["/api/reports/{id}/"]
    for action in ("submit", "finalize", "return", "correct"):
        assert "post" in paths[f"/api/reports/{{id}}/{action}/"], action
    assert "组长退回草稿" in paths["/api/reports/{id}/return/"]["post"]["summary"]
    assert {p["name"] for p in paths["/api/reports/"]["get"]["parameters"]} >= {"inspection", "type"}
    assert {"body", "version", "status", "supersedes", "correction_reason", "finalized_by", "finalized_at"} <= set(
        schema["components"]["schemas"]["Report"]["properties"]
    )
    validate_schema(schema)
    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    noise = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    assert not [m for m in noise if "reports/api.py" in m or "ReportViewSet" in m or "/api/reports/" in m], noise
