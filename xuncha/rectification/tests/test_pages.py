"""The unit's portal, the office's and the team's page, and the dashboards."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xuncha.findings.models import Evidence
from xuncha.inspections.models import TalkRecord
from xuncha.obligations.models import Obligation
from xuncha.rectification import services as svc
from xuncha.rectification.models import PoorRectificationStep, RectificationPlan, RectificationReport, Supervision

from .helpers import D, client_for, fed_back, in_rectification, submit_plan, submit_reports

pytestmark = pytest.mark.django_db


def _html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def _table(html: str, key: str) -> str:
    start = html.index(f'data-testid="obligations-{key}"')
    return html[start : html.index("</table>", start)]


# -- the portal: its own unit only ----------------------------------------------------------------------------------
def test_portal_lists_only_the_units_own_inspection_in_rectification(jdz: Any) -> None:
    in_rectification(jdz)
    portal = jdz.inspection.pk
    html = _html(client_for(jdz.unit_contact).get("/portal/"))
    assert f'href="/portal/{portal}/"' in html and 'data-testid="nav-portal"' in html
    other = _html(client_for(jdz.other_unit_contact).get("/portal/"))
    assert f"/portal/{portal}/" not in other and "jdz单位一" not in other
    assert 'data-testid="nav-portal"' not in _html(client_for(jdz.office_head).get("/"))


@pytest.mark.parametrize("who", ["other_unit_contact", "receiver", "office_head", "leader"])
def test_another_units_contact_and_everyone_else_get_404_on_the_portal(jdz: Any, who: str) -> None:
    in_rectification(jdz)
    plan = submit_plan(jdz, list(jdz.inspection.findings.order_by("number")))
    item = plan.items.get(number=1)
    client = client_for(getattr(jdz, who))
    assert client.get(f"/portal/{jdz.inspection.pk}/").status_code == 404
    prefix = f"i{item.pk}"
    post = {f"{prefix}-noted_on": "2026-06-10", f"{prefix}-status": "done", f"{prefix}-note": "越权"}
    assert client.post(f"/portal/items/{item.pk}/", post).status_code == 404
    item.refresh_from_db()
    assert item.status == "not_started"


@pytest.mark.parametrize("who", ["unit_contact", "other_unit_contact", "receiver", "other_member"])
def test_the_review_and_supervision_page_is_not_for_the_unit_or_outsiders(jdz: Any, who: str) -> None:
    in_rectification(jdz)
    assert client_for(getattr(jdz, who)).get(f"/rectification/{jdz.inspection.pk}/").status_code == 404


def test_portal_shows_the_problems_fed_back_and_nothing_from_talks_petitions_or_informants(jdz: Any) -> None:
    problems = in_rectification(jdz, "违规发放津贴补贴")
    talk = TalkRecord.objects.create(
        inspection=jdz.inspection,
        interviewee="反映人张某",
        talked_at=timezone.now(),
        place="谈话室",
        recorder="记录人",
        content="秘密内容：反映了招投标问题。",
    )
    Evidence.objects.create(finding=problems[0], kind="talk", object_id=talk.pk, note="谈话佐证", linked_by=jdz.member)
    html = _html(client_for(jdz.unit_contact).get(f"/portal/{jdz.inspection.pk}/"))
    problems_html = html[html.index('data-testid="problems"') :]
    assert "问题1 违规发放津贴补贴" in problems_html and "违规发放津贴补贴：2025年以来的具体情况。" in problems_html
    for secret in ("秘密内容", "反映人张某", "个别谈话记录", "谈话佐证", "某副局长（涉及人员）"):
        assert secret not in html


def test_portal_shows_the_deadlines_with_due_dates_and_articles(jdz: Any) -> None:
    in_rectification(jdz)
    plan = Obligation.objects.get(inspection=jdz.inspection, rule_code="rectification_plan")
    table = _table(_html(client_for(jdz.unit_contact).get(f"/portal/{jdz.inspection.pk}/")), "rectification")
    assert "上报整改方案" in table and f"{plan.due_on:%Y-%m-%d}" in table and "第三十四条" in table
    assert "报送整改情况报告和主要负责人组织落实情况报告" in table


def test_the_plan_form_names_the_problems_left_without_measures_and_keeps_what_was_typed(jdz: Any) -> None:
    first, second = in_rectification(jdz)
    client = client_for(jdz.unit_contact)
    url = f"/portal/{jdz.inspection.pk}/"
    form = {
        "form": "plan",
        "submitted_on": "2026-06-05",
        "text": "成立整改工作领导小组",
        f"measures_{first.pk}": "全部清退",
        f"responsible_{first.pk}": "张副局长",
        f"target_{first.pk}": "2026-08-31",
    }
    html = _html(client.post(url, form))
    assert "以下问题没有整改措施：问题2“公务用车管理不严”" in html and "全部清退" in html
    assert not RectificationPlan.objects.exists()
    form |= {
        f"measures_{second.pk}": "规范用车",
        f"responsible_{second.pk}": "李主任",
        f"target_{second.pk}": "2026-09-30",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    html = _html(client.get(url))
    assert "已于 2026-06-05 报送整改方案" in html and "已于 2026-06-05 办结" in _table(html, "rectification")
    assert 'data-testid="plan-form"' not in html and 'data-testid="reports-form"' in html


def test_nmg_portal_records_items_not_a_plan(nmg: Any) -> None:
    (problem,) = in_rectification(nmg, "违规发放津贴补贴")
    client = client_for(nmg.unit_contact)
    url = f"/portal/{nmg.inspection.pk}/"
    html = _html(client.get(url))
    assert "没有规定单独报送整改方案" in html and "登记整改事项" in html and "上报整改方案" not in html
    form = {
        "form": "plan",
        "submitted_on": "2026-06-05",
        "text": "逐项整改",
        f"measures_{problem.pk}": "全部清退",
        f"responsible_{problem.pk}": "张副局长",
        f"target_{problem.pk}": "2026-08-31",
    }
    assert client.post(url, form).status_code == 302
    assert "已于 2026-06-05 登记整改事项" in _html(client.get(url))


def test_item_progress_and_evidence_through_the_portal(jdz: Any, settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path
    plan = submit_plan(jdz, in_rectification(jdz))
    item = plan.items.get(number=1)
    client = client_for(jdz.unit_contact)
    prefix = f"i{item.pk}"
    client.post(
        f"/portal/items/{item.pk}/",
        {f"{prefix}-noted_on": "2026-06-10", f"{prefix}-status": "transferred", f"{prefix}-note": "长期"},
    )
    item.refresh_from_db()
    assert item.status == "not_started"  # refused: no reason
    client.post(
        f"/portal/items/{item.pk}/",
        {f"{prefix}-noted_on": "2026-06-10", f"{prefix}-status": "done", f"{prefix}-note": "已全部清退"},
    )
    client.post(f"/portal/items/{item.pk}/evidence/", {"file": SimpleUploadedFile("凭证.pdf", b"%PDF-1.4 proof")})
    item.refresh_from_db()
    evidence = item.evidence_files.get()
    html = _html(client.get(f"/portal/{jdz.inspection.pk}/"))
    assert "已全部清退" in html and f'href="/rectification/evidence/{evidence.pk}/"' in html
    download = client.get(f"/rectification/evidence/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 proof"  # type: ignore[attr-defined]
    assert client_for(jdz.office_clerk).get(f"/rectification/evidence/{evidence.pk}/").status_code == 200
    assert client_for(jdz.other_unit_contact).get(f"/rectification/evidence/{evidence.pk}/").status_code == 404


def test_reports_then_the_teams_review_through_the_pages(jdz: Any) -> None:
    submit_plan(jdz, in_rectification(jdz))
    unit = client_for(jdz.unit_contact)
    url = f"/portal/{jdz.inspection.pk}/"
    unit.post(
        url,
        {
            "form": "reports",
            "submitted_on": "2026-07-20",
            "situation_report": "整改情况",
            "principal_report": "组织落实",
        },
    )
    report = RectificationReport.objects.get()
    staff = f"/rectification/{jdz.inspection.pk}/"
    assert 'data-testid="review-form"' not in _html(client_for(jdz.office_head).get(staff))  # the team reviews
    leader = client_for(jdz.leader)
    assert 'data-testid="review-form"' in _html(leader.get(staff))
    leader.post(f"/rectification/reports/{report.pk}/review/", {"reviewed_on": "2026-07-22", "result": "return"})
    report.refresh_from_db()
    assert report.status == "submitted"  # a return needs reasons
    leader.post(
        f"/rectification/reports/{report.pk}/review/",
        {"reviewed_on": "2026-07-22", "result": "return", "opinion": "问题2整改不实"},
    )
    report.refresh_from_db()
    assert report.status == "returned"
    html = _html(unit.get(url))
    assert "审核意见：问题2整改不实" in html and "重新报送整改情况报告" in html


def test_supervision_and_the_poor_rectification_steps_on_the_staff_page(jdz: Any) -> None:
    in_rectification(jdz)
    url = f"/rectification/{jdz.inspection.pk}/"
    office = client_for(jdz.office_clerk)
    html = _html(office.get(url))
    assert "第四十条" in html and "第四十一条" in html and 'data-testid="measure-form"' not in html
    office.post(
        f"{url}supervision/",
        {
            "supervised_on": "2026-06-15",
            "way": "site_visit",
            "content": "实地督查",
            "reported_to_leading_group": "on",
            "reported_on": "2026-06-18",
        },
    )
    assert Supervision.objects.get().reported_on == D(2026, 6, 18)
    leader = client_for(jdz.leader)
    leader.post(f"{url}poor/opinion/", {"given_on": "2026-06-16", "content": "限期整改"})
    office.post(f"{url}poor/report/", {"reported_on": "2026-07-01", "content": "仍敷衍塞责"})
    assert 'data-testid="measure-form"' in _html(office.get(url))
    office.post(f"{url}poor/measure/", {"kind": "circulated_notice", "taken_on": "2026-07-03", "content": "通报"})
    assert list(PoorRectificationStep.objects.order_by("pk").values_list("kind", flat=True)) == [
        "opinion",
        "report",
        "circulated_notice",
    ]
    # The unit sees the opinion and the notice, not the office's report to the leading group.
    portal = _html(client_for(jdz.unit_contact).get(f"/portal/{jdz.inspection.pk}/"))
    assert 'data-testid="step-opinion"' in portal and 'data-testid="step-circulated_notice"' in portal
    assert 'data-testid="step-report"' not in portal and "仍敷衍塞责" not in portal


def test_nmg_staff_page_says_the_rulebook_sets_no_poor_rectification_measures(nmg: Any) -> None:
    in_rectification(nmg)
    url = f"/rectification/{nmg.inspection.pk}/"
    leader = client_for(nmg.leader)
    html = _html(leader.get(url))
    assert 'data-testid="no-poor-measures"' in html and 'data-testid="opinion-form"' not in html
    response = leader.post(f"{url}poor/opinion/", {"given_on": "2026-06-16", "content": "x"}, follow=True)
    assert "没有规定对整改不力单位提出整改意见" in _html(response) and "（第三十四条），请登记督办" in _html(response)
    assert not PoorRectificationStep.objects.exists()


def test_the_inspection_page_links_each_to_its_own_rectification_page(jdz: Any) -> None:
    in_rectification(jdz)
    url = f"/inspections/{jdz.inspection.pk}/"
    unit = _html(client_for(jdz.unit_contact).get(url))
    assert f'href="/portal/{jdz.inspection.pk}/"' in unit and f'href="/rectification/{jdz.inspection.pk}/"' not in unit
    office = _html(client_for(jdz.office_head).get(url))
    assert f'href="/rectification/{jdz.inspection.pk}/"' in office and "/portal/" not in office.split("<main")[1]


# -- overdue submissions on the three dashboards --------------------------------------------------------------------
@pytest.mark.parametrize("side_name", ["jdz", "nmg"])
def test_overdue_submissions_are_on_the_dashboards_of_the_office_the_team_and_the_unit(
    request: pytest.FixtureRequest, side_name: str
) -> None:
    side = request.getfixturevalue(side_name)
    in_rectification(side)
    overdue = Obligation.objects.filter(inspection=side.inspection, responsible="inspected_unit", status="open")
    assert overdue.exists() and all(ob.due_on and ob.due_on < timezone.localdate() for ob in overdue)
    for who in ("office_head", "office_clerk", "leader", "member", "unit_contact"):
        table = _table(_html(client_for(getattr(side, who)).get("/")), "overdue")
        for ob in overdue:
            assert ob.title in table and f"{ob.due_on:%Y-%m-%d}" in table and ob.article in table, who
    assert "整改" not in _table(_html(client_for(side.other_unit_contact).get("/")), "overdue")
    # Submitting moves it out of the overdue list.
    submit_plan(side, list(side.inspection.findings.all()), on=timezone.localdate())
    submit_reports(side, on=timezone.localdate())
    table = _table(_html(client_for(side.unit_contact).get("/")), "overdue")
    assert not any(ob.title in table for ob in overdue)


def test_portal_page_does_a_fixed_number_of_queries(jdz: Any) -> None:
    problems = in_rectification(jdz)
    plan = submit_plan(jdz, problems)
    client = client_for(jdz.unit_contact)
    url = f"/portal/{jdz.inspection.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        _html(client.get(url))
    # Three more problems in the plan (added as items), each with progress.
    more = fed_back(jdz, "问题甲", "问题乙", "问题丙")
    for k, p in enumerate(more, start=3):
        item = plan.items.create(finding=p, number=k, measures="m", responsible_person="r", target_date=D(2026, 12, 1))
        svc.rectification_item_update(
            actor=jdz.unit_contact, item=item, noted_on=D(2026, 6, 10), status="in_progress", note="推进"
        )
    with CaptureQueriesContext(connection) as many:
        html = _html(client.get(url))
    assert "问题丙" in html
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_portal_marks_an_overdue_plan_and_then_a_late_submission(jdz: Any) -> None:
    problems = in_rectification(jdz)  # receipt signed 2026-05-26: the plan was due 2026-06-09 (第三十四条)
    unit = client_for(jdz.unit_contact)
    url = f"/portal/{jdz.inspection.pk}/"
    page = unit.get(url).content.decode()
    assert 'data-testid="overdue"' in page and "2026-06-09" in page
    submit_plan(jdz, problems, on=D(2026, 6, 12))
    page = unit.get(url).content.decode()
    plan_row = _table(page, "rectification").split("上报整改方案", 1)[1].split("</tr>", 1)[0]
    assert "已于 2026-06-12 办结（逾期）" in plan_row and 'data-testid="overdue"' not in plan_row
