"""问题底稿: what a team finds, the evidence it rests on, the 组务会 that approved it, the leader's approval, and
the team's 请示报告 to the leading group (or, in special cases, the secretary).

Team material: the team, the office, the leading group and auditors see it; the inspected unit and receivers do not.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from xuncha.core.transitions import Flow
from xuncha.core.visibility import Viewer, VisibleQuerySet

# Jurisdiction roles that see a jurisdiction's findings, meetings and escalations (besides the team itself).
READER_ROLES = frozenset({"office_head", "office_staff", "leading_group_head", "leading_group_member", "auditor"})


def inspections_q(viewer: Viewer, path: str = "inspection_id") -> Q:
    """The team's own inspections, and those of the jurisdictions where the viewer holds a reader role."""
    from xuncha.inspections.models import Inspection

    own = Inspection.objects.filter(team_id__in=viewer.team_ids).values("pk")
    read = Inspection.objects.filter(jurisdiction_id__in=viewer.jurisdictions_with(READER_ROLES)).values("pk")
    return Q(**{f"{path}__in": own}) | Q(**{f"{path}__in": read})


class Finding(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        TEAM_APPROVED = "team_approved", "组务会通过"
        LEADER_APPROVED = "leader_approved", "组长审定"

    # Allowed moves (`flow`, below the field; 组长负责制 and 组务会: JDZ-2017 第七条, NMG-2016 第十条).
    # Each has one service:
    #   draft → team_approved            team_meeting_hold (a minuted meeting with a quorum approves it)
    #   team_approved → leader_approved  finding_leader_approve (the team's leader only)
    #   team_approved / leader_approved → draft   finding_return (the leader only, with a reason: 退回)

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="findings"
    )
    number = models.PositiveIntegerField("编号")
    title = models.CharField("问题标题", max_length=200)
    category = models.CharField("问题类别", max_length=40)  # a code from the rulebook's problem_categories
    description = models.TextField("问题描述")
    persons_concerned = models.CharField("涉及人员", max_length=300, blank=True)
    # The team marks a finding as a clue (问题线索) about the person concerned: the 领导干部问题线索情况报告 draws on
    # these (NMG-2016 第二十六条; rulebook report_types draws_on: clues). A clue names its person (services).
    is_clue = models.BooleanField("作为问题线索", default=False)
    cadre = models.ForeignKey(
        "registry.Cadre",
        verbose_name="涉及干部（干部档案）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    flow = Flow(
        "status",
        {
            Status.DRAFT: {Status.TEAM_APPROVED},
            Status.TEAM_APPROVED: {Status.LEADER_APPROVED, Status.DRAFT},
            Status.LEADER_APPROVED: {Status.DRAFT},
        },
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("起草时间", default=timezone.now)
    drafted_on = models.DateField("起草日期", null=True, blank=True)  # the day in the world; created_at is the record

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "问题底稿"
        verbose_name_plural = "问题底稿"
        ordering = ["inspection_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "number"],
                name="finding_number_once_per_inspection",
                violation_error_message="同一巡察的问题底稿编号不能重复",
            )
        ]

    def __str__(self) -> str:
        return f"问题底稿 #{self.number} {self.title}"

    @property
    def category_name(self) -> str:
        book = self.inspection.jurisdiction.rulebook
        return next((c.name for c in book.problem_categories if c.code == self.category), self.category)

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return inspections_q(viewer)


