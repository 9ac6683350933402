"""Forms for the inspector pages. Choices come from the jurisdiction's rulebook (kinds it provides for, its expertise
areas, its eligibility conditions) and from what the user may see (`visible_to`); the services decide the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from xuncha.core.forms import BootstrapMixin
from xuncha.jurisdictions import vocabulary
from xuncha.jurisdictions.words import speak
from xuncha.planning.models import Round
from xuncha.registry.models import Cadre, Organization

from .models import Declaration, Inspector, LeaderAuthorization, SecondmentAppraisal

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _date(label: str, *, required: bool = True, today: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate if today else None,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _checkboxes(form: forms.Form, *names: str) -> None:
    """BootstrapMixin gives every widget `form-control`; checkboxes want `form-check-input`."""
    for name in names:
        if name in form.fields:
            form.fields[name].widget.attrs["class"] = "form-check-input"


class CadreChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.code}）"


def kind_choices(book: Any) -> list[tuple[str, str]]:
    """The kinds of inspector this rulebook provides for, each with its article (NMG-2016 has no secondments)."""
    st = book.staffing
    articles = {"seconded": st.secondment_article, "training": st.training_posting_article}
    out = []
    for value, label in Inspector.Kind.choices:
        article = articles.get(value, st.talent_pool_article)
        if article is not None:
            out.append((value, f"{speak(label, book.word)}（{article}）"))
    return out


def expertise_choices(book: Any) -> tuple[list[tuple[str, str]], str]:
    """The rulebook's expertise areas (JDZ-2017 第九条), or the vocabulary where it lists none (NMG-2016 第十三条)."""
    if book.expertise_areas:
        articles = "、".join(sorted({a.article for a in book.expertise_areas}))
        return [(a.code, a.name) for a in book.expertise_areas], f"《{book.short_title}》{articles}所列专业领域"
    return (
        list(vocabulary.EXPERTISE.items()),
        f"《{book.short_title}》{book.staffing.talent_pool_article}建立人才库，未列专业领域，按通用分类选择",
    )


class InspectorForm(BootstrapMixin, forms.Form):
    cadre = CadreChoiceField(
        label="干部", queryset=Cadre.objects.none(), help_text="从本级干部档案中选择尚未登记的干部"
    )
    kind = forms.ChoiceField(label="类别")
    expertise = forms.MultipleChoiceField(label="专业领域", required=False, widget=forms.CheckboxSelectMultiple)
    in_leader_pool = forms.BooleanField(label="列入组长库", required=False)
    county_level = forms.BooleanField(label="县级领导干部", required=False)
    username = forms.CharField(
        label="登录账号（用户名）",
        max_length=150,
        required=False,
        help_text="关联后本人可以登录查看本人记录并申报回避事项；可不填",
    )

    def __init__(self, *args: Any, jurisdiction: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        book = jurisdiction.rulebook
        st = book.staffing
        self.fields["cadre"].queryset = (  # type: ignore[attr-defined]
            Cadre.objects.visible_to(user).filter(jurisdiction=jurisdiction, inspector__isnull=True).order_by("code")
        )
        self.fields["kind"].choices = kind_choices(book)  # type: ignore[attr-defined]
        choices, help_text = expertise_choices(book)
        self.fields["expertise"].choices = choices  # type: ignore[attr-defined]
        self.fields["expertise"].help_text = help_text
        if st.leader_selection == "leader_pool_per_round":
            self.fields["in_leader_pool"].help_text = f"{st.leader_selection_article}：{st.leader_selection_text}"
        else:
            del self.fields["in_leader_pool"]
        if st.leader_selection == "designated":
            self.fields["county_level"].help_text = f"{st.leader_selection_article}：{st.leader_selection_text}"
        else:  # 县级领导干部 is JDZ-2017 第七条's qualification; NMG-2016 第九条 draws leaders from the 组长库
            del self.fields["county_level"]
        _checkboxes(self, "expertise", "in_leader_pool", "county_level")

    def clean_username(self) -> User | None:
        name = self.cleaned_data["username"].strip()
        if not name:
            return None
        account = get_user_model().objects.filter(username=name, is_active=True).first()
        if account is None:
            raise forms.ValidationError(f"没有用户名为 {name} 的有效账号")
        return account


class DeclarationForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Declaration.Kind.choices)
    declared_on = _date("申报日期", today=True)
    person = CadreChoiceField(
        label="关系人（干部档案）",
        queryset=Cadre.objects.none(),
        required=False,
        help_text="关系人是干部的，请选择其档案，回避核查据此比对领导班子成员",
    )
    person_name = forms.CharField(label="关系人姓名", max_length=40, required=False, help_text="无干部档案时填写")
    relation = forms.CharField(label="关系", max_length=40, required=False, help_text="例如 配偶、表兄弟、同学")
    organization = forms.ModelChoiceField(
        label="相关单位",
        queryset=Organization.objects.none(),
        required=False,
        help_text="直接利害关系、曾任职务须指明单位",
    )
    detail = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args: Any, inspector: Inspector, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        j = inspector.jurisdiction_id
        self.fields["person"].queryset = (  # type: ignore[attr-defined]
            Cadre.objects.visible_to(user).filter(jurisdiction_id=j).exclude(pk=inspector.cadre_id).order_by("code")
        )
        self.fields["organization"].queryset = (  # type: ignore[attr-defined]
            Organization.objects.visible_to(user).filter(jurisdiction_id=j).order_by("name")
        )
        # The inspector's own login sees no cadre records (registry data is the office's): declare by name, and
        # the office links the record (the duty recusal check matches linked cadres only).
        for name in ("person", "organization"):
            if not self.fields[name].queryset.exists():  # type: ignore[attr-defined]
                del self.fields[name]
        if "person" not in self.fields:
            office = inspector.jurisdiction.rulebook.body("office").name
            help_text = f"关系人是干部的，由{office}关联其干部档案，回避核查据此比对领导班子成员"
            self.fields["person_name"].help_text = help_text


