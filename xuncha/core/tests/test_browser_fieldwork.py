"""Fieldwork in Chromium: a team member, with the inspection on site, records an individual talk and a petition
through the forms, opens each (every opening is one `secret.read` event), and the petition register lists the
number but never the petitioner; a member of another team is refused the petition and leaves no read behind.

Run against pytest-django's live_server (so a transactional test database; the `jdz` fixture's `db` request is
upgraded to it). Browser fixtures: conftest.py here."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from xuncha.audit.models import Event
from xuncha.fieldwork.models import Petition
from xuncha.fieldwork.services import petition_register
from xuncha.inspections.models import Inspection, TalkRecord
from xuncha.inspections.services import inspection_enter, inspection_prepare

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PASSWORD = "pw-test-123"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
ENTERED_ON = datetime.date(2026, 3, 16)
SHANGHAI = ZoneInfo("Asia/Shanghai")

TALK = {
    "interviewee": "张某某（办公室主任）",
    "talked_at": "2026-04-08T09:30",
    "place": "巡察组谈话室",
    "recorder": "jdz记录员",
    "content": "反映了2025年办公楼维修工程招投标中存在的问题。",
}
PETITIONER = "李反映人"
PETITION_CONTENT = "来访反映某科室负责人在项目验收中收受好处。"
PETITION_ABOUT = "某科室负责人"
RECEIVED_ON = "2026-04-10"


def _on_site(side: Any) -> Inspection:
    """进驻了解 through the stage services, as fieldwork requires; the team leader records it."""
    inspection: Inspection = side.inspection
    inspection_prepare(actor=side.leader, inspection=inspection, on=datetime.date(2026, 3, 2))
    inspection_enter(
        actor=side.leader,
        inspection=inspection,
        entered_on=ENTERED_ON,
        principal_notified_on=ENTERED_ON,
        mobilization_on=ENTERED_ON,
        contact_phone="0798-8888888",
        contact_mailbox="景德镇市A信箱",
        contact_address="景德镇市珠山区某路1号",
        planned_end=datetime.date(2026, 5, 15),
    )
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.ON_SITE
    return inspection


def _log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台", exact=True)).to_be_visible()


def _reads(user: Any, obj: Any) -> int:
    return Event.objects.filter(
        action="secret.read", actor=user, object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).count()


def test_team_member_records_a_talk_and_a_petition(
    live_server: Any, page: Page, js_errors: list[str], jdz: Any
) -> None:
    inspection = _on_site(jdz)
    base = live_server.url
    word = jdz.jurisdiction.rulebook.word
    category = jdz.jurisdiction.rulebook.problem_categories[0]
    _log_in(page, base, "jdz_member")

    # The word (巡察) in the nav → the inspection → its fieldwork overview.
    page.get_by_role("navigation").get_by_role("link", name=word, exact=True).click()
    expect(page).to_have_url(f"{base}/inspections/")
    page.get_by_test_id("inspections").get_by_role("link", name=f"第1{word}组").click()
    expect(page).to_have_url(f"{base}/inspections/{inspection.pk}/")
    section = page.get_by_test_id("fieldwork-section")
    section.get_by_role("link", name="按工作方式的记录").click()
    expect(page).to_have_url(f"{base}/fieldwork/{inspection.pk}/")
    expect(page.get_by_test_id("stage-note")).to_have_count(0)  # on site: records may be added
    expect(page.get_by_test_id("count-talk")).to_have_text("0")
    expect(page.get_by_test_id("count-petition")).to_have_text("0")

    # -- the talk ---------------------------------------------------------------------------------------------------
    page.get_by_test_id("methods").get_by_role("link", name="记录个别谈话").click()
    expect(page).to_have_url(f"{base}/fieldwork/{inspection.pk}/talks/new/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("记录个别谈话")
    page.get_by_label("谈话对象").fill(TALK["interviewee"])
    page.get_by_label("谈话时间").fill(TALK["talked_at"])
    page.get_by_label("地点").fill(TALK["place"])
    page.get_by_label("记录人").fill(TALK["recorder"])
    page.get_by_label("谈话内容").fill(TALK["content"])
    page.get_by_role("button", name="记录", exact=True).click()

    expect(page).to_have_url(f"{base}/fieldwork/{inspection.pk}/")
    talk = TalkRecord.objects.get(inspection=inspection)
    expect(page.get_by_role("alert").filter(has_text=f"已记录个别谈话（#{talk.pk}）。")).to_be_visible()
    expect(page.get_by_test_id("count-talk")).to_have_text("1")
    assert _reads(jdz.member, talk) == 0  # recording is not reading

    # Listed on the inspection's page (date and number only), and opened from there.
    page.locator("nav.small").get_by_role("link", name=str(inspection)).click()
    expect(page).to_have_url(f"{base}/inspections/{inspection.pk}/")
    listed = page.get_by_role("link", name=f"2026-04-08 09:30 谈话记录 #{talk.pk}")
    expect(listed).to_have_count(1)
    expect(page.get_by_text(TALK["content"])).to_have_count(0)
    listed.click()
    expect(page).to_have_url(f"{base}/inspections/talks/{talk.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"个别谈话记录 #{talk.pk}")
    expect(page.get_by_test_id("talk-content")).to_have_text(TALK["content"])
    for value in (TALK["interviewee"], TALK["place"], TALK["recorder"], "2026-04-08 09:30"):
        expect(page.locator("dl").get_by_text(value, exact=True)).to_have_count(1)
    expect(page.get_by_text("本次查阅已记录在事件链中")).to_be_visible()

    talk.refresh_from_db()
    assert (talk.interviewee, talk.place, talk.recorder, talk.content) == (
        TALK["interviewee"],
        TALK["place"],
        TALK["recorder"],
        TALK["content"],
    )
    assert talk.talked_at == datetime.datetime(2026, 4, 8, 9, 30, tzinfo=SHANGHAI)
    assert TalkRecord.objects.count() == 1
    assert _reads(jdz.member, talk) == 1

    # -- the petition -----------------------------------------------------------------------------------------------
    page.goto(f"{base}/inspections/{inspection.pk}/")
    page.get_by_test_id("fieldwork-section").get_by_role("link", name="来信、来电、来访登记").click()
    expect(page).to_have_url(f"{base}/fieldwork/{inspection.pk}/petitions/")
    rows = page.get_by_test_id("petitions").locator("tbody tr")
    expect(rows).to_have_text(["无"])
    form = page.get_by_test_id("petition-form")
    form.get_by_label("方式", exact=True).select_option(label="来访")
    form.get_by_label("受理日期").fill(RECEIVED_ON)
    form.get_by_label("反映人姓名").fill(PETITIONER)
    form.get_by_label("被反映人或事项").fill(PETITION_ABOUT)
    form.get_by_label("问题类别").select_option(category.code)
    form.get_by_label("反映内容").fill(PETITION_CONTENT)
    form.get_by_role("button", name="登记").click()

    expect(page).to_have_url(f"{base}/fieldwork/{inspection.pk}/petitions/")
    expect(page.get_by_role("alert").filter(has_text="已登记第1号。")).to_be_visible()
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td")).to_have_text(
        ["第1号", RECEIVED_ON, "来访", re.compile(rf"^{re.escape(category.name)}\s")]
    )
    # The register never shows who wrote, nor what.
    html = page.content()
    assert PETITIONER not in html
    assert PETITION_CONTENT not in html
    petition = Petition.objects.get(inspection=inspection)
    assert _reads(jdz.member, petition) == 0  # the register is not a read

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "petitions.png"
    shot.unlink(missing_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366

    rows.first.get_by_role("link", name="第1号").click()
    expect(page).to_have_url(f"{base}/fieldwork/petitions/{petition.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("来信、来电、来访登记 第1号")
    expect(page.get_by_test_id("petitioner")).to_have_text(PETITIONER)
    expect(page.get_by_test_id("petition-content")).to_have_text(PETITION_CONTENT)
    expect(page.get_by_text("本次查阅已记录在事件链中")).to_be_visible()

    petition.refresh_from_db()
    assert (petition.number, petition.channel, petition.received_on) == (1, "visit", datetime.date(2026, 4, 10))
    assert (petition.petitioner_name, petition.anonymous, petition.about) == (PETITIONER, False, PETITION_ABOUT)
    assert (petition.classification, petition.content, petition.recorded_by) == (
        category.code,
        PETITION_CONTENT,
        jdz.member,
    )
    assert Petition.objects.count() == 1
    assert _reads(jdz.member, petition) == 1
    assert _reads(jdz.member, talk) == 1
    assert Event.objects.filter(action="secret.read").count() == 2
    assert js_errors == []


def test_member_of_another_team_is_refused_the_petition(
    live_server: Any, page: Page, js_errors: list[str], jdz: Any
) -> None:
    inspection = _on_site(jdz)
    petition = petition_register(
        actor=jdz.member,
        inspection=inspection,
        channel="letter",
        received_on=datetime.date(2026, 4, 10),
        about=PETITION_ABOUT,
        classification=jdz.jurisdiction.rulebook.problem_categories[0].code,
        content=PETITION_CONTENT,
        petitioner_name=PETITIONER,
    )
    base = live_server.url
    _log_in(page, base, "jdz_other_member")

    response = page.goto(f"{base}/fieldwork/petitions/{petition.pk}/")
    assert response is not None
    assert response.status in (403, 404), response.status
    if response.status == 403:
        expect(page.get_by_test_id("refused")).to_contain_text("无权查阅")
    html = page.content()
    assert PETITIONER not in html
    assert PETITION_CONTENT not in html
    expect(page.get_by_test_id("petitioner")).to_have_count(0)

    # Nor through the register of an inspection that is not theirs.
    response = page.goto(f"{base}/fieldwork/{inspection.pk}/petitions/")
    assert response is not None
    assert response.status in (403, 404), response.status
    expect(page.get_by_test_id("petitions")).to_have_count(0)

    assert not Event.objects.filter(action="secret.read", actor=jdz.other_member).exists()
    assert not Event.objects.filter(action="secret.read").exists()
    assert js_errors == []
