from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from xuncha.core.forms import BootstrapMixin
from xuncha.findings.models import Finding
from xuncha.jurisdictions.rulebook import Rulebook

from . import rules
from .models import RectificationItem, Supervision
from .services import PlannedItem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATE,
        required=required,
        initial=timezone.localdate if required else None,
        error_messages={"required": f"请填写{label}", "invalid": f"{label}应为 YYYY-MM-DD"},
    )


class PlanForm(BootstrapMixin, forms.Form):
    """The plan (or, without a separate plan, the items): the overall text and one row per problem fed back. Rows are
    optional here so that the service, not the form, names every problem left without measures."""

    text = forms.CharField(label="整改方案", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    submitted_on = _date("报送日期")

    def __init__(self, *args: Any, problems: list[Finding], book: Rulebook, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.problems = problems
        if not rules.has_separate_plan(book):
            self.fields["text"].label = "整改工作总体安排"
            self.fields["submitted_on"].label = "登记日期"
        for p in problems:
            self.fields[f"measures_{p.pk}"] = forms.CharField(
                label="整改措施", widget=forms.Textarea(attrs={"rows": 2}), required=False
            )
            self.fields[f"responsible_{p.pk}"] = forms.CharField(label="责任人", max_length=100, required=False)
            self.fields[f"target_{p.pk}"] = _date("完成时限", required=False)
            for name in (f"measures_{p.pk}", f"responsible_{p.pk}", f"target_{p.pk}"):
                # Added after BootstrapMixin styled the declared fields.
                self.fields[name].widget.attrs["class"] = "form-control form-control-sm"

    def rows(self) -> list[tuple[Finding, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (p, self[f"measures_{p.pk}"], self[f"responsible_{p.pk}"], self[f"target_{p.pk}"]) for p in self.problems
        ]

    def items(self) -> list[PlannedItem]:
        """The rows the unit filled in (a row left wholly blank is not an item)."""
        out = []
        for p in self.problems:
            measures = self.cleaned_data.get(f"measures_{p.pk}") or ""
            person = self.cleaned_data.get(f"responsible_{p.pk}") or ""
            target = self.cleaned_data.get(f"target_{p.pk}")
            if measures.strip() or person.strip() or target:
                out.append(PlannedItem(p.pk, measures, person, target))
        return out


class ItemUpdateForm(BootstrapMixin, forms.Form):
    noted_on = _date("日期")
    status = forms.ChoiceField(label="整改状态", choices=RectificationItem.Status.choices)
    note = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 2}))
    transfer_reason = forms.CharField(
        label="转入日常监督的理由", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class EvidenceForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="佐证材料")


class ReportsForm(BootstrapMixin, forms.Form):
    submitted_on = _date("报送日期")
    situation_report = forms.CharField(label="整改情况报告", widget=forms.Textarea(attrs={"rows": 5}))
    principal_report = forms.CharField(label="主要负责人组织落实情况报告", widget=forms.Textarea(attrs={"rows": 5}))


class ReviewForm(BootstrapMixin, forms.Form):
    reviewed_on = _date("审核日期")
    result = forms.ChoiceField(
        label="审核结果", choices=[("accept", "审核通过"), ("return", "退回重报")], widget=forms.RadioSelect
    )
    opinion = forms.CharField(
        label="审核意见（退回须说明理由）", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class SupervisionForm(BootstrapMixin, forms.Form):
    supervised_on = _date("督办日期")
    way = forms.ChoiceField(label="督办方式", choices=Supervision.Way.choices)
    content = forms.CharField(label="督办内容", widget=forms.Textarea(attrs={"rows": 3}))
    participants = forms.CharField(label="参加人员", max_length=200, required=False)
    reported_to_leading_group = forms.BooleanField(label="已向领导小组报告", required=False)
    reported_on = _date("报告日期", required=False)


class OpinionForm(BootstrapMixin, forms.Form):
    given_on = _date("提出日期")
    content = forms.CharField(label="整改意见", widget=forms.Textarea(attrs={"rows": 3}))


class PoorReportForm(BootstrapMixin, forms.Form):
    reported_on = _date("上报日期")
    content = forms.CharField(label="仍整改不到位或敷衍塞责的情况", widget=forms.Textarea(attrs={"rows": 3}))


class MeasureForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="措施")
    taken_on = _date("日期")
    content = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 3}))
    talk_leader = forms.CharField(label="约谈的领导小组领导（约谈时填写）", max_length=100, required=False)
    principal = forms.CharField(label="被约谈的主要负责人（约谈时填写）", max_length=100, required=False)

    def __init__(self, *args: Any, book: Rulebook, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(m, rules.MEASURE_LABELS[m]) for m in book.procedure.poor_rectification_measures]
        cast(forms.ChoiceField, self.fields["kind"]).choices = choices
