"""The talent pool: registering inspectors (kinds, expertise, leader pool) and linking their logins."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.jurisdictions import vocabulary
from xuncha.planning.models import TeamMembership
from xuncha.registry.models import Cadre

from ..actions import (
    INSPECTOR_CREATED,
    INSPECTOR_USER_LINKED,
    INSPECTOR_USER_UNLINKED,
)
from ..models import (
    Assignment,
    Inspector,
)
from ._common import OFFICE, OFFICE_HEAD, _locked_inspector, _require

if TYPE_CHECKING:
    from xuncha.accounts.models import User


# -- the talent pool -------------------------------------------------------------------------------------------
def kind_article(book: Any, kind: str) -> str:
    if kind not in Inspector.Kind.values:
        labels = "、".join(Inspector.Kind.labels)
        raise ServiceError(f"类别 {kind or '（空）'} 无效，应为{labels}之一", field="kind")
    st = book.staffing
    article = {"seconded": st.secondment_article, "training": st.training_posting_article}.get(
        kind, st.talent_pool_article
    )
    if article is None:
        raise ServiceError(
            f"《{book.short_title}》没有规定{Inspector.Kind(kind).label}，不能按此类别登记（类别）",
            field="kind",
            code="not_in_rulebook",
        )
    return str(article)


def leader_pool_refusal(book: Any) -> ServiceError | None:
    """A rulebook without a leader pool (JDZ-2017 第七条 designates leaders; only NMG-2016 第九条 has 组长库)
    refuses putting someone in one. Shared with the Excel import."""
    st = book.staffing
    if st.leader_selection == "leader_pool_per_round":
        return None
    return ServiceError(
        f"《{book.short_title}》{st.leader_selection_article}没有规定组长库：{st.leader_selection_text}（组长库）",
        field="in_leader_pool",
        article=st.leader_selection_article,
    )


def _check_leader_pool(book: Any) -> None:
    refusal = leader_pool_refusal(book)
    if refusal is not None:
        raise refusal


def check_expertise(book: Any, codes: list[str]) -> None:
    if book.expertise_areas:
        allowed = {a.code: a.name for a in book.expertise_areas}
        article = "、".join(sorted({a.article for a in book.expertise_areas}))
        rule = f"《{book.short_title}》{article}所列的专业领域"
    else:
        allowed = dict(vocabulary.EXPERTISE)
        article = book.staffing.talent_pool_article
        rule = f"可选的专业领域（《{book.short_title}》{article}建立人才库，未列专业领域）"
    bad = [c for c in codes if c not in allowed]
    if bad:
        raise ServiceError(
            f"专业领域 {'、'.join(bad)} 不在{rule}之中；可选：{'、'.join(allowed.values())}",
            field="expertise",
            article=article,
        )


def inspector_create(
    *,
    actor: User | None,
    cadre: Cadre,
    kind: str,
    expertise: Iterable[str] = (),
    user: Any = None,
    in_leader_pool: bool = False,
    county_level: bool = False,
) -> Inspector:
    """Enter a cadre into the talent pool (人才库: JDZ-2017 第九条, NMG-2016 第十三条)."""
    jurisdiction = cadre.jurisdiction
    book = jurisdiction.rulebook
    st = book.staffing
    with transaction.atomic():
        _require(actor, jurisdiction, OFFICE, what=f"登记{book.word}工作人员", article=st.talent_pool_article)
        article = kind_article(book, kind)
        codes = list(dict.fromkeys(c.strip() for c in expertise if c.strip()))
        check_expertise(book, codes)
        if in_leader_pool:
            _check_leader_pool(book)
        if Inspector.objects.filter(cadre=cadre).exists():
            raise ServiceError(f"{cadre}已登记为{book.word}工作人员", field="cadre")
        if user is not None and Inspector.objects.filter(user=user).exists():
            raise ServiceError(f"登录账号 {user} 已关联另一名{book.word}工作人员", field="user")
        inspector = Inspector(
            jurisdiction=jurisdiction,
            cadre=cadre,
            user=user,
            kind=kind,
            expertise=codes,
            in_leader_pool=in_leader_pool,
            county_level=county_level,
        )
        full_clean_or_raise(inspector)
        inspector.save()
        event_record(
            actor=actor,
            action=INSPECTOR_CREATED,
            obj=inspector,
            jurisdiction=jurisdiction,
            article=article,
            after={
                "cadre": cadre.code,
                "kind": kind,
                "expertise": codes,
                "user": user.username if user is not None else None,
                "in_leader_pool": in_leader_pool,
                "county_level": county_level,
            },
        )
    return inspector


# -- the inspector's login -------------------------------------------------------------------------------------
def inspector_link_user(*, actor: User | None, inspector: Inspector, user: Any) -> Inspector:
    """Link an inspector's record to a login (the office head). The login then holds the team places of the
    inspector's assignments on teams whose work is not finished (planning/access.py)."""
    from xuncha.planning.access import team_finished

    jurisdiction = inspector.jurisdiction
    book = jurisdiction.rulebook
    _require(actor, jurisdiction, OFFICE_HEAD, what=f"关联{book.word}工作人员的登录账号")
    with transaction.atomic():
        inspector = _locked_inspector(inspector)
        if not get_user_model().objects.visible_to(actor).filter(pk=user.pk).exists():
            raise PermissionDeniedError(f"账号 {user.username} 不属于{jurisdiction}，您无权关联。")
        if not user.is_active:
            raise ServiceError(f"账号 {user.username} 已停用", field="user")
        if inspector.user_id is not None:
            raise ServiceError(f"{inspector}已关联登录账号 {inspector.user}，请先解除关联", field="user")
        other = Inspector.objects.filter(user=user).select_related("cadre").first()
        if other is not None:
            raise ServiceError(f"登录账号 {user.username} 已关联{book.word}工作人员{other}", field="user")
        inspector.user = user
        full_clean_or_raise(inspector)
        inspector.save(update_fields=["user"])
        places = []
        for a in Assignment.objects.filter(inspector=inspector).select_related("team__round__jurisdiction"):
            if team_finished(a.team) or TeamMembership.objects.filter(team=a.team, user=user).exists():
                continue
            membership = TeamMembership(team=a.team, user=user, role=a.role)
            full_clean_or_raise(membership)
            membership.save()
            places.append([str(a.team), a.role])
        event_record(
            actor=actor,
            action=INSPECTOR_USER_LINKED,
            obj=inspector,
            jurisdiction=jurisdiction,
            before={"user": None},
            after={"user": user.username, "team_places": places},
        )
    return inspector


