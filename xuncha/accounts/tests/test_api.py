"""The accounts API: the same services as the pages; refusals are 403 and bad input 400, in Chinese."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from xuncha.accounts import services as svc
from xuncha.accounts.models import Membership, User
from xuncha.audit.models import Event
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.planning.models import TeamMembership

PASSWORD = "Mq7-tz4k-w9xp"


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def admin(side: Any) -> User:
    user = svc.user_create(actor=None, username="root", full_name="管理员", password=PASSWORD)
    svc.membership_grant(actor=None, user=user, jurisdiction=side.jurisdiction, role="sysadmin")
    return User.objects.get(pk=user.pk)


def test_office_head_creates_an_account_the_password_is_returned_once_and_grants_a_contact(jdz: Any) -> None:
    client = api(jdz.office_head)
    r = client.post(
        "/api/accounts/",
        {"username": "api_unit", "full_name": "接口联系人", "jurisdiction": jdz.jurisdiction.pk},
        format="json",
    )
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["username"] == "api_unit" and body["home_jurisdiction"] == jdz.jurisdiction.pk
    assert r["Cache-Control"] == "no-store"
    password = body["password"]
    assert User.objects.get(username="api_unit").check_password(password)
    assert "password" not in client.get(f"/api/accounts/{body['id']}/").json()
    unit = jdz.inspection.target
    r = client.post(
        "/api/memberships/",
        {"user": body["id"], "jurisdiction": jdz.jurisdiction.pk, "role": "unit_contact", "organization": unit.pk},
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert r.json()["role_label"] == "被巡察单位联系人" and r.json()["organization_name"] == unit.name
    listed = client.get("/api/accounts/", {"q": "api_"}).json()
    assert [a["username"] for a in listed["results"]] == ["api_unit"]
    assert listed["results"][0]["memberships"][0]["role"] == "unit_contact"


def test_refusals_are_403_and_bad_input_400_naming_the_field(jdz: Any, nmg: Any) -> None:
    r = api(jdz.office_clerk).post(
        "/api/accounts/", {"username": "x1", "full_name": "某", "jurisdiction": jdz.jurisdiction.pk}, format="json"
    )
    assert r.status_code == 403 and r.json()["detail"] == "只有景德镇市委的办公室负责人或系统管理员可以建立账号。"
    r = api(jdz.office_head).post(
        "/api/accounts/",
        {"username": "x1", "full_name": "某", "jurisdiction": jdz.jurisdiction.pk, "password": "123"},
        format="json",
    )
    assert r.status_code == 400 and r.json()["field"] == "password" and "密码长度太短" in r.json()["detail"]
    r = api(jdz.office_head).post("/api/accounts/", {"full_name": "某"}, format="json")
    assert r.status_code == 400 and r.json()["username"] == ["用户名：必填"]
    r = api(jdz.office_head).post(
        "/api/memberships/",
        {"user": jdz.member.pk, "jurisdiction": jdz.jurisdiction.pk, "role": "office_head"},
        format="json",
    )
    assert r.status_code == 403 and "只能由系统管理员授予" in r.json()["detail"]
    r = api(jdz.office_head).post(
        "/api/memberships/",
        {"user": jdz.member.pk, "jurisdiction": jdz.jurisdiction.pk, "role": "unit_contact"},
        format="json",
    )
    assert r.status_code == 400 and r.json()["field"] == "organization"
    r = api(jdz.office_head).post(
        "/api/memberships/",
        {"user": nmg.member.pk, "jurisdiction": nmg.jurisdiction.pk, "role": "auditor"},
        format="json",
    )
    assert r.status_code == 400 and r.json() == {
        "detail": f"账号 {nmg.member.pk} 不存在或无权查看",
        "code": "invalid",
        "field": "user",
    }
    assert not Membership.objects.filter(user=nmg.member, role="auditor").exists()


def test_revoke_deactivate_and_reset_over_the_api(jdz: Any) -> None:
    client = api(jdz.office_head)
    m = Membership.objects.get(user=jdz.auditor, role="auditor")
    r = client.post(f"/api/memberships/{m.pk}/revoke/", {"reason": "调岗"}, format="json")
    assert r.status_code == 200 and r.json()["active"] is False
    r = client.post(f"/api/accounts/{jdz.office_clerk.pk}/reset-password/", {}, format="json")
    assert r.status_code == 200 and User.objects.get(pk=jdz.office_clerk.pk).check_password(r.json()["password"])
    r = client.post(f"/api/accounts/{jdz.office_clerk.pk}/reset-password/", {"password": PASSWORD}, format="json")
    assert r.status_code == 200 and "password" not in r.json()
    r = client.post(f"/api/accounts/{jdz.office_clerk.pk}/deactivate/", {"reason": "离职"}, format="json")
    assert r.status_code == 200 and r.json()["is_active"] is False
    r = client.post(f"/api/accounts/{jdz.office_clerk.pk}/activate/", format="json")
    assert r.status_code == 200 and r.json()["is_active"] is True
    r = client.post(f"/api/accounts/{jdz.office_head.pk}/deactivate/", {}, format="json")
    assert r.status_code == 403 and r.json()["detail"].startswith("不能停用自己的账号")
    assert Event.objects.filter(action__in=["user.password_reset", "user.deactivated", "user.activated"]).count() == 4
    # A unit contact sees only itself among the accounts.
    listed = api(jdz.unit_contact).get("/api/accounts/").json()
    assert [a["username"] for a in listed["results"]] == [jdz.unit_contact.username]


def test_team_places_list_and_revoke(jdz: Any) -> None:
    place = TeamMembership.objects.get(team=jdz.inspection.team, user=jdz.member)
    r = api(jdz.office_clerk).post(f"/api/team-places/{place.pk}/revoke/", {"reason": "调离"}, format="json")
    assert r.status_code == 403
    r = api(jdz.office_head).post(f"/api/team-places/{place.pk}/revoke/", {}, format="json")
    assert r.status_code == 400 and r.json()["reason"] == ["撤销原因：必填"]
    r = api(jdz.office_head).post(
        f"/api/team-places/{place.pk}/revoke/", {"reason": "调离", "on": "2026-04-09"}, format="json"
    )
    assert r.status_code == 200 and r.json()["ended_on"] == "2026-04-09" and r.json()["end_reason"] == "revoked"
    active = api(jdz.office_head).get("/api/team-places/", {"team": jdz.inspection.team.pk, "active": "true"}).json()
    assert [p["username"] for p in active["results"]] == [jdz.leader.username]
    # The member no longer sees the team's places at all.
    assert api(User.objects.get(pk=jdz.member.pk)).get("/api/team-places/").json()["count"] == 0


def test_jurisdictions_are_created_and_given_a_parent_by_the_system_administrator(jdz: Any, nmg: Any) -> None:
    body = {
        "code": "fl",
        "name": "中共浮梁县委",
        "short_name": "浮梁县委",
        "rulebook_code": "JDZ-2017",
        "parent": jdz.jurisdiction.pk,
    }
    r = api(jdz.office_head).post("/api/jurisdictions/", body, format="json")
    assert r.status_code == 403 and r.json()["detail"] == "只有系统管理员可以建立党委。"
    root = admin(jdz)
    r = api(root).post("/api/jurisdictions/", body, format="json")
    assert r.status_code == 201 and r.json()["parent"] == jdz.jurisdiction.pk and r.json()["word"] == "巡察"
    county = Jurisdiction.objects.get(code="fl")
    r = api(root).patch(f"/api/jurisdictions/{jdz.jurisdiction.pk}/", {"parent": county.pk}, format="json")
    assert r.status_code == 400 and r.json()["field"] == "parent"
    r = api(root).patch(f"/api/jurisdictions/{jdz.jurisdiction.pk}/", {"parent": nmg.jurisdiction.pk}, format="json")
    assert r.status_code == 200 and r.json()["parent"] == nmg.jurisdiction.pk
    r = api(root).post(
        "/api/jurisdictions/", {**body, "code": "yy", "name": "某", "rulebook_code": "XX"}, format="json"
    )
    assert r.status_code == 400 and "规则代码 XX 不存在" in r.json()["detail"]


def test_the_account_list_does_a_fixed_number_of_queries(jdz: Any) -> None:
    client = api(jdz.office_head)
    client.get("/api/accounts/")  # the viewer is then cached on the user object, as within one request
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/accounts/").status_code == 200
    for k in range(8):
        user = svc.user_create(
            actor=None, username=f"more{k}", full_name="某", password=PASSWORD, jurisdiction=jdz.jurisdiction
        )
        svc.membership_grant(actor=None, user=user, jurisdiction=jdz.jurisdiction, role="auditor")
    with CaptureQueriesContext(connection) as many:
        r = client.get("/api/accounts/")
    assert r.json()["count"] >= 18
    assert len(many) == len(few)


def test_the_schema_describes_the_account_endpoints(jdz: Any) -> None:
    schema = api(jdz.office_head).get("/api/schema/", {"format": "json"}).json()
    for path in (
        "/api/accounts/",
        "/api/accounts/{id}/reset-password/",
        "/api/memberships/{id}/revoke/",
        "/api/team-places/{id}/revoke/",
        "/api/jurisdictions/",
    ):
        assert path in schema["paths"], path
    assert "post" in schema["paths"]["/api/jurisdictions/"]
