"""The disclosures of an inspection (公开): what is made public about it, and its workflow (services.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from xuncha.core.transitions import Flow
from xuncha.core.visibility import Viewer, VisibleQuerySet
from xuncha.inspections.models import Inspection


class Disclosure(models.Model):
    """公开: what is made public about an inspection (JDZ-2017 第四十二条, NMG-2016 第三十五条: 进驻、反馈、整改等情况
    以适当方式公开). Only the stages the rulebook's `disclosures` list.

    Workflow (xuncha/disclosures/services.py): drafted by the team's leader or the office (巡察办/巡视办), approved
    by the office head, then published by the office with the publication date and the rulebook's channels. The
    regulations name no approver: approval by the office head is this system's setting, not a rule of either
    regulation (docs/disclosures.md). Title and body are checked against the inspection's secret material before
    approval and again before publication. A published disclosure is never edited: a correction is a new disclosure
    that supersedes it. The entry announcement is published at entry (`inspection_enter`), approved by whoever
    records the entry."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        APPROVED = "approved", "已审批"
        PUBLISHED = "published", "已公开"

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="disclosures"
    )
    stage = models.CharField("公开事项", max_length=20)  # a stage of the rulebook's `disclosures`
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    # Allowed moves; the service refuses any other. An approved text goes back to draft (退回) to be changed.
    flow = Flow(
        "status",
        {Status.DRAFT: {Status.APPROVED}, Status.APPROVED: {Status.PUBLISHED, Status.DRAFT}, Status.PUBLISHED: ()},
        notes={Status.PUBLISHED: "已公开的不再修改，如需更正请起草更正"},
    )
    published_on = models.DateField("公开日期", null=True, blank=True)
    channels = models.CharField("公开渠道", max_length=200, blank=True)  # the rulebook's, set on publication
    supersedes = models.OneToOneField(
        "self",
        verbose_name="更正的公开",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    correction_reason = models.TextField("更正理由", blank=True)
    return_reason = models.TextField("退回意见", blank=True)  # the office head's latest, shown on the draft
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_at = models.DateTimeField("起草时间", default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField("审批日期", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        db_table = "inspections_disclosure"  # the table it had when the model lived in inspections
        verbose_name = "公开"
        verbose_name_plural = "公开"
        ordering = [models.F("published_on").desc(nulls_first=True), "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "approved", "published"]),
                name="disclosure_status_known",
                violation_error_message="状态只能是草稿、已审批或已公开",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", approved_on__isnull=True, approved_by__isnull=True)
                | (~Q(status="draft") & Q(approved_on__isnull=False)),
                name="disclosure_approval_matches_status",
                violation_error_message="已审批和已公开的须有审批日期；草稿不带审批",
            ),
            models.CheckConstraint(
                condition=Q(status="published", published_on__isnull=False, published_on__gte=models.F("approved_on"))
                & ~Q(channels="")
                | (~Q(status="published") & Q(published_on__isnull=True, published_by__isnull=True)),
                name="disclosure_publication_matches_status",
                violation_error_message="已公开的须有不早于审批日期的公开日期和公开渠道；未公开的不带公开日期",
            ),
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(correction_reason=""),
                name="disclosure_correction_has_reason",
                violation_error_message="更正须说明理由",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        # Published material: whoever may see the inspection may see what was published about it. Drafts and approved
        # texts are working material of the team and the jurisdiction's oversight roles: never the inspected unit,
        # receivers or anyone outside (the public page shows published ones only, xuncha/disclosures/selectors.py).
        published = Q(status=cls.Status.PUBLISHED, inspection__in=Inspection.objects.visible_to(viewer).values("pk"))
        working = Q(inspection__team_id__in=sorted(viewer.team_ids)) | Q(
            inspection__jurisdiction_id__in=viewer.oversight_jurisdictions
        )
        return published | working
