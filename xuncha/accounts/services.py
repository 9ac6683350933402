"""Accounts and jurisdiction roles.

Who may do what (docs/accounts.md):
- the system administrator (a `sysadmin` role anywhere, or a Django superuser) creates accounts and grants any role,
  in any jurisdiction, including 办公室负责人 and 系统管理员;
- an office head grants and revokes the roles of the own jurisdiction below their own (`OFFICE_HEAD_GRANTS`),
  creates accounts for it, deactivates them and resets their passwords when every role the account holds is there;
- nobody grants a role above their own or in another jurisdiction. Team roles come from team formation
  (people.assignment_create), not from here.

Every write is an event with before/after; a password never appears in one."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.authority import OFFICE_HEAD
from xuncha.core.errors import PermissionDeniedError, ServiceError, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.core.visibility import viewer_for

from .actions import (
    MEMBERSHIP_GRANTED,
    MEMBERSHIP_REVOKED,
    USER_ACTIVATED,
    USER_CREATED,
    USER_DEACTIVATED,
    USER_PASSWORD_RESET,
)
from .models import Membership, User, role_label

if TYPE_CHECKING:
    from xuncha.accounts.models import User

# The roles an office head grants in the own jurisdiction: everything below the office head.
OFFICE_HEAD_GRANTS = (
    Membership.Role.OFFICE_STAFF,
    Membership.Role.LEADING_GROUP_HEAD,
    Membership.Role.LEADING_GROUP_MEMBER,
    Membership.Role.FIVE_MEMBER_GROUP_MEMBER,
    Membership.Role.UNIT_CONTACT,
    Membership.Role.RECEIVER_CONTACT,
    Membership.Role.AGENCY_CONTACT,
    Membership.Role.AUDITOR,
)
# Only the system administrator grants these.
SYSADMIN_GRANTS = (Membership.Role.OFFICE_HEAD, Membership.Role.SYSADMIN)
# The organization a contact role needs, by Organization.kind (the first is the one named in a refusal). An agency
# contact answers information requests (JDZ-2017 第二十六条, NMG-2016 第二十四条) for an agency, or for a receiving
# organ that is also one of the agencies the article lists (市纪委, 市委组织部).
CONTACT_KIND: dict[str, tuple[str, ...]] = {
    Membership.Role.UNIT_CONTACT: ("target",),
    Membership.Role.RECEIVER_CONTACT: ("receiver",),
    Membership.Role.AGENCY_CONTACT: ("agency", "receiver"),
}

PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or copied by hand


def generate_password() -> str:
    """A new password to be shown once: 4 groups of 4 (about 79 bits)."""
    raw = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


# -- who may act ---------------------------------------------------------------------------------------------------
def is_sysadmin(actor: User | None) -> bool:
    return actor is None or viewer_for(actor).is_sysadmin


def grantable_roles(actor: User | None, jurisdiction: Any) -> list[str]:
    """The roles `actor` may grant (and revoke) in `jurisdiction`, in the Role order."""
    if is_sysadmin(actor):
        return list(Membership.Role.values)
    if viewer_for(actor).has_role(jurisdiction.pk, "office_head"):
        return [r.value for r in OFFICE_HEAD_GRANTS]
    return []


def _require_grant(actor: User | None, jurisdiction: Any, role: str, *, what: str) -> None:
    if role in grantable_roles(actor, jurisdiction):
        return
    label = role_label(role, jurisdiction) if role in Membership.Role.values else role
    if role in SYSADMIN_GRANTS and viewer_for(actor).has_role(jurisdiction.pk, "office_head"):
        raise PermissionDeniedError(
            f"“{label}”角色只能由系统管理员{what}；办公室负责人不能{what}与本人同级或更高的角色。"
        )
    office = jurisdiction.rulebook.body("office").name
    raise PermissionDeniedError(f"只有{office}负责人或系统管理员可以{what}{jurisdiction}的“{label}”角色。")


def account_jurisdiction_ids(user: User) -> set[int]:
    """The jurisdictions an account belongs to: where it was created, holds an active role or team place, or is
    linked to an inspector."""
    from xuncha.people.models import Inspector
    from xuncha.planning.models import TeamMembership

    ids = set(Membership.objects.filter(user=user, active=True).values_list("jurisdiction_id", flat=True))
    ids |= set(
        TeamMembership.objects.filter(user=user, ended_on__isnull=True).values_list(
            "team__round__jurisdiction_id", flat=True
        )
    )
    ids |= set(Inspector.objects.filter(user=user).values_list("jurisdiction_id", flat=True))
    if user.home_jurisdiction_id is not None:
        ids.add(user.home_jurisdiction_id)
    return ids


def manage_refusal(actor: User | None, user: User, *, what: str) -> PermissionDeniedError | None:
    """Why `actor` may not deactivate, reactivate or reset the password of `user` (None: they may). The system
    administrator manages every account; an office head manages an account whose roles are all in the own
    jurisdiction and that holds no role as high as their own."""
    if actor is not None and getattr(actor, "pk", None) == user.pk:
        return PermissionDeniedError(f"不能{what}自己的账号；请由系统管理员或本党委办公室负责人办理。")
    if is_sysadmin(actor):
        return None
    act = {"重置密码": "重置账号密码"}.get(what, f"{what}账号")
    viewer = viewer_for(actor)
    headed = set(viewer.jurisdictions_with(OFFICE_HEAD))
    if not headed:
        return PermissionDeniedError(f"只有办公室负责人或系统管理员可以{act}。")
    high = Membership.objects.filter(user=user, active=True, role__in=[r.value for r in SYSADMIN_GRANTS])
    if user.is_superuser or high.exists():
        return PermissionDeniedError(f"{user}担任办公室负责人或系统管理员，只有系统管理员可以{act}。")
    belongs = account_jurisdiction_ids(user)
    if not belongs or not belongs <= headed:
        return PermissionDeniedError(f"{user}的角色不全在您负责的党委，只有系统管理员可以{act}。")
    return None


def _require_manage(actor: User | None, user: User, *, what: str) -> None:
    refusal = manage_refusal(actor, user, what=what)
    if refusal is not None:
        raise refusal


def _event_jurisdiction(user: User) -> Any:
    """The jurisdiction an account event belongs to (so its office head and auditors see it in the trail)."""
    from xuncha.jurisdictions.models import Jurisdiction

    if user.home_jurisdiction_id is not None:
        return user.home_jurisdiction
    ids = sorted(account_jurisdiction_ids(user))
    return Jurisdiction.objects.filter(pk=ids[0]).first() if ids else None


# Django's validators, their refusals in Chinese by code (its own translation misses some, e.g. the length).
PASSWORD_MESSAGES = {
    "password_too_short": "密码长度太短，至少需要 {min_length} 个字符",
    "password_too_similar": "密码与用户名或姓名太相似",
    "password_too_common": "密码太常见，容易被猜中",
    "password_entirely_numeric": "密码不能全是数字",
}


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        parts = []
        for error in exc.error_list:
            text = PASSWORD_MESSAGES.get(error.code or "")
            parts.append(text.format(**(error.params or {})) if text else " ".join(error.messages))
        raise ServiceError("密码：" + "；".join(parts), field="password") from exc


def _account(user: User) -> dict[str, Any]:
    return {"username": user.username, "full_name": user.full_name, "is_active": user.is_active}


# -- accounts ------------------------------------------------------------------------------------------------------
def user_create(
    *, actor: User | None, username: str, full_name: str, password: str, jurisdiction: Any = None, email: str = ""
) -> User:
    """Create a login. The system administrator may create one for any (or no) jurisdiction; an office head creates
    them for the own jurisdiction, which then manages the account. The password passes Django's validators."""
    heads = jurisdiction is not None and viewer_for(actor).has_role(jurisdiction.pk, "office_head")
    if not is_sysadmin(actor) and not heads:
        where = f"{jurisdiction}的" if jurisdiction is not None else "本党委"
        raise PermissionDeniedError(f"只有{where}办公室负责人或系统管理员可以建立账号。")
    username = username.strip()
    with transaction.atomic():
        if not username:
            raise ServiceError("用户名：必填", field="username")
        if User.objects.filter(username__iexact=username).exists():
            raise ServiceError(f"用户名 {username} 已存在", field="username")
        user = User(username=username, full_name=full_name.strip(), email=email.strip(), home_jurisdiction=jurisdiction)
        _check_password(password, user)
        user.set_password(password)
        full_clean_or_raise(user)
        user.save()
        event_record(
            actor=actor,
            action=USER_CREATED,
            obj=user,
            jurisdiction=jurisdiction,
            after={**_account(user), "jurisdiction": getattr(jurisdiction, "code", None)},
        )
    return user


