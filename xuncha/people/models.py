"""Inspectors and what qualifies, staffs and disqualifies them (JDZ-2017 第七至十三条, NMG-2016 第九至十五条)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from xuncha.core.visibility import Viewer, VisibleQuerySet
from xuncha.jurisdictions.words import speak
from xuncha.planning.models import TeamMembership

OFFICE_ROLES = frozenset({"office_head", "office_staff", "leading_group_head", "leading_group_member", "auditor"})


def _office_q(viewer: Viewer, path: str = "jurisdiction_id") -> Q:
    return Q(**{f"{path}__in": viewer.jurisdictions_with(OFFICE_ROLES)})


# Who reads a recusal waiver (the conflict-of-interest fact and the reason it was waived): the office, which records
# and enforces it, and the body the rulebook makes decide waivers (`recusal.waiver_by`; both rulebooks: the leading
# group, JDZ-2017 第十三条, NMG-2016 第十二条). Not the team, not auditors.
WAIVER_OFFICE_ROLES = frozenset({"office_head", "office_staff"})
WAIVER_BODY_ROLES = {
    "leading_group": frozenset({"leading_group_head", "leading_group_member"}),
    "five_member_group": frozenset({"five_member_group_member"}),
}


def waiver_reader_jurisdictions(viewer: Viewer) -> list[int]:
    """The jurisdictions whose recusal waivers (and the recusal facts of assignments) the viewer may read."""
    from xuncha.jurisdictions.models import Jurisdiction
    from xuncha.jurisdictions.rulebook import get_rulebook

    ids = set(viewer.jurisdictions_with(WAIVER_OFFICE_ROLES))
    body_roles = frozenset().union(*WAIVER_BODY_ROLES.values())
    candidates = [j for j in viewer.jurisdictions_with(body_roles) if j not in ids]
    if candidates:
        for pk, code in Jurisdiction.objects.filter(pk__in=candidates).values_list("pk", "rulebook_code"):
            roles = WAIVER_BODY_ROLES.get(get_rulebook(code).recusal.waiver_by, frozenset())
            if viewer.roles.get(pk, frozenset()) & roles:
                ids.add(pk)
    return sorted(ids)


class Inspector(models.Model):
    """巡察工作人员: someone who can serve on teams. Post history and native place live on the cadre record."""

    class Kind(models.TextChoices):
        FULL_TIME = "full_time", "专职巡察干部"
        POOL = "pool", "人才库人员"
        SECONDED = "seconded", "借调/抽调人员"
        TRAINING = "training", "挂职锻炼干部"

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="inspectors"
    )
    cadre = models.OneToOneField(
        "registry.Cadre", verbose_name="干部档案", on_delete=models.PROTECT, related_name="inspector"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspector",
    )
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    expertise = models.JSONField("专业领域", default=list, blank=True)
    in_leader_pool = models.BooleanField("组长库", default=False)
    county_level = models.BooleanField(
        "县级领导干部", default=False, help_text="JDZ-2017 第七条：组长、副组长原则上由县级领导干部担任"
    )
    active = models.BooleanField("在库", default=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "巡察工作人员"
        verbose_name_plural = "巡察工作人员"
        ordering = ["jurisdiction", "cadre__name"]

    def __str__(self) -> str:
        return self.cadre.name

    @property
    def kind_name(self) -> str:
        """专职巡察干部 / 专职巡视干部: the kind in the jurisdiction's word."""
        return speak(self.get_kind_display(), self.jurisdiction.word)

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        # The office, the inspector themselves, and the leader of a team they serve on (who appraises secondees).
        led = Assignment.objects.filter(team_id__in=viewer.led_team_ids).values("inspector_id")
        return _office_q(viewer) | Q(user_id=viewer.user_id) | Q(pk__in=led)


class _InspectorRecord(models.Model):
    inspector = models.ForeignKey(Inspector, verbose_name="巡察工作人员", on_delete=models.PROTECT)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        led = Assignment.objects.filter(team_id__in=viewer.led_team_ids).values("inspector_id")
        return (
            _office_q(viewer, "inspector__jurisdiction_id")
            | Q(inspector__user_id=viewer.user_id)
            | Q(inspector_id__in=led)
        )


