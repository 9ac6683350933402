"""The prepared filling (fastfill) prints what docxtpl prints, for every default template of both rulebooks; text
from a record is text, never markup; a template fastfill cannot prepare goes through docxtpl whole."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docxtpl import DocxTemplate

from xuncha.documents import fastfill, render
from xuncha.documents.kinds import specs
from xuncha.jurisdictions.rulebook import all_rulebooks

from . import docx_checks as check


def _sample(spec: Any) -> dict[str, Any]:
    return render.sample_common(spec) | spec.kind.sample(spec)


def _docxtpl(template: bytes, fields: dict[str, Any]) -> bytes:
    document = DocxTemplate(io.BytesIO(template))
    document.render(fields, render._ENV)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("code", sorted(all_rulebooks()))
def test_fastfill_prints_what_docxtpl_prints(code: str) -> None:
    book = all_rulebooks()[code]
    checked = 0
    for spec in specs(book):
        template = render.default_template(spec)
        prepared = fastfill.prepare(template, render._ENV)
        assert prepared is not None, f"{spec.code}: the default template should be prepared"
        fields = _sample(spec)
        fast = fastfill.fill(*prepared, fields)
        assert check.text_of(fast) == check.text_of(_docxtpl(template, fields)), spec.code
        check.assert_document(fast, landscape=spec.kind.landscape)
        checked += 1
    assert checked == len(book.documents)


def test_record_text_is_escaped_not_markup() -> None:
    book = all_rulebooks()["JDZ-2017"]
    spec = next(s for s in specs(book) if s.code == "feedback_opinions")
    fields = _sample(spec) | {"addressee": "A&B<公司>"}
    out = render.render(render.default_template(spec), fields, spec)
    assert "A&B<公司>：" in check.text_of(out)


def test_a_template_with_column_tags_goes_through_docxtpl() -> None:
    book = all_rulebooks()["JDZ-2017"]
    spec = next(s for s in specs(book) if s.code == "feedback_opinions")
    template = render.default_template(spec)
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"{{ intro }}", b"{{ intro }}{%tc for x in [] %}{%tc endfor %}")
            dst.writestr(info, data)
    assert fastfill.prepare(out.getvalue(), render._ENV) is None


def test_line_breaks_and_tabs_in_a_value_print_as_docxtpl_prints_them() -> None:
    book = all_rulebooks()["JDZ-2017"]
    spec = next(s for s in specs(book) if s.code == "feedback_opinions")
    template = render.default_template(spec)
    prepared = fastfill.prepare(template, render._ENV)
    assert prepared is not None
    fields = _sample(spec) | {"intro": "第一行\n第二行\t制表"}
    fast = fastfill.fill(*prepared, fields)
    assert check.text_of(fast) == check.text_of(_docxtpl(template, fields))
    assert "<w:br/>" in check.opened(fast).element.xml  # the line break became a break, not a lost character