def user_deactivate(*, actor: User | None, user: User, reason: str = "") -> User:
    """Stop an account from logging in (is_active false). Its history, roles and records stay."""
    _require_manage(actor, user, what="停用")
    return _set_active(actor, user, active=False, note={"reason": reason.strip()})


def user_activate(*, actor: User | None, user: User) -> User:
    _require_manage(actor, user, what="启用")
    return _set_active(actor, user, active=True, note={})


def _set_active(actor: User | None, user: User, *, active: bool, note: dict[str, Any]) -> User:
    with transaction.atomic():
        locked = lock_row(user)
        if locked.is_active == active:
            state = "已在使用中" if active else "已停用"
            raise ServiceError(f"账号 {locked.username} {state}", field="user")
        before = _account(locked)
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        event_record(
            actor=actor,
            action=USER_ACTIVATED if active else USER_DEACTIVATED,
            obj=locked,
            jurisdiction=_event_jurisdiction(locked),
            before=before,
            after={**_account(locked), **note},
        )
    return locked


def password_reset(*, actor: User | None, user: User, password: str) -> User:
    """Set a new password (typed by the office head, or one from `generate_password` shown once). The event records
    that it was reset, never the password."""
    _require_manage(actor, user, what="重置密码")
    with transaction.atomic():
        locked = lock_row(user)
        _check_password(password, locked)
        locked.set_password(password)
        locked.save(update_fields=["password"])
        event_record(
            actor=actor,
            action=USER_PASSWORD_RESET,
            obj=locked,
            jurisdiction=_event_jurisdiction(locked),
            after={"username": locked.username, "password_reset": True},
        )
    return locked


