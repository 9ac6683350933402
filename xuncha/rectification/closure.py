"""The closure conditions rectification contributes to `inspections.closure.CLOSURE_CONDITIONS` (registered from
`RectificationConfig.ready()`): the rectification reports are reviewed, and every item is settled."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .selectors import review_state, unsettled_items

if TYPE_CHECKING:
    from xuncha.inspections.models import Inspection


def rectification_reviewed(inspection: Inspection) -> tuple[bool, str]:
    return review_state(inspection)


def items_settled(inspection: Inspection) -> tuple[bool, str]:
    open_items = unsettled_items(inspection)
    if open_items is None:
        return (False, "尚未报送整改方案，没有整改事项")
    if open_items:
        return (False, "未完成且未转入日常监督：" + "、".join(open_items))
    return (True, "整改事项均已完成或转入日常监督")


def register() -> None:
    from xuncha.inspections.closure import CLOSURE_CONDITIONS

    CLOSURE_CONDITIONS.register(rectification_reviewed, key="rectification_reviewed")
    CLOSURE_CONDITIONS.register(items_settled, key="items_settled")
