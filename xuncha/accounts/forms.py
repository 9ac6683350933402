from __future__ import annotations

from typing import Any

from django import forms

from xuncha.core.forms import BootstrapMixin
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.jurisdictions.rulebook import all_rulebooks

from .models import role_label

PASSWORD_HELP = "留空则由系统生成一个新密码，只显示一次；也可自行输入（至少 8 位，不能过于简单或与用户名相似）。"


class AccountForm(BootstrapMixin, forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=40)
    jurisdiction = forms.ModelChoiceField(label="所属党委", queryset=Jurisdiction.objects.none(), required=False)
    password = forms.CharField(
        label="初始密码", required=False, widget=forms.PasswordInput(render_value=False), help_text=PASSWORD_HELP
    )

    def __init__(self, *args: Any, jurisdictions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["jurisdiction"]
        field.queryset = jurisdictions  # type: ignore[attr-defined]
        if jurisdictions.count() == 1:
            field.required = True
            field.initial = jurisdictions.first()


class PasswordForm(BootstrapMixin, forms.Form):
    password = forms.CharField(
        label="新密码", required=False, widget=forms.PasswordInput(render_value=False), help_text=PASSWORD_HELP
    )


class GrantForm(BootstrapMixin, forms.Form):
    role = forms.ChoiceField(label="角色")

    def __init__(self, *args: Any, roles: list[str], jurisdiction: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, role_label(r, jurisdiction)) for r in roles]  # type: ignore[attr-defined]


class JurisdictionForm(BootstrapMixin, forms.Form):
    code = forms.SlugField(label="代码", max_length=40, help_text="英文字母、数字、连字符，例如 jdz-fuliang")
    name = forms.CharField(label="党委名称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=40)
    rulebook_code = forms.ChoiceField(label="适用规则", help_text="建立后不能更改：记录引用的是该规则的条款")
    parent = forms.ModelChoiceField(
        label="上级党委",
        queryset=Jurisdiction.objects.none(),
        required=False,
        help_text="上下联动：本党委的成果运用备案报送上级党委",
    )

    def __init__(self, *args: Any, parents: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["rulebook_code"].choices = [  # type: ignore[attr-defined]
            (code, f"{book.short_title}（{code}）") for code, book in sorted(all_rulebooks().items())
        ]
        if editing:
            for name in ("code", "rulebook_code"):
                self.fields[name].disabled = True
                self.fields[name].required = False
