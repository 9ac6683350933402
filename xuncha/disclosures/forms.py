from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from xuncha.core.forms import BootstrapMixin
from xuncha.inspections.models import Inspection

from . import rules

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TextForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 8}))


class DraftForm(TextForm):
    stage = forms.ChoiceField(label="公开事项")
    field_order = ["stage", "title", "body"]

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        book = inspection.jurisdiction.rulebook
        field = cast(forms.ChoiceField, self.fields["stage"])
        field.choices = [(d.stage, f"{d.name}（{d.article}）") for d in book.disclosures]
        field.help_text = "；".join(
            f"{d.name}须在{rules.PRECONDITIONS[d.stage].done}之后" for d in book.disclosures if d.stage != "entry"
        )


class CorrectForm(TextForm):
    reason = forms.CharField(label="更正理由", widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(BootstrapMixin, forms.Form):
    approved_on = forms.DateField(label="审批日期", initial=timezone.localdate, widget=DATE)


class PublishForm(BootstrapMixin, forms.Form):
    published_on = forms.DateField(label="公开日期", initial=timezone.localdate, widget=DATE)


class ReturnForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="退回意见", widget=forms.Textarea(attrs={"rows": 2}))