class LeaderAuthorization(_InspectorRecord):
    """一次一授权 (NMG-2016 第九条): a leader or deputy taken from the leader pool for one round."""

    class Role(models.TextChoices):
        LEADER = "leader", "组长"
        DEPUTY = "deputy", "副组长"

    round = models.ForeignKey(
        "planning.Round", verbose_name="轮次", on_delete=models.PROTECT, related_name="authorizations"
    )
    role = models.CharField("授权职务", max_length=10, choices=Role.choices)
    authorized_on = models.DateField("授权日期")
    authorized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField("授权依据", max_length=200, help_text="党委决定的文号或会议")

    class Meta:
        verbose_name = "组长授权"
        verbose_name_plural = "组长授权"
        constraints = [models.UniqueConstraint(fields=["round", "inspector"], name="authorization_once_per_round")]

    def __str__(self) -> str:
        return f"{self.round} {self.inspector} {self.get_role_display()}授权"


class Secondment(_InspectorRecord):
    """借调/抽调 (JDZ-2017 第九条). Its 工作表现鉴定 is made jointly — “由市委巡察办和所在巡察组共同负责管理并对工作表现
    作出鉴定” — so it has two parts (`SecondmentAppraisal`), the office's and the team's, and is complete only when
    both are recorded (`appraisal_complete`)."""

    home_organization = models.CharField("原单位", max_length=120)
    round = models.ForeignKey("planning.Round", verbose_name="轮次", null=True, blank=True, on_delete=models.PROTECT)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        verbose_name = "借调抽调"
        verbose_name_plural = "借调抽调"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="secondment_dates",
                violation_error_message="借调结束日期不能早于开始日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspector} 借调自 {self.home_organization}"

    def appraisal_parts(self) -> dict[str, SecondmentAppraisal]:
        return {a.part: a for a in self.appraisals.all()}

    @property
    def appraisal_complete(self) -> bool:
        return set(self.appraisal_parts()) == set(SecondmentAppraisal.Part.values)


