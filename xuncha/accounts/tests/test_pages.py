"""The accounts pages: who sees them, the password shown once, the grant with an organization picked by search."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xuncha.accounts import services as svc
from xuncha.accounts.models import Membership, User
from xuncha.registry.services import organization_create

PASSWORD = "Mq7-tz4k-w9xp"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response: Any) -> str:
    return response.content.decode()


def test_the_nav_link_is_for_office_heads_auditors_and_the_system_administrator(jdz: Any) -> None:
    assert 'data-testid="nav-accounts"' in text(client_for(jdz.office_head).get("/"))
    assert 'data-testid="nav-accounts"' in text(client_for(jdz.auditor).get("/"))
    for who in (jdz.office_clerk, jdz.member, jdz.unit_contact):
        assert 'data-testid="nav-accounts"' not in text(client_for(who).get("/"))
        assert client_for(who).get("/accounts/").status_code == 403


def test_the_list_shows_the_own_jurisdictions_accounts_with_their_roles_and_searches(jdz: Any, nmg: Any) -> None:
    page = text(client_for(jdz.office_head).get("/accounts/"))
    assert "jdz_unit_contact" in page and "被巡察单位联系人（jdz单位一）" in page
    assert "nmg_" not in page
    searched = text(client_for(jdz.office_head).get("/accounts/", {"q": "receiver"}))
    assert "jdz_receiver" in searched and "jdz_unit_contact" not in searched
    assert 'data-testid="new-account"' not in text(client_for(jdz.auditor).get("/accounts/"))


def test_creating_an_account_shows_the_generated_password_once(jdz: Any) -> None:
    client = client_for(jdz.office_head)
    r = client.post(
        "/accounts/new/", {"username": "page_user", "full_name": "页面用户", "jurisdiction": jdz.jurisdiction.pk}
    )
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    shown = r.context["password"]
    assert shown in text(r) and "只显示这一次" in text(r)
    user = User.objects.get(username="page_user")
    assert user.check_password(shown) and user.home_jurisdiction == jdz.jurisdiction
    assert shown not in text(client.get(f"/accounts/{user.pk}/"))
    r = client.post(
        "/accounts/new/", {"username": "weak", "full_name": "弱", "jurisdiction": jdz.jurisdiction.pk, "password": "1"}
    )
    assert "密码长度太短，至少需要 8 个字符" in text(r) and not User.objects.filter(username="weak").exists()


def test_the_organization_is_picked_by_search_among_the_own_jurisdiction(jdz: Any, nmg: Any) -> None:
    for k in range(25):
        organization_create(
            actor=None,
            jurisdiction=jdz.jurisdiction,
            name=f"搜索单位{k:02}",
            kind="target",
            target_category="local_leadership",
        )
    client = client_for(jdz.office_head)
    found = text(client.get("/accounts/pick/organizations/", {"j": jdz.jurisdiction.pk, "q": "搜索单位"}))
    assert found.count('type="radio"') == 20
    assert "jdz单位一" in text(client.get("/accounts/pick/organizations/", {"j": jdz.jurisdiction.pk, "q": "单位一"}))
    # Another jurisdiction's organizations are not offered, even when asked for.
    assert 'type="radio"' not in text(
        client.get("/accounts/pick/organizations/", {"j": nmg.jurisdiction.pk, "q": "单位"})
    )
    detail = text(client.get(f"/accounts/{jdz.member.pk}/"))
    assert 'data-testid="grant-form"' in detail and "搜索单位00" not in detail  # no whole-registry select
    options = detail.split('id="id_role"')[1].split("</select>")[0]
    assert "办公室负责人" not in options and "系统管理员" not in options and "被巡察单位联系人" in options


def test_granting_and_revoking_through_the_page(jdz: Any) -> None:
    client = client_for(jdz.office_head)
    unit = jdz.other_inspection.target
    r = client.post(
        f"/accounts/{jdz.member.pk}/grant/",
        {"j": jdz.jurisdiction.pk, "role": "unit_contact", "organization": unit.pk},
        follow=True,
    )
    assert f"已授予{jdz.member}“被巡察单位联系人”（{unit}）" in text(r)
    m = Membership.objects.get(user=jdz.member, role="unit_contact")
    r = client.post(f"/accounts/memberships/{m.pk}/revoke/", follow=True)
    assert "已撤销" in text(r) and not Membership.objects.get(pk=m.pk).active
    r = client.post(
        f"/accounts/{jdz.member.pk}/grant/", {"j": jdz.jurisdiction.pk, "role": "unit_contact"}, follow=True
    )
    assert "须指定所在单位" in text(r)


def test_the_password_reset_and_deactivation_on_the_detail_page(jdz: Any, nmg: Any) -> None:
    client = client_for(jdz.office_head)
    r = client.post(f"/accounts/{jdz.office_clerk.pk}/password/", {})
    assert r.status_code == 200 and User.objects.get(pk=jdz.office_clerk.pk).check_password(r.context["password"])
    r = client.post(f"/accounts/{jdz.office_clerk.pk}/active/", {"reason": "离职"}, follow=True)
    assert "已停用账号" in text(r) and not User.objects.get(pk=jdz.office_clerk.pk).is_active
    assert client.get(f"/accounts/{nmg.office_clerk.pk}/").status_code == 404
    own = text(client.get(f"/accounts/{jdz.office_head.pk}/"))
    assert 'data-testid="manage-refusal"' in own and "不能管理自己的账号" in own


def test_the_jurisdiction_page_is_the_system_administrators(jdz: Any) -> None:
    assert client_for(jdz.office_head).get("/accounts/jurisdictions/").status_code == 403
    root = svc.user_create(actor=None, username="root", full_name="管理员", password=PASSWORD)
    root.is_superuser = True
    root.save()
    client = client_for(root)
    r = client.post(
        "/accounts/jurisdictions/",
        {
            "code": "fl",
            "name": "中共浮梁县委",
            "short_name": "浮梁县委",
            "rulebook_code": "JDZ-2017",
            "parent": jdz.jurisdiction.pk,
        },
        follow=True,
    )
    assert "已建立中共浮梁县委" in text(r) and "景德镇市委" in text(r)


def test_the_account_list_page_does_a_fixed_number_of_queries(jdz: Any) -> None:
    client = client_for(jdz.office_head)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/accounts/").status_code == 200
    for k in range(8):
        user = svc.user_create(
            actor=None, username=f"more{k}", full_name="某", password=PASSWORD, jurisdiction=jdz.jurisdiction
        )
        svc.membership_grant(actor=None, user=user, jurisdiction=jdz.jurisdiction, role="auditor")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/accounts/").status_code == 200
    assert len(many) == len(few)
