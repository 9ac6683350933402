from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from xuncha.core.visibility import Viewer, VisibleQuerySet

from .rulebook import Rulebook, all_rulebooks, get_rulebook


def validate_rulebook_code(value: str) -> None:
    if value not in all_rulebooks():
        known = "、".join(all_rulebooks()) or "（无）"
        raise ValidationError(f"规则代码 {value} 不存在；可用的规则：{known}。", code="unknown_rulebook")


class Jurisdiction(models.Model):
    """A party committee that runs inspections (派出巡视/巡察的党委), bound to one rulebook."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("党委名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40)
    rulebook_code = models.CharField("适用规则", max_length=20, validators=[validate_rulebook_code])
    parent = models.ForeignKey(
        "self", verbose_name="上级党委", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "党委"
        verbose_name_plural = "党委"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="jurisdiction_not_own_parent",
                violation_error_message="党委不能是自己的上级党委",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def rulebook(self) -> Rulebook:
        return get_rulebook(self.rulebook_code)

    @property
    def word(self) -> str:
        """巡察 or 巡视: the interface word follows the rulebook."""
        return self.rulebook.word

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        # A member sees the jurisdictions they hold a role in, and oversight
        # roles also see the children that file upward to them (上下联动).
        if viewer.is_sysadmin:
            return Q()
        # Through the reverse relations (rounds → teams, organizations): the apps above are not imported here.
        oversight = viewer.oversight_jurisdictions
        teams = cls._default_manager.filter(rounds__teams__pk__in=viewer.team_ids).values("pk")
        orgs = cls._default_manager.filter(organizations__pk__in=viewer.unit_org_ids | viewer.receiver_org_ids).values(
            "pk"
        )
        return Q(pk__in=viewer.all_jurisdictions) | Q(parent_id__in=oversight) | Q(pk__in=teams) | Q(pk__in=orgs)
