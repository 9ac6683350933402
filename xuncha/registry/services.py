from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.authority import OFFICE, require
from xuncha.core.errors import ServiceError, full_clean_or_raise
from xuncha.core.locking import lock_row

from .actions import CADRE_CREATED, ORGANIZATION_CREATED, ORGANIZATION_REORGANIZED, POST_ENDED, POST_RECORDED
from .models import Cadre, Organization, Post

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def organization_create(
    *,
    actor: User | None,
    jurisdiction: Any,
    name: str,
    kind: str,
    target_category: str = "",
    receiver_kind: str = "",
    region: str = "",
    parent: Organization | None = None,
) -> Organization:
    require(actor, jurisdiction, OFFICE, what="登记单位", sysadmin=True)
    book = jurisdiction.rulebook
    if kind == Organization.Kind.TARGET:
        codes = {c.code: c for c in book.target_categories}
        if target_category not in codes:
            articles = "、".join(sorted({c.article for c in book.target_categories}))
            raise ServiceError(
                f"对象类别 {target_category or '（空）'} 不在《{book.short_title}》{articles}规定的类别中",
                field="target_category",
                article=articles,
            )
    with transaction.atomic():
        org = Organization(
            jurisdiction=jurisdiction,
            name=name,
            kind=kind,
            target_category=target_category,
            receiver_kind=receiver_kind,
            region=region,
            parent=parent,
        )
        if parent is not None and parent.jurisdiction_id != jurisdiction.pk:
            raise ServiceError("上级单位不属于该党委", field="parent")
        full_clean_or_raise(org)
        org.save()
        created = event_record(
            actor=actor,
            action=ORGANIZATION_CREATED,
            obj=org,
            after={
                "name": name,
                "kind": kind,
                "target_category": target_category,
                "region": region,
                "parent": parent.name if parent else None,
            },
        )
        if kind == Organization.Kind.TARGET:
            _cover_in_current_term(created, org)
    return org


def organization_reorganize(
    *,
    actor: User | None,
    organization: Organization,
    status: str,
    on: datetime.date,
    successor: Organization | None = None,
) -> Organization:
    """Merge or abolish a unit. Its history (posts, inspections) stays, so coverage survives reorganizations."""
    require(actor, organization.jurisdiction, OFFICE, what="登记单位合并或撤销", sysadmin=True)
    with transaction.atomic():
        org = lock_row(organization)
        if not Organization.flow.may(org, status):
            raise ServiceError(
                f"{org}当前状态为“{org.get_status_display()}”，不能改为“{Organization.Status(status).label}”",
                field="status",
            )
        if status == Organization.Status.MERGED:
            if successor is None or successor.pk == org.pk or successor.jurisdiction_id != org.jurisdiction_id:
                raise ServiceError("合并须指定本党委的另一单位作为并入单位", field="successor")
        elif successor is not None:
            raise ServiceError("撤销的单位不能指定并入单位", field="successor")
        before = {"status": Organization.flow.move(org, status)}
        org.status_on, org.successor = on, successor
        full_clean_or_raise(org)
        org.save(update_fields=["status", "status_on", "successor"])
        event_record(
            actor=actor,
            action=ORGANIZATION_REORGANIZED,
            obj=org,
            before=before,
            occurred_on=on,
            after={"status": status, "successor": successor.name if successor else None},
        )
    return org


def cadre_create(
    *,
    actor: User | None,
    jurisdiction: Any,
    code: str,
    name: str,
    native_place: str = "",
    management_level: str = "other",
) -> Cadre:
    require(actor, jurisdiction, OFFICE, what="登记干部", sysadmin=True)
    with transaction.atomic():
        cadre = Cadre(
            jurisdiction=jurisdiction,
            code=code.strip(),
            name=name.strip(),
            native_place=native_place.strip(),
            management_level=management_level,
        )
        full_clean_or_raise(cadre)
        cadre.save()
        event_record(
            actor=actor,
            action=CADRE_CREATED,
            obj=cadre,
            jurisdiction=jurisdiction,
            after={
                "code": cadre.code,
                "name": cadre.name,
                "native_place": cadre.native_place,
                "management_level": management_level,
            },
        )
    return cadre


def post_create(
    *,
    actor: User | None,
    cadre: Cadre,
    organization: Organization,
    title: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    is_leadership: bool = False,
    is_principal: bool = False,
) -> Post:
    """Record a post. A unit has one current principal leader (主要负责人)."""
    require(actor, cadre.jurisdiction, OFFICE, what="登记任职", sysadmin=True)
    with transaction.atomic():
        if organization.jurisdiction_id != cadre.jurisdiction_id:
            raise ServiceError("单位与干部不属于同一党委", field="organization")
        if is_principal and ended_on is None:
            current = (
                Post.objects.select_for_update()
                .filter(organization=organization, is_principal=True, ended_on__isnull=True)
                .select_related("cadre")
                .first()
            )
            if current is not None:
                raise ServiceError(
                    f"{organization}现任主要负责人为{current.cadre}，请先登记其离任日期", field="is_principal"
                )
        post = Post(
            cadre=cadre,
            organization=organization,
            title=title.strip(),
            started_on=started_on,
            ended_on=ended_on,
            is_leadership=is_leadership or is_principal,
            is_principal=is_principal,
        )
        full_clean_or_raise(post)
        post.save()
        event_record(
            actor=actor,
            action=POST_RECORDED,
            obj=post,
            jurisdiction=cadre.jurisdiction,
            after={
                "cadre": cadre.code,
                "organization": organization.name,
                "title": post.title,
                "started_on": started_on,
                "ended_on": ended_on,
                "principal": is_principal,
            },
        )
    return post


def post_end(*, actor: User | None, post: Post, ended_on: datetime.date) -> Post:
    require(actor, post.cadre.jurisdiction, OFFICE, what="登记离任", sysadmin=True)
    with transaction.atomic():
        locked = lock_row(post, "cadre__jurisdiction")
        if locked.ended_on is not None:
            raise ServiceError(f"该任职已于 {locked.ended_on} 结束", field="ended_on")
        if ended_on < locked.started_on:
            raise ServiceError(f"离任日期不能早于任职日期 {locked.started_on}", field="ended_on")
        locked.ended_on = ended_on
        locked.save(update_fields=["ended_on"])
        event_record(
            actor=actor,
            action=POST_ENDED,
            obj=locked,
            jurisdiction=locked.cadre.jurisdiction,
            after={"ended_on": ended_on},
            occurred_on=ended_on,
        )
    return locked


def _cover_in_current_term(event: Any, org: Organization) -> None:
    """A target registered during a term must still be inspected in it (JDZ-2017 第十六条, NMG-2016 第二条)."""
    from xuncha.obligations.services import coverage_open

    on = event.occurred_on
    term = org.jurisdiction.terms.filter(starts_on__lte=on, ends_on__gte=on).first()
    if term is not None:
        coverage_open(event=event, targets=[org], ends_on=term.ends_on)
