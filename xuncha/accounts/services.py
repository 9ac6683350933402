from __future__ import annotations

from typing import Any

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.errors import ServiceError, full_clean_or_raise

from .models import Membership, User


def user_create(*, actor: Any, username: str, full_name: str, password: str) -> User:
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise ServiceError(f"用户名 {username} 已存在", field="username")
        user = User(username=username, full_name=full_name)
        user.set_password(password)
        full_clean_or_raise(user)
        user.save()
        event_record(actor=actor, action="user.created", obj=user, after={"username": username, "full_name": full_name})
    return user


def membership_grant(*, actor: Any, user: User, jurisdiction: Any, role: str, organization: Any = None) -> Membership:
    with transaction.atomic():
        if role in ("unit_contact", "receiver_contact") and organization is None:
            raise ServiceError("被巡察单位联系人、接收单位联系人必须指定所在单位", field="organization")
        if organization is not None and organization.jurisdiction_id != jurisdiction.pk:
            raise ServiceError("所在单位不属于该党委", field="organization")
        m = Membership(user=user, jurisdiction=jurisdiction, role=role, organization=organization)
        full_clean_or_raise(m)
        m.save()
        event_record(
            actor=actor,
            action="membership.granted",
            obj=m,
            jurisdiction=jurisdiction,
            after={"user": user.username, "role": role, "organization": getattr(organization, "name", None)},
        )
    return m
