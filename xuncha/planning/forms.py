from __future__ import annotations

from typing import Any

from django import forms

from xuncha.core.forms import BootstrapMixin
from xuncha.registry.models import Organization

from .models import Team


class RoundForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    number = forms.IntegerField(label="轮次", min_value=1, max_value=20)
    starts_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))


class TeamForm(BootstrapMixin, forms.Form):
    number = forms.IntegerField(label="组别", min_value=1, max_value=50)


class InspectionForm(BootstrapMixin, forms.Form):
    team = forms.ModelChoiceField(label="组", queryset=Team.objects.none())
    target = forms.ModelChoiceField(label="对象", queryset=Organization.objects.none())

    def __init__(self, *args: Any, round: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = round.teams.all()  # type: ignore[attr-defined]
        self.fields["target"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            jurisdiction=round.jurisdiction, kind="target", status="active"
        ).exclude(inspections__round=round)


class TermForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="届次", max_length=40, help_text="例如 第十四届")
    starts_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    plan = forms.CharField(label="巡察工作规划", required=False, widget=forms.Textarea(attrs={"rows": 3}))
