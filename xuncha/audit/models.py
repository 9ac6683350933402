"""Events: the append-only, hash-chained audit trail and the trigger of obligations."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from xuncha.core.visibility import Viewer, VisibleQuerySet

GENESIS = "0" * 64


class AppendOnlyError(Exception):
    pass


class EventQuerySet(VisibleQuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("事件只能追加，不能修改。")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("事件只能追加，不能删除。")


CALENDAR_OBJECT_TYPE = "workdays.holidayyear"  # the national holiday calendar's entries (no jurisdiction)


class Event(models.Model):
    seq = models.PositiveBigIntegerField("序号", unique=True)
    created_at = models.DateTimeField("记录时间")
    occurred_on = models.DateField("发生日期", help_text="该行为在法律上发生的日期，期限由此起算")
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name="党委",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    actor_name = models.CharField("操作人", max_length=150)
    action = models.CharField("动作", max_length=60, db_index=True)
    object_type = models.CharField("对象类型", max_length=60)
    object_id = models.CharField("对象编号", max_length=40)
    object_repr = models.CharField("对象", max_length=200)
    before = models.JSONField("修改前", null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField("修改后", null=True, blank=True, encoder=DjangoJSONEncoder)
    article = models.CharField("依据条款", max_length=60, blank=True)
    rulebook_code = models.CharField("规则", max_length=20, blank=True)
    inspection = models.ForeignKey(
        "inspections.Inspection", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "事件"
        verbose_name_plural = "事件"
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("事件只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("事件只能追加，不能删除。")

    def payload(self) -> dict[str, Any]:
        """The fields the hash covers, in a form that survives a database round trip."""
        return {
            "seq": self.seq,
            "created_at": self.created_at.isoformat(),
            "occurred_on": self.occurred_on.isoformat(),
            "jurisdiction": self.jurisdiction_id,
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "before": self.before,
            "after": self.after,
            "article": self.article,
            "rulebook": self.rulebook_code,
            "inspection": self.inspection_id,
            "prev": self.prev_hash,
        }

    def compute_hash(self) -> str:
        blob = json.dumps(self.payload(), sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        # The trail is read by the office head and auditors of a jurisdiction.
        readers = viewer.jurisdictions_with({"office_head", "auditor"})
        q = Q(jurisdiction_id__in=readers)
        if readers or viewer.is_sysadmin:
            # The national holiday calendar belongs to no jurisdiction and moves every jurisdiction's deadlines:
            # its entries are seen by the trail readers of every jurisdiction (and the administrator who enters it).
            q |= Q(jurisdiction__isnull=True, object_type=CALENDAR_OBJECT_TYPE)
        return q


class ChainHead(models.Model):
    """One row. Locking it serializes appends so two writers cannot fork the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="chainhead_singleton")]

    def __str__(self) -> str:
        return f"链尾 #{self.seq}"
