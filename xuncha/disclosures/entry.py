"""The entry announcement (进驻公告), drafted in the entry's transaction: disclosures contributes it to
`inspections.entry.ENTERED` (apps.py). Whoever may record the entry (`inspections.services.inspection_enter`, which
checks the actor) drafts it; like every disclosure it then goes through approval and publication (services.py)."""

from __future__ import annotations

import datetime
import hashlib
from typing import TYPE_CHECKING

from xuncha.audit.services import event_record
from xuncha.core.errors import full_clean_or_raise
from xuncha.inspections.models import Inspection

from .actions import DISCLOSURE_DRAFTED
from .models import Disclosure

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def entry_announcement_draft(*, actor: User, inspection: Inspection, entered_on: datetime.date) -> Disclosure | None:
    """The entry announcement, drafted at entry (`inspections.entry.ENTERED`, in the entry's transaction, after its
    `inspection.entered` event) where the rulebook lists the stage. Like every disclosure it goes public only once the
    office head has approved it and the office has published it, each step after the secrecy check."""
    book = inspection.jurisdiction.rulebook
    rule = next((d for d in book.disclosures if d.stage == "entry"), None)
    if rule is None:
        return None
    word = book.word
    disclosure = Disclosure(
        inspection=inspection,
        stage="entry",
        status=Disclosure.Status.DRAFT,
        drafted_by=actor if getattr(actor, "pk", None) else None,
        title=f"{inspection.team}进驻{inspection.target}开展{word}工作",
        body=(
            f"{inspection.jurisdiction}第{inspection.team.number}{word}组于{entered_on:%Y年%m月%d日}进驻"
            f"{inspection.target}，{word}时间至{inspection.planned_end:%Y年%m月%d日}。{word}期间受理反映"
            f"{inspection.target}领导班子及其成员和下一级党组织领导班子主要负责人问题的来信、来电、来访。"
            f"值班电话：{inspection.contact_phone}；邮政信箱：{inspection.contact_mailbox}；"
            f"地址：{inspection.contact_address}。"
        ),
    )
    full_clean_or_raise(disclosure)
    disclosure.save()
    event_record(
        actor=actor,
        action=DISCLOSURE_DRAFTED,
        obj=disclosure,
        inspection=inspection,
        jurisdiction=inspection.jurisdiction,
        article=rule.article,
        occurred_on=entered_on,
        after={
            "stage": "entry",
            "status": disclosure.status,
            "title_sha256": hashlib.sha256(disclosure.title.encode()).hexdigest(),
            "body_sha256": hashlib.sha256(disclosure.body.encode()).hexdigest(),
        },
    )
    return disclosure
