"""The closure condition feedback contributes to `inspections.closure.CLOSURE_CONDITIONS` (registered from
`FeedbackConfig.ready()`): the feedback materials are signed for on every line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .selectors import receipt_complete

if TYPE_CHECKING:
    from xuncha.inspections.models import Inspection


def receipt_signed(inspection: Inspection) -> tuple[bool, str]:
    # Every line signed (“已三方签字”), not only the unit's line that starts the clock (feedback.selectors).
    return receipt_complete(inspection)


def register() -> None:
    from xuncha.inspections.closure import CLOSURE_CONDITIONS

    CLOSURE_CONDITIONS.register(receipt_signed, key="receipt_signed")
