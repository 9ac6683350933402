from __future__ import annotations

from django import forms

from xuncha.core.forms import BootstrapMixin
from xuncha.jurisdictions.rulebook import all_rulebooks

UNITS = [("working_days", "个工作日"), ("calendar_days", "日（自然日）"), ("months", "个月")]


class ComputeForm(BootstrapMixin, forms.Form):
    start = forms.DateField(
        label="起算日",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写起算日", "invalid": "起算日应为 YYYY-MM-DD"},
    )
    amount = forms.IntegerField(
        label="数量",
        min_value=1,
        max_value=3650,
        error_messages={
            "required": "请填写数量",
            "invalid": "数量应为正整数",
            "min_value": "数量至少为 1",
            "max_value": "数量至多为 3650",
        },
    )
    unit = forms.ChoiceField(label="单位", choices=UNITS, initial="working_days")
    rulebook = forms.ChoiceField(label="计算规则", required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "默认（起算日不计入，末日遇节假日顺延）")]
        choices += [(code, f"{code} {b.short_title}") for code, b in all_rulebooks().items()]
        self.fields["rulebook"].choices = choices  # type: ignore[attr-defined]


class HolidayYearForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="年份", min_value=1990, max_value=2200)
    notice = forms.CharField(
        label="依据", max_length=200, help_text="国务院办公厅关于该年部分节假日安排的通知（名称、文号）"
    )
    holidays_text = forms.CharField(
        label="放假日期",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="每行一项：“2027-01-01 元旦”或“2027-02-05~2027-02-13 春节”",
    )
    workdays_text = forms.CharField(
        label="调休上班日期",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一项：“2027-02-14 春节调休”",
    )
