from __future__ import annotations

from django import forms


class GenerateForm(forms.Form):
    dated_on = forms.DateField(
        label="成文日期", required=False, widget=forms.DateInput(attrs={"type": "date", "class": "form-control-sm"})
    )


class LetterheadForm(forms.Form):
    issuer = forms.CharField(label="发文机关标志", max_length=60)
    code = forms.CharField(label="发文机关代字", max_length=20)
    printer = forms.CharField(label="印发机关", max_length=60)


class TemplateUploadForm(forms.Form):
    template = forms.FileField(label="模板文件（.docx）")
