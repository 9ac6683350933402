"""移交材料交接单 (JDZ-2017 第三十五条; NMG-2016 prescribes no form): one per transfer of clues after the round,
printed once the leading group's leader has approved it — the transfer's number, the team, the inspected unit, the
receiver, the route, the clues as their register rows (编号, 反映对象 and 职务, 问题类别; never a clue's content,
evidence or informants), the approval and the three signature blocks of the rulebook's form."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from xuncha.clues import rules
from xuncha.clues.models import Clue, ClueSubject, Transfer
from xuncha.core.errors import ServiceError

from .. import gbt9704 as g
from . import Kind, Spec, register
from .common import authorize_team_or_office, date_text, team_name

# A signer of the form (rulebook role code) → the transfer's party that signs in that place (clues.services.transfers).
SIGNER_PARTY = {"team_leader": "team", "office_head": "office", "receiver_contact": "receiver"}


def _form(spec: Spec) -> Any:
    code = spec.entry.signature_form or ""
    form = spec.book.signature_form(code) if code else None
    if form is None:
        raise ServiceError(
            f"《{spec.book.short_title}》未规定“{spec.name}”的签字格式（{spec.entry.article}）", field="kind"
        )
    return form


def _route_text(spec: Spec, transfer: Transfer) -> str:
    item = rules.route(spec.book, transfer.route)
    if item is None:
        return transfer.route
    return f"{item.matter}（《{spec.book.short_title}》{item.article}）"


def _subjects_text(clue: Clue) -> str:
    names = []
    for s in clue.subjects.all():
        names.append(f"{s.cadre.name}（{s.post.title}）" if s.post is not None else s.cadre.name)
    return "、".join(names)


def _clue_rows(spec: Spec, transfer: Transfer) -> list[dict[str, str]]:
    """The register rows of the clues this transfer hands over: what the page and the ledgers show."""
    clues = (
        Clue.objects.filter(transfer=transfer)
        .select_related("inspection__round", "inspection__team")
        .prefetch_related(
            Prefetch("subjects", queryset=ClueSubject.objects.select_related("cadre", "post").order_by("pk"))
        )
        .order_by("number")
    )
    return [
        {
            "seq": str(n),
            "code": clue.code,
            "subjects": _subjects_text(clue),
            "category": rules.category_name(spec.book, clue.category),
        }
        for n, clue in enumerate(clues, start=1)
    ]


def _unit_of(party: str, transfer: Transfer, spec: Spec) -> str:
    return {
        "team": team_name(transfer.inspection),
        "office": spec.book.body("office").name,
        "receiver": str(transfer.receiver),
    }.get(party, "")


def _signatures(spec: Spec, transfer: Transfer) -> list[dict[str, str]]:
    """The form's signers in the rulebook's order; the name and date where the transfer records the signature."""
    out = []
    for code in _form(spec).signers:
        party = SIGNER_PARTY.get(code, "")
        signed_on = getattr(transfer, f"{party}_signed_on", None) if party else None
        signed_by = getattr(transfer, f"{party}_signed_by", None) if party and signed_on else None
        out.append(
            {
                "role": spec.book.role(code).name,
                "unit": _unit_of(party, transfer, spec),
                "name": (getattr(signed_by, "full_name", "") or str(signed_by)) if signed_by is not None else "",
                "signed_on": date_text(signed_on),
            }
        )
    return out


def fill(transfer: Transfer, spec: Spec, actor: Any) -> dict[str, Any]:
    inspection = transfer.inspection
    form = _form(spec)
    return {
        "title": form.name.strip("《》"),
        "form_number": f"{transfer.year}年第{transfer.number}号",
        "team_name": team_name(inspection),
        "unit_name": inspection.target.name,
        "receiver_name": str(transfer.receiver),
        "route": _route_text(spec, transfer),
        "clues": _clue_rows(spec, transfer),
        "approver": transfer.approver,
        "approved_on": date_text(transfer.approved_on),
        "signatures": _signatures(spec, transfer),
        "basis": f"依据：{spec.citation}“{spec.entry.text}”",
        "copies_label": form.copies_label,
    }


FIELDS = {
    "form_number": "交接单编号",
    "team_name": "移交的组",
    "unit_name": "被检查单位",
    "receiver_name": "接收单位",
    "route": "移交途径（及条文）",
    "clues": "移交的问题线索（clues：seq 序号、code 编号、subjects 反映对象及职务、category 问题类别）",
    "approver": "审批人",
    "approved_on": "审批日期",
    "signatures": "签字栏（signatures：role 签字人、unit 单位、name 签字、signed_on 日期）",
    "basis": "依据",
    "copies_label": "份数",
}


def sample(spec: Spec) -> dict[str, Any]:
    return {
        "form_number": "2026年第1号",
        "team_name": "某某组",
        "unit_name": "某某单位",
        "receiver_name": "某某纪委",
        "route": "某某途径（第某条）",
        "clues": [{"seq": "1", "code": "2026-1-1-01", "subjects": "某某（某职务）", "category": "某类别"}],
        "approver": "某某",
        "approved_on": "2026年1月1日",
        "signatures": [{"role": "某签字人", "unit": "某单位", "name": "", "signed_on": ""}],
        "basis": "依据：某条",
        "copies_label": "份数：办法未规定",
    }


def template(spec: Spec) -> Any:
    word = spec.book.word
    doc = g.new_document()
    g.title(doc, "{{ title }}")
    g.table(
        doc,
        ("项目", "内容"),
        [
            ("交接单编号", "{{ form_number }}"),
            (f"{word}组", "{{ team_name }}"),
            (f"被{word}单位", "{{ unit_name }}"),
            ("接收单位", "{{ receiver_name }}"),
            ("移交途径", "{{ route }}"),
        ],
        widths_mm=(40, 116),
    )
    g.paragraph(doc, "移交的问题线索", font=g.HEITI)
    g.table(
        doc,
        ("序号", "编号", "反映对象（职务）", "问题类别"),
        [
            ("{%tr for c in clues %}", "", "", ""),
            ("{{ c.seq }}", "{{ c.code }}", "{{ c.subjects }}", "{{ c.category }}"),
            ("{%tr endfor %}", "", "", ""),
        ],
        widths_mm=(16, 40, 60, 40),
    )
    g.paragraph(doc, "审批", font=g.HEITI)
    g.table(doc, ("审批人", "审批日期"), [("{{ approver }}", "{{ approved_on }}")], widths_mm=(78, 78))
    g.paragraph(doc, "签字", font=g.HEITI)
    g.table(
        doc,
        ("签字人", "单位", "签字", "日期"),
        [
            ("{%tr for s in signatures %}", "", "", ""),
            ("{{ s.role }}", "{{ s.unit }}", "{{ s.name }}", "{{ s.signed_on }}"),
            ("{%tr endfor %}", "", "", ""),
        ],
        widths_mm=(40, 46, 40, 30),
        row_height_pt=42,
    )
    g.paragraph(doc)
    g.paragraph(doc, "{{ basis }}", size=g.SIZE_4)
    g.paragraph(doc, "{{ copies_label }}", size=g.SIZE_4)
    return doc


def ready(transfer: Transfer, spec: Spec) -> None:
    book = spec.book
    article = f"《{book.short_title}》{spec.entry.article}"
    if not transfer.handover_form:
        raise ServiceError(
            f"{transfer}没有交接单（其移交途径不用交接单，由接收单位签收即完成移交）：不能打印“{spec.name}”（{article}）",
            field="subject",
        )
    if transfer.status == Transfer.Status.CANCELLED:
        raise ServiceError(f"{transfer}已撤回，不能打印“{spec.name}”（{article}）", field="subject")
    if transfer.status == Transfer.Status.DRAFTED:
        raise ServiceError(
            f"{transfer}尚未审批：交接单须先报{book.body('leading_group').name}领导审批（{article}），审批后方可打印",
            field="subject",
        )


register(
    Kind(
        code="handover_form",
        model=Transfer,
        fill=fill,
        template=template,
        fields=FIELDS,
        sample=sample,
        jurisdiction_of=lambda t: t.jurisdiction,
        inspection_of=lambda t: t.inspection,
        authorize=lambda actor, t, spec: authorize_team_or_office(actor, t.inspection, spec),
        ready=ready,
        under_inspection=lambda inspection, spec: Transfer.objects.filter(inspection=inspection).exclude(
            handover_form=""
        ),
    )
)
