from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from xuncha.core.forms import BootstrapMixin
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.rulebook import Rulebook
from xuncha.registry.models import Cadre

from . import rules

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def attendee_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class _MeetingForm(BootstrapMixin, forms.Form):
    held_on = forms.DateField(label="召开日期", initial=timezone.localdate, widget=DATE)
    agenda = forms.CharField(label="议题", widget=forms.Textarea(attrs={"rows": 2}))
    attendees = forms.CharField(
        label="出席人员（每行一人：姓名 职务）", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    minutes = forms.CharField(label="会议记录", widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args: Any, inspections: list[Inspection], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inspections = inspections

    def item_fields(self) -> list[tuple[Inspection, list[forms.BoundField]]]:
        return [(i, [self[name] for name in self.fields if name.endswith(f"_{i.pk}")]) for i in self.inspections]


class HearingForm(_MeetingForm):
    """One 处理意见 per inspection ready to be heard; an inspection left blank is not heard at this meeting."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in self.inspections:
            self.fields[f"proposal_{i.pk}"] = forms.CharField(
                label="处理意见", widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}), required=False
            )

    def items(self) -> list[tuple[Inspection, str]]:
        data = self.cleaned_data
        return [(i, data[f"proposal_{i.pk}"]) for i in self.inspections if data[f"proposal_{i.pk}"].strip()]


class DecisionForm(_MeetingForm):
    """One decision per heard inspection, with the uses of results chosen; blank ones are left for a later meeting."""

    def __init__(self, *args: Any, book: Rulebook, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].label = "会议日期"
        self.fields["agenda"].required = False
        choices = [(u.code, f"{u.label}（{u.article}）{'，必选' if u.fixed else ''}") for u in rules.uses(book)]
        fixed = [u.code for u in rules.uses(book) if u.fixed]
        for i in self.inspections:
            self.fields[f"decision_{i.pk}"] = forms.CharField(
                label="决定", widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}), required=False
            )
            self.fields[f"uses_{i.pk}"] = forms.MultipleChoiceField(
                label="成果运用方式",
                choices=choices,
                initial=fixed,
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            )

    def items(self) -> list[tuple[Inspection, str, list[str]]]:
        data = self.cleaned_data
        return [
            (i, data[f"decision_{i.pk}"], list(data[f"uses_{i.pk}"]))
            for i in self.inspections
            if data[f"decision_{i.pk}"].strip()
        ]


class FilingForm(BootstrapMixin, forms.Form):
    filed_on = forms.DateField(label="报送日期", initial=timezone.localdate, widget=DATE)
    document_number = forms.CharField(label="文号", max_length=80)
    summary = forms.CharField(label="报送内容摘要", widget=forms.Textarea(attrs={"rows": 4}))


class ConsultationForm(BootstrapMixin, forms.Form):
    cadre = forms.ModelChoiceField(label="干部", queryset=Cadre.objects.none())
    occasion = forms.ChoiceField(label="事由")
    to_be_promoted = forms.BooleanField(label="拟提任干部", required=False)
    purpose = forms.CharField(label="听取意见的目的", widget=forms.Textarea(attrs={"rows": 3}))
    asked_on = forms.DateField(label="提出日期", initial=timezone.localdate, widget=DATE)

    def __init__(self, *args: Any, jurisdiction: Any, **kwargs: Any) -> None:
        from .services import eligible_cadres

        super().__init__(*args, **kwargs)
        book = jurisdiction.rulebook
        # Only the cadres the article covers, by name and number: the registry is not otherwise shown to the department.
        cast(forms.ModelChoiceField, self.fields["cadre"]).queryset = eligible_cadres(jurisdiction)
        cast(forms.ChoiceField, self.fields["occasion"]).choices = [(o.code, o.label) for o in rules.occasions(book)]
        if not rules.allows_to_be_promoted(book):
            del self.fields["to_be_promoted"]
        else:
            self.fields["to_be_promoted"].widget.attrs["class"] = "form-check-input"


class AnswerForm(BootstrapMixin, forms.Form):
    opinion = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 4}))
    answered_on = forms.DateField(label="答复日期", initial=timezone.localdate, widget=DATE)
