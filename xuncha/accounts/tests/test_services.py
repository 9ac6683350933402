"""Accounts and roles: who may create, grant, revoke, deactivate and reset; every act an event without the password."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from xuncha.accounts import services as svc
from xuncha.accounts.models import Membership, User
from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.visibility import viewer_for
from xuncha.jurisdictions.services import jurisdiction_create, jurisdiction_update
from xuncha.registry.models import Organization

PASSWORD = "Mq7-tz4k-w9xp"


def fresh(user: User) -> User:
    """The same account without the per-object viewer cache (roles are read again)."""
    return User.objects.get(pk=user.pk)


def sysadmin(side: Any) -> User:
    admin = svc.user_create(actor=None, username="root", full_name="管理员", password=PASSWORD)
    svc.membership_grant(actor=None, user=admin, jurisdiction=side.jurisdiction, role="sysadmin")
    return fresh(admin)


def unit_one(side: Any) -> Organization:
    return side.inspection.target


def test_office_head_creates_an_account_and_grants_a_units_contact_role(jdz: Any) -> None:
    user = svc.user_create(
        actor=jdz.office_head,
        username="newcontact",
        full_name="新联系人",
        password=PASSWORD,
        jurisdiction=jdz.jurisdiction,
    )
    assert user.home_jurisdiction == jdz.jurisdiction and user.check_password(PASSWORD)
    m = svc.membership_grant(
        actor=jdz.office_head, user=user, jurisdiction=jdz.jurisdiction, role="unit_contact", organization=unit_one(jdz)
    )
    assert m.role_label == "被巡察单位联系人"
    assert viewer_for(fresh(user)).unit_org_ids == {unit_one(jdz).pk}
    created = Event.objects.get(action="user.created", object_id=str(user.pk))
    granted = Event.objects.get(action="membership.granted", object_id=str(m.pk))
    assert created.jurisdiction == jdz.jurisdiction and created.actor == jdz.office_head
    assert PASSWORD not in str(created.after) and "password" not in str(created.after)
    assert granted.before is None
    assert granted.after == {
        "user": "newcontact",
        "jurisdiction": "jdz",
        "role": "unit_contact",
        "role_label": "被巡察单位联系人",
        "organization": unit_one(jdz).name,
        "active": True,
    }


def test_the_role_label_follows_the_jurisdictions_word(nmg: Any) -> None:
    m = Membership.objects.get(user=nmg.unit_contact, role="unit_contact")
    assert m.role_label == "被巡视单位联系人"


def test_password_validators_refuse_a_weak_password_in_chinese(jdz: Any) -> None:
    with pytest.raises(ServiceError) as err:
        svc.user_create(
            actor=jdz.office_head, username="weak", full_name="弱", password="1234", jurisdiction=jdz.jurisdiction
        )
    assert err.value.field == "password"
    assert err.value.message.startswith("密码：") and "密码长度太短，至少需要 8 个字符；密码太常见" in err.value.message
    assert not User.objects.filter(username="weak").exists()
    with pytest.raises(ServiceError, match="用户名 JDZ_member 已存在"):
        svc.user_create(
            actor=jdz.office_head,
            username="JDZ_member",
            full_name="重",
            password=PASSWORD,
            jurisdiction=jdz.jurisdiction,
        )


@pytest.mark.parametrize("role", ["office_head", "sysadmin"])
def test_an_office_head_cannot_grant_a_role_as_high_as_their_own(jdz: Any, role: str) -> None:
    with pytest.raises(PermissionDeniedError, match="只能由系统管理员授予"):
        svc.membership_grant(actor=jdz.office_head, user=jdz.member, jurisdiction=jdz.jurisdiction, role=role)
    assert not Membership.objects.filter(user=jdz.member, role=role).exists()


def test_an_office_head_cannot_grant_in_another_jurisdiction(jdz: Any, nmg: Any) -> None:
    with pytest.raises(PermissionDeniedError, match="负责人或系统管理员可以授予内蒙古自治区党委的“只读审计员”角色"):
        svc.membership_grant(actor=jdz.office_head, user=nmg.member, jurisdiction=nmg.jurisdiction, role="auditor")
    # Nor reach another jurisdiction's account through the own jurisdiction.
    with pytest.raises(PermissionDeniedError, match="不属于景德镇市委"):
        svc.membership_grant(actor=jdz.office_head, user=nmg.member, jurisdiction=jdz.jurisdiction, role="auditor")


def test_clerks_auditors_and_contacts_grant_nothing(jdz: Any) -> None:
    for who in (jdz.office_clerk, jdz.auditor, jdz.unit_contact, jdz.leader):
        with pytest.raises(PermissionDeniedError):
            svc.membership_grant(actor=who, user=jdz.member, jurisdiction=jdz.jurisdiction, role="auditor")
        assert svc.grantable_roles(who, jdz.jurisdiction) == []


def test_the_system_administrator_grants_the_office_head_anywhere(jdz: Any, nmg: Any) -> None:
    admin = sysadmin(jdz)
    m = svc.membership_grant(actor=admin, user=nmg.member, jurisdiction=nmg.jurisdiction, role="office_head")
    assert m.role_label == "办公室负责人" and viewer_for(fresh(nmg.member)).has_role(nmg.jurisdiction.pk, "office_head")


def test_a_contact_names_an_organization_of_the_right_kind_in_the_jurisdiction(jdz: Any, nmg: Any) -> None:
    grant = {"actor": jdz.office_head, "user": jdz.member, "jurisdiction": jdz.jurisdiction}
    with pytest.raises(ServiceError, match="须指定所在单位") as err:
        svc.membership_grant(**grant, role="unit_contact")
    assert err.value.field == "organization"
    with pytest.raises(ServiceError, match="不属于景德镇市委"):
        svc.membership_grant(**grant, role="unit_contact", organization=nmg.inspection.target)
    with pytest.raises(ServiceError, match="所在单位须是接收单位"):
        svc.membership_grant(**grant, role="receiver_contact", organization=unit_one(jdz))
    with pytest.raises(ServiceError, match="不指定所在单位"):
        svc.membership_grant(**grant, role="auditor", organization=unit_one(jdz))


def test_revoking_removes_the_access_and_granting_again_reuses_the_record(jdz: Any) -> None:
    m = Membership.objects.get(user=jdz.unit_contact, role="unit_contact")
    with pytest.raises(ServiceError, match="已担任"):
        svc.membership_grant(
            actor=jdz.office_head,
            user=jdz.unit_contact,
            jurisdiction=jdz.jurisdiction,
            role="unit_contact",
            organization=unit_one(jdz),
        )
    svc.membership_revoke(actor=jdz.office_head, membership=m, reason="调岗")
    assert viewer_for(fresh(jdz.unit_contact)).unit_org_ids == frozenset()
    revoked = Event.objects.get(action="membership.revoked")
    assert (revoked.before or {})["active"] is True and (revoked.after or {})["active"] is False
    assert (revoked.after or {})["reason"] == "调岗"
    again = svc.membership_grant(
        actor=jdz.office_head,
        user=jdz.unit_contact,
        jurisdiction=jdz.jurisdiction,
        role="unit_contact",
        organization=unit_one(jdz),
    )
    assert again.pk == m.pk and again.active
    assert (Event.objects.filter(action="membership.granted").last().before or {})["active"] is False  # type: ignore[union-attr]
    office_head = Membership.objects.get(user=jdz.office_head, role="office_head")
    with pytest.raises(PermissionDeniedError, match="只能由系统管理员撤销"):
        svc.membership_revoke(actor=jdz.office_head, membership=office_head)


def test_deactivating_stops_the_login_and_is_refused_outside_the_own_jurisdiction(jdz: Any, nmg: Any) -> None:
    assert Client().login(username="jdz_office_clerk", password="pw-test-123")
    svc.user_deactivate(actor=jdz.office_head, user=jdz.office_clerk, reason="离职")
    assert not Client().login(username="jdz_office_clerk", password="pw-test-123")
    assert viewer_for(fresh(jdz.office_clerk)).authenticated is False
    event = Event.objects.get(action="user.deactivated")
    assert event.jurisdiction == jdz.jurisdiction and (event.after or {})["is_active"] is False
    with pytest.raises(ServiceError, match="已停用"):
        svc.user_deactivate(actor=jdz.office_head, user=jdz.office_clerk)
    with pytest.raises(ServiceError, match="已停用，不能授予角色"):
        svc.membership_grant(
            actor=jdz.office_head, user=fresh(jdz.office_clerk), jurisdiction=jdz.jurisdiction, role="auditor"
        )
    svc.user_activate(actor=jdz.office_head, user=jdz.office_clerk)
    assert Client().login(username="jdz_office_clerk", password="pw-test-123")

    with pytest.raises(PermissionDeniedError, match="角色不全在您负责的党委"):
        svc.user_deactivate(actor=jdz.office_head, user=nmg.office_clerk)
    # An account with a role here and one in another jurisdiction is the system administrator's to deactivate.
    svc.membership_grant(actor=None, user=jdz.auditor, jurisdiction=nmg.jurisdiction, role="auditor")
    with pytest.raises(PermissionDeniedError, match="角色不全在您负责的党委"):
        svc.user_deactivate(actor=jdz.office_head, user=jdz.auditor)
    with pytest.raises(PermissionDeniedError, match="不能停用自己的账号"):
        svc.user_deactivate(actor=jdz.office_head, user=jdz.office_head)
    with pytest.raises(PermissionDeniedError, match="只有办公室负责人或系统管理员"):
        svc.user_deactivate(actor=jdz.office_clerk, user=jdz.member)


def test_an_office_head_cannot_deactivate_or_reset_another_office_head(jdz: Any) -> None:
    second = svc.user_create(actor=None, username="head2", full_name="另一负责人", password=PASSWORD)
    svc.membership_grant(actor=None, user=second, jurisdiction=jdz.jurisdiction, role="office_head")
    for call in (svc.user_deactivate, svc.password_reset):
        kwargs = {"password": PASSWORD} if call is svc.password_reset else {}
        with pytest.raises(PermissionDeniedError, match="只有系统管理员"):
            call(actor=jdz.office_head, user=second, **kwargs)
    admin = sysadmin(jdz)
    svc.user_deactivate(actor=admin, user=second)


def test_password_reset_sets_the_new_password_and_never_records_it(jdz: Any) -> None:
    new = svc.generate_password()
    assert len(new) == 19 and new.count("-") == 3
    svc.password_reset(actor=jdz.office_head, user=jdz.member, password=new)
    assert Client().login(username="jdz_member", password=new)
    assert not Client().login(username="jdz_member", password="pw-test-123")
    event = Event.objects.get(action="user.password_reset")
    assert new not in str(event.after) and new not in str(event.before)
    with pytest.raises(ServiceError, match="密码：密码太常见"):
        svc.password_reset(actor=jdz.office_head, user=jdz.member, password="password123")


def test_the_system_administrator_creates_jurisdictions_and_sets_the_parent(jdz: Any, nmg: Any) -> None:
    admin = sysadmin(jdz)
    with pytest.raises(PermissionDeniedError, match="只有系统管理员可以建立党委"):
        jurisdiction_create(
            actor=jdz.office_head, code="fl", name="中共浮梁县委", short_name="浮梁县委", rulebook_code="JDZ-2017"
        )
    county = jurisdiction_create(
        actor=admin,
        code="fl",
        name="中共浮梁县委",
        short_name="浮梁县委",
        rulebook_code="JDZ-2017",
        parent=jdz.jurisdiction,
    )
    assert county.parent == jdz.jurisdiction and county.word == "巡察"
    with pytest.raises(ServiceError, match="上级党委不能是景德镇市委本身或其下级党委") as err:
        jurisdiction_update(
            actor=admin, jurisdiction=jdz.jurisdiction, name="景德镇市委", short_name="景德镇", parent=county
        )
    assert err.value.field == "parent"
    jurisdiction_update(
        actor=admin, jurisdiction=jdz.jurisdiction, name="景德镇市委", short_name="景德镇", parent=nmg.jurisdiction
    )
    event = Event.objects.get(action="jurisdiction.updated")
    assert (event.before or {})["parent"] is None and (event.after or {})["parent"] == "nmg"
    with pytest.raises(ServiceError, match="规则代码 XX 不存在"):
        jurisdiction_create(actor=admin, code="xx", name="某党委", short_name="某", rulebook_code="XX")
