"""Reports under each rulebook: drafted from leader-approved findings at 报告 stage, finalized by the leader,
corrected only by a new version; seen by the team and oversight roles only."""

from __future__ import annotations

from typing import Any

import pytest

from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.findings import services as fsvc
from xuncha.findings.tests.helpers import D, client_for, draft, enter, leading_group_member, meet
from xuncha.inspections import services as insp
from xuncha.reports import services as svc
from xuncha.reports.models import Report

# Request the database before the parametrized `side` fixture asks for `jdz`/`nmg` dynamically.
pytestmark = pytest.mark.django_db

ARTICLES = {"jdz": "第三十条", "nmg": "第二十六条"}
TYPES = {
    "jdz": ["inspection_report", "thematic_report"],
    "nmg": ["inspection_report", "clue_report", "cadre_selection_report", "talk_summary", "thematic_report"],
}


@pytest.fixture(params=["jdz", "nmg"])
def side(request: Any) -> Any:
    s = request.getfixturevalue(request.param)
    s.key = request.param
    return s


def _with_findings(side: Any) -> Any:
    """On site: two findings approved by the leader, one still a draft; then fieldwork ends (报告 stage)."""
    enter(side)
    approved = draft(side, title="违规发放津贴补贴")
    other = draft(
        side, title="超标准配备公务用车", category="mass_work_life_discipline", description="超标准配备公务用车两辆。"
    )
    draft(side, title="尚未审定的问题", description="草稿内容不应出现")
    meet(side, [approved, other])
    fsvc.finding_leader_approve(actor=side.leader, finding=approved, on=D(2026, 4, 11))
    fsvc.finding_leader_approve(actor=side.leader, finding=other, on=D(2026, 4, 11))
    insp.inspection_end_fieldwork(actor=side.leader, inspection=side.inspection, ended_on=D(2026, 5, 15))
    side.inspection.refresh_from_db()
    return side


@pytest.fixture
def reporting(side: Any) -> Any:
    return _with_findings(side)


def _final(side: Any) -> Report:
    report = svc.report_draft(actor=side.member, inspection=side.inspection, type="inspection_report")
    svc.report_submit_for_review(actor=side.member, report=report)
    return svc.report_finalize(actor=side.leader, report=report)


def test_draft_assembles_the_approved_findings_by_category(reporting: Any) -> None:
    side = reporting
    book = side.inspection.jurisdiction.rulebook
    report = svc.report_draft(actor=side.member, inspection=side.inspection, type="inspection_report")
    names = {c.code: c.name for c in book.problem_categories}
    assert report.version == 1 and report.status == "draft"
    assert names["integrity_discipline"] in report.body and names["mass_work_life_discipline"] in report.body
    assert "问题底稿 #1：违规发放津贴补贴" in report.body and "2025年以来违规发放津贴补贴" in report.body
    assert "问题底稿 #2：超标准配备公务用车" in report.body and "超标准配备公务用车两辆。" in report.body
    assert "尚未审定的问题" not in report.body and "草稿内容不应出现" not in report.body
    # Grouped in the rulebook's order of categories.
    order = [c.code for c in book.problem_categories]
    first, second = sorted(["integrity_discipline", "mass_work_life_discipline"], key=order.index)
    assert report.body.index(names[first]) < report.body.index(names[second])
    event = Event.objects.get(action="report.drafted")
    assert event.article == ARTICLES[side.key]


def test_every_rulebook_type_can_be_drafted(reporting: Any) -> None:
    side = reporting
    for code in TYPES[side.key]:
        report = svc.report_draft(actor=side.member, inspection=side.inspection, type=code)
        assert report.type_name in report.body
    assert Report.objects.count() == len(TYPES[side.key])


def test_reports_are_drafted_only_at_reporting_stage(side: Any) -> None:
    enter(side)
    with pytest.raises(ServiceError) as err:
        svc.report_draft(actor=side.member, inspection=side.inspection, type="inspection_report")
    assert "处于“进驻了解”阶段" in err.value.message and "“报告”阶段" in err.value.message
    assert err.value.article == ARTICLES[side.key] and ARTICLES[side.key] in err.value.message
    assert err.value.code == "wrong_stage"
    assert not Report.objects.exists()


def test_unknown_type_is_refused_naming_the_article(reporting: Any) -> None:
    side = reporting
    wrong = "clue_report" if side.key == "jdz" else "no_such_report"
    with pytest.raises(ServiceError) as err:
        svc.report_draft(actor=side.member, inspection=side.inspection, type=wrong)
    assert f"“{wrong}”" in err.value.message and ARTICLES[side.key] in err.value.message
    assert err.value.article == ARTICLES[side.key]
    assert not Report.objects.exists()


def test_only_the_team_drafts(reporting: Any) -> None:
    side = reporting
    for outsider in (side.other_member, side.office_head, side.unit_contact):
        with pytest.raises(PermissionDeniedError):
            svc.report_draft(actor=outsider, inspection=side.inspection, type="inspection_report")
    assert not Report.objects.exists()


