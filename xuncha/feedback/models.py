"""反馈: what the team tells the inspected unit after the five-member group's decision, told separately to its
leadership (领导班子) and to its principal leader (主要负责人) (JDZ-2017 第三十三条, NMG-2016 第二十九条); the 通报 to
the relevant leaders and departments (same articles, 第二款); and the 《巡察反馈材料签收单》 with its three signatures
(JDZ-2017 第三十四条; NMG-2016 has no such form).

Who sees what:
- sessions and the receipt: the team, the jurisdiction's oversight roles, and the inspected unit's contact (its own
  unit only: it was told these problems and signs the receipt);
- the party committee's consent and the 通报: the team and the oversight roles only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from xuncha.core.visibility import Viewer, VisibleQuerySet


def _inspection_readers_q(viewer: Viewer) -> Q:
    """Whoever may see the inspection itself: oversight, its team, its inspected unit."""
    from xuncha.inspections.models import Inspection

    return Q(inspection__in=Inspection.objects.filter(Inspection.visibility_q(viewer)).values("pk"))


def _working_q(viewer: Viewer) -> Q:
    """The team and the jurisdiction's oversight roles; never the inspected unit or receivers."""
    return Q(inspection__team_id__in=sorted(viewer.team_ids)) | Q(
        inspection__jurisdiction_id__in=viewer.oversight_jurisdictions
    )


class FeedbackConsent(models.Model):
    """NMG-2016 第二十九条: “经自治区党委同意后” — the consent of the body the rulebook names in
    `procedure.feedback_approval_by`, recorded before any feedback session."""

    inspection = models.OneToOneField(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="feedback_consent"
    )
    body = models.CharField("同意机构", max_length=40)  # a body code of the rulebook (procedure.feedback_approval_by)
    consented_on = models.DateField("同意日期")
    document = models.CharField("同意文件（文号或名称）", max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "同意反馈"
        verbose_name_plural = "同意反馈"
        constraints = [
            models.CheckConstraint(
                condition=~Q(document=""), name="feedback_consent_documented", violation_error_message="须填写同意文件"
            )
        ]

    def __str__(self) -> str:
        return f"同意反馈（{self.consented_on}）"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return _working_q(viewer)


class FeedbackSession(models.Model):
    """One feedback: to the leadership or to the principal leader. Both together are the feedback (反馈)."""

    class Audience(models.TextChoices):
        LEADERSHIP = "leadership", "领导班子"
        PRINCIPAL = "principal", "主要负责人"

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="feedback_sessions"
    )
    audience = models.CharField("反馈对象", max_length=12, choices=Audience.choices)
    held_on = models.DateField("反馈日期")
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="反馈人（组长或副组长）", on_delete=models.PROTECT, related_name="+"
    )
    attendees = models.TextField("出席人员")
    findings = models.ManyToManyField(
        "findings.Finding", verbose_name="反馈的问题", blank=True, related_name="feedback_sessions"
    )
    opinions = models.TextField("整改意见")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "反馈"
        verbose_name_plural = "反馈"
        ordering = ["inspection_id", "held_on", "pk"]
        constraints = [
            # “分别反馈”: one session per audience.
            models.UniqueConstraint(
                fields=["inspection", "audience"],
                name="feedback_session_once_per_audience",
                violation_error_message="已向该对象反馈",
            ),
            models.CheckConstraint(
                condition=Q(audience__in=["leadership", "principal"]),
                name="feedback_session_audience_known",
                violation_error_message="反馈对象只能是领导班子或主要负责人",
            ),
            models.CheckConstraint(
                condition=~Q(opinions=""),
                name="feedback_session_has_opinions",
                violation_error_message="须提出整改意见",
            ),
            models.CheckConstraint(
                condition=~Q(attendees=""),
                name="feedback_session_has_attendees",
                violation_error_message="须填写出席人员",
            ),
        ]

    def __str__(self) -> str:
        return f"向{self.get_audience_display()}反馈（{self.held_on}）"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return _inspection_readers_q(viewer)


class CirculatedNotice(models.Model):
    """通报 (JDZ-2017 第三十三条第二款, NMG-2016 第二十九条第二款): the inspection's situation and the rectification
    requirements, told to the relevant leaders in charge and their departments, who then press for rectification.
    通报 is a “circulated notice” throughout the code, here and as a measure against poor rectification (JDZ-2017
    第四十一条, `rectification.PoorRectificationStep.Kind.CIRCULATED_NOTICE`); the model was called `Notification`."""

    class Kind(models.TextChoices):
        LEADER = "leader", "分管领导"
        DEPARTMENT = "department", "职能部门"

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="circulated_notices"
    )
    kind = models.CharField("通报对象类别", max_length=12, choices=Kind.choices)
    recipient = models.CharField("通报对象", max_length=100)
    notified_on = models.DateField("通报日期")
    content = models.TextField("通报内容（有关情况及整改要求）")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        db_table = "feedback_notification"  # its table from when the model was called Notification
        verbose_name = "通报"
        verbose_name_plural = "通报"
        ordering = ["inspection_id", "notified_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["leader", "department"]),
                name="notification_kind_known",
                violation_error_message="通报对象类别只能是分管领导或职能部门",
            ),
            models.CheckConstraint(
                condition=~Q(recipient="") & ~Q(content=""),
                name="notification_says_whom_and_what",
                violation_error_message="须填写通报对象和通报内容",
            ),
        ]

    def __str__(self) -> str:
        return f"通报{self.recipient}（{self.notified_on}）"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return _working_q(viewer)


class ReceiptSignature(models.Model):
    """One line of the 《巡察反馈材料签收单》: the role it is signed for (a signer of the rulebook's form), the name,
    the date, and who recorded it. The receipt is signed when the last signer's line is in."""

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="receipt_signatures"
    )
    role = models.CharField("签字人身份", max_length=40)  # a role code from the form's `signers`
    name = models.CharField("签字人姓名", max_length=40)
    signed_on = models.DateField("签字日期")
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签字人账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )  # set when the person signed as themselves (组长, 巡察办负责人)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "签收单签字"
        verbose_name_plural = "签收单签字"
        ordering = ["inspection_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "role"],
                name="receipt_signature_once_per_role",
                violation_error_message="该签字人已签字",
            ),
            models.CheckConstraint(
                condition=~Q(name=""), name="receipt_signature_named", violation_error_message="须填写签字人姓名"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.signed_on}）"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return _inspection_readers_q(viewer)
