from __future__ import annotations

from typing import Any

from django import forms

from xuncha.core.forms import BootstrapMixin

from .models import Cadre, Organization


class TargetForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=120)
    target_category = forms.ChoiceField(label="对象类别")
    region = forms.CharField(label="地区", max_length=120, required=False, help_text="例如 江西省/景德镇市/浮梁县")
    parent = forms.ModelChoiceField(label="上级单位", queryset=Organization.objects.none(), required=False)

    def __init__(self, *args: Any, jurisdiction: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        book = jurisdiction.rulebook
        self.fields["target_category"].choices = [(c.code, f"{c.name}（{c.article}）") for c in book.target_categories]  # type: ignore[attr-defined]
        self.fields["parent"].queryset = Organization.objects.filter(jurisdiction=jurisdiction)  # type: ignore[attr-defined]


class ReorganizeForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label="变更为", choices=[("merged", "已合并"), ("abolished", "已撤销")])
    on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    successor = forms.ModelChoiceField(label="并入单位", queryset=Organization.objects.none(), required=False)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            jurisdiction=organization.jurisdiction, status="active"
        ).exclude(pk=organization.pk)


class CadreForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label="人员编号", max_length=40)
    name = forms.CharField(label="姓名", max_length=40)
    native_place = forms.CharField(
        label="籍贯", max_length=120, required=False, help_text="例如 江西省/景德镇市/乐平市"
    )
    management_level = forms.ChoiceField(label="管理层级", choices=Cadre.Level.choices)


class PostForm(BootstrapMixin, forms.Form):
    organization = forms.ModelChoiceField(label="单位", queryset=Organization.objects.none())
    title = forms.CharField(label="职务", max_length=60)
    is_leadership = forms.BooleanField(label="领导班子成员", required=False)
    is_principal = forms.BooleanField(label="主要负责人", required=False)
    started_on = forms.DateField(label="任职日期", widget=forms.DateInput(attrs={"type": "date"}))
    ended_on = forms.DateField(label="离任日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, jurisdiction: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(jurisdiction=jurisdiction)  # type: ignore[attr-defined]
        for name in ("is_leadership", "is_principal"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
