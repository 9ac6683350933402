from __future__ import annotations

from django import forms
from django.utils import timezone


def day_input(label: str) -> forms.DateField:
    """The date the step happened (today unless the user says otherwise)."""
    return forms.DateField(
        label=label,
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}),
    )


class DayForm(forms.Form):
    on = day_input("日期")


class BodyForm(forms.Form):
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 20, "class": "form-control"}))


class CorrectForm(BodyForm):
    reason = forms.CharField(label="更正理由", widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
