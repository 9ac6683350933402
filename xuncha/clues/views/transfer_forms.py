"""The forms of the transfer pages: each names its fields as the service does, so a refusal lands on its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from .. import rules
from ..models import HandlingReport


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}),
    )


def _text(label: str, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


def _select(label: str, choices: list[tuple[str, str]], required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, required=required, widget=forms.Select(attrs={"class": "form-select"})
    )


def receiver_choices(jurisdiction: Any, routes: list[Any]) -> list[tuple[str, str]]:
    """The receiving organs of the routes' kinds (a short list: the organs of a jurisdiction by kind)."""
    kinds = sorted({r.receiver_kind for r in routes})
    out: list[tuple[str, str]] = [("", "（按途径建议）")]
    for kind in kinds:
        out += [(str(o.pk), o.name) for o in rules.receivers_of_kind(jurisdiction, kind)[:50]]
    return out


class FastTrackForm(forms.Form):
    def __init__(self, *args: Any, book: Any, jurisdiction: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        routes = rules.routes(book, rules.DURING)
        self.fields["route"] = _select("移交途径", [(r.code, f"{r.matter}（{r.article}）") for r in routes])
        conditions = [c for r in routes for c in rules.conditions_for(book, r)]
        if conditions:
            self.fields["condition"] = _select(
                "适用情形", [("", "（请选择）")] + [(c.code, f"{c.text}（{c.article}）") for c in conditions], False
            )
        if book.clues.interwoven_article:
            self.fields["interwoven"] = forms.BooleanField(
                label=f"与其他严重违纪违法问题交织（{book.clues.interwoven_article}：先行查处）", required=False
            )
        self.fields["receiver"] = _select("接收单位", receiver_choices(jurisdiction, routes)[1:])
        self.fields["reason"] = _text("提出理由")
        self.fields["proposed_on"] = _date("提出日期")


class DecideForm(forms.Form):
    approved = _select("审批结果", [("yes", "批准"), ("no", "不予批准")])
    approver = forms.CharField(
        label="审批人（办公室登记时必填）", required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    decided_on = _date("审批日期")
    note = _text("审批意见", required=False)


class DisposeForm(forms.Form):
    def __init__(self, *args: Any, book: Any, jurisdiction: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        routes = rules.routes(book, rules.AFTER)
        self.fields["route"] = _select(
            "移交途径", [("", "不移交（须写明理由）")] + [(r.code, f"{r.matter}（{r.article}）") for r in routes], False
        )
        self.fields["receiver"] = _select("接收单位", receiver_choices(jurisdiction, routes), False)
        self.fields["change_reason"] = _text("改变接收单位的理由", required=False)
        self.fields["not_transferred_reason"] = _text("不移交的理由", required=False)
        self.fields["recorded_on"] = _date("登记日期")


class ApproveForm(forms.Form):
    approver = forms.CharField(
        label="审批人（办公室登记时必填）", required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    approved_on = _date("审批日期")
    note = _text("审批意见", required=False)


class SignForm(forms.Form):
    party = forms.ChoiceField(choices=[("team", "team"), ("office", "office"), ("receiver", "receiver")])
    signed_on = _date("签字日期")


class CancelForm(forms.Form):
    cancelled_on = _date("撤回日期")
    reason = _text("撤回理由")


class HandlingForm(forms.Form):
    def __init__(self, *args: Any, book: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["disposition"] = _select(
            "处置方式", [(c, f"{label}（{src}）") for c, label, src in rules.disposition_choices(book)]
        )
        self.fields["final"] = forms.BooleanField(label="最终办理结果（办结反馈）", required=False)
        self.fields["text"] = _text("办理情况")
        self.fields["reported_on"] = _date("反馈日期")

    DISPOSITIONS = HandlingReport.Disposition


class ReviewMeetingForm(forms.Form):
    clues = forms.CharField(widget=forms.HiddenInput)
    held_on = _date("会议日期")
    note = _text("任务分工")
