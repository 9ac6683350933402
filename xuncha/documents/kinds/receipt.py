"""《巡察反馈材料签收单》 (JDZ-2017 第三十四条): the rulebook's signature form printed from an inspection, as the
receipt page shows it (feedback/receipt.html): one copy per page (一式三份), each naming who keeps it, the unit, the
team and the feedback date, and one line per signer — the name and date once the signature is recorded
(`feedback.models.ReceiptSignature`), blank lines to sign by hand otherwise. NMG-2016 has no such form."""

from __future__ import annotations

from typing import Any

from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from xuncha.core.errors import ServiceError
from xuncha.feedback import rules
from xuncha.feedback.models import ReceiptSignature
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.rulebook import SignatureForm

from .. import gbt9704 as g
from . import Kind, Spec, register
from .common import authorize_team_or_office, chinese_number, date_text, team_name

BLANK_DATE = "　　年　月　日"  # written by hand on the printed copy


def _form(spec: Spec) -> SignatureForm:
    form = spec.book.signature_form(spec.entry.signature_form or "")
    if form is None:
        raise ServiceError(f"《{spec.book.short_title}》没有规定{spec.name}的签字人", field="kind")
    return form


def _copies(form: SignatureForm) -> list[dict[str, Any]]:
    """One entry per printed copy (一式N份; one copy when the text does not say), with who keeps it."""
    count = form.copies or 1
    holders = (list(form.copy_holders) + [""] * count)[:count]
    return [
        {
            "numeral": chinese_number(n),
            "holder": holder,
            "label": f"第{chinese_number(n)}份" + (f"（{holder}留存）" if holder else ""),
        }
        for n, holder in enumerate(holders, start=1)
    ]


def fill(inspection: Inspection, spec: Spec, actor: Any) -> dict[str, Any]:
    form = _form(spec)
    book = spec.book
    # The signatures' readers are the inspection's (feedback.models: whoever sees the inspection), as are the
    # document's: every line is read, as the receipt page reads them for its readers.
    signed = {s.role: s for s in ReceiptSignature.objects.filter(inspection=inspection)}
    signers = []
    for role in form.signers:
        signature = signed.get(role)
        signers.append(
            {
                "role": role,
                "role_name": rules.role_name(book, role),
                "name": signature.name if signature else "",
                "signed_on": date_text(signature.signed_on) if signature else BLANK_DATE,
            }
        )
    receiving = rules.receiving_role(form)
    receipt_signed = ""
    if inspection.receipt_signed_on:
        unit_role = rules.role_name(book, receiving) if receiving else ""
        receipt_signed = (
            f"签收反馈意见日期：{date_text(inspection.receipt_signed_on)}（{unit_role}签字之日；{form.article}："
            f"整改期限“自签收反馈意见之日起”计算）"
        )
    basis = f"依据：《{book.short_title}》{form.article}"
    if form.note:
        basis += f"——{form.note}"
    return {
        "title": form.name,
        "form_name": form.name,
        "copies_label": f"一式{chinese_number(form.copies)}份" if form.copies else form.copies_label,
        "copies": _copies(form),
        "target_label": f"被{book.word}单位",
        "unit_name": inspection.target.name,
        "team_label": f"{book.word}组",
        "team_name": team_name(inspection),
        "feedback_given_on": date_text(inspection.feedback_given_on),
        "signers": signers,
        "basis": basis,
        "receipt_signed_note": receipt_signed,
    }


FIELDS = {
    "form_name": "签收单名称",
    "copies_label": "份数（一式N份）",
    "copies": "各份（copies：numeral 序号、holder 留存方、label 第N份（留存方留存））",
    "target_label": "被检查单位栏名",
    "unit_name": "被检查单位",
    "team_label": "组栏名",
    "team_name": "组",
    "feedback_given_on": "反馈日期",
    "signers": "签字人（signers：role 身份代码、role_name 身份、name 姓名、signed_on 签字日期）",
    "basis": "依据",
    "receipt_signed_note": "签收反馈意见日期说明（签收后）",
}


def sample(spec: Spec) -> dict[str, Any]:
    return {
        "form_name": spec.name,
        "copies_label": "一式三份",
        "copies": [{"numeral": "一", "holder": "某某", "label": "第一份（某某留存）"}],
        "target_label": "被检查单位",
        "unit_name": "某某单位",
        "team_label": "组",
        "team_name": "某某组",
        "feedback_given_on": "2026年1月1日",
        "signers": [{"role": "team_leader", "role_name": "组长", "name": "某某", "signed_on": "2026年1月1日"}],
        "basis": "依据：某某",
        "receipt_signed_note": "",
    }


