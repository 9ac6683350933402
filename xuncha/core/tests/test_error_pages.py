"""Error pages and API errors speak Chinese: 400/403/404/500 pages in the site's style, and every API error message
(not logged in, not found, malformed JSON, wrong method, CSRF, field validation, throttling, server error)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from rest_framework import exceptions

from xuncha.core import views
from xuncha.core.api import exception_handler, has_chinese


def _all_chinese(body: Any) -> bool:
    if isinstance(body, dict):
        return all(_all_chinese(v) for k, v in body.items() if k not in ("code", "field"))
    if isinstance(body, list):
        return all(_all_chinese(v) for v in body)
    return has_chinese(str(body))


def test_page_404_is_chinese_in_the_site_style(jdz: Any) -> None:
    client = Client()
    client.force_login(jdz.office_head)
    r = client.get("/no-such-page/")
    page = r.content.decode()
    assert r.status_code == 404 and "页面不存在（404）" in page and "Not Found" not in page
    assert 'lang="zh-Hans"' in page and "工作台" in page  # the site's navigation
    # a view's own Chinese reason is shown; Django's English one is not
    page = client.get("/rulebooks/NO-SUCH/").content.decode()
    assert "没有这部规则" in page
    page = client.get("/inspections/999999/").content.decode()
    assert "matches the given query" not in page and "页面不存在" in page


def test_api_404_is_json_in_chinese(jdz: Any) -> None:
    client = Client()
    client.force_login(jdz.office_head)
    r = client.get("/api/no-such-endpoint/")
    assert r.status_code == 404 and r.json() == {"detail": "接口不存在：/api/no-such-endpoint/", "code": "not_found"}
    r = client.get("/api/inspections/999999/")
    assert r.status_code == 404 and r.json() == {"detail": "编号为 999999 的记录不存在或无权查看", "code": "not_found"}


def test_page_500_has_no_database_query(jdz: Any, django_assert_num_queries: Any) -> None:
    request = RequestFactory().get("/events/")
    request.user = jdz.office_head
    with django_assert_num_queries(0):
        r = views.server_error(request)
    page = r.content.decode()
    assert r.status_code == 500 and "服务器内部错误（500）" in page and "Server Error" not in page
    assert "xuncha.css" in page  # the site's style


def test_a_crash_answers_the_chinese_500(jdz: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from xuncha.audit import views as audit_views
    from xuncha.audit.api import EventViewSet

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(audit_views, "Paginator", boom)
    monkeypatch.setattr(EventViewSet, "get_queryset", boom)
    client = Client(raise_request_exception=False)
    client.force_login(jdz.auditor)
    r = client.get("/events/")
    assert r.status_code == 500 and "服务器内部错误（500）" in r.content.decode()
    r = client.get("/api/events/")
    assert r.status_code == 500 and r.json()["code"] == "server_error" and has_chinese(r.json()["detail"])


def test_403_and_400_pages_are_chinese(jdz: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(jdz.office_head)
    r = client.post("/workdays/years/", {})  # no CSRF token
    assert r.status_code == 403 and "表单已失效（403）" in r.content.decode() and "Forbidden" not in r.content.decode()
    request = RequestFactory().get("/")
    from django.views.defaults import bad_request, permission_denied

    assert "请求有误（400）" in bad_request(request, exceptions.ParseError()).content.decode()
    request.user = jdz.office_head
    assert "无权访问（403）" in permission_denied(request, PermissionError()).content.decode()


def test_api_errors_are_chinese(jdz: Any) -> None:
    anonymous = Client()
    r = anonymous.get("/api/events/")
    assert r.status_code == 403 and _all_chinese(r.json()), r.json()
    client = Client()
    client.force_login(jdz.office_head)
    answers = [
        client.delete(f"/api/inspections/{jdz.inspection.pk}/"),  # method not allowed
        client.post("/api/inspections/", "{not json", content_type="application/json"),  # parse error
        client.post("/api/inspections/", {}, content_type="application/json"),  # required fields
        client.post("/api/inspections/", {"round": "x"}, content_type="application/json"),  # not an integer
        client.post("/api/inspections/", "<x/>", content_type="application/xml"),  # unsupported media type
        client.get("/api/events/", HTTP_ACCEPT="application/xml"),  # not acceptable
    ]
    assert [a.status_code for a in answers] == [405, 400, 400, 400, 415, 406]
    for a in answers:
        assert _all_chinese(a.json()), a.json()
    assert answers[1].json()["detail"].startswith("请求内容无法解析")
    assert answers[2].json()["round"] == ["该字段是必填项。"]
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(jdz.office_head)
    r = csrf.post("/api/inspections/", {}, content_type="application/json")
    assert r.status_code == 403 and r.json()["detail"].startswith("CSRF 校验失败")


def test_framework_messages_left_in_english_become_chinese() -> None:
    throttled = exception_handler(exceptions.Throttled(wait=30), {})
    assert throttled is not None and throttled.status_code == 429 and _all_chinese(throttled.data)
    english = exception_handler(exceptions.ValidationError({"n": ["A valid biginteger is required."]}), {})
    assert english is not None and english.data == {"n": ["请求有误，请检查填写的内容"]}
    failed = exception_handler(exceptions.AuthenticationFailed(), {})
    assert failed is not None and _all_chinese(failed.data)
