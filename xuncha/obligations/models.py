"""Obligations (应办事项): duties a rulebook deadline opens on one event and a later event fulfils."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from xuncha.core.visibility import Viewer, VisibleQuerySet
from xuncha.jurisdictions.vocabulary import PARTIES
from xuncha.jurisdictions.words import speak


def pending_label(year: int) -> str:
    return f"待录入{year}年节假日安排后计算"


class Obligation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "待办"
        FULFILLED = "fulfilled", "已办结"
        LAPSED = "lapsed", "已失效"

    # An open obligation is fulfilled by its rule's event, or lapses when its subject ceases to exist
    # (a merged or abolished unit no longer needs covering); fulfilled and lapsed are final. The engine and the
    # services move only open ones (they select `status=open`), and the check constraints below hold the rest.

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="obligations"
    )
    rulebook_code = models.CharField("规则", max_length=20)
    rule_code = models.CharField("期限规则", max_length=60)
    title = models.CharField("事项", max_length=120)
    article = models.CharField("依据条款", max_length=60)
    responsible = models.CharField("责任方", max_length=30, choices=list(PARTIES.items()))
    subject_type = models.CharField("对象类型", max_length=60)
    subject_id = models.CharField("对象编号", max_length=40)
    subject_repr = models.CharField("对象", max_length=200)
    inspection = models.ForeignKey(
        "inspections.Inspection", null=True, blank=True, on_delete=models.PROTECT, related_name="obligations"
    )
    starts_on = models.DateField("起算日")
    due_on = models.DateField("截止日", null=True, blank=True, help_text="空且无“待录入年份”表示“及时”，无固定期限")
    due_pending_year = models.PositiveSmallIntegerField(
        "待录入年份",
        null=True,
        blank=True,
        help_text="期限按工作日计算需要该年的节假日安排而尚未录入：截止日待录入后计算（不是“及时”，也不是逾期）",
    )
    deadline_label = models.CharField("期限", max_length=40)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey("audit.Event", on_delete=models.PROTECT, related_name="opened_obligations")
    fulfilled_by = models.ForeignKey(
        "audit.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="fulfilled_obligations"
    )
    fulfilled_on = models.DateField("办结日期", null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "应办事项"
        verbose_name_plural = "应办事项"
        ordering = [models.F("due_on").asc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_code", "subject_type", "subject_id"],
                condition=Q(status="open"),
                name="obligation_one_open_per_rule_and_subject",
            ),
            models.CheckConstraint(
                condition=Q(status="open", fulfilled_by__isnull=True, fulfilled_on__isnull=True)
                | Q(status__in=["fulfilled", "lapsed"], fulfilled_by__isnull=False, fulfilled_on__isnull=False),
                name="obligation_fulfilment_consistent",
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=models.F("starts_on")),
                name="obligation_due_after_start",
            ),
            models.CheckConstraint(
                condition=Q(due_pending_year__isnull=True) | Q(due_on__isnull=True),
                name="obligation_due_or_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.subject_repr}）"

    @property
    def due_pending(self) -> bool:
        """The due date waits for a year's holiday schedule: neither “及时” nor overdue."""
        return self.due_pending_year is not None

    @property
    def is_timely(self) -> bool:
        """A duty the rulebook calls “及时”, with no fixed date (not one whose date is pending)."""
        return self.due_on is None and self.due_pending_year is None

    @property
    def due_label(self) -> str:
        """What the due-date column shows: the date, “待录入2027年节假日安排后计算”, or “及时”."""
        if self.due_on is not None:
            return self.due_on.isoformat()
        if self.due_pending_year is not None:
            return pending_label(self.due_pending_year)
        return "及时"

    @property
    def responsible_label(self) -> str:
        """被巡察单位 or 被巡视单位, as the jurisdiction's rulebook says."""
        return speak(PARTIES[self.responsible], self.jurisdiction.word)

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return (
            Q(jurisdiction_id__in=viewer.oversight_jurisdictions)
            | Q(inspection__team_id__in=viewer.team_ids)
            | Q(inspection__target_id__in=viewer.unit_org_ids, responsible="inspected_unit")
        )