# -- roles ---------------------------------------------------------------------------------------------------------
def _membership_after(m: Membership) -> dict[str, Any]:
    return {
        "user": m.user.username,
        "jurisdiction": m.jurisdiction.code,
        "role": m.role,
        "role_label": m.role_label,
        "organization": getattr(m.organization, "name", None),
        "active": m.active,
    }


def membership_grant(
    *, actor: User | None, user: User, jurisdiction: Any, role: str, organization: Any = None
) -> Membership:
    """Grant a jurisdiction role. A unit contact names a target of that jurisdiction, a receiving organ's contact a
    receiving organization of it. A role revoked before is granted again on the same record."""
    _require_grant(actor, jurisdiction, role, what="授予")
    if not is_sysadmin(actor) and not User.objects.visible_to(actor).filter(pk=user.pk).exists():
        raise PermissionDeniedError(f"账号 {user.username} 不属于{jurisdiction}，您无权为其授予角色。")
    with transaction.atomic():
        if role not in Membership.Role.values:
            raise ServiceError(f"角色 {role or '（空）'} 无效", field="role")
        label = role_label(role, jurisdiction)
        kind = CONTACT_KIND.get(Membership.Role(role))
        if kind is not None and organization is None:
            raise ServiceError(f"“{label}”须指定所在单位", field="organization")
        if kind is None and organization is not None:
            raise ServiceError(f"“{label}”不指定所在单位", field="organization")
        if organization is not None:
            if organization.jurisdiction_id != jurisdiction.pk:
                raise ServiceError(f"所在单位{organization}不属于{jurisdiction}", field="organization")
            if kind is not None and organization.kind not in kind:
                kinds = "或".join(str(dict(organization.Kind.choices)[k]) for k in kind)
                raise ServiceError(
                    f"“{label}”的所在单位须是{kinds}，{organization}不是",
                    field="organization",
                )
        if not user.is_active:
            raise ServiceError(f"账号 {user.username} 已停用，不能授予角色", field="user")
        m = (
            Membership.objects.select_for_update()
            .filter(user=user, jurisdiction=jurisdiction, role=role, organization=organization)
            .first()
        )
        if m is not None and m.active:
            raise ServiceError(f"{user}已担任{jurisdiction.short_name}的“{label}”", field="role")
        before = None if m is None else _membership_after(m)
        if m is None:
            m = Membership(user=user, jurisdiction=jurisdiction, role=role, organization=organization)
        m.active = True
        full_clean_or_raise(m)
        m.save()
        event_record(
            actor=actor,
            action=MEMBERSHIP_GRANTED,
            obj=m,
            jurisdiction=jurisdiction,
            before=before,
            after=_membership_after(m),
        )
    return m


def membership_revoke(*, actor: User | None, membership: Membership, reason: str = "") -> Membership:
    """Revoke a jurisdiction role (the record stays, inactive)."""
    jurisdiction = membership.jurisdiction
    _require_grant(actor, jurisdiction, membership.role, what="撤销")
    if actor is not None and membership.user_id == actor.pk and membership.role == Membership.Role.SYSADMIN:
        raise PermissionDeniedError("不能撤销自己的系统管理员角色；请由另一名系统管理员办理。")
    with transaction.atomic():
        locked = Membership.objects.select_for_update(of=("self",)).select_related(
            "user", "jurisdiction", "organization"
        )
        m = locked.get(pk=membership.pk)
        if not m.active:
            raise ServiceError(f"{m.user}的“{m.role_label}”已撤销", field="membership")
        before = _membership_after(m)
        m.active = False
        m.save(update_fields=["active"])
        event_record(
            actor=actor,
            action=MEMBERSHIP_REVOKED,
            obj=m,
            jurisdiction=jurisdiction,
            before=before,
            after={**_membership_after(m), "reason": reason.strip()},
        )
    return m
