from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client

from xuncha.conftest import Side, put_on_site
from xuncha.evaluations import services
from xuncha.evaluations.models import Ballot, Evaluation

from .helpers import group, opened


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_team_builds_opens_prints_and_closes_through_the_pages(jdz: Side) -> None:
    put_on_site(jdz)
    c = _client(jdz.member)
    page = c.get(f"/inspections/{jdz.inspection.pk}/")
    assert 'data-testid="evaluations-link"' in page.content.decode()
    r = c.post(f"/evaluations/inspections/{jdz.inspection.pk}/", {"template": "team_evaluation", "min_group": "5"})
    e = Evaluation.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/evaluations/{e.pk}/"
    c.post(f"/evaluations/{e.pk}/group_add/", {"name": "中层干部", "size": "3"})
    assert not e.groups.exists()  # refused: below the office's minimum
    c.post(f"/evaluations/{e.pk}/group_add/", {"name": "中层干部", "size": "12"})
    c.post(f"/evaluations/{e.pk}/open/")
    sheet = c.post(f"/evaluations/{e.pk}/slips/", {"group": group(e, "中层干部").pk, "count": "6"})
    text = sheet.content.decode()
    assert sheet.status_code == 200 and sheet["Cache-Control"] == "no-store"
    assert text.count('data-testid="slip"') == 6 and f"/p/e/{e.token}/" in text and "<svg" in text
    codes = re.findall(r'data-testid="slip-code">([\d ]+)<', text)
    assert len(codes) == 6
    detail = c.get(f"/evaluations/{e.pk}/").content.decode()
    assert "已印制6张" in detail and codes[0] not in detail
    c.post(f"/evaluations/{e.pk}/paper/", {"code": codes[0], "a:team:overall": "good"})
    assert Ballot.objects.count() == 1
    c.post(f"/evaluations/{e.pk}/close/")
    e.refresh_from_db()
    assert e.status == "closed"
    assert "收回答卷1份" in c.get(f"/evaluations/{e.pk}/").content.decode()
    unit = _client(jdz.unit_contact)
    assert unit.get(f"/evaluations/inspections/{jdz.inspection.pk}/").status_code == 403
    assert unit.get(f"/evaluations/{e.pk}/").status_code == 404


def test_public_page_code_form_done(jdz: Side) -> None:
    e = opened(jdz)
    code, other = services.slips_issue(actor=jdz.member, group=group(e, "中层干部"), count=2)
    c = Client()
    url = f"/p/e/{e.token}/"
    first = c.get(url)
    assert first.status_code == 200 and first["Cache-Control"] == "no-store" and 'name="code"' in first.content.decode()
    bad = c.post(url, {"step": "code", "code": "1111 2222 3333 4444"})
    assert bad.status_code == 400 and "无效或已使用" in bad.content.decode()
    form = c.post(url, {"step": "code", "code": code})
    assert form.status_code == 200 and f'value="{code}"' in form.content.decode()
    done = c.post(url, {"step": "answers", "code": code, "a:team:overall": "good", "a:team:political": "poor"})
    assert "已提交，感谢参与" in done.content.decode()
    assert Ballot.objects.get().answers == {"team": {"overall": "good", "political": "poor"}}
    again = c.post(url, {"step": "answers", "code": code, "a:team:overall": "good"})
    assert again.status_code == 400 and Ballot.objects.count() == 1
    assert not c.cookies  # no session, no CSRF cookie
    api = c.get(f"{url}api/").json()
    assert api["open"] and api["options"][0] == {"code": "good", "label": "好"}
    posted = c.post(
        f"{url}api/", {"code": other, "answers": {"team": {"overall": "poor"}}}, content_type="application/json"
    )
    assert posted.status_code == 201 and Ballot.objects.count() == 2
    assert c.post(f"{url}api/", {"code": other, "answers": {}}, content_type="application/json").status_code == 400
    e = services.evaluation_close(actor=jdz.member, evaluation=e)
    assert "已经结束" in c.get(url).content.decode()


def test_api_flow_and_results(jdz: Side) -> None:
    put_on_site(jdz)
    c = _client(jdz.member)
    r = c.post(
        "/api/evaluations/",
        {"inspection": jdz.inspection.pk, "template": "selection_satisfaction"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    c.post(f"/api/evaluations/{pk}/groups/", {"name": "一般干部", "size": 6}, content_type="application/json")
    assert c.post(f"/api/evaluations/{pk}/open/").json()["status"] == "open"
    codes = c.post(
        f"/api/evaluations/{pk}/slips/",
        {"group": Evaluation.objects.get().groups.get().pk},
        content_type="application/json",
    ).json()["codes"]
    assert len(codes) == 6
    for code in codes[:5]:
        assert (
            c.post(
                f"/api/evaluations/{pk}/paper/",
                {"code": code, "answers": {"unit": {"overall": "satisfied"}}},
                content_type="application/json",
            ).status_code
            == 201
        )
    assert c.get(f"/api/evaluations/{pk}/results/").status_code == 400  # still open
    c.post(f"/api/evaluations/{pk}/close/")
    res = c.get(f"/api/evaluations/{pk}/results/").json()
    assert res["total"] == 5 and res["subjects"][0]["rows"][0]["counts"] == [5, 0, 0, 0]
    assert res["rate_label"] == "满意率" and res["subjects"][0]["rows"][0]["rate"] == 100.0
    assert _client(jdz.unit_contact).get(f"/api/evaluations/{pk}/results/").status_code == 404
