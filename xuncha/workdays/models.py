"""Administrator-entered holiday schedules (the State Council's notice for 2027 and later)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from xuncha.core.visibility import Viewer, VisibleQuerySet


class HolidayYear(models.Model):
    year = models.PositiveIntegerField("年份", unique=True)
    notice = models.CharField("依据", max_length=200, help_text="例如：国务院办公厅关于2027年部分节假日安排的通知")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    updated_at = models.DateTimeField("录入时间", auto_now=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["year"]
        constraints = [models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2200), name="holidayyear_sane")]

    def __str__(self) -> str:
        return f"{self.year} 年节假日安排"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q()  # the calendar is public knowledge: every signed-in user may read it


class SpecialDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        MAKEUP_WORKDAY = "workday", "调休上班"

    year = models.ForeignKey(HolidayYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("节日", max_length=40)

    class Meta:
        verbose_name = "特殊日期"
        verbose_name_plural = "特殊日期"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name} {self.get_kind_display()}"
