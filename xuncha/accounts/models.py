from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from xuncha.core.visibility import Viewer, VisibleQuerySet
from xuncha.jurisdictions.vocabulary import ROLE_KINDS


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=40, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username


class Membership(models.Model):
    """A role a user holds in one jurisdiction. Team roles live in planning.TeamMembership,
    because they are held per team and round."""

    class Role(models.TextChoices):
        OFFICE_HEAD = "office_head", "办公室负责人"
        OFFICE_STAFF = "office_staff", "办公室工作人员"
        LEADING_GROUP_HEAD = "leading_group_head", "领导小组组长"
        LEADING_GROUP_MEMBER = "leading_group_member", "领导小组成员"
        FIVE_MEMBER_GROUP_MEMBER = "five_member_group_member", "“五人小组”成员"
        UNIT_CONTACT = "unit_contact", "被巡察单位联系人"
        RECEIVER_CONTACT = "receiver_contact", "接收单位联系人"
        AUDITOR = "auditor", "只读审计员"
        SYSADMIN = "sysadmin", "系统管理员"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="所在单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="被巡察单位联系人、接收单位联系人必填",
    )
    active = models.BooleanField("有效", default=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "角色任职"
        verbose_name_plural = "角色任职"
        constraints = [
            models.UniqueConstraint(fields=["user", "jurisdiction", "role", "organization"], name="membership_unique"),
            models.CheckConstraint(
                condition=~Q(role__in=["unit_contact", "receiver_contact"]) | Q(organization__isnull=False),
                name="membership_contact_has_organization",
                violation_error_message="被巡察单位联系人、接收单位联系人必须指定所在单位",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.jurisdiction.short_name} · {self.role_label}"

    @property
    def role_label(self) -> str:
        """The role's name in the jurisdiction's own words (被巡察单位 / 被巡视单位)."""
        return self.get_role_display().replace("巡察", self.jurisdiction.word)

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        if viewer.is_sysadmin:
            return Q()
        return Q(user_id=viewer.user_id) | Q(jurisdiction_id__in=viewer.jurisdictions_with({"office_head", "auditor"}))


assert {r.value for r in Membership.Role} <= set(ROLE_KINDS), "Membership roles must come from the vocabulary"
