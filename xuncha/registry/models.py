"""Organizations: inspection targets (巡察对象), receiving organs and agencies.

The full registry (leadership, cadres, posts, reorganizations) comes with its
own issue; this holds what scoping and obligations need now.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from xuncha.core.transitions import Flow
from xuncha.core.visibility import Viewer, VisibleQuerySet


class Organization(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "存续"
        MERGED = "merged", "已合并"
        ABOLISHED = "abolished", "已撤销"

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
    region = models.CharField(
        "地区", max_length=120, blank=True, help_text="自上而下以“/”分隔，例如 江西省/景德镇市/浮梁县；地域回避据此判断"
    )
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_on = models.DateField("状态变更日期", null=True, blank=True)
    # Reorganizations happen once; coverage must survive them, so a merged unit keeps its history.
    flow = Flow(
        "status", {Status.ACTIVE: {Status.MERGED, Status.ABOLISHED}, Status.MERGED: set(), Status.ABOLISHED: set()}
    )
    successor = models.ForeignKey(
        "self", verbose_name="并入单位", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["jurisdiction", "name"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="organization_unique_name"),
            models.CheckConstraint(
                condition=~Q(kind="target") | ~Q(target_category=""),
                name="organization_target_has_category",
                violation_error_message="巡察对象必须填写对象类别",
            ),
            models.CheckConstraint(
                condition=~Q(kind="receiver") | ~Q(receiver_kind=""),
                name="organization_receiver_has_kind",
                violation_error_message="接收单位必须填写接收单位类别",
            ),
            models.CheckConstraint(
                condition=Q(status="active", status_on__isnull=True)
                | (~Q(status="active") & Q(status_on__isnull=False)),
                name="organization_status_dated",
                violation_error_message="合并或撤销必须填写日期；存续单位不填日期",
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(status="merged"),
                name="organization_successor_only_if_merged",
                violation_error_message="只有已合并的单位才能有并入单位",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="organization_not_own_parent",
                violation_error_message="单位不能是自己的上级单位",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return (
            Q(jurisdiction_id__in=viewer.oversight_jurisdictions)
            | Q(pk__in=viewer.unit_org_ids)
            | Q(pk__in=viewer.receiver_org_ids)
            | Q(pk__in=viewer.agency_org_ids)
            | Q(pk__in=_team_targets(viewer))
        )


class Cadre(models.Model):
    """A cadre (干部): a leadership member of a target, or an inspector's own record."""

    class Level(models.TextChoices):
        JURISDICTION = "jurisdiction", "本级管理干部"  # 市管干部 / 自治区管干部
        TOWNSHIP = "township", "乡（科）级及以下干部"
        OTHER = "other", "其他"

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="cadres"
    )
    code = models.CharField("人员编号", max_length=40)
    name = models.CharField("姓名", max_length=40)
    native_place = models.CharField("籍贯", max_length=120, blank=True, help_text="自上而下以“/”分隔")
    management_level = models.CharField("管理层级", max_length=20, choices=Level.choices, default=Level.OTHER)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "干部"
        verbose_name_plural = "干部"
        ordering = ["jurisdiction", "code"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "code"], name="cadre_unique_code")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        # Oversight roles see the registry; a team sees the current leadership of the targets it inspects.
        return Q(jurisdiction_id__in=viewer.oversight_jurisdictions) | Q(
            pk__in=Post.objects.filter(_team_target_leadership(viewer)).values("cadre_id")
        )


def _team_targets(viewer: Viewer) -> models.QuerySet[Organization, Any]:
    """The targets of the inspections of the viewer's teams (through the reverse relation `inspections`)."""
    return Organization.objects.filter(inspections__team_id__in=viewer.team_ids).values("pk")


def _team_target_leadership(viewer: Viewer) -> Q:
    return Q(organization_id__in=_team_targets(viewer), is_leadership=True, ended_on__isnull=True)


class Post(models.Model):
    """One post a cadre holds or held (任职经历). Post history feeds post and region recusal."""

    cadre = models.ForeignKey(Cadre, verbose_name="干部", on_delete=models.CASCADE, related_name="posts")
    organization = models.ForeignKey(Organization, verbose_name="单位", on_delete=models.PROTECT, related_name="posts")
    title = models.CharField("职务", max_length=60)
    is_leadership = models.BooleanField("领导班子成员", default=False)
    is_principal = models.BooleanField("主要负责人", default=False)
    started_on = models.DateField("任职日期")
    ended_on = models.DateField("离任日期", null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "任职"
        verbose_name_plural = "任职"
        ordering = ["cadre", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="post_ends_after_start",
                violation_error_message="离任日期不能早于任职日期",
            ),
            models.CheckConstraint(
                condition=~Q(is_principal=True) | Q(is_leadership=True),
                name="post_principal_leads",
                violation_error_message="主要负责人必须是领导班子成员",
            ),
            # 主要负责人 (JDZ-2017 第三十四条 第一责任人): one current principal leader per organization.
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(is_principal=True, ended_on__isnull=True),
                name="post_one_principal",
                violation_error_message="该单位已有现任主要负责人（主要负责人为落实整改工作的第一责任人，只能有一名）",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.organization}{self.title}"

    @property
    def current(self) -> bool:
        return self.ended_on is None

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(cadre__jurisdiction_id__in=viewer.oversight_jurisdictions) | _team_target_leadership(viewer)
