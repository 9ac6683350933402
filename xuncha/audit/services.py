"""Recording events. Called by every service function inside its transaction."""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from xuncha.core.hooks import Hook

from .actions import Action, get
from .models import ChainHead, Event

if TYPE_CHECKING:
    from xuncha.accounts.models import User

# What reacts to each event inside its transaction: the obligation engine (obligations.apps) opens and fulfils
# deadlines. A listener is called as `listener(event, subject=obj)`.
EVENT_RECORDED: Hook[Any] = Hook("event_recorded", "事件记录后在同一事务内被调用的函数（期限引擎等）")


def _jsonable(values: dict[str, Any] | None) -> dict[str, Any] | None:
    # Normalise through JSON now, so the hash computed here equals the one
    # computed from the stored row later (dates become strings, etc.).
    if values is None:
        return None
    result: dict[str, Any] = json.loads(json.dumps(values, cls=DjangoJSONEncoder, ensure_ascii=False))
    return result


def event_record(
    *,
    actor: User | None,
    action: Action | str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    article: str = "",
    jurisdiction: Any = None,
    inspection: Any = None,
    occurred_on: datetime.date | None = None,
) -> Event:
    """Append one event to the chain and let the obligation engine react to it.

    Must run inside the caller's transaction so the change and its event commit
    together or not at all.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("event_record must be called inside transaction.atomic()")
    action = get(action)  # a code nobody registered is refused here, before anything is written
    head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
    now = timezone.now()
    if jurisdiction is None:
        jurisdiction = getattr(obj, "jurisdiction", None)
    rulebook_code = jurisdiction.rulebook_code if jurisdiction is not None else ""
    event = Event(
        seq=head.seq + 1,
        created_at=now,
        occurred_on=occurred_on or timezone.localdate(now),
        jurisdiction=jurisdiction,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if actor is not None else "系统",
        action=action.code,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=_jsonable(before),
        after=_jsonable(after),
        article=article,
        rulebook_code=rulebook_code,
        inspection=inspection,
        prev_hash=head.hash,
    )
    event.hash = event.compute_hash()
    event.save()
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    for listener in EVENT_RECORDED:
        listener(event, subject=obj)
    return event


def verify_chain(*, batch: int = 2000) -> tuple[int, Event | None, str]:
    """Walk the chain in order. Returns (events checked, first broken event, reason)."""
    prev = ChainHead._meta.get_field("hash").default
    expected_seq = 1
    checked = 0
    for event in Event.objects.order_by("seq").iterator(chunk_size=batch):
        if event.seq != expected_seq:
            return checked, event, f"序号不连续：应为 {expected_seq}，实为 {event.seq}（有事件被删除或插入）"
        if event.prev_hash != prev:
            return checked, event, "prev_hash 与上一事件的哈希不一致（链被截断或改写）"
        if event.compute_hash() != event.hash:
            return checked, event, "内容与其哈希不一致（该事件被篡改）"
        prev = event.hash
        expected_seq += 1
        checked += 1
    head = ChainHead.objects.filter(id=1).first()
    if head is not None and head.seq != checked:
        return checked, None, f"链尾记录的序号为 {head.seq}，但只找到 {checked} 个事件（末尾事件被删除）"
    return checked, None, ""
