"""Guards shared by the rectification services: who acts, at which stage, and the texts they write."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.visibility import OFFICE_WRITE_ROLES, viewer_for
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.rulebook import Rulebook

from .. import rules

if TYPE_CHECKING:
    from xuncha.accounts.models import User


# -- guards ---------------------------------------------------------------------------------------------------------


def _require_unit(actor: User, inspection: Inspection, *, what: str, article: str) -> None:
    if inspection.target_id in viewer_for(actor).unit_org_ids:
        return
    book = inspection.jurisdiction.rulebook
    raise PermissionDeniedError(
        f"只有{rules.unit_word(book)}（{inspection.target}）的整改工作联系人可以{what}（{article}）。", article=article
    )


def _is_office(actor: User, inspection: Inspection) -> bool:
    return inspection.jurisdiction_id in viewer_for(actor).jurisdictions_with(OFFICE_WRITE_ROLES)


def _is_leader(actor: User, inspection: Inspection) -> bool:
    return inspection.team_id in viewer_for(actor).led_team_ids


def _require_rectifying(inspection: Inspection, *, what: str, field: str, article: str) -> None:
    if inspection.status == Inspection.Status.RECTIFYING:
        return
    raise ServiceError(
        f"{inspection}处于“{inspection.get_status_display()}”阶段；{what}只在反馈后的"
        f"“{Inspection.Status.RECTIFYING.label}”阶段进行（{article}）",
        field=field,
        article=article,
        code="wrong_stage",
    )


def _start(inspection: Inspection, book: Rulebook, *, what: str, field: str, article: str) -> datetime.date:
    """The day rectification runs from: the receipt where the rulebook has one (JDZ-2017 第三十四条:
    自签收反馈意见之日起), else the feedback (NMG-2016 第三十条: 收到巡视组反馈意见后)."""
    if rules.has_receipt(book):
        form = book.signature_form("feedback_receipt")
        assert form is not None
        if inspection.receipt_signed_on is None:
            raise ServiceError(
                f"《{form.name.strip('《》')}》签收后才能{what}（{article}：自签收反馈意见之日起计算）",
                field=field,
                article=article,
            )
        return inspection.receipt_signed_on
    if inspection.feedback_given_on is None:
        raise ServiceError(f"尚未反馈，不能{what}（{article}）", field=field, article=article)
    return inspection.feedback_given_on


def _text(value: str, *, label: str, field: str, article: str = "") -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(f"请填写{label}", field=field, article=article)
    return value
