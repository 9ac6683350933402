from __future__ import annotations

from typing import Any

from django import forms

from xuncha.core.forms import BootstrapMixin
from xuncha.inspections.models import Inspection
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
    kind = forms.ChoiceField(label="类型", choices=Inspection.Kind.choices, initial=Inspection.Kind.REGULAR)
    focus = forms.CharField(label="专项内容", max_length=200, required=False, help_text="专项、机动时填写")
    follows = forms.ModelChoiceField(
        label="所回头看的", queryset=Inspection.objects.none(), required=False, help_text="“回头看”时选择"
    )

    def __init__(self, *args: Any, round: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        word = round.jurisdiction.word
        self.fields["follows"].label = f"所回头看的{word}"
        self.fields["follows"].queryset = (  # type: ignore[attr-defined]
            Inspection.objects.filter(jurisdiction=round.jurisdiction, round__starts_on__lt=round.starts_on)
            .select_related("round", "team__round__jurisdiction", "target", "jurisdiction")
            .order_by("-round__starts_on", "target__name")
        )
        self.fields["follows"].label_from_instance = (  # type: ignore[attr-defined]
            lambda i: f"{i.round} {i.target}（{i.get_kind_display()}）"
        )
        self.fields["team"].queryset = round.teams.all()  # type: ignore[attr-defined]
        # A target withdrawn from this round may be planned again; one still open elsewhere is offered, and
        # inspection_create refuses it saying where it is open.
        in_round = Inspection.objects.filter(round=round).exclude(status=Inspection.Status.WITHDRAWN)
        self.fields["target"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            jurisdiction=round.jurisdiction, kind="target", status="active"
        ).exclude(pk__in=in_round.values("target_id"))


class RoundEndForm(BootstrapMixin, forms.Form):
    ended_on = forms.DateField(
        label="结束日期", widget=forms.DateInput(attrs={"type": "date"}), help_text="本轮实际结束的日期，不晚于今天"
    )


class TermForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="届次", max_length=40, help_text="例如 第十四届")
    starts_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    plan = forms.CharField(label="工作规划", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, word: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].label = f"{word}工作规划"


class RoundScheduleForm(BootstrapMixin, forms.Form):
    schedule = forms.CharField(label="阶段任务安排", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class AnnualPlanForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    content = forms.CharField(label="计划内容", widget=forms.Textarea(attrs={"rows": 3}))
    approved_on = forms.DateField(label="批准日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
