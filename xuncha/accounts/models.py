from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q

from xuncha.core.visibility import Viewer, VisibleQuerySet
from xuncha.jurisdictions.vocabulary import ROLE_KINDS
from xuncha.jurisdictions.words import speak


class UserManager(DjangoUserManager.from_queryset(VisibleQuerySet)):  # type: ignore[misc]
    """Django's user manager with the one door for reading (`User.objects.visible_to(user)`)."""


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=40, blank=True)
    home_jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name="所属党委",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
        help_text="建立账号的党委；其办公室负责人管理该账号",
    )

    objects: ClassVar[UserManager] = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        """Oneself; every account for the system administrator; for an office head or an auditor, the accounts of
        their jurisdiction (created there, holding a role or a team place there, or linked to its inspector)."""
        if viewer.is_sysadmin:
            return Q()
        managed = viewer.jurisdictions_with({"office_head", "auditor"})
        return Q(pk=viewer.user_id) | (accounts_of(managed) if managed else Q(pk__in=[]))


def accounts_of(jurisdiction_ids: list[int]) -> Q:
    """The accounts that belong to these jurisdictions, as a filter on User."""
    from xuncha.people.models import Inspector
    from xuncha.planning.models import TeamMembership

    return (
        Q(home_jurisdiction_id__in=jurisdiction_ids)
        | Q(pk__in=Membership.objects.filter(jurisdiction_id__in=jurisdiction_ids).values("user_id"))
        | Q(pk__in=TeamMembership.objects.filter(team__round__jurisdiction_id__in=jurisdiction_ids).values("user_id"))
        | Q(pk__in=Inspector.objects.filter(jurisdiction_id__in=jurisdiction_ids).values("user_id"))
    )


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
        AGENCY_CONTACT = "agency_contact", "有关部门和单位联系人"
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
        help_text="被巡察单位联系人、接收单位联系人、有关部门和单位联系人必填",
    )
    active = models.BooleanField("有效", default=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "角色任职"
        verbose_name_plural = "角色任职"
        constraints = [
            models.UniqueConstraint(fields=["user", "jurisdiction", "role", "organization"], name="membership_unique"),
            models.CheckConstraint(
                condition=~Q(role__in=["unit_contact", "receiver_contact", "agency_contact"])
                | Q(organization__isnull=False),
                name="membership_contact_has_organization",
                violation_error_message="被巡察单位联系人、接收单位联系人、有关部门和单位联系人必须指定所在单位",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.jurisdiction.short_name} · {self.role_label}"

    @property
    def role_label(self) -> str:
        """The role's name in the jurisdiction's own words (被巡察单位 / 被巡视单位)."""
        return role_label(self.role, self.jurisdiction)

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        if viewer.is_sysadmin:
            return Q()
        return Q(user_id=viewer.user_id) | Q(jurisdiction_id__in=viewer.jurisdictions_with({"office_head", "auditor"}))


def role_label(role: str, jurisdiction: Any) -> str:
    """A Membership role's name in a jurisdiction's own word (labels are stored in JDZ-2017 wording)."""
    return speak(str(Membership.Role(role).label), jurisdiction.word)


assert {r.value for r in Membership.Role} <= set(ROLE_KINDS), "Membership roles must come from the vocabulary"