class FindingMove(models.Model):
    """One move of a finding's status, with who, when, why and under which article (the finding's history)."""

    finding = models.ForeignKey(Finding, verbose_name="问题底稿", on_delete=models.CASCADE, related_name="moves")
    from_status = models.CharField("原状态", max_length=20, choices=Finding.Status.choices)
    to_status = models.CharField("新状态", max_length=20, choices=Finding.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    occurred_on = models.DateField("日期")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)
    meeting = models.ForeignKey(
        "TeamMeeting", verbose_name="组务会", null=True, blank=True, on_delete=models.PROTECT, related_name="moves"
    )
    reason = models.TextField("理由", blank=True)
    article = models.CharField("依据条款", max_length=40, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "问题底稿流转记录"
        verbose_name_plural = "问题底稿流转记录"
        ordering = ["finding_id", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(finding_id__in=Finding.objects.filter(inspections_q(viewer)).values("pk"))


@dataclass(frozen=True)
class EvidenceKind:
    code: str
    model_label: str  # resolved lazily: the fieldwork app may not be installed
    label: str  # shown when the model is not installed; otherwise its verbose_name
    url_name: str  # the record's own read page (which applies its own rules and records the read)
    url_by: str = "pk"  # the page takes the record's pk, or ("inspection") the register of its inspection

    def model(self) -> type[models.Model] | None:
        try:
            return apps.get_model(self.model_label)
        except (LookupError, ValueError):
            return None

    @property
    def name(self) -> str:
        model = self.model()
        return str(model._meta.verbose_name) if model is not None else self.label


EVIDENCE_KINDS: dict[str, EvidenceKind] = {
    k.code: k
    for k in (
        EvidenceKind("talk", "inspections.TalkRecord", "个别谈话记录", "inspections:talk"),
        EvidenceKind("petition", "fieldwork.Petition", "来信来访", "fieldwork:petition"),
        EvidenceKind("document", "fieldwork.DocumentRetrieval", "调阅资料", "fieldwork:documents", "inspection"),
        EvidenceKind("record", "fieldwork.FieldworkRecord", "工作记录", "fieldwork:record"),
    )
}


def offered_evidence_kinds() -> list[EvidenceKind]:
    """The kinds whose record model is installed now (only `talk` until the fieldwork app exists)."""
    return [k for k in EVIDENCE_KINDS.values() if k.model() is not None]


class Evidence(models.Model):
    """A link from a finding to a record of the same inspection. It holds the kind and id, never the content:
    a secret record stays behind its own read service."""

    class Kind(models.TextChoices):
        TALK = "talk", "个别谈话记录"
        PETITION = "petition", "来信来访"
        DOCUMENT = "document", "调阅资料"
        RECORD = "record", "工作记录"

    finding = models.ForeignKey(Finding, verbose_name="问题底稿", on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField("证据类别", max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField("记录编号")
    note = models.CharField("说明", max_length=300, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="关联人", on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField("关联时间", default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "问题证据"
        verbose_name_plural = "问题证据"
        ordering = ["finding_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "kind", "object_id"],
                name="evidence_once_per_finding",
                violation_error_message="该记录已关联到此问题底稿",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """“个别谈话记录 #12”: what anyone who sees the finding may see of the linked record."""
        kind = EVIDENCE_KINDS.get(self.kind)
        return f"{kind.name if kind else self.kind} #{self.object_id}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(finding_id__in=Finding.objects.filter(inspections_q(viewer)).values("pk"))


class TeamMeeting(models.Model):
    """组务会 (JDZ-2017 第七条, NMG-2016 第十条): decides the team's important matters by 民主集中制, minuted."""

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="team_meetings"
    )
    number = models.PositiveIntegerField("次序")
    held_on = models.DateField("召开日期")
    # Who attended: `attendance` (TeamMeetingAttendee), one row per staffed member of the team, with or without a login.
    member_count = models.PositiveIntegerField("本组成员人数")  # the team as staffed on held_on, for the quorum
    agenda = models.TextField("议题")
    minutes = models.TextField("会议记录")
    decisions = models.TextField("决定事项", blank=True)
    findings = models.ManyToManyField(
        Finding, verbose_name="通过的问题底稿", blank=True, related_name="approving_meetings"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "组务会"
        verbose_name_plural = "组务会"
        ordering = ["inspection_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="team_meeting_number_once"),
            models.CheckConstraint(
                condition=~Q(minutes=""),
                name="team_meeting_minuted",
                violation_error_message="组务会须有会议记录",
            ),
        ]

    def __str__(self) -> str:
        return f"第{self.number}次组务会（{self.held_on}）"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return inspections_q(viewer)


class TeamMeetingAttendee(models.Model):
    """One staffed member of the team who attended a 组务会: an inspector placed on the team (people.Assignment),
    whether or not the inspector has a login, or a team place held by a login (planning.TeamMembership) that no
    assignment stands behind. The name and the post are kept as they were on the day."""

    meeting = models.ForeignKey(TeamMeeting, verbose_name="组务会", on_delete=models.CASCADE, related_name="attendance")
    assignment = models.ForeignKey(
        "people.Assignment",
        verbose_name="人员安排",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    membership = models.ForeignKey(
        "planning.TeamMembership",
        verbose_name="组成员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField("姓名", max_length=100)
    role = models.CharField("职位", max_length=10)  # a planning.TeamMembership.Role code

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "组务会出席人员"
        verbose_name_plural = "组务会出席人员"
        ordering = ["meeting_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assignment__isnull=False) | Q(membership__isnull=False),
                name="team_meeting_attendee_is_staffed",
                violation_error_message="出席人员须为本组在组人员",
            ),
            models.UniqueConstraint(
                fields=["meeting", "assignment"],
                condition=Q(assignment__isnull=False),
                name="team_meeting_attendee_assignment_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "membership"],
                condition=Q(membership__isnull=False),
                name="team_meeting_attendee_membership_once",
            ),
        ]

    def __str__(self) -> str:
        from xuncha.planning.models import TeamMembership

        label = dict(TeamMembership.Role.choices).get(self.role, self.role)
        return f"{self.name}（{label}）"

    @property
    def key(self) -> str:
        """The roster key (selectors.StaffedMember.key) of the person who attended."""
        return f"a{self.assignment_id}" if self.assignment_id is not None else f"m{self.membership_id}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return inspections_q(viewer, "meeting__inspection_id")


class Escalation(models.Model):
    """请示报告 (JDZ-2017 第二十一条, NMG-2016 第二十二条): to the leading group; in special cases directly to the
    secretary of the committee, with the special reason stated."""

    class To(models.TextChoices):
        LEADING_GROUP = "leading_group", "领导小组"
        SECRETARY = "secretary", "党委书记（特殊情况下）"

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="escalations"
    )
    number = models.PositiveIntegerField("编号")
    to = models.CharField("报告对象", max_length=20, choices=To.choices)
    matter = models.TextField("请示报告事项")
    finding = models.ForeignKey(
        Finding,
        verbose_name="相关问题底稿",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations",
    )
    special_reason = models.TextField("特殊情况说明", blank=True)
    reported_on = models.DateField("报告日期")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报告人", on_delete=models.PROTECT, related_name="+"
    )
    response = models.TextField("答复意见", blank=True)
    responded_on = models.DateField("答复日期", null=True, blank=True)
    response_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "请示报告"
        verbose_name_plural = "请示报告"
        ordering = ["inspection_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="escalation_number_once"),
            models.CheckConstraint(
                condition=~Q(to="secretary") | ~Q(special_reason=""),
                name="escalation_secretary_needs_reason",
                violation_error_message="直接向书记报告须说明特殊情况",
            ),
            models.CheckConstraint(
                condition=(Q(responded_on__isnull=True) & Q(response=""))
                | (Q(responded_on__isnull=False) & ~Q(response="")),
                name="escalation_response_dated",
                violation_error_message="答复意见和答复日期须同时填写",
            ),
        ]

    def __str__(self) -> str:
        return f"请示报告 #{self.number}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return inspections_q(viewer)
