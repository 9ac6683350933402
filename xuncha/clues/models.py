"""Problem clues (问题线索): found in an inspection, handed to the organ that acts on them, followed until that organ
reports its handling.

A clue has one owner at every moment (`Clue.owner`): the team while it is registered, the leading group while a
transfer during the inspection waits for approval, the office once the disposal decision is made, the parties of the
handover form while it is signed, the receiver from its signature until its final report.

Secrecy. The register row (number, dates, category, status, the cadres concerned, the route and the receiver) is
what the ledgers show (JDZ-2017 第三十九条, NMG-2016 第三十三条): the team, the office and the leading group see it,
a receiver only the clues transferred to it. The clue's content and evidence are secret material: the team, the
office head and, once transferred, the receiver open them through `clue_read`, and each read is an event. Whoever
reported the matter stays in the source record (petition, talk) behind its own door: a clue links its sources,
never copies them, and names an informant to a receiver only through an `InformantRelease` by the office head.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from xuncha.core.transitions import Flow
from xuncha.core.visibility import Viewer, VisibleQuerySet

from .visibility import LEDGER_ROLES, register_readers_q


class Clue(models.Model):
    """One matter about one or more cadres, however many times it was reported (its sources)."""

    class Status(models.TextChoices):
        REGISTERED = "registered", "已登记"
        PROPOSED = "proposed", "拟在期间移交（待审批）"
        DISPOSED = "disposed", "已作出分类处置决定"
        RETAINED = "retained", "决定不移交"
        IN_TRANSFER = "in_transfer", "移交中（交接单签字）"
        TRANSFERRED = "transferred", "已移交，待办理"
        HANDLING = "handling", "办理中"
        CONCLUDED = "concluded", "已反馈办理结果"
        MERGED = "merged", "已并入其他线索"

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="+"
    )
    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="clues"
    )
    number = models.PositiveIntegerField("编号")  # per inspection
    registered_on = models.DateField("登记日期")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    # A code of the rulebook's `problem_categories` or `clues.categories` (retaliation); empty: not yet classified.
    category = models.CharField("问题类别", max_length=60, blank=True)
    content = models.TextField("反映的问题")  # SECRET: opened through clue_read
    evidence = models.TextField("证据材料", blank=True)  # SECRET
    status = models.CharField("办理状态", max_length=12, choices=Status.choices, default=Status.REGISTERED)
    flow = Flow(
        "status",
        {
            Status.REGISTERED: {Status.PROPOSED, Status.DISPOSED, Status.RETAINED, Status.MERGED},
            Status.PROPOSED: {Status.REGISTERED, Status.IN_TRANSFER},  # refused: back to the register
            Status.DISPOSED: {Status.DISPOSED, Status.RETAINED, Status.IN_TRANSFER},
            Status.RETAINED: {Status.DISPOSED, Status.RETAINED},
            Status.IN_TRANSFER: {Status.TRANSFERRED, Status.DISPOSED, Status.REGISTERED},  # cancelled before signed
            Status.TRANSFERRED: {Status.HANDLING, Status.CONCLUDED},
            Status.HANDLING: {Status.HANDLING, Status.CONCLUDED},
            Status.CONCLUDED: set(),
            Status.MERGED: set(),
        },
    )
    merged_into = models.ForeignKey(
        "self", verbose_name="并入线索", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    # The transfer that holds it now (one at a time); cleared if a transfer is cancelled before it completes.
    transfer = models.ForeignKey(
        "clues.Transfer", verbose_name="移交", null=True, blank=True, on_delete=models.PROTECT, related_name="clues"
    )
    # JDZ-2017 第三十七条: the discipline commission's 专题排查会 on this clue, recorded by the receiver.
    review_meeting_on = models.DateField("专题排查会日期", null=True, blank=True)
    review_meeting_note = models.TextField("专题排查会任务分工", blank=True)

    objects = VisibleQuerySet.as_manager()
    secret = True

    class Meta:
        verbose_name = "问题线索"
        verbose_name_plural = "问题线索"
        ordering = ["inspection_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="clue_number_once_per_inspection"),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(status="merged"),
                name="clue_merged_has_status",
                violation_error_message="并入其他线索的线索状态须为“已并入其他线索”",
            ),
        ]

    def __str__(self) -> str:  # goes into events: never the content or the persons concerned
        return f"问题线索 {self.code}"

    @property
    def code(self) -> str:
        """编号 as offices write it: year-round-team-number, e.g. 2026-1-3-07."""
        i = self.inspection
        return f"{i.round.year}-{i.round.number}-{i.team.number}-{self.number:02d}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return register_readers_q(viewer)


class ClueSubject(models.Model):
    """A cadre the clue is about (反映对象), from the registry, with the post held when it was reported. The 管理权限
    is the cadre's management level (市管 / 乡科级及以下 …), read from the registry, never copied."""

    clue = models.ForeignKey(Clue, verbose_name="问题线索", on_delete=models.CASCADE, related_name="subjects")
    cadre = models.ForeignKey("registry.Cadre", verbose_name="反映对象", on_delete=models.PROTECT, related_name="+")
    post = models.ForeignKey(
        "registry.Post", verbose_name="职务", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "反映对象"
        verbose_name_plural = "反映对象"
        ordering = ["clue_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["clue", "cadre"], name="clue_subject_once", violation_error_message="该干部已是本线索的反映对象"
            )
        ]

    def __str__(self) -> str:
        return f"{self.clue} 反映对象 #{self.pk}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return register_readers_q(viewer, clue="clue")


