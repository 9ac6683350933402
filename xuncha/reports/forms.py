from __future__ import annotations

from django import forms


class BodyForm(forms.Form):
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 20, "class": "form-control"}))


class CorrectForm(BodyForm):
    reason = forms.CharField(label="更正理由", widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
