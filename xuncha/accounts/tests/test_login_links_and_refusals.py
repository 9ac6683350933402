"""Accounts as a user notices them: a stopped account cannot log in (nor keep its session), an inspector's record is
linked to a login through the page and the API, every write is refused to those without authority (in the
rulebook's own words, under both rulebooks) and recorded as an event, bad input is a Chinese 400 naming the field,
and the lists page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from xuncha.accounts import services as svc
from xuncha.accounts import views
from xuncha.accounts.models import Membership, User
from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.people import services as people
from xuncha.people.models import Inspector
from xuncha.registry.services import cadre_create

PASSWORD = "pw-test-123"  # every conftest account's password
NEW_PASSWORD = "Mq7-tz4k-w9xp"


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def inspector_of(side: Any, code: str = "L01", name: str = "凌某") -> Inspector:
    cadre = cadre_create(actor=side.office_head, jurisdiction=side.jurisdiction, code=code, name=name)
    return people.inspector_create(actor=side.office_head, cadre=cadre, kind="full_time")


# -- login ---------------------------------------------------------------------------------------------------------
def test_a_deactivated_account_cannot_log_in_through_the_login_page(jdz: Any) -> None:
    client = Client()
    svc.user_deactivate(actor=jdz.office_head, user=jdz.member, reason="调离")
    page = client.post("/login/", {"username": "jdz_member", "password": PASSWORD})
    assert page.status_code == 200 and "用户名或密码不正确" in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still anonymous: sent to the login page
    svc.user_activate(actor=jdz.office_head, user=jdz.member)
    back = client.post("/login/", {"username": "jdz_member", "password": PASSWORD})
    assert back.status_code == 302 and client.session["_auth_user_id"] == str(jdz.member.pk)


def test_deactivating_ends_the_session_of_an_account_already_logged_in(jdz: Any) -> None:
    client = Client()
    assert client.login(username="jdz_office_clerk", password=PASSWORD)
    assert client.get("/").status_code == 200
    svc.user_deactivate(actor=jdz.office_head, user=jdz.office_clerk)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get("/api/accounts/").status_code in (401, 403)


def test_a_reset_password_replaces_the_old_one_at_the_login_page(nmg: Any) -> None:
    svc.password_reset(actor=nmg.office_head, user=nmg.receiver, password=NEW_PASSWORD)
    assert Client().post("/login/", {"username": "nmg_receiver", "password": PASSWORD}).status_code == 200
    assert Client().post("/login/", {"username": "nmg_receiver", "password": NEW_PASSWORD}).status_code == 302
    event = Event.objects.get(action="user.password_reset")
    assert event.actor == nmg.office_head and event.jurisdiction == nmg.jurisdiction
    assert NEW_PASSWORD not in f"{event.before}{event.after}"


# -- events ----------------------------------------------------------------------------------------------------------
def test_deactivation_and_activation_are_events_with_before_and_after(jdz: Any) -> None:
    svc.user_deactivate(actor=jdz.office_head, user=jdz.receiver, reason="离职")
    svc.user_activate(actor=jdz.office_head, user=jdz.receiver)
    stopped, started = Event.objects.filter(
        object_id=str(jdz.receiver.pk), action__in=["user.deactivated", "user.activated"]
    ).order_by("seq")
    assert (stopped.action, stopped.actor, stopped.jurisdiction) == (
        "user.deactivated",
        jdz.office_head,
        jdz.jurisdiction,
    )
    assert (stopped.before or {})["is_active"] is True
    assert stopped.after == {
        "username": "jdz_receiver",
        "full_name": "jdzreceiver",
        "is_active": False,
        "reason": "离职",
    }
    assert started.action == "user.activated" and (started.before or {})["is_active"] is False
    assert (started.after or {})["is_active"] is True and fresh(jdz.receiver).is_active


def test_a_refused_act_writes_nothing_and_records_no_event(jdz: Any) -> None:
    before = Event.objects.count()
    for who in (jdz.office_clerk, jdz.auditor, jdz.leader, jdz.unit_contact, jdz.receiver):
        with pytest.raises(PermissionDeniedError):
            svc.user_create(
                actor=who, username="x_new", full_name="某", password=NEW_PASSWORD, jurisdiction=jdz.jurisdiction
            )
        with pytest.raises(PermissionDeniedError):
            svc.user_deactivate(actor=who, user=jdz.member)
        with pytest.raises(PermissionDeniedError):
            svc.password_reset(actor=who, user=jdz.member, password=NEW_PASSWORD)
        with pytest.raises(PermissionDeniedError):
            svc.membership_revoke(actor=who, membership=Membership.objects.get(user=jdz.auditor, role="auditor"))
    assert Event.objects.count() == before
    assert not User.objects.filter(username="x_new").exists() and fresh(jdz.member).is_active
    assert fresh(jdz.member).check_password(PASSWORD)
    assert Membership.objects.get(user=jdz.auditor, role="auditor").active


# -- refusals in each rulebook's words ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "office"),
    [("jdz", "市委巡察工作领导小组办公室（市委巡察办）"), ("nmg", "自治区党委巡视工作领导小组办公室")],
)
def test_a_clerk_is_refused_a_grant_naming_the_rulebooks_office(request: Any, name: str, office: str) -> None:
    side = request.getfixturevalue(name)
    with pytest.raises(PermissionDeniedError) as err:
        svc.membership_grant(actor=side.office_clerk, user=side.member, jurisdiction=side.jurisdiction, role="auditor")
    assert err.value.message == f"只有{office}负责人或系统管理员可以授予{side.jurisdiction}的“只读审计员”角色。"
    assert not Membership.objects.filter(user=side.member, role="auditor").exists()


@pytest.mark.parametrize(("name", "word"), [("jdz", "巡察"), ("nmg", "巡视")])
def test_contact_role_labels_follow_the_rulebooks_word(request: Any, name: str, word: str) -> None:
    side = request.getfixturevalue(name)
    unit = side.other_inspection.target
    m = svc.membership_grant(
        actor=side.office_head, user=side.member, jurisdiction=side.jurisdiction, role="unit_contact", organization=unit
    )
    assert m.role_label == f"被{word}单位联系人"
    assert Event.objects.get(action="membership.granted", object_id=str(m.pk)).after["role_label"] == m.role_label  # type: ignore[index]


# -- linking an inspector's record to a login ------------------------------------------------------------------------
def test_the_api_links_and_unlinks_an_inspector_with_events_and_chinese_refusals(jdz: Any) -> None:
    inspector = inspector_of(jdz)
    url = f"/api/accounts/{jdz.receiver.pk}/link-inspector/"
    # The auditor sees the account but may not link it; the clerk does not even see it.
    assert api(jdz.office_clerk).post(url, {"inspector": inspector.pk}, format="json").status_code == 404
    refused = api(jdz.auditor).post(url, {"inspector": inspector.pk}, format="json")
    assert refused.status_code == 403 and "关联巡察工作人员的登录账号" in refused.json()["detail"]
    head = api(jdz.office_head)
    assert head.post(url, {"inspector": "abc"}, format="json").json() == {"inspector": ["请填写合法的整数值。"]}
    missing = head.post(url, {"inspector": 999999}, format="json")
    assert missing.status_code == 400 and missing.json()["field"] == "inspector"
    assert missing.json()["detail"] == "工作人员档案 999999 不存在或无权查看"
    assert Inspector.objects.get(pk=inspector.pk).user is None

    linked = head.post(url, {"inspector": inspector.pk}, format="json")
    assert linked.status_code == 200 and linked.json()["username"] == "jdz_receiver"
    assert Inspector.objects.get(pk=inspector.pk).user == jdz.receiver
    event = Event.objects.get(action="inspector.user_linked")
    assert (event.actor, event.after) == (jdz.office_head, {"user": "jdz_receiver", "team_places": []})
    again = head.post(f"/api/accounts/{jdz.member.pk}/link-inspector/", {"inspector": inspector.pk}, format="json")
    assert again.status_code == 400 and again.json()["field"] == "user" and "已关联登录账号" in again.json()["detail"]

    unlink = f"/api/accounts/{jdz.receiver.pk}/unlink-inspector/"
    assert api(jdz.auditor).post(unlink, format="json").status_code == 403
    assert Inspector.objects.get(pk=inspector.pk).user == jdz.receiver
    assert head.post(unlink, format="json").status_code == 200
    assert Inspector.objects.get(pk=inspector.pk).user is None
    assert Event.objects.filter(action="inspector.user_unlinked", actor=jdz.office_head).count() == 1
    twice = head.post(unlink, format="json")
    assert twice.status_code == 400 and twice.json() == {
        "detail": "账号 jdz_receiver 未关联工作人员档案",
        "code": "invalid",
        "field": "inspector",
    }


def test_the_detail_page_links_an_inspector_and_refuses_a_deactivated_login(jdz: Any) -> None:
    inspector = inspector_of(jdz)
    client = Client()
    client.force_login(jdz.office_head)
    page = client.post(f"/accounts/{jdz.receiver.pk}/link/", {"inspector": inspector.pk}, follow=True)
    assert f"已将{inspector}的工作人员档案关联到账号 jdz_receiver。" in page.content.decode()
    assert Inspector.objects.get(pk=inspector.pk).user == jdz.receiver
    detail = client.get(f"/accounts/{jdz.receiver.pk}/").content.decode()
    assert "已关联" in detail and str(inspector) in detail

    other = inspector_of(jdz, code="L02", name="柳某")
    svc.user_deactivate(actor=jdz.office_head, user=jdz.other_unit_contact)
    with pytest.raises(ServiceError, match="已停用") as err:
        people.inspector_link_user(actor=jdz.office_head, inspector=other, user=fresh(jdz.other_unit_contact))
    assert err.value.field == "user"
    page = client.post(f"/accounts/{jdz.other_unit_contact.pk}/link/", {"inspector": other.pk}, follow=True)
    assert "账号 jdz_other_unit_contact 已停用" in page.content.decode()
    assert Inspector.objects.get(pk=other.pk).user is None


# -- bad input over the API: 400, in Chinese, naming the field --------------------------------------------------------
def test_bad_input_is_a_chinese_400_naming_the_field(jdz: Any) -> None:
    head = api(jdz.office_head)
    grant = {"user": jdz.member.pk, "jurisdiction": jdz.jurisdiction.pk}
    assert head.post("/api/memberships/", {**grant, "role": "boss"}, format="json").json() == {
        "role": ["角色 boss 无效"]
    }
    assert head.post("/api/memberships/", grant, format="json").json() == {"role": ["该字段是必填项。"]}
    bad_user = head.post("/api/memberships/", {**grant, "user": "abc", "role": "auditor"}, format="json")
    assert bad_user.status_code == 400 and bad_user.json() == {"user": ["请填写合法的整数值。"]}
    active = head.post(f"/api/accounts/{jdz.member.pk}/activate/", format="json")
    assert active.status_code == 400 and active.json()["field"] == "user"
    assert active.json()["detail"] == "账号 jdz_member 已在使用中"
    weak = head.post(f"/api/accounts/{jdz.member.pk}/reset-password/", {"password": "123"}, format="json")
    assert weak.status_code == 400 and weak.json()["field"] == "password"
    assert weak.json()["detail"].startswith("密码：密码长度太短，至少需要 8 个字符")
    assert fresh(jdz.member).check_password(PASSWORD)
    m = Membership.objects.get(user=jdz.auditor, role="auditor")
    assert head.post(f"/api/memberships/{m.pk}/revoke/", {}, format="json").status_code == 200
    twice = head.post(f"/api/memberships/{m.pk}/revoke/", {}, format="json")
    assert twice.status_code == 400 and twice.json()["field"] == "membership" and "已撤销" in twice.json()["detail"]
    taken = head.post(
        "/api/accounts/",
        {"username": "jdz_member", "full_name": "重", "jurisdiction": jdz.jurisdiction.pk},
        format="json",
    )
    assert taken.status_code == 400 and taken.json()["field"] == "username"
    assert taken.json()["detail"] == "用户名 jdz_member 已存在"


def test_another_jurisdictions_account_is_not_found_and_stays_active(jdz: Any, nmg: Any) -> None:
    head = api(jdz.office_head)
    for action in ("deactivate", "reset-password"):
        assert head.post(f"/api/accounts/{nmg.receiver.pk}/{action}/", {}, format="json").status_code == 404
    assert head.get(f"/api/accounts/{nmg.receiver.pk}/").status_code == 404
    assert fresh(nmg.receiver).is_active and fresh(nmg.receiver).check_password(PASSWORD)
    changes = ["user.deactivated", "user.password_reset"]
    assert not Event.objects.filter(object_id=str(nmg.receiver.pk), action__in=changes).exists()


# -- pagination ------------------------------------------------------------------------------------------------------
def test_the_account_api_pages_without_gaps_or_overlaps(jdz: Any) -> None:
    head = api(jdz.office_head)
    everyone = head.get("/api/accounts/", {"limit": 200}).json()
    assert everyone["count"] == 10 and everyone["next"] is None
    first = head.get("/api/accounts/", {"limit": 4}).json()
    assert first["count"] == 10 and len(first["results"]) == 4 and "offset=4" in first["next"]
    pages = [first["results"]]
    for offset in (4, 8):
        pages.append(head.get("/api/accounts/", {"limit": 4, "offset": offset}).json()["results"])
    assert [len(p) for p in pages] == [4, 4, 2]
    assert [a["username"] for p in pages for a in p] == [a["username"] for a in everyone["results"]]
    memberships = head.get("/api/memberships/", {"limit": 2, "jurisdiction": jdz.jurisdiction.pk}).json()
    assert memberships["count"] == Membership.objects.filter(jurisdiction=jdz.jurisdiction).count()
    assert len(memberships["results"]) == 2 and memberships["next"] is not None


def test_the_account_list_page_pages(jdz: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    client = Client()
    client.force_login(jdz.office_head)
    names = [u.username for u in User.objects.filter(username__startswith="jdz_")]
    seen = []
    for number in (1, 2, 3):
        page = client.get("/accounts/", {"page": number})
        assert page.status_code == 200
        seen += [n for n in names if f">{n}<" in page.content.decode()]
    assert sorted(seen) == sorted(names) and len(seen) == len(set(seen)) == 10


def test_the_pages_refuse_an_auditor_every_change_and_say_why(jdz: Any) -> None:
    client = Client()
    client.force_login(jdz.auditor)
    before = Event.objects.count()
    page = client.post(f"/accounts/{jdz.member.pk}/active/", {"reason": "试"}, follow=True)
    assert "只有办公室负责人或系统管理员可以停用账号。" in page.content.decode()
    page = client.post(f"/accounts/{jdz.member.pk}/password/", {}, follow=True)
    assert "只有办公室负责人或系统管理员可以重置账号密码。" in page.content.decode()
    assert "只显示这一次" not in page.content.decode()  # no new password was set and shown
    assert (
        client.post(f"/accounts/{jdz.member.pk}/grant/", {"j": jdz.jurisdiction.pk, "role": "auditor"}).status_code
        == 404
    )
    m = Membership.objects.get(user=jdz.unit_contact, role="unit_contact")
    page = client.post(f"/accounts/memberships/{m.pk}/revoke/", follow=True)
    assert "只有市委巡察工作领导小组办公室（市委巡察办）负责人或系统管理员可以撤销" in page.content.decode()
    assert Event.objects.count() == before
    assert fresh(jdz.member).is_active and fresh(jdz.member).check_password(PASSWORD)
    assert Membership.objects.get(pk=m.pk).active
