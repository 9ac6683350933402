"""Who may act on a clue's way out of the inspection (fast track, disposal, the handover form, the receivers' reports),
and the small readings those services share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xuncha.core.authority import OFFICE, holds
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.visibility import viewer_for

from .. import rules

if TYPE_CHECKING:
    from xuncha.accounts.models import User
    from xuncha.inspections.models import Inspection

    from ..models import Clue

LEADING_GROUP_HEAD = frozenset({"leading_group_head"})


def team_word(inspection: Inspection) -> str:
    return f"{inspection.jurisdiction.word}组"


def is_team_leader_or_deputy(actor: User, inspection: Inspection) -> bool:
    from xuncha.planning.models import TeamMembership

    if not getattr(actor, "is_authenticated", False):
        return False
    if inspection.team_id in viewer_for(actor).led_team_ids:
        return True
    return TeamMembership.objects.filter(
        team_id=inspection.team_id, user=actor, role__in=["leader", "deputy"], ended_on__isnull=True
    ).exists()


def is_team_leader(actor: User, inspection: Inspection) -> bool:
    from xuncha.findings.services.guards import is_team_leader as leader

    return leader(actor, inspection.team_id)


def require_team_head(actor: User, inspection: Inspection, *, what: str, article: str) -> None:
    if is_team_leader_or_deputy(actor, inspection):
        return
    book = inspection.jurisdiction.rulebook
    raise PermissionDeniedError(
        f"只有本{team_word(inspection)}（{inspection.team}）组长或副组长可以{what}（{book.short_title}{article}）。",
        article=article,
    )


def is_leading_group_head(actor: User, jurisdiction: Any) -> bool:
    return getattr(actor, "is_authenticated", False) and holds(actor, jurisdiction, LEADING_GROUP_HEAD)


def is_office(actor: User, jurisdiction: Any) -> bool:
    return getattr(actor, "is_authenticated", False) and holds(actor, jurisdiction, OFFICE)


def require_approver(actor: User, jurisdiction: Any, *, what: str, article: str) -> None:
    """The approval of the leading group: its head records it himself, or the office records it with the approver's
    name and the date it was given."""
    if is_leading_group_head(actor, jurisdiction) or is_office(actor, jurisdiction):
        return
    book = jurisdiction.rulebook
    head = book.role("leading_group_head").name
    raise PermissionDeniedError(
        f"只有{head}本人或{book.body('office').name}（登记其审批）可以{what}（{book.short_title}{article}）。",
        article=article,
    )


def require_office(actor: User, jurisdiction: Any, *, what: str, article: str) -> None:
    if is_office(actor, jurisdiction):
        return
    book = jurisdiction.rulebook
    raise PermissionDeniedError(
        f"只有{book.body('office').name}可以{what}（{book.short_title}{article}）。", article=article
    )


def is_receiver_contact(actor: User, organization_id: int | None) -> bool:
    return organization_id is not None and organization_id in viewer_for(actor).receiver_org_ids


def approver_name(actor: User, jurisdiction: Any, approver: str, *, article: str) -> str:
    """The name of who approved in the world: the leading group's head himself (his name, when he left it empty), or
    the name the office records (required then)."""
    approver = (approver or "").strip()
    if approver:
        return approver
    if is_leading_group_head(actor, jurisdiction):
        return getattr(actor, "full_name", "") or str(actor)
    book = jurisdiction.rulebook
    raise ServiceError(
        f"请填写审批人：{book.body('office').name}登记{book.role('leading_group_head').name}的审批时须写明审批人姓名"
        f"（{book.short_title}{article}）",
        field="approver",
        article=article,
    )


def decision_meeting(inspection: Inspection) -> Any:
    """The round's decision meeting (results.Meeting kind decision), or None before it is held."""
    from xuncha.results.models import Meeting

    return Meeting.objects.filter(round_id=inspection.round_id, kind=Meeting.Kind.DECISION).order_by("held_on").first()


def receiver_of_kind(jurisdiction: Any, receiver: Any, route_item: Any, *, field: str = "receiver") -> None:
    """The receiver must be an active receiving organ of the jurisdiction, of the route's kind."""
    book = jurisdiction.rulebook
    if receiver is None:
        raise ServiceError(f"请选择接收单位（{book.short_title}{route_item.article}）", field=field)
    ok = rules.receivers_of_kind(jurisdiction, route_item.receiver_kind).filter(pk=receiver.pk).exists()
    if not ok:
        from xuncha.jurisdictions.vocabulary import RECEIVER_KINDS

        kind = RECEIVER_KINDS.get(route_item.receiver_kind, route_item.receiver_kind)
        raise ServiceError(
            f"接收单位“{receiver}”不是{jurisdiction}登记的{kind}：该移交途径的接收单位须为{kind}"
            f"（{book.short_title}{route_item.article}）",
            field=field,
            article=route_item.article,
        )


def require_clue_status(clue: Clue, allowed: tuple[str, ...], *, what: str, article: str = "") -> None:
    if clue.status in allowed:
        return
    from ..models import Clue as ClueModel

    labels = "、".join(f"“{ClueModel.Status(s).label}”" for s in allowed)
    raise ServiceError(
        f"{clue}处于“{clue.get_status_display()}”状态，{what}只能在{labels}状态下进行",
        field="status",
        article=article,
        code="wrong_stage",
    )
