from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import timezone

from xuncha.core.forms import BootstrapMixin
from xuncha.inspections.models import Inspection
from xuncha.registry.models import Cadre

from . import rules
from .models import Escalation, Finding, offered_evidence_kinds

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    cast(forms.ChoiceField, form.fields[name]).choices = choices


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FindingForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="问题标题", max_length=200)
    category = forms.ChoiceField(label="问题类别")
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 6}))
    persons_concerned = forms.CharField(label="涉及人员", max_length=300, required=False)
    is_clue = forms.BooleanField(
        label="作为问题线索",
        required=False,
        help_text="涉及具体人员的问题线索；领导干部问题线索情况报告据此汇总（须写明涉及人员）",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    cadre = forms.ModelChoiceField(label="涉及干部（干部档案，可不选）", queryset=Cadre.objects.none(), required=False)

    def __init__(self, *args: Any, inspection: Inspection, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        book = inspection.jurisdiction.rulebook
        _choices(self, "category", [(c.code, f"{c.name}（{c.article}）") for c in book.problem_categories])
        self.fields["category"].help_text = f"《{book.short_title}》{rules.problem_article(book)}所列问题"
        # Only cadres the user may see in the registry, holding a post in the inspected unit.
        self.fields["cadre"].queryset = (  # type: ignore[attr-defined]
            Cadre.objects.visible_to(user)
            .filter(jurisdiction_id=inspection.jurisdiction_id, posts__organization_id=inspection.target_id)
            .distinct()
            .order_by("name")
        )


class FindingCreateForm(FindingForm):
    drafted_on = forms.DateField(label="起草日期", initial=timezone.localdate, widget=DATE)


class EvidenceForm(BootstrapMixin, forms.Form):
    record = forms.ChoiceField(label="记录")
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args: Any, inspection: Inspection, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = []
        for kind in offered_evidence_kinds():
            model: Any = kind.model()
            manager = model._default_manager
            if not hasattr(manager, "visible_to"):
                continue
            ids = (
                manager.visible_to(user).filter(inspection_id=inspection.pk).order_by("pk").values_list("pk", flat=True)
            )
            choices += [(f"{kind.code}:{pk}", f"{kind.name} #{pk}") for pk in ids]
        _choices(self, "record", choices)

    def parsed(self) -> tuple[str, int]:
        kind, _, pk = self.cleaned_data["record"].partition(":")
        return kind, int(pk)


class LeaderApproveForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label="审定日期", initial=timezone.localdate, widget=DATE)


class ReturnForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label="退回日期", initial=timezone.localdate, widget=DATE)
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 2}))


class MeetingForm(BootstrapMixin, forms.Form):
    held_on = forms.DateField(label="召开日期", initial=timezone.localdate, widget=DATE)
    attendees = forms.MultipleChoiceField(label="出席人员", widget=forms.CheckboxSelectMultiple)
    agenda = forms.CharField(label="议题", widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.CharField(label="会议记录", widget=forms.Textarea(attrs={"rows": 5}))
    decisions = forms.CharField(label="决定事项", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    findings = forms.MultipleChoiceField(
        label="通过的问题底稿（草稿）", widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, members: list[Any], drafts: list[Finding], **kwargs: Any) -> None:
        """`members`: the team as staffed (selectors.StaffedMember), with or without a login."""
        super().__init__(*args, **kwargs)
        _choices(self, "attendees", [(m.key, m.label) for m in members])
        self.fields["attendees"].help_text = "本组在组人员（含无登录账号的人员）"
        _choices(self, "findings", [(str(f.pk), f"#{f.number} {f.title}") for f in drafts])
        for name in ("attendees", "findings"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


class EscalationForm(BootstrapMixin, forms.Form):
    to = forms.ChoiceField(label="报告对象")
    matter = forms.CharField(label="请示报告事项", widget=forms.Textarea(attrs={"rows": 4}))
    special_reason = forms.CharField(
        label="特殊情况说明（直接向书记报告时必填）", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    finding = forms.ChoiceField(label="相关问题底稿", required=False)
    reported_on = forms.DateField(label="报告日期", initial=timezone.localdate, widget=DATE)

    def __init__(self, *args: Any, inspection: Inspection, findings: list[Finding], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        book = inspection.jurisdiction.rulebook
        _choices(
            self,
            "to",
            [
                (Escalation.To.LEADING_GROUP, book.body("leading_group").name),
                (Escalation.To.SECRETARY, f"{rules.secretary_title(book)}（特殊情况下）"),
            ],
        )
        _choices(self, "finding", [("", "（无）")] + [(str(f.pk), f"#{f.number} {f.title}") for f in findings])


class RespondForm(BootstrapMixin, forms.Form):
    response = forms.CharField(label="答复意见", widget=forms.Textarea(attrs={"rows": 2}))
    responded_on = forms.DateField(label="答复日期", initial=timezone.localdate, widget=DATE)