# The field of each source kind: exactly that one is set.
SOURCE_LINKS: dict[str, str] = {
    "petition": "petition",
    "talk": "talk",
    "document": "document",
    "fieldwork": "fieldwork_record",
    "personal_matters": "personal_matters_check",
    "referral": "information_request",
    "briefing": "briefing",
    "finding": "finding",
}


def _one_link_of_its_kind() -> Q:
    return Q(
        *[
            Q(kind=kind)
            & Q(**{f"{field}__isnull": False})
            & Q(**{f"{other}__isnull": True for other in SOURCE_LINKS.values() if other != field})
            for kind, field in SOURCE_LINKS.items()
        ],
        _connector=Q.OR,
    )


class ClueSource(models.Model):
    """Where the clue came from, linked, never copied: the petition or the talk keeps its informant behind its own
    door. The same matter reported again is one more source of the same clue."""

    class Kind(models.TextChoices):
        PETITION = "petition", "来信来电来访"
        TALK = "talk", "个别谈话"
        DOCUMENT = "document", "调阅资料"
        FIELDWORK = "fieldwork", "其他了解工作记录"
        PERSONAL_MATTERS = "personal_matters", "个人有关事项抽查核实"
        REFERRAL = "referral", "有关部门和单位提供"
        BRIEFING = "briefing", "纪检监察室对接通报"
        FINDING = "finding", "巡察发现的问题"

    LINKS = SOURCE_LINKS

    clue = models.ForeignKey(Clue, verbose_name="问题线索", on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField("来源", max_length=20, choices=Kind.choices)
    petition = models.ForeignKey(
        "fieldwork.Petition", null=True, blank=True, on_delete=models.PROTECT, related_name="clue_sources"
    )
    talk = models.ForeignKey(
        "inspections.TalkRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="clue_sources"
    )
    document = models.ForeignKey(
        "fieldwork.DocumentRetrieval", null=True, blank=True, on_delete=models.PROTECT, related_name="clue_sources"
    )
    fieldwork_record = models.ForeignKey(
        "fieldwork.FieldworkRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="clue_sources"
    )
    personal_matters_check = models.ForeignKey(
        "preparation.PersonalMattersCheck", null=True, blank=True, on_delete=models.PROTECT, related_name="clue_sources"
    )
    information_request = models.ForeignKey(
        "preparation.InformationRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="clue_sources"
    )
    briefing = models.ForeignKey(
        "preparation.LeaderBriefing", null=True, blank=True, on_delete=models.PROTECT, related_name="clue_sources"
    )
    finding = models.ForeignKey(
        "findings.Finding", null=True, blank=True, on_delete=models.PROTECT, related_name="clue_sources"
    )
    added_on = models.DateField("登记日期")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "线索来源"
        verbose_name_plural = "线索来源"
        ordering = ["clue_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=_one_link_of_its_kind(),
                name="clue_source_links_its_kind",
                violation_error_message="线索来源须且只须关联其来源类别的一条记录",
            )
        ]

    def __str__(self) -> str:
        return f"{self.clue} 来源 #{self.pk}"

    @property
    def record(self) -> Any:
        return getattr(self, self.LINKS[self.kind])

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return register_readers_q(viewer, clue="clue")


