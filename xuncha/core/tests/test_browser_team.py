"""Team formation in Chromium, on the demo data: the live (htmx) recusal check refuses
严冬梅 for 景德镇 round 1 team 3 (it inspects 中共乐平市委, her native place is 乐平市:
地域回避, JDZ-2017 第十三条), and lets 彭少华 through as 组长.

Run against pytest-django's live_server, so the demo is loaded into the transactional
test database by the `demo` fixture. Browser fixtures: conftest.py here."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Error, expect

from xuncha.people.models import Assignment, Inspector
from xuncha.planning.models import Team

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "xuncha-demo"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.fixture
def demo(transactional_db: Any) -> Team:
    """The demo data; returns 景德镇 round 1 team 3 (中共乐平市委), which is left unstaffed."""
    call_command("load_demo", stdout=io.StringIO())
    team = Team.objects.select_related("round__jurisdiction").get(round__jurisdiction__code="jdz", number=3)
    assert not team.assignments.exists()
    return team


def _inspector(name: str) -> Inspector:
    return Inspector.objects.get(jurisdiction__code="jdz", cadre__name=name)


def _log_in(page: Page, base_url: str, username: str = "jdz_office_head") -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台", exact=True)).to_be_visible()


def _open_team_page(page: Page, base_url: str, team: Team) -> None:
    """轮次与组 in the nav → the round → 第3巡察组, the way a person gets there."""
    page.get_by_role("navigation").get_by_role("link", name="轮次与组").click()
    expect(page).to_have_url(f"{base_url}/planning/rounds/")
    page.get_by_test_id("rounds").get_by_role("link", name=str(team.round)).click()
    expect(page).to_have_url(f"{base_url}/planning/rounds/{team.round.pk}/")
    page.get_by_test_id("teams").get_by_role("link", name="第3巡察组").click()
    expect(page).to_have_url(f"{base_url}/planning/teams/{team.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"景德镇市委 {team}")
    expect(page.get_by_text("对象：中共乐平市委")).to_be_visible()


def _mark_page(page: Page) -> None:
    """A marker that survives htmx swaps and is lost on any reload or navigation."""
    page.evaluate("window.__noReload = 'still here'")


def _not_reloaded(page: Page) -> bool:
    return bool(page.evaluate("window.__noReload === 'still here'"))


def test_office_head_is_refused_a_recused_inspector_and_assigns_a_leader(
    live_server: Any, page: Page, js_errors: list[str], demo: Team
) -> None:
    team = demo
    yan, peng = _inspector("严冬梅"), _inspector("彭少华")
    _log_in(page, live_server.url)
    _open_team_page(page, live_server.url, team)
    check = page.get_by_test_id("check-result")
    expect(check).to_contain_text("选择人员后即时检查")
    expect(page.get_by_test_id("members")).to_contain_text("尚未配备")
    _mark_page(page)

    # 严冬梅: region recusal, refused in place.
    page.get_by_label("人员", exact=True).select_option(str(yan.pk))
    refusal = check.get_by_role("alert").filter(has_text="地域回避")
    expect(refusal).to_have_count(1)
    expect(refusal).to_contain_text("乐平市")
    expect(refusal.locator(".article")).to_have_text("第十三条")
    refused = check.get_by_role("button", name="不能安排")
    expect(refused).to_be_disabled()
    # There is no button that would assign her: 安排 is simply not offered.
    expect(page.get_by_test_id("assign-form").get_by_role("button", name="安排", exact=True)).to_have_count(0)
    expect(check.get_by_test_id("check-ok")).to_have_count(0)
    # The office head may record a waiver from the refusal; swapped in by htmx, that form
    # is its own form (posting to the waiver view), not part of the assignment form.
    check.get_by_text("登记市委巡察工作领导小组的豁免决定").click()
    waive = check.get_by_role("button", name="登记豁免")
    expect(waive).to_have_count(1)
    assert waive.evaluate("b => b.form.getAttribute('action')") == f"/planning/teams/{team.pk}/waiver/"
    # Clicking the disabled button does nothing: no submission, no navigation.
    refused.click(force=True)
    page.wait_for_timeout(300)
    assert _not_reloaded(page)
    expect(page).to_have_url(f"{live_server.url}/planning/teams/{team.pk}/")
    assert not Assignment.objects.filter(team=team, inspector=yan).exists()

    # 彭少华 as 组长: nothing in the way. Choosing the role first sends a check for 严冬梅 as
    # 组长; it is held back here until 彭少华's check has been shown, so that a late answer to
    # the earlier question cannot replace the current one (hx-sync replace aborts it).
    held: list[Route] = []

    def hold_the_first_check(route: Route) -> None:
        if not held and f"inspector={yan.pk}" in route.request.url and "role=leader" in route.request.url:
            held.append(route)
        else:
            route.continue_()

    page.route(re.compile(r"/planning/teams/\d+/check/"), hold_the_first_check)
    page.get_by_label("职位").select_option(label="组长")
    page.get_by_label("人员", exact=True).select_option(str(peng.pk))
    expect(check.get_by_test_id("check-ok")).to_have_text("可以安排彭少华。")
    assert len(held) == 1
    with contextlib.suppress(Error):  # aborted by htmx: nothing is waiting for it any more
        held[0].continue_()
    page.wait_for_timeout(500)
    page.unroute(re.compile(r"/planning/teams/\d+/check/"))
    expect(check.get_by_test_id("check-ok")).to_have_text("可以安排彭少华。")
    expect(check.get_by_role("alert")).to_have_count(0)
    expect(check.get_by_role("button", name="不能安排")).to_have_count(0)
    assert _not_reloaded(page), "the checks must be swapped in by htmx, not by a page load"

    check.get_by_role("button", name="安排", exact=True).click()

    # The post redirects back to the team page, which lists him.
    expect(page.get_by_role("alert").filter(has_text="已安排彭少华。")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/planning/teams/{team.pk}/")
    assert not _not_reloaded(page)
    rows = page.get_by_test_id("members").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td")).to_have_text(["组长", "彭少华", "无回避情形"])

    assignment = Assignment.objects.get(team=team)
    assert (assignment.inspector, assignment.role, assignment.hits) == (peng, "leader", [])
    assert not Assignment.objects.filter(team=team, inspector=yan).exists()
    assert js_errors == []


def test_choosing_a_recommended_candidate_fills_the_select_and_checks_it(
    live_server: Any, page: Page, js_errors: list[str], demo: Team
) -> None:
    team = demo
    yan, peng = _inspector("严冬梅"), _inspector("彭少华")
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/planning/teams/{team.pk}/?role=leader")
    expect(page.get_by_label("职位")).to_have_value("leader")
    candidates = page.get_by_test_id("candidates").locator("tbody tr")
    expect(candidates.first.locator("td").first).to_have_text("彭少华")
    _mark_page(page)

    # The first recommendation for 组长: recusal-free.
    candidates.first.get_by_role("button", name="选择").click()
    expect(page.get_by_label("人员", exact=True)).to_have_value(str(peng.pk))
    check = page.get_by_test_id("check-result")
    expect(check.get_by_test_id("check-ok")).to_have_text("可以安排彭少华。")
    expect(check.get_by_role("button", name="安排", exact=True)).to_be_enabled()

    # 严冬梅 is listed, flagged, and choosing her swaps in the refusal.
    yan_row = candidates.filter(has=page.locator("td:first-child", has_text=re.compile("^严冬梅$")))
    expect(yan_row).to_have_count(1)
    expect(yan_row).to_have_class(re.compile(r"\btable-danger\b"))
    expect(yan_row).to_contain_text("地域回避")
    # Someone already on another team of this round is refused, and the row says why.
    lv_row = candidates.filter(has=page.locator("td:first-child", has_text=re.compile("^吕振东$")))
    expect(lv_row).to_have_class(re.compile(r"\btable-danger\b"))
    expect(lv_row.locator(".text-danger")).to_contain_text("已安排在本轮")
    yan_row.get_by_role("button", name="选择").click()
    expect(page.get_by_label("人员", exact=True)).to_have_value(str(yan.pk))
    expect(check.get_by_role("alert").filter(has_text="地域回避")).to_contain_text("第十三条")
    expect(check.get_by_role("button", name="不能安排")).to_be_disabled()
    expect(check.get_by_test_id("check-ok")).to_have_count(0)
    assert _not_reloaded(page)
    expect(page).to_have_url(f"{live_server.url}/planning/teams/{team.pk}/?role=leader")

    # The screen as the office head sees it at 1366×768, refusal on show.
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "team_form.png"
    shot.unlink(missing_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert not Assignment.objects.filter(team=team).exists()
    assert js_errors == []