class WithdrawForm(BootstrapMixin, forms.Form):
    withdrawn_on = _date("撤回日期", today=True)
    reason = forms.CharField(label="撤回理由", max_length=200, required=False)


class AttestationForm(BootstrapMixin, forms.Form):
    condition = forms.ChoiceField(label="任职条件")
    attested_on = _date("确认日期", today=True)
    basis = forms.CharField(label="依据", max_length=200, help_text="考察材料、体检结论等")

    def __init__(self, *args: Any, book: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["condition"].choices = [  # type: ignore[attr-defined]
            (c.code, f"{c.text}（{c.article}）") for c in book.eligibility_conditions
        ]


def _rounds(user: Any, inspector: Inspector) -> Any:
    return Round.objects.visible_to(user).filter(jurisdiction_id=inspector.jurisdiction_id)


class SecondmentForm(BootstrapMixin, forms.Form):
    home_organization = forms.CharField(label="原单位", max_length=120)
    round = forms.ModelChoiceField(label="轮次", queryset=Round.objects.none(), required=False)
    started_on = _date("开始日期")
    ended_on = _date("结束日期", required=False)

    def __init__(self, *args: Any, inspector: Inspector, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = _rounds(user, inspector)  # type: ignore[attr-defined]


class AppraisalForm(BootstrapMixin, forms.Form):
    part = forms.ChoiceField(choices=SecondmentAppraisal.Part.choices, widget=forms.HiddenInput)
    grade = forms.ChoiceField(label="鉴定等次", choices=SecondmentAppraisal.Grade.choices)
    appraisal = forms.CharField(label="工作表现鉴定", widget=forms.Textarea(attrs={"rows": 2}))
    appraised_on = _date("鉴定日期", today=True)


class TrainingPostingForm(BootstrapMixin, forms.Form):
    home_organization = forms.CharField(label="原单位", max_length=120)
    started_on = _date("开始日期")
    ended_on = _date("结束日期", required=False)


class RotationForm(BootstrapMixin, forms.Form):
    rotated_on = _date("轮岗日期")
    from_position = forms.CharField(label="原岗位", max_length=100)
    to_position = forms.CharField(label="新岗位", max_length=100)


class LeaderAuthorizationForm(BootstrapMixin, forms.Form):
    round = forms.ModelChoiceField(label="轮次", queryset=Round.objects.none())
    role = forms.ChoiceField(label="授权职务", choices=LeaderAuthorization.Role.choices)
    authorized_on = _date("授权日期", today=True)
    basis = forms.CharField(label="授权依据", max_length=200, help_text="党委决定的文号或会议")

    def __init__(self, *args: Any, inspector: Inspector, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = _rounds(user, inspector)  # type: ignore[attr-defined]
