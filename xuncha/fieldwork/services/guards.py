"""Who may record fieldwork, and when (the team, while on site), shared by the fieldwork writes."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.visibility import viewer_for
from xuncha.inspections.models import Inspection

from .. import rules

if TYPE_CHECKING:
    from xuncha.accounts.models import User

CHUNK = 64 * 1024


# -- guards ---------------------------------------------------------------------------------------------------------


def _require_recorder(actor: User, inspection: Inspection, *, what: str, secret: bool = False) -> None:
    viewer = viewer_for(actor)
    if inspection.team_id in viewer.team_ids:
        return
    word = inspection.jurisdiction.word
    if not secret and inspection.jurisdiction_id in viewer.jurisdictions_with({"office_head", "office_staff"}):
        return
    if secret:
        book = inspection.jurisdiction.rulebook
        article = rules.secrecy_article(book)
        raise PermissionDeniedError(f"只有本{word}组成员可以{what}（属{word}工作秘密，{article}）。", article=article)
    raise PermissionDeniedError(f"只有本{word}组成员或{word}办可以{what}。")


def _require_on_site(inspection: Inspection, *, what: str) -> str:
    """Fieldwork is done on site: after entry and before fieldwork ends. Returns the article."""
    book = inspection.jurisdiction.rulebook
    article = rules.entry_article(book)
    if inspection.status != Inspection.Status.ON_SITE:
        stage = Inspection.Status(inspection.status).label
        raise ServiceError(
            f"{inspection}处于“{stage}”阶段，不能{what}：{book.word}组进驻后、了解工作结束前"
            f"才按规定的工作方式开展{book.word}了解工作（{article}）",
            field="inspection",
            article=article,
            code="wrong_stage",
        )
    return article


def _require_entered(inspection: Inspection, *, what: str) -> None:
    """Returning borrowed documents and disposing of copies: after entry, also once fieldwork has ended."""
    if inspection.status in (Inspection.Status.PLANNED, Inspection.Status.PREPARING):
        _require_on_site(inspection, what=what)


def _check_day(
    day: datetime.date, *, inspection: Inspection, field: str, label: str, not_before: datetime.date | None = None
) -> None:
    if day > timezone.localdate():
        raise ServiceError(f"{label}不能晚于今天", field=field)
    if not_before is None and inspection.entered_on is not None:
        if day < inspection.entered_on:
            article = rules.entry_article(inspection.jurisdiction.rulebook)
            raise ServiceError(
                f"{label}不能早于进驻日期 {inspection.entered_on}（{article}：进驻后开展了解工作）",
                field=field,
                article=article,
            )
    elif not_before is not None and day < not_before:
        raise ServiceError(f"{label}不能早于 {not_before}", field=field)