class SecondmentAppraisal(models.Model):
    """One part of the joint appraisal of a secondee: the office's, or the team's (recorded by its leader)."""

    class Part(models.TextChoices):
        OFFICE = "office", "办公室鉴定"
        TEAM = "team", "所在组鉴定"

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        COMPETENT = "competent", "称职"
        BASIC = "basic", "基本称职"
        INCOMPETENT = "incompetent", "不称职"

    secondment = models.ForeignKey(
        Secondment, verbose_name="借调抽调", on_delete=models.PROTECT, related_name="appraisals"
    )
    part = models.CharField("鉴定方", max_length=10, choices=Part.choices)
    team = models.ForeignKey(
        "planning.Team", verbose_name="所在组", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    grade = models.CharField("鉴定等次", max_length=12, choices=Grade.choices)
    appraisal = models.TextField("工作表现鉴定")
    appraised_on = models.DateField("鉴定日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="鉴定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="空：本功能分两部分之前登记的鉴定",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "借调抽调人员工作表现鉴定"
        verbose_name_plural = "借调抽调人员工作表现鉴定"
        ordering = ["secondment", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["secondment", "part"],
                name="secondment_appraisal_once_per_part",
                violation_error_message="该部分鉴定已作出",
            ),
            models.CheckConstraint(
                condition=Q(part="office") | Q(team__isnull=False),
                name="secondment_appraisal_team_part_names_team",
                violation_error_message="所在组鉴定须写明所在组",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.secondment} {self.get_part_display()}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        led = Assignment.objects.filter(team_id__in=viewer.led_team_ids).values("inspector_id")
        return (
            _office_q(viewer, "secondment__inspector__jurisdiction_id")
            | Q(secondment__inspector__user_id=viewer.user_id)
            | Q(secondment__inspector_id__in=led)
        )


class TrainingPosting(_InspectorRecord):
    """挂职锻炼 (JDZ-2017 第九条)."""

    home_organization = models.CharField("原单位", max_length=120)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        verbose_name = "挂职锻炼"
        verbose_name_plural = "挂职锻炼"

    def __str__(self) -> str:
        return f"{self.inspector} 挂职锻炼"


class Rotation(_InspectorRecord):
    """轮岗交流 (JDZ-2017 第十三条, NMG-2016 第十二条)."""

    rotated_on = models.DateField("日期")
    from_position = models.CharField("原岗位", max_length=100)
    to_position = models.CharField("新岗位", max_length=100)

    class Meta:
        verbose_name = "轮岗交流"
        verbose_name_plural = "轮岗交流"

    def __str__(self) -> str:
        return f"{self.inspector} {self.rotated_on} 轮岗"


class Attestation(_InspectorRecord):
    """A recorded attestation that an inspector meets one eligibility condition (JDZ-2017 第八条, NMG-2016 第十一条)."""

    condition = models.CharField("条件", max_length=40)
    attested_on = models.DateField("确认日期")
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField("依据", max_length=200, help_text="考察材料、体检结论等")

    class Meta:
        verbose_name = "任职条件确认"
        verbose_name_plural = "任职条件确认"

    def __str__(self) -> str:
        return f"{self.inspector} {self.condition} {self.attested_on}"


class Declaration(_InspectorRecord):
    """What an inspector declares for recusal: kin and close ties, interests, prior posts. Dated and kept;
    a later declaration withdraws an earlier one only by saying so, never by editing it."""

    class Kind(models.TextChoices):
        KIN = "kin", "亲属关系"
        CLOSE_TIE = "close_tie", "其他密切关系"
        INTEREST = "interest", "直接利害关系"
        PRIOR_POST = "prior_post", "曾任职务"

    declared_on = models.DateField("申报日期")
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    person = models.ForeignKey(
        "registry.Cadre", verbose_name="关系人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person_name = models.CharField("关系人姓名", max_length=40, blank=True)
    relation = models.CharField("关系", max_length=40, blank=True)
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="相关单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    detail = models.CharField("说明", max_length=300, blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)

    class Meta:
        verbose_name = "回避事项申报"
        verbose_name_plural = "回避事项申报"
        ordering = ["-declared_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organization__isnull=False) | ~Q(person_name=""),
                name="declaration_names_someone_or_something",
                violation_error_message="申报须写明关系人或相关单位",
            )
        ]

    def __str__(self) -> str:
        return f"{self.inspector} {self.get_kind_display()} {self.declared_on}"


class Assignment(models.Model):
    """An inspector placed on a team for a round, with the recusal check that let it through."""

    Role = TeamMembership.Role  # the same four team roles (JDZ-2017 第七条, NMG-2016 第九、十四条)

    team = models.ForeignKey(
        "planning.Team", verbose_name="巡察组", on_delete=models.PROTECT, related_name="assignments"
    )
    inspector = models.ForeignKey(
        Inspector, verbose_name="巡察工作人员", on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField("职位", max_length=10, choices=Role.choices)
    assigned_on = models.DateField("确定日期")
    hits = models.JSONField("回避检查结果", default=list, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "巡察组人员安排"
        verbose_name_plural = "巡察组人员安排"
        constraints = [
            models.UniqueConstraint(fields=["team", "inspector"], name="assignment_once_per_team"),
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(role="leader"),
                name="assignment_one_leader",
                violation_error_message="每个组只能有一名组长（组长负责制）",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.get_role_display()} {self.inspector}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return _office_q(viewer, "team__round__jurisdiction_id") | Q(team_id__in=viewer.team_ids)


class EligibilityException(models.Model):
    """An inspector placed on one team although not every 任职条件 (JDZ-2017 第八条, NMG-2016 第十一条) is attested:
    the texts provide no exception (第八条: “选配巡察工作人员应当严格标准条件”), so one is never silent — who decided,
    when, why, and which conditions were then unattested are kept, and an event is written."""

    team = models.ForeignKey(
        "planning.Team", verbose_name="巡察组", on_delete=models.PROTECT, related_name="eligibility_exceptions"
    )
    inspector = models.ForeignKey(
        Inspector, verbose_name="巡察工作人员", on_delete=models.PROTECT, related_name="eligibility_exceptions"
    )
    conditions = models.JSONField("未确认的任职条件", default=list)
    decided_by = models.CharField("决定人", max_length=100, help_text="作出决定的机构或负责人，及会议")
    decided_on = models.DateField("决定日期")
    reason = models.TextField("理由")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "任职条件例外"
        verbose_name_plural = "任职条件例外"
        constraints = [models.UniqueConstraint(fields=["team", "inspector"], name="eligibility_exception_once")]

    def __str__(self) -> str:
        return f"{self.inspector} {self.team} 任职条件例外"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return _office_q(viewer, "team__round__jurisdiction_id")


class RecusalWaiver(models.Model):
    """A recusal hit the right body decided to waive, recorded with its reason (an event is written too)."""

    team = models.ForeignKey("planning.Team", verbose_name="巡察组", on_delete=models.PROTECT, related_name="waivers")
    inspector = models.ForeignKey(
        Inspector, verbose_name="巡察工作人员", on_delete=models.PROTECT, related_name="waivers"
    )
    rule = models.CharField("回避类别", max_length=10)
    fact = models.CharField("事实", max_length=300)
    reason = models.TextField("豁免理由")
    decided_by_body = models.CharField("决定机构", max_length=40)
    decided_on = models.DateField("决定日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "回避豁免"
        verbose_name_plural = "回避豁免"
        constraints = [models.UniqueConstraint(fields=["team", "inspector", "rule", "fact"], name="waiver_once")]

    def __str__(self) -> str:
        return f"{self.inspector} {self.rule} 回避豁免"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(team__round__jurisdiction_id__in=waiver_reader_jurisdictions(viewer))
