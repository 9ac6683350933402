"""One team inspecting one target. The full lifecycle (preparation, fieldwork,
reports, hearing, feedback, rectification) comes with its own issues; this holds
what the foundation's scoping, secrecy and obligations need."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from xuncha.core.visibility import Viewer, VisibleQuerySet


class Inspection(models.Model):
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="inspections"
    )
    round = models.ForeignKey("planning.Round", on_delete=models.PROTECT, related_name="inspections")
    team = models.ForeignKey("planning.Team", on_delete=models.PROTECT, related_name="inspections")
    target = models.ForeignKey("registry.Organization", on_delete=models.PROTECT, related_name="inspections")
    feedback_given_on = models.DateField("反馈日期", null=True, blank=True)
    receipt_signed_on = models.DateField("签收反馈材料日期", null=True, blank=True)
    plan_submitted_on = models.DateField("报送整改方案日期", null=True, blank=True)
    reports_submitted_on = models.DateField("报送整改报告日期", null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "巡察"
        verbose_name_plural = "巡察"
        ordering = ["round", "team"]
        constraints = [models.UniqueConstraint(fields=["round", "target"], name="inspection_target_once_per_round")]

    def __str__(self) -> str:
        return f"{self.team}{self.jurisdiction.word}{self.target}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return (
            Q(jurisdiction_id__in=viewer.oversight_jurisdictions)
            | Q(team_id__in=viewer.team_ids)
            | Q(target_id__in=viewer.unit_org_ids)
        )


class TalkRecord(models.Model):
    """个别谈话记录 — secret (JDZ-2017 第四十六条（三）, NMG-2016 第三十六条（三）: 泄露巡察工作秘密).

    Readable only by the team that held the talk and the office head; each read is an event."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="talks")
    interviewee = models.CharField("谈话对象", max_length=60)
    talked_at = models.DateTimeField("谈话时间")
    place = models.CharField("地点", max_length=100)
    recorder = models.CharField("记录人", max_length=40)
    content = models.TextField("谈话内容")

    objects = VisibleQuerySet.as_manager()
    secret = True

    class Meta:
        verbose_name = "个别谈话记录"
        verbose_name_plural = "个别谈话记录"
        ordering = ["-talked_at"]

    def __str__(self) -> str:
        return f"个别谈话记录 #{self.pk}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(inspection__team_id__in=viewer.team_ids) | Q(
            inspection__jurisdiction_id__in=viewer.jurisdictions_with({"office_head"})
        )
