from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import timezone

from xuncha.core.forms import BootstrapMixin
from xuncha.findings.models import Finding
from xuncha.inspections.models import Inspection
from xuncha.planning.models import TeamMembership

from .models import CirculatedNotice
from .services import GIVERS

if TYPE_CHECKING:
    from xuncha.accounts.models import User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label, widget=DATE, initial=timezone.localdate, error_messages={"invalid": f"{label}应为 YYYY-MM-DD"}
    )


class ConsentForm(BootstrapMixin, forms.Form):
    consented_on = _date("同意日期")
    document = forms.CharField(label="同意文件（文号或名称）", max_length=200)


class SessionForm(BootstrapMixin, forms.Form):
    held_on = _date("反馈日期")
    given_by = forms.ChoiceField(label="反馈人（组长或副组长）")
    attendees = forms.CharField(label="出席人员", widget=forms.Textarea(attrs={"rows": 2}))
    findings = forms.MultipleChoiceField(
        label="反馈的问题（组长审定的问题底稿）", widget=forms.CheckboxSelectMultiple, required=False
    )
    opinions = forms.CharField(label="整改意见", widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, inspection: Inspection, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        givers = (
            TeamMembership.objects.filter(team_id=inspection.team_id, role__in=GIVERS)
            .select_related("user")
            .order_by("role", "user__username")
        )
        cast(forms.ChoiceField, self.fields["given_by"]).choices = [
            (str(m.user_id), f"{m.user}（{m.get_role_display()}）") for m in givers
        ]
        self.approved = list(
            Finding.objects.visible_to(user)
            .filter(inspection=inspection, status=Finding.Status.LEADER_APPROVED)
            .order_by("number")
        )
        cast(forms.ChoiceField, self.fields["findings"]).choices = [
            (str(f.pk), f"#{f.number} {f.title}") for f in self.approved
        ]
        if not self.is_bound:
            self.initial.setdefault("findings", [str(f.pk) for f in self.approved])

    def chosen_findings(self) -> list[Finding]:
        wanted = {int(pk) for pk in self.cleaned_data["findings"]}
        return [f for f in self.approved if f.pk in wanted]

    def giver_id(self) -> int:
        return int(self.cleaned_data["given_by"])


class CirculatedNoticeForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="通报对象类别", choices=CirculatedNotice.Kind.choices)
    recipient = forms.CharField(label="通报对象（分管领导或职能部门）", max_length=100)
    notified_on = _date("通报日期")
    content = forms.CharField(label="通报内容（有关情况及整改要求）", widget=forms.Textarea(attrs={"rows": 3}))


class SignatureForm(BootstrapMixin, forms.Form):
    signed_on = _date("签字日期")
    name = forms.CharField(label="签字人姓名", max_length=40, required=False)