class FastTrack(models.Model):
    """A transfer during the inspection, proposed by the team and approved before it is made: 速查速办 under
    JDZ-2017 第二十二至二十四条 (one of the four conditions of 第二十二条, or the 八项规定/“四风” clues of 第二十三条),
    or NMG-2016 第二十三条's transfer with the leading group's approval. The route is a rulebook route of stage
    `during_inspection`; the condition a code of `fast_track_conditions` of the route's article (none under NMG-2016,
    whose article sets no condition)."""

    class Decision(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "批准"
        REFUSED = "refused", "不予批准"

    clue = models.ForeignKey(Clue, verbose_name="问题线索", on_delete=models.PROTECT, related_name="fast_tracks")
    route = models.CharField("移交途径", max_length=60)
    condition = models.CharField("适用情形", max_length=60, blank=True)
    interwoven = models.BooleanField("与其他严重违纪违法问题交织（先行查处）", default=False)
    receiver = models.ForeignKey(
        "registry.Organization", verbose_name="拟接收单位", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("提出理由")
    proposed_on = models.DateField("提出日期")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField("审批结果", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField("审批日期", null=True, blank=True)
    approver = models.CharField("审批人", max_length=80, blank=True)  # who approved in the world (领导小组组长 …)
    decision_note = models.TextField("审批意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "巡察期间移交"
        verbose_name_plural = "巡察期间移交"
        ordering = ["clue_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["clue"],
                condition=Q(decision="pending"),
                name="fast_track_one_pending_per_clue",
                violation_error_message="该线索已有待审批的移交申请",
            ),
            models.CheckConstraint(
                condition=Q(decision="pending", decided_on__isnull=True)
                | (~Q(decision="pending") & Q(decided_on__isnull=False)),
                name="fast_track_decided_has_date",
                violation_error_message="审批须登记审批日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clue} 期间移交申请 #{self.pk}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return register_readers_q(viewer, clue="clue")


class Disposal(models.Model):
    """The disposal decision on one clue (分类处置, JDZ-2017 第三十五条 by the five-member group and the leading group;
    NMG-2016 第三十一条 by the five-member group), made at the round's decision meeting: the route (a rulebook route of
    stage `after_decision`) and the receiver. The route proposes the receiver by its kind and the cadre's
    management level; the office may choose another with a reason. Not transferring is recorded with its reason
    (the articles list only the routes: the product says so)."""

    clue = models.OneToOneField(Clue, verbose_name="问题线索", on_delete=models.PROTECT, related_name="disposal")
    meeting = models.ForeignKey(
        "results.Meeting", verbose_name="会议", on_delete=models.PROTECT, related_name="clue_disposals"
    )
    route = models.CharField("移交途径", max_length=60, blank=True)  # empty: not transferred
    receiver = models.ForeignKey(
        "registry.Organization",
        verbose_name="接收单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_receiver = models.ForeignKey(
        "registry.Organization",
        verbose_name="按途径建议的接收单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    change_reason = models.TextField("改变接收单位的理由", blank=True)
    not_transferred_reason = models.TextField("不移交的理由", blank=True)
    recorded_on = models.DateField("登记日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "分类处置决定"
        verbose_name_plural = "分类处置决定"
        ordering = ["clue_id"]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(route="") & Q(receiver__isnull=False) & Q(not_transferred_reason=""))
                | (Q(route="") & Q(receiver__isnull=True) & ~Q(not_transferred_reason="")),
                name="disposal_routes_or_says_why_not",
                violation_error_message="处置决定须写明移交途径和接收单位，或写明不移交的理由",
            )
        ]

    def __str__(self) -> str:
        return f"{self.clue} 分类处置"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return register_readers_q(viewer, clue="clue")


class Transfer(models.Model):
    """One handover of clues from one inspection to one receiver (移交材料交接单 where the route has one).

    JDZ-2017 第三十五条 after the round: the form is approved by the leading group's leader, then signed by the team,
    the office and the receiver; the transfer is complete when all three have signed, on the receiver's signature.
    A transfer during the inspection (JDZ-2017 第二十四条, NMG-2016 第二十三条) is approved through its `FastTrack`
    and is complete on the receiver's signature of receipt; so is an NMG-2016 transfer after the round (第三十一条
    prescribes no form)."""

    class Stage(models.TextChoices):
        DURING = "during_inspection", "巡察期间移交"
        AFTER = "after_decision", "分类处置后移交"

    class Status(models.TextChoices):
        DRAFTED = "drafted", "待审批"
        APPROVED = "approved", "已审批，待签字"
        COMPLETED = "completed", "已完成移交"
        CANCELLED = "cancelled", "已撤回"

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="+"
    )
    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="clue_transfers"
    )
    number = models.PositiveIntegerField("交接单编号")  # per jurisdiction and year
    year = models.PositiveIntegerField("年度")
    stage = models.CharField("移交阶段", max_length=20, choices=Stage.choices)
    route = models.CharField("移交途径", max_length=60)
    receiver = models.ForeignKey(
        "registry.Organization", verbose_name="接收单位", on_delete=models.PROTECT, related_name="clue_transfers"
    )
    handover_form = models.CharField("交接单（规则代码）", max_length=60, blank=True)  # empty: the route has none
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFTED)
    flow = Flow(
        "status",
        {
            Status.DRAFTED: {Status.APPROVED, Status.CANCELLED},
            Status.APPROVED: {Status.COMPLETED, Status.CANCELLED},
            Status.COMPLETED: set(),
            Status.CANCELLED: set(),
        },
    )
    drafted_on = models.DateField("拟制日期")
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="拟制人", on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField("审批日期", null=True, blank=True)
    approver = models.CharField("审批人", max_length=80, blank=True)
    approval_note = models.TextField("审批意见", blank=True)
    team_signed_on = models.DateField("巡察组签字日期", null=True, blank=True)
    team_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="巡察组签字人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    office_signed_on = models.DateField("办公室签字日期", null=True, blank=True)
    office_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办公室签字人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver_signed_on = models.DateField("接收单位签字日期", null=True, blank=True)  # the transfer's date
    receiver_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收单位签字人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancelled_on = models.DateField("撤回日期", null=True, blank=True)
    cancel_reason = models.TextField("撤回理由", blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "问题线索移交"
        verbose_name_plural = "问题线索移交"
        ordering = ["jurisdiction_id", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year", "number"], name="transfer_number_once_a_year"),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(receiver_signed_on__isnull=False),
                name="transfer_completed_on_receiver_signature",
                violation_error_message="接收单位签字后移交方为完成",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{self.number}号移交"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return (
            Q(inspection__team_id__in=sorted(viewer.team_ids))
            | Q(jurisdiction_id__in=viewer.jurisdictions_with(frozenset(LEDGER_ROLES)))
            | Q(receiver_id__in=sorted(viewer.receiver_org_ids))
        )


class HandlingReport(models.Model):
    """The receiver's report of its handling of one clue (JDZ-2017 第三十六条, NMG-2016 第三十二条): a partial report
    keeps the 3-month duty open; the final one fulfils it."""

    class Disposition(models.TextChoices):
        # The four the articles list (谈话函询、初核、立案或者组织处理) …
        TALK_INQUIRY = "talk_inquiry", "谈话函询"
        PRELIMINARY = "preliminary", "初核"
        CASE = "case", "立案"
        ORGANIZATIONAL = "organizational", "组织处理"
        # … and two the discipline organs' own rules on handling clues add (not in either regulation).
        HOLD = "hold", "暂存待查"
        CLOSE = "close", "予以了结"

    clue = models.ForeignKey(Clue, verbose_name="问题线索", on_delete=models.PROTECT, related_name="handling_reports")
    receiver = models.ForeignKey(
        "registry.Organization", verbose_name="接收单位", on_delete=models.PROTECT, related_name="+"
    )
    reported_on = models.DateField("反馈日期")
    disposition = models.CharField("处置方式", max_length=20, choices=Disposition.choices)
    final = models.BooleanField("办理结果（最终反馈）", default=False)
    text = models.TextField("办理情况")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="反馈人", on_delete=models.PROTECT, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "线索办理情况反馈"
        verbose_name_plural = "线索办理情况反馈"
        ordering = ["clue_id", "reported_on", "pk"]

    def __str__(self) -> str:
        return f"{self.clue} 办理情况反馈 #{self.pk}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return register_readers_q(viewer, clue="clue")


class InformantRelease(models.Model):
    """The office head gives a named receiver the identity of whoever reported a matter (a petition's sender, a
    talk's interviewee), with a stated reason. Nothing else ever puts an informant's identity in a clue, a transfer
    or a ledger."""

    source = models.ForeignKey(ClueSource, verbose_name="线索来源", on_delete=models.PROTECT, related_name="releases")
    receiver = models.ForeignKey(
        "registry.Organization", verbose_name="接收单位", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("理由")
    released_on = models.DateField("提供日期")
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="批准人", on_delete=models.PROTECT, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()
    secret = True

    class Meta:
        verbose_name = "提供反映人身份"
        verbose_name_plural = "提供反映人身份"
        ordering = ["-released_on", "pk"]

    def __str__(self) -> str:
        return f"提供反映人身份 #{self.pk}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(source__clue__jurisdiction_id__in=viewer.jurisdictions_with(frozenset({"office_head"}))) | Q(
            receiver_id__in=sorted(viewer.receiver_org_ids)
        )


class Suggestion(models.Model):
    """A suggestion to the inspected party organization on a problem that can be solved at once (JDZ-2017 第二十五条
    可以; NMG-2016 第二十三条 应当), followed to its answer."""

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="suggestions"
    )
    number = models.PositiveIntegerField("编号")
    issued_on = models.DateField("提出日期")
    text = models.TextField("处理建议")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField("处理情况", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "处理建议"
        verbose_name_plural = "处理建议"
        ordering = ["inspection_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="suggestion_number_once_per_inspection"),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True, answer="") | (Q(answered_on__isnull=False) & ~Q(answer="")),
                name="suggestion_answer_has_date",
                violation_error_message="答复须写明处理情况和答复日期",
            ),
        ]

    def __str__(self) -> str:
        return f"处理建议 第{self.number}号"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return (
            Q(inspection__team_id__in=sorted(viewer.team_ids))
            | Q(inspection__jurisdiction_id__in=viewer.oversight_jurisdictions)
            | Q(inspection__target_id__in=sorted(viewer.unit_org_ids))
        )