def test_only_the_leader_finalizes(reporting: Any) -> None:
    side = reporting
    report = svc.report_draft(actor=side.member, inspection=side.inspection, type="inspection_report")
    svc.report_submit_for_review(actor=side.member, report=report)
    for other in (side.member, side.office_head, side.other_member):
        with pytest.raises(PermissionDeniedError):
            svc.report_finalize(actor=other, report=report)
    report.refresh_from_db()
    assert report.status == "under_review"
    svc.report_finalize(actor=side.leader, report=report)
    report.refresh_from_db()
    assert (report.status, report.finalized_by) == ("final", side.leader) and report.finalized_at is not None
    assert Event.objects.get(action="report.finalized").article == ARTICLES[side.key]


def test_a_final_report_cannot_be_edited(reporting: Any) -> None:
    side = reporting
    report = _final(side)
    body = report.body
    with pytest.raises(ServiceError) as err:
        svc.report_edit(actor=side.member, report=report, body="改过的正文")
    assert "定稿" in err.value.message and err.value.code == "wrong_status"
    with pytest.raises(ServiceError):
        svc.report_submit_for_review(actor=side.member, report=report)
    report.refresh_from_db()
    assert report.body == body and report.status == "final"


def test_editing_a_draft_and_only_a_draft(reporting: Any) -> None:
    side = reporting
    report = svc.report_draft(actor=side.member, inspection=side.inspection, type="inspection_report")
    svc.report_edit(actor=side.member, report=report, body="修改后的正文")
    report.refresh_from_db()
    assert report.body == "修改后的正文\n"
    svc.report_submit_for_review(actor=side.member, report=report)
    with pytest.raises(ServiceError, match="审核中"):
        svc.report_edit(actor=side.member, report=report, body="再改")


def test_correction_makes_a_new_version_that_supersedes_the_final(reporting: Any) -> None:
    side = reporting
    first = _final(side)
    body = first.body
    second = svc.report_correct(actor=side.member, report=first, body="更正后的正文", reason="数字有误")
    first.refresh_from_db()
    assert (second.version, second.status, second.supersedes) == (2, "draft", first)
    assert second.body == "更正后的正文\n" and second.correction_reason == "数字有误"
    assert (first.status, first.body, first.version) == ("final", body, 1)
    with pytest.raises(ServiceError):
        svc.report_correct(actor=side.member, report=first, body="又一版", reason="重复更正")
    with pytest.raises(ServiceError, match="只有“定稿”可以更正"):
        svc.report_correct(actor=side.member, report=second, body="x", reason="草稿不更正")
    assert Event.objects.get(action="report.corrected").article == ARTICLES[side.key]
    # The corrected version goes through review and the leader again.
    svc.report_submit_for_review(actor=side.member, report=second)
    svc.report_finalize(actor=side.leader, report=second)
    second.refresh_from_db()
    assert second.status == "final"
    with pytest.raises(ServiceError, match="理由"):
        svc.report_correct(actor=side.member, report=second, body="x", reason=" ")
    assert Report.objects.count() == 2


def test_visibility(reporting: Any) -> None:
    side = reporting
    report = _final(side)
    readers = [side.leader, side.member, side.office_head, side.office_clerk, side.auditor, leading_group_member(side)]
    for user in readers:
        assert list(Report.objects.visible_to(user)) == [report]
    for user in (side.unit_contact, side.other_unit_contact, side.receiver, side.other_member):
        assert not Report.objects.visible_to(user).exists()


def test_pages(reporting: Any) -> None:
    side = reporting
    member = client_for(side.member)
    page = member.get(f"/reports/inspection/{side.inspection.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert all(t.name in text for t in side.inspection.jurisdiction.rulebook.report_types)
    assert "未起草" in text and "必须形成" in text
    response = member.post(f"/reports/inspection/{side.inspection.pk}/draft/inspection_report/")
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    detail = member.get(f"/reports/{report.pk}/").content.decode()
    assert "违规发放津贴补贴" in detail and "提交审核" in detail
    member.post(f"/reports/{report.pk}/submit/")
    client_for(side.member).post(f"/reports/{report.pk}/finalize/")
    report.refresh_from_db()
    assert report.status == "under_review"
    client_for(side.leader).post(f"/reports/{report.pk}/finalize/")
    report.refresh_from_db()
    assert report.status == "final"
    for outsider in (side.unit_contact, side.receiver, side.other_member):
        client = client_for(outsider)
        assert client.get(f"/reports/{report.pk}/").status_code == 404
        assert client.get(f"/reports/inspection/{side.inspection.pk}/").status_code == 404


def test_list_page_query_count(reporting: Any, django_assert_max_num_queries: Any) -> None:
    side = reporting
    for code in TYPES[side.key]:
        svc.report_draft(actor=side.member, inspection=side.inspection, type=code)
    client = client_for(side.member)
    client.get(f"/reports/inspection/{side.inspection.pk}/")
    with django_assert_max_num_queries(15):
        assert client.get(f"/reports/inspection/{side.inspection.pk}/").status_code == 200