SIGN_ROW_PT = 42.0  # room to sign by hand
WIDTHS_MM = (46.0, 34.0, 42.0, 34.0)  # 签字人 · 姓名 · 签字 · 日期: the 156 mm text block


def _cell(cell: Any, text: str, *, header: bool = False, center: bool = False) -> None:
    para = cell.paragraphs[0]
    fmt = para.paragraph_format
    fmt.line_spacing = Pt(g.SIZE_4 * 1.5)
    fmt.space_before = fmt.space_after = Pt(0)
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER if (header or center) else WD_ALIGN_PARAGRAPH.LEFT
    if text:
        g.east_asian(para.add_run(text), g.HEITI if header else g.FANGSONG, g.SIZE_4)


def _table(doc: Any) -> None:
    """The form of one copy: the unit, the team and the feedback date (each value across three columns), the
    signature header, and one row per signer (a docxtpl `{%tr for %}` loop)."""
    table = doc.add_table(rows=0, cols=4)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, width in enumerate(WIDTHS_MM):
        table.columns[index].width = Mm(width)

    def row(texts: list[str], *, header: tuple[int, ...] = (), merge: bool = False, height: float = 0) -> None:
        cells = table.add_row().cells
        for index, width in enumerate(WIDTHS_MM):
            cells[index].width = Mm(width)
        if merge:
            cells = [cells[0], cells[1].merge(cells[3])]
        for index, text in enumerate(texts):
            _cell(cells[index], text, header=index in header, center=height > 0 and index != 1)
        if height:
            table.rows[-1].height = Pt(height)
            table.rows[-1].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST

    row(["{{ target_label }}", "{{ unit_name }}"], header=(0,), merge=True, height=SIGN_ROW_PT * 0.75)
    row(["{{ team_label }}", "{{ team_name }}"], header=(0,), merge=True, height=SIGN_ROW_PT * 0.75)
    row(["反馈日期", "{{ feedback_given_on }}"], header=(0,), merge=True, height=SIGN_ROW_PT * 0.75)
    row(["签字人", "姓名", "签字", "日期"], header=(0, 1, 2, 3))
    row(["{%tr for s in signers %}", "", "", ""])
    row(["{{ s.role_name }}", "{{ s.name }}", "", "{{ s.signed_on }}"], height=SIGN_ROW_PT)
    row(["{%tr endfor %}", "", "", ""])


def template(spec: Spec) -> Any:
    doc = g.new_document()
    g.tag(doc, "for copy in copies")
    g.title(doc, "{{ form_name }}")
    g.paragraph(doc, "{{ copies_label }} · {{ copy.label }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _table(doc)
    g.paragraph(doc)
    g.paragraph(doc, "{{ basis }}", size=g.SIZE_4, pitch=g.SIZE_4 * 1.5)
    g.tag(doc, "if receipt_signed_note")
    g.paragraph(doc, "{{ receipt_signed_note }}", size=g.SIZE_4, pitch=g.SIZE_4 * 1.5)
    g.tag(doc, "endif")
    g.tag(doc, "if not loop.last")
    g.page_break(doc)
    g.tag(doc, "endif")
    g.tag(doc, "endfor")
    return doc


def ready(inspection: Inspection, spec: Spec) -> None:
    form = _form(spec)
    if inspection.feedback_given_on is None:
        word = spec.book.word
        raise ServiceError(
            f"{inspection}尚未分别反馈完毕：{form.name}在向被{word}单位领导班子和主要负责人分别反馈后签字"
            f"（{spec.citation}）",
            field="subject",
            article=spec.entry.article,
        )


register(
    Kind(
        code="feedback_receipt",
        model=Inspection,
        fill=fill,
        template=template,
        fields=FIELDS,
        sample=sample,
        jurisdiction_of=lambda i: i.jurisdiction,
        inspection_of=lambda i: i,
        authorize=lambda actor, i, spec: authorize_team_or_office(actor, i, spec),
        ready=ready,
        under_inspection=lambda inspection, spec: Inspection.objects.filter(pk=inspection.pk),
    )
)
