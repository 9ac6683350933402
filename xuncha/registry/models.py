"""Organizations: inspection targets (巡察对象), receiving organs and agencies.

The full registry (leadership, cadres, posts, reorganizations) comes with its
own issue; this holds what scoping and obligations need now.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from xuncha.core.visibility import Viewer, VisibleQuerySet


class Organization(models.Model):
    class Kind(models.TextChoices):
        TARGET = "target", "巡察对象"
        RECEIVER = "receiver", "接收单位"
        AGENCY = "agency", "有关部门"

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="organizations"
    )
    name = models.CharField("名称", max_length=120)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    # For targets: a code from the rulebook's target_categories.
    target_category = models.CharField("对象类别", max_length=60, blank=True)
    # For receivers: discipline_organ / organization_department / legal_organ / other_unit.
    receiver_kind = models.CharField("接收单位类别", max_length=30, blank=True)
    region = models.CharField("地区", max_length=60, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["jurisdiction", "name"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="organization_unique_name"),
            models.CheckConstraint(
                condition=~Q(kind="target") | ~Q(target_category=""), name="organization_target_has_category"
            ),
            models.CheckConstraint(
                condition=~Q(kind="receiver") | ~Q(receiver_kind=""), name="organization_receiver_has_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        from xuncha.inspections.models import Inspection

        return (
            Q(jurisdiction_id__in=viewer.oversight_jurisdictions)
            | Q(pk__in=viewer.unit_org_ids)
            | Q(pk__in=viewer.receiver_org_ids)
            | Q(pk__in=Inspection.objects.filter(team_id__in=viewer.team_ids).values("target_id"))
        )
