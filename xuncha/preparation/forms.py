"""Forms that parse the preparation page's posts; the services decide (and say in Chinese why not)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from .models import PersonalMattersCheck


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        initial=timezone.localdate,
        error_messages={"required": f"请填写{label}", "invalid": f"{label}应为 YYYY-MM-DD"},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class DraftForm(forms.Form):
    source = forms.CharField(label="情况来源", max_length=60)


class SendForm(forms.Form):
    letter_number = forms.CharField(label="公函文号", max_length=60)
    sent_on = _date("发函日期")
    agency = forms.IntegerField(label="受函单位", required=False)


class AnswerForm(forms.Form):
    answered_on = _date("提供日期")
    summary = forms.CharField(label="提供情况摘要", widget=forms.Textarea)


class CheckForm(forms.Form):
    cadre = forms.IntegerField(label="被抽查干部")
    items = forms.MultipleChoiceField(
        label="核查事项",
        choices=PersonalMattersCheck.Item.choices,
        error_messages={"required": "请选择核查事项"},
    )
    checked_by = forms.CharField(label="核查单位", max_length=120, required=False)
    checked_on = _date("核查日期")
    result = forms.ChoiceField(label="核查结果", choices=PersonalMattersCheck.Result.choices)
    discrepancy = forms.CharField(label="不一致情况", required=False, widget=forms.Textarea)


class BriefingForm(forms.Form):
    briefed_on = _date("对接日期")
    by = forms.CharField(label="通报人", max_length=200, required=False)
    attendees = forms.TypedMultipleChoiceField(label="参加人员", coerce=int, choices=[])
    topics = forms.CharField(label="通报内容", widget=forms.Textarea)

    def __init__(self, *args: object, member_ids: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["attendees"].choices = [(i, str(i)) for i in member_ids]  # type: ignore[attr-defined]


def first_error(form: forms.Form) -> str:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        return f"{label}：{errors[0]}" if label else str(errors[0])
    return "输入有误"
