"""Preparation before entry (开展巡察前): what the team learns about the target's leadership from the agencies
(JDZ-2017 第二十六条, NMG-2016 第二十四条).

- `InformationRequest`: one official letter (公函) per information source of the rulebook, sent through the office.
- `PersonalMattersCheck`: the organization department's spot-check of a leadership member's personal-matters report
  (JDZ-2017 第二十六条（三）); the result is personal information (secret).
- `LeaderBriefing`: the discipline organ's liaison office briefs the team leader directly (JDZ-2017 第二十六条（四）);
  what was said is secret.

Secret parts follow the talk-record rule: the team and the office head read them, each read is a `secret.read` event;
the record itself (that a check or briefing happened, when, by whom) is visible to the oversight roles and the team.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from xuncha.core.transitions import Flow
from xuncha.core.visibility import Viewer, VisibleQuerySet

if TYPE_CHECKING:
    from xuncha.jurisdictions.rulebook import InformationSource


def _team_or_office_head(viewer: Viewer) -> Q:
    """Who reads the secret parts: the inspection's team and the office head (as for 个别谈话记录)."""
    return Q(inspection__team_id__in=viewer.team_ids) | Q(
        inspection__jurisdiction_id__in=viewer.jurisdictions_with({"office_head"})
    )


def _oversight_or_team(viewer: Viewer) -> Q:
    return Q(inspection__jurisdiction_id__in=viewer.oversight_jurisdictions) | Q(
        inspection__team_id__in=viewer.team_ids
    )


class InformationRequest(models.Model):
    """情况了解公函: the team asks an agency, through the office, for what it knows about the target's leadership."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SENT = "sent", "已发函"
        ANSWERED = "answered", "已提供"

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="information_requests"
    )
    # A code from the rulebook's `information_sources`; the agency, what it provides and the years come from there.
    source = models.CharField("情况来源", max_length=60)
    agency = models.ForeignKey(
        "registry.Organization",
        verbose_name="受函单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="information_requests",
        limit_choices_to={"kind__in": ["agency", "receiver"]},
    )
    years = models.PositiveSmallIntegerField("了解年限（近 N 年）", null=True, blank=True)
    requested = models.TextField("了解事项")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Drafted, sent by the office (发函), answered by the agency (提供情况); services move it only through the flow.
    flow = Flow("status", {Status.DRAFT: {Status.SENT}, Status.SENT: {Status.ANSWERED}, Status.ANSWERED: set()})
    letter_number = models.CharField("公函文号", max_length=60, blank=True)
    sent_on = models.DateField("发函日期", null=True, blank=True)
    answered_on = models.DateField("提供日期", null=True, blank=True)
    answer_summary = models.TextField(
        "提供情况摘要", blank=True, help_text="只写提供了什么（如材料份数、线索件数），不写线索内容"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "情况了解公函"
        verbose_name_plural = "情况了解公函"
        ordering = ["inspection_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "source"],
                name="information_request_once_per_source",
                violation_error_message="本次巡察已有该来源的情况了解公函",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", sent_on__isnull=True, letter_number="", answered_on__isnull=True)
                | (Q(status="sent", sent_on__isnull=False, answered_on__isnull=True) & ~Q(letter_number=""))
                | (
                    Q(status="answered", sent_on__isnull=False, answered_on__gte=models.F("sent_on"))
                    & ~Q(letter_number="")
                ),
                name="information_request_status_consistent",
                violation_error_message="状态与公函文号、发函日期、提供日期不一致",
            ),
        ]

    def __str__(self) -> str:
        item = self.source_item(self.inspection.jurisdiction.rulebook)
        return f"{self.inspection} 向{item.agency if item else self.source}了解情况"

    def source_item(self, book: object) -> InformationSource | None:
        """The rulebook entry this request follows (None if the rulebook no longer lists the code)."""
        from .sources import information_source

        return information_source(book, self.source)

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        # The addressed organ's contact (a receiving organ's, or an agency's that answers it) sees what was sent to it,
        # never drafts.
        addressed = viewer.receiver_org_ids | viewer.agency_org_ids
        return _oversight_or_team(viewer) | (Q(agency_id__in=addressed) & ~Q(status="draft"))


class PersonalMattersCheck(models.Model):
    """抽查核实领导干部报告个人有关事项 (JDZ-2017 第二十六条（三）). The result is personal information."""

    class Item(models.TextChoices):
        # The four the article names: 重点核查被抽查对象的房产、股票、经商办企业、因私出国（境）等情况.
        HOUSING = "housing", "房产"
        STOCKS = "stocks", "股票"
        BUSINESS = "business", "经商办企业"
        TRAVEL_ABROAD = "travel_abroad", "因私出国（境）"

    class Result(models.TextChoices):
        CONSISTENT = "consistent", "如实报告"
        DISCREPANCY = "discrepancy", "与报告不一致"

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="personal_matters_checks"
    )
    cadre = models.ForeignKey(
        "registry.Cadre", verbose_name="被抽查干部", on_delete=models.PROTECT, related_name="personal_matters_checks"
    )
    post = models.ForeignKey(
        "registry.Post", verbose_name="现任职务", on_delete=models.PROTECT, related_name="personal_matters_checks"
    )
    items = models.JSONField("核查事项", default=list)
    checked_by = models.CharField("核查单位", max_length=120)
    checked_on = models.DateField("核查日期")
    result = models.CharField("核查结果", max_length=12, choices=Result.choices)
    discrepancy = models.TextField("不一致情况", blank=True)

    objects = VisibleQuerySet.as_manager()
    secret = True

    class Meta:
        verbose_name = "领导干部个人有关事项抽查核实"
        verbose_name_plural = "领导干部个人有关事项抽查核实"
        ordering = ["inspection_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "cadre"],
                name="personal_matters_check_once_per_cadre",
                violation_error_message="本次巡察已登记该干部的抽查核实结果",
            ),
            models.CheckConstraint(
                condition=Q(result="consistent", discrepancy="") | (Q(result="discrepancy") & ~Q(discrepancy="")),
                name="personal_matters_discrepancy_described",
                violation_error_message="核查结果为“与报告不一致”时必须写明不一致情况；如实报告时不填",
            ),
        ]

    def __str__(self) -> str:
        return f"个人有关事项抽查核实 #{self.pk}"

    @property
    def item_labels(self) -> list[str]:
        labels = dict(self.Item.choices)
        return [str(labels.get(code, code)) for code in self.items]

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        """That a check was made (who, what, when): oversight and the team. The result: `secret_q`."""
        return _oversight_or_team(viewer)

    @classmethod
    def secret_q(cls, viewer: Viewer) -> Q:
        return _team_or_office_head(viewer)


class LeaderBriefing(models.Model):
    """纪检监察室与巡察组组长单独对接 (JDZ-2017 第二十六条（四）): clues on cadres, key targets, issues to watch."""

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="leader_briefings"
    )
    briefed_on = models.DateField("对接日期")
    by = models.CharField("通报人", max_length=200)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="参加人员", related_name="leader_briefings"
    )
    topics = models.TextField("通报内容")

    objects = VisibleQuerySet.as_manager()
    secret = True

    class Meta:
        verbose_name = "组长对接通报"
        verbose_name_plural = "组长对接通报"
        ordering = ["inspection_id", "briefed_on", "id"]

    def __str__(self) -> str:
        return f"组长对接通报 #{self.pk}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        """That a briefing took place (date, by whom, who attended): oversight and the team. Topics: `secret_q`."""
        return _oversight_or_team(viewer)

    @classmethod
    def secret_q(cls, viewer: Viewer) -> Q:
        return _team_or_office_head(viewer)
