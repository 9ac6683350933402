"""Reports under each rulebook: drafted from leader-approved findings at 报告 stage, finalized by the leader,
corrected only by a new version; seen by the team and oversight roles only."""

from __future__ import annotations

from typing import Any

import pytest

from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.findings.tests.helpers import client_for, enter, leading_group_member
from xuncha.reports import services as svc
from xuncha.reports.models import Report

from .helpers import ARTICLES, TEAM_ARTICLES, TYPES

# Request the database before the parametrized `side` fixture asks for `jdz`/`nmg` dynamically.
pytestmark = pytest.mark.django_db


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


# -- 退回: the leader sends a report under review back to draft ---------------------------------------------------
def _under_review(side: Any) -> Report:
    report = svc.report_draft(actor=side.member, inspection=side.inspection, type="inspection_report")
    return svc.report_submit_for_review(actor=side.member, report=report)


def test_the_leader_returns_a_report_under_review_to_draft(reporting: Any) -> None:
    side = reporting
    report = _under_review(side)
    svc.report_return(actor=side.leader, report=report, reason="  第二部分数据需核实  ")
    report.refresh_from_db()
    assert (report.status, report.version, report.finalized_by, report.finalized_at) == ("draft", 1, None, None)
    event = Event.objects.get(action="report.returned")
    assert (event.actor, event.article, event.inspection_id) == (side.leader, ARTICLES[side.key], side.inspection.pk)
    assert (event.object_type, event.object_id) == ("reports.report", str(report.pk))
    assert event.before == {"status": "under_review"}
    assert event.after == {"status": "draft", "version": 1, "reason": "第二部分数据需核实"}
    assert report.return_reason == "第二部分数据需核实"
    assert "组长退回理由：第二部分数据需核实" in client_for(side.member).get(f"/reports/{report.pk}/").content.decode()
    # Back with the drafters: edited, resubmitted and finalized as the same version.
    svc.report_edit(actor=side.member, report=report, body="核实后的正文")
    svc.report_submit_for_review(actor=side.member, report=report)
    svc.report_finalize(actor=side.leader, report=report)
    report.refresh_from_db()
    assert (report.status, report.version, report.body) == ("final", 1, "核实后的正文\n")
    assert Report.objects.count() == 1


def test_only_the_leader_returns(reporting: Any) -> None:
    side = reporting
    report = _under_review(side)
    for other in (side.member, side.office_head, side.auditor, side.other_member, side.unit_contact):
        with pytest.raises(PermissionDeniedError) as err:
            svc.report_return(actor=other, report=report, reason="请修改")
        message = err.value.message
        assert "组长可以退回" in message and "组长负责制" in message, message
        assert TEAM_ARTICLES[side.key] in message and ARTICLES[side.key] in message
        assert err.value.article == ARTICLES[side.key] and err.value.code == "permission_denied"
    report.refresh_from_db()
    assert report.status == "under_review"
    assert not Event.objects.filter(action="report.returned").exists()


def test_returning_needs_a_reason(reporting: Any) -> None:
    side = reporting
    report = _under_review(side)
    for blank in ("", "  \n "):
        with pytest.raises(ServiceError) as err:
            svc.report_return(actor=side.leader, report=report, reason=blank)
        assert (err.value.field, err.value.article) == ("reason", ARTICLES[side.key])
        assert f"退回{report.type_name}须说明理由" in err.value.message
        assert TEAM_ARTICLES[side.key] in err.value.message
    report.refresh_from_db()
    assert report.status == "under_review"
    assert not Event.objects.filter(action="report.returned").exists()


def test_a_draft_or_a_final_report_is_not_returned(reporting: Any) -> None:
    side = reporting
    report = svc.report_draft(actor=side.member, inspection=side.inspection, type="inspection_report")
    with pytest.raises(ServiceError) as err:
        svc.report_return(actor=side.leader, report=report, reason="退回")
    assert "处于“草稿”状态，只有“审核中”可以退回" in err.value.message
    assert (err.value.field, err.value.code, err.value.article) == ("status", "wrong_status", ARTICLES[side.key])
    svc.report_submit_for_review(actor=side.member, report=report)
    svc.report_finalize(actor=side.leader, report=report)
    with pytest.raises(ServiceError) as err:
        svc.report_return(actor=side.leader, report=report, reason="定稿后发现问题")
    assert "处于“定稿”状态" in err.value.message and "须通过更正形成新版本" in err.value.message
    assert ARTICLES[side.key] in err.value.message and err.value.code == "wrong_status"
    report.refresh_from_db()
    assert (report.status, report.finalized_by) == ("final", side.leader)
    assert not Event.objects.filter(action="report.returned").exists()


def test_a_return_and_its_event_commit_together(reporting: Any, monkeypatch: Any) -> None:
    side = reporting
    report = _under_review(side)

    def failing(**kwargs: Any) -> None:
        raise RuntimeError("事件写入失败")

    monkeypatch.setattr(svc, "event_record", failing)
    with pytest.raises(RuntimeError):
        svc.report_return(actor=side.leader, report=report, reason="请修改")
    report.refresh_from_db()
    assert report.status == "under_review"


def test_the_leader_returns_from_the_page(reporting: Any) -> None:
    side = reporting
    report = _under_review(side)
    url = f"/reports/{report.pk}/"
    member, leader = client_for(side.member), client_for(side.leader)
    assert 'data-testid="return-form"' not in member.get(url).content.decode()
    refused = member.post(f"{url}return/", {"reason": "成员想退回"}, follow=True)
    assert "组长可以退回" in refused.content.decode()
    report.refresh_from_db()
    assert report.status == "under_review"

    page = leader.get(url).content.decode()
    assert 'data-testid="return-form"' in page and "退回理由" in page
    empty = leader.post(f"{url}return/", {"reason": ""}, follow=True)
    assert "须说明理由" in empty.content.decode()
    report.refresh_from_db()
    assert report.status == "under_review"

    done = leader.post(f"{url}return/", {"reason": "请补充整改建议"})
    assert done.status_code == 302 and done["Location"] == url
    report.refresh_from_db()
    assert report.status == "draft"
    assert Event.objects.get(action="report.returned").after == {
        "status": "draft",
        "version": 1,
        "reason": "请补充整改建议",
    }
    again = member.get(url).content.decode()
    assert "保存修改" in again and 'data-testid="return-form"' not in leader.get(url).content.decode()
    # Outsiders cannot reach the action at all.
    assert client_for(side.unit_contact).post(f"{url}return/", {"reason": "x"}).status_code == 404