def inspector_unlink_user(*, actor: User | None, inspector: Inspector, on: datetime.date) -> Inspector:
    """Unlink the login (the office head): the login's open places on this inspector's teams end on `on`."""
    jurisdiction = inspector.jurisdiction
    book = jurisdiction.rulebook
    _require(actor, jurisdiction, OFFICE_HEAD, what=f"解除{book.word}工作人员的登录账号关联")
    with transaction.atomic():
        inspector = _locked_inspector(inspector)
        user = inspector.user
        if user is None:
            raise ServiceError(f"{inspector}未关联登录账号", field="user")
        check_past_date(on, field="on", label="解除日期")
        teams = Assignment.objects.filter(inspector=inspector).values("team_id")
        ended = 0
        for m in TeamMembership.objects.select_for_update().filter(user=user, team_id__in=teams, ended_on__isnull=True):
            m.ended_on, m.end_reason = on, TeamMembership.EndReason.UNLINKED
            m.save(update_fields=["ended_on", "end_reason"])
            ended += 1
        inspector.user = None
        inspector.save(update_fields=["user"])
        event_record(
            actor=actor,
            action=INSPECTOR_USER_UNLINKED,
            obj=inspector,
            jurisdiction=jurisdiction,
            before={"user": user.username},
            after={"user": None, "team_places_ended": ended},
            occurred_on=on,
        )
    return inspector
