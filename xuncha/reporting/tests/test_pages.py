"""The public pages, the public JSON API, the team's pages and the login API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from xuncha.audit.models import Event
from xuncha.core.anonymity import codes
from xuncha.reporting import services
from xuncha.reporting.models import PublicMessage, PublicReport

from .helpers import age, open_channel, solved, submit


@pytest.fixture(autouse=True)
def _var(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def _login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_open_page_words_contacts_and_form(jdz, nmg):
    channel = open_channel(jdz)
    html = Client().get(reverse("reporting_public:report", args=[channel.token])).content.decode()
    assert "巡察网上反映" in html and "0000-0000000" in html and "测试信箱" in html
    assert "第十九条" in html and "回执码遗失无法找回" in html and "无法打电话联系您" in html
    # what is received, in the rulebook's words, said of this target (as the entry announcement says it)
    assert f"受理反映{channel.inspection.target.name}领导班子及其成员" in html and "被巡察党组织" not in html
    assert 'name="pow_challenge"' in html and "data-pow" in html
    assert '<option value="">不选择</option>' in html and " selected" not in html  # never preselected
    n = open_channel(nmg)
    assert "巡视网上反映" in Client().get(reverse("reporting_public:report", args=[n.token])).content.decode()


def test_closed_page_gives_the_period_and_the_office(jdz):
    channel = open_channel(jdz, announce=False)
    services.office_contact_set(actor=jdz.office_head, jurisdiction=jdz.jurisdiction, phone="0798-8888888")
    r = Client().get(reverse("reporting_public:report", args=[channel.token]))
    html = r.content.decode()
    assert r.status_code == 200 and "不受理网上反映" in html and "0798-8888888" in html and "进驻公告尚未发布" in html
    assert 'data-testid="report-form"' not in html
    assert Client().get(reverse("reporting_public:report", args=["no-such-token"])).status_code == 404


def test_the_public_disclosure_page_links_the_open_reporting_page(jdz):
    """The published entry announcement on /public/ carries the link while the page is open, and not after."""
    channel = open_channel(jdz)
    link = reverse("reporting_public:report", args=[channel.token])
    html = Client().get(reverse("public:jurisdiction", args=[jdz.jurisdiction.code])).content.decode()
    assert 'data-testid="public-report-link"' in html and link in html
    inspection = channel.inspection
    inspection.planned_end = inspection.entered_on  # the announced period is over
    inspection.save(update_fields=["planned_end"])
    html = Client().get(reverse("public:jurisdiction", args=[jdz.jurisdiction.code])).content.decode()
    assert link not in html and "public-report-link" not in html


def test_submit_return_and_reply_through_the_pages(jdz):
    channel = open_channel(jdz)
    c = Client()
    r = c.post(reverse("reporting_public:report", args=[channel.token]), {"content": "反映某事。", **solved()})
    html = r.content.decode()
    assert r.status_code == 200 and "请抄写或截图保存" in html
    code = html.split('data-testid="receipt-code">')[1].split("<")[0]
    assert len(codes.normalize(code)) == 20 and code not in str(list(PublicReport.objects.values()))
    assert not c.cookies  # no session, no CSRF cookie
    report = PublicReport.objects.get()
    services.public_question_ask(actor=jdz.member, report=report, body="请说明时间地点。")
    back = reverse("reporting_public:return", args=[channel.token])
    r = c.post(back, {"code": code})
    html = r.content.decode()
    assert r.status_code == 200 and "请说明时间地点。" in html and "已收到" in html
    assert r["Cache-Control"] == "no-store" and codes.normalize(code) in html  # in the hidden field, nowhere else
    r = c.post(back, {"code": code, "action": "reply", "body": "去年三月，在某地。"})
    assert "已收到您的答复" in r.content.decode() and "去年三月" in r.content.decode()
    r = c.post(back, {"code": "9" * 20})
    assert r.status_code == 400 and "回执码不正确" in r.content.decode()


def test_wrong_codes_are_rate_limited_per_visitor_and_per_channel(jdz, settings):
    settings.XUNCHA_PUBLIC_CODE_TRIES = 3
    settings.XUNCHA_PUBLIC_CODE_TRIES_PER_CHANNEL = 5
    channel = open_channel(jdz)
    _report, code = submit(channel)
    back = reverse("reporting_public:return", args=[channel.token])
    a = Client(REMOTE_ADDR="198.51.100.1")
    for _ in range(3):
        assert a.post(back, {"code": "1" * 20}).status_code == 400
    r = a.post(back, {"code": code})
    assert r.status_code == 429 and "次数过多" in r.content.decode()
    b = Client(REMOTE_ADDR="198.51.100.2")
    assert b.post(back, {"code": code}).status_code == 200  # another visitor still may
    for _ in range(2):
        assert b.post(back, {"code": "2" * 20}).status_code == 400
    c = Client(REMOTE_ADDR="198.51.100.3")
    assert c.post(back, {"code": code}).status_code == 429  # the channel's limit: 5 wrong codes this hour
    api = c.post(
        reverse("reporting_public:api_lookup", args=[channel.token]), {"code": code}, content_type="application/json"
    )
    assert api.status_code == 429


def test_reports_per_visitor_are_rate_limited(jdz, settings):
    settings.XUNCHA_PUBLIC_REPORTS_PER_HOUR = 2
    channel = open_channel(jdz)
    page = reverse("reporting_public:report", args=[channel.token])
    c = Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(2):
        assert c.post(page, {"content": "x", **solved()}).status_code == 200
    assert c.post(page, {"content": "x", **solved()}).status_code == 429
    assert Client(REMOTE_ADDR="198.51.100.10").post(page, {"content": "x", **solved()}).status_code == 200


def test_public_json_api(jdz):
    channel = open_channel(jdz)
    c = Client()
    base = f"/p/r/{channel.token}/api/"
    got = c.get(base + "challenge/").json()
    assert got["open"] is True
    from xuncha.core.anonymity import pow

    body = {"content": "接口反映", "pow_challenge": got["challenge"], "pow_solution": pow.solve(got["challenge"])}
    r = c.post(base + "report/", body, content_type="application/json")
    assert r.status_code == 201
    code = r.json()["receipt_code"]
    r = c.post(base + "report/", {"content": "x"}, content_type="application/json")
    assert r.status_code == 400 and "防滥用" in r.json()["detail"]
    report = PublicReport.objects.get()
    services.public_question_ask(actor=jdz.member, report=report, body="问题？")
    r = c.post(base + "lookup/", {"code": code}, content_type="application/json").json()
    assert r["status"] == "received" and r["thread"][0]["body"] == "问题？" and r["may_reply"]
    r = c.post(base + "reply/", {"code": code, "body": "答复"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["thread"][-1]["from_team"] is False
    r = c.post(base + "lookup/", {"code": "1"}, content_type="application/json")
    assert r.status_code == 400 and "回执码" in r.json()["detail"]


def test_team_pages(jdz):
    channel = open_channel(jdz)
    report, code = submit(channel, name="王五", phone="13700000000")
    member = _login(jdz.member)
    html = member.get(reverse("reporting:channel", args=[jdz.inspection.pk])).content.decode()
    assert channel.token in html and "<svg" in html and "开放中" in html
    poster = member.get(reverse("reporting:poster", args=[jdz.inspection.pk])).content.decode()
    assert "@page { size: A4" in poster and "0000-0000000" in poster and "<svg" in poster
    inbox = member.get(reverse("reporting:inbox", args=[jdz.inspection.pk])).content.decode()
    assert "已收到" in inbox and "王五" not in inbox and "招标" not in inbox  # never content in the list
    n = Event.objects.filter(action="secret.read").count()
    detail = member.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "王五" in detail and "招标" in detail
    assert Event.objects.filter(action="secret.read").count() == n + 1
    member.post(reverse("reporting:ask", args=[report.pk]), {"body": "请补充。"})
    assert PublicMessage.objects.get().body == "请补充。"
    services.public_reply_add(channel=channel, client="x", code=code, body="补充如下")
    assert "群众已答复" in member.get(reverse("reporting:inbox", args=[jdz.inspection.pk])).content.decode()
    age(report)
    member.post(reverse("reporting:intake", args=[jdz.inspection.pk]))
    report.refresh_from_db()
    assert report.petition is not None and report.petition.number == 1
    detail = member.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "第1号网上来信" in detail
    assert "reporting-link" in member.get(reverse("inspections:detail", args=[jdz.inspection.pk])).content.decode()


def test_team_pages_refuse_others(jdz):
    channel = open_channel(jdz)
    report, _ = submit(channel)
    for user in (jdz.office_clerk, jdz.other_member, jdz.unit_contact):
        c = _login(user)
        assert c.get(reverse("reporting:report", args=[report.pk])).status_code in (403, 404)
        assert c.get(reverse("reporting:inbox", args=[jdz.inspection.pk])).status_code in (403, 404)
    assert _login(jdz.office_head).get(reverse("reporting:report", args=[report.pk])).status_code == 200


def test_office_contacts_page(jdz):
    c = _login(jdz.office_clerk)
    assert c.get(reverse("reporting:office")).status_code == 200
    c.post(reverse("reporting:office"), {"j": jdz.jurisdiction.pk, "phone": "0798-1", "address": "某路"})
    assert jdz.jurisdiction.office_contact.phone == "0798-1"
    assert _login(jdz.member).get(reverse("reporting:office")).status_code == 403


def test_login_api(jdz):
    channel = open_channel(jdz)
    report, _ = submit(channel, name="赵六")
    member = _login(jdz.member)
    rows = member.get(f"/api/public-reports/?inspection={jdz.inspection.pk}").json()["results"]
    assert rows[0]["status"] == "received" and "content" not in rows[0] and "name" not in rows[0]
    one = member.get(f"/api/public-reports/{report.pk}/").json()
    assert one["name"] == "赵六" and one["content"]
    assert (
        member.post(
            f"/api/public-reports/{report.pk}/questions/", {"body": "问"}, content_type="application/json"
        ).status_code
        == 201
    )
    assert _login(jdz.other_member).get(f"/api/public-reports/{report.pk}/").status_code == 403
    assert member.get("/api/public-reports/not-a-uuid/").status_code == 404
    age(report)
    r = member.post("/api/public-reports/intake/", {"inspection": jdz.inspection.pk}, content_type="application/json")
    assert r.status_code == 201 and r.json()["registered"][0]["number"] == 1
    ch = member.get(f"/api/public-channels/?inspection={jdz.inspection.pk}").json()["results"][0]
    assert ch["open"] is True and ch["url"].endswith(f"/p/r/{channel.token}/")
    office = _login(jdz.office_head)
    r = office.post(
        "/api/office-contacts/", {"jurisdiction": jdz.jurisdiction.pk, "phone": "1"}, content_type="application/json"
    )
    assert r.status_code == 201
    r = member.post(
        "/api/office-contacts/", {"jurisdiction": jdz.jurisdiction.pk, "phone": "1"}, content_type="application/json"
    )
    assert r.status_code == 403
