"""Forms only parse; the services decide. The record form asks, per working method, for the details that method
carries (`rules.DETAILS`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from xuncha.core.forms import BootstrapMixin
from xuncha.registry.models import Cadre

from . import rules
from .models import DocumentRetrieval, Petition


def _date(label: str, **kwargs: Any) -> forms.DateField:
    if kwargs.get("required", True):
        kwargs.setdefault("initial", timezone.localdate)  # the day it happened: today unless the user says otherwise
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


class FieldworkRecordForm(BootstrapMixin, forms.Form):
    held_on = _date("日期")
    place = forms.CharField(label="地点", max_length=200, required=False)
    participants = forms.CharField(label="参加人员", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    summary = forms.CharField(label="主要情况", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, book: Any, method: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.method = method
        for d in rules.details_for(method.code):
            name = f"d_{d.key}"
            if d.kind == "int":
                self.fields[name] = forms.IntegerField(label=d.label, min_value=0, required=d.required)
            elif d.kind == "choice":
                self.fields[name] = forms.ChoiceField(label=d.label, choices=d.choices, required=d.required)
            elif d.kind == "scores":
                self.fields[name] = forms.CharField(
                    label=d.label, required=d.required, widget=forms.Textarea(attrs={"rows": 4})
                )
            else:
                self.fields[name] = forms.CharField(label=d.label, max_length=500, required=d.required)
            self.fields[name].help_text = d.help
        if method.approval_by:
            body = rules.approval_body_name(book, method)
            article = rules.approval_articles(book, method)
            needed = method.code != "assistance_request"  # assistance requests may be approved later, before sending
            self.fields["approved_on"] = _date(f"{body}批准日期", required=needed)
            self.fields["approval_basis"] = forms.CharField(
                label="批准依据", max_length=200, required=needed, help_text=f"文号或会议（{article}）"
            )
        # Re-apply Bootstrap classes to the fields added after the mixin ran.
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        details = {
            d.key: data.get(f"d_{d.key}")
            for d in rules.details_for(self.method.code)
            if data.get(f"d_{d.key}") not in (None, "")
        }
        out = {
            "held_on": data["held_on"],
            "place": data["place"],
            "participants": data["participants"],
            "summary": data["summary"],
            "details": details,
        }
        if "approved_on" in data:
            out["approved_on"] = data.get("approved_on")
            out["approval_basis"] = data.get("approval_basis") or ""
        return out


class ApprovalForm(BootstrapMixin, forms.Form):
    approved_on = _date("批准日期")
    approval_basis = forms.CharField(label="批准依据", max_length=200, help_text="文号或会议")


class SendForm(BootstrapMixin, forms.Form):
    sent_on = _date("提请日期")


UNCLASSIFIED = ""  # a petition registered before its problem category is judged


class PetitionForm(BootstrapMixin, forms.Form):
    channel = forms.ChoiceField(label="方式", choices=Petition.Channel.choices)
    received_on = _date("受理日期")
    petitioner_name = forms.CharField(label="反映人姓名", max_length=60, required=False, help_text="不填即为匿名反映")
    petitioner_contact = forms.CharField(label="反映人联系方式", max_length=200, required=False)
    about = forms.CharField(label="被反映人或事项", max_length=200, required=False)
    about_cadre = forms.ModelChoiceField(label="被反映干部（干部登记）", queryset=Cadre.objects.none(), required=False)
    classification = forms.ChoiceField(
        label="问题类别", required=False, help_text="尚未判明的留空（未分类），不要随手选一个：类别不会被预先选定"
    )
    content = forms.CharField(label="反映内容", widget=forms.Textarea(attrs={"rows": 5}))
    handling = forms.ChoiceField(label="处理方式", choices=Petition.Handling.choices)

    def __init__(self, *args: Any, book: Any, cadres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["classification"].choices = [  # type: ignore[attr-defined]
            (UNCLASSIFIED, "未分类/请选择"),
            *((c.code, f"{c.name}（{c.article}）") for c in book.problem_categories),
        ]
        self.fields["about_cadre"].queryset = cadres  # type: ignore[attr-defined]


class HandlingForm(BootstrapMixin, forms.Form):
    handling = forms.ChoiceField(label="处理方式", choices=Petition.Handling.choices)


class DocumentRetrievalForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="资料名称", max_length=200)
    kind = forms.ChoiceField(label="调阅或复制", choices=DocumentRetrieval.Kind.choices)
    source_unit = forms.CharField(label="提供单位", max_length=200)
    source_person = forms.CharField(label="经手人", max_length=60, required=False)
    quantity = forms.CharField(label="数量", max_length=60, required=False, help_text="如 3 卷、120 页")
    taken_on = _date("调取日期")


class ReturnForm(BootstrapMixin, forms.Form):
    returned_on = _date("归还日期")


class DisposeForm(BootstrapMixin, forms.Form):
    disposition = forms.ChoiceField(label="复制件处理", choices=DocumentRetrieval.Disposition.choices)
    disposed_on = _date("处理日期")


class AttachmentForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="文件")


class TalkForm(BootstrapMixin, forms.Form):
    interviewee = forms.CharField(label="谈话对象", max_length=60)
    talked_at = forms.DateTimeField(label="谈话时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label="地点", max_length=100)
    recorder = forms.CharField(label="记录人", max_length=40)
    content = forms.CharField(label="谈话内容", widget=forms.Textarea(attrs={"rows": 6}))
