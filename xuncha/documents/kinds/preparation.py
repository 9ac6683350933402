"""情况了解公函 (JDZ-2017 第二十六条 情况了解公函, NMG-2016 第二十四条 情况了解函): one letter per information request,
addressed to its agency, asking for what the rulebook's information source says the agency provides, about the
target of the inspection. Sent by the office: JDZ-2017 第二十六条 末款 has the letters go 通过市委巡察办以公函方式;
NMG-2016 does not say who sends them, and the refusal says that is the office's setting.

Readers are the request's (the default): the team, the oversight roles and, once the letter is sent (a request that
is no longer a draft), the contact of the agency it is addressed to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xuncha.core.authority import OFFICE, holds
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.inspections.models import Inspection
from xuncha.preparation.models import InformationRequest
from xuncha.preparation.sources import INFORMATION_PROVISION, letter_note, period_label, requested_text

from .. import gbt9704 as g
from . import Kind, Spec, register
from .common import date_text, deadline_lines, numbered_template, paragraphs, team_name

if TYPE_CHECKING:
    from xuncha.accounts.models import User
    from xuncha.jurisdictions.rulebook import InformationSource

# A draft can be sent only while the inspection is being prepared (preparation.services.SEND_STAGES); a letter
# already sent can be printed again at any time (the copy of what went out).
SENDABLE = (Inspection.Status.PLANNED, Inspection.Status.PREPARING)


def _source(request: InformationRequest, spec: Spec) -> InformationSource | None:
    return request.source_item(spec.book)


def _addressee(request: InformationRequest, source: InformationSource | None) -> str:
    if request.agency is not None:
        return str(request.agency.name)
    return source.agency if source is not None else request.source


def _signer(request: InformationRequest, spec: Spec) -> str:
    """The office signs: the 发文机关标志 the office head set, else the office as the rulebook names it."""
    from ..models import Letterhead

    letterhead = Letterhead.objects.filter(jurisdiction_id=request.inspection.jurisdiction_id).first()
    return letterhead.issuer if letterhead is not None else str(spec.book.body("office").name)


def fill(request: InformationRequest, spec: Spec, actor: Any) -> dict[str, Any]:
    inspection = request.inspection
    book = spec.book
    word = book.word
    target = inspection.target.name
    source = _source(request, spec)
    intro = (
        f"根据{inspection.jurisdiction.name}{word}工作安排，{team_name(inspection)}将对{target}进行{word}。"
        f"按照《{book.short_title}》{spec.entry.article}的规定，现商请你单位提供{target}领导班子及其成员的有关情况："
    )
    asked: list[str] = []
    if source is not None:
        asked.append(f"“{source.provides}”（《{book.short_title}》{source.article}）。")
        if source.years and f"近{source.years}年" not in source.provides:
            asked.append(f"了解期间：{period_label(source.years)}。")
    # What the team wrote when it changed the prefilled request (the prefill is the rulebook's text quoted above).
    if source is None or request.requested.strip() != requested_text(source).strip():
        asked += [f"具体了解事项：{line}" for line in paragraphs(request.requested)]
    reply = deadline_lines(book, (INFORMATION_PROVISION,))
    return {
        "title": f"关于商请提供{target}领导班子及其成员有关情况的函",
        "addressee": _addressee(request, source),
        "intro": intro,
        "asked": asked,
        "reply": reply,
        "closing": "请予支持。",
        "signer": _signer(request, spec),
        "unit_name": target,
        "team_name": team_name(inspection),
        "letter_number": request.letter_number,
        "sent_on": date_text(request.sent_on),
    }


FIELDS = {
    "addressee": "主送（受函单位）",
    "intro": "开头段",
    "asked": "了解事项（段落列表：规则所列的提供内容及条文）",
    "reply": "提供期限（段落列表，规则有规定时）",
    "closing": "结束语",
    "signer": "署名（办公室）",
    "unit_name": "被检查单位",
    "team_name": "承办的组",
    "letter_number": "发函登记的公函文号",
    "sent_on": "发函日期",
}


def sample(spec: Spec) -> dict[str, Any]:
    return {
        "addressee": "某某部门",
        "intro": "开头段。",
        "asked": ["“提供的内容”（条文）。"],
        "reply": ["提供期限。"],
        "closing": "请予支持。",
        "signer": "某某办公室",
        "unit_name": "某某单位",
        "team_name": "某某组",
        "letter_number": "某某函〔2026〕1号",
        "sent_on": "2026年1月1日",
    }


def _letter_body(doc: Any) -> None:
    for loop in ("asked", "reply"):
        g.tag(doc, f"for p in {loop}")
        g.body(doc, "{{ p }}")
        g.tag(doc, "endfor")
    g.body(doc, "{{ closing }}")


def template(spec: Spec) -> Any:
    return numbered_template(_letter_body, copied_to="")


def ready(request: InformationRequest, spec: Spec) -> None:
    inspection = request.inspection
    book = spec.book
    if _source(request, spec) is None:
        raise ServiceError(
            f"“{spec.name}”的情况来源“{request.source}”不在《{book.short_title}》所列的有关部门和单位中，"
            f"不能确定了解事项（{spec.entry.article}）",
            field="subject",
            article=spec.entry.article,
        )
    if request.status == InformationRequest.Status.DRAFT and inspection.status not in SENDABLE:
        stage = Inspection.Status(inspection.status).label
        raise ServiceError(
            f"{inspection}处于“{stage}”阶段，该{spec.name}尚未发出且已不能发出（开展{book.word}前了解情况，"
            f"{spec.entry.article}），不能生成",
            field="subject",
            article=spec.entry.article,
        )


def authorize(actor: User | None, request: InformationRequest, spec: Spec) -> None:
    """The office (head or staff) prints the letter it sends; the team drafts the request but does not sign it."""
    jurisdiction = request.inspection.jurisdiction
    if actor is None or holds(actor, jurisdiction, OFFICE):
        return
    book = spec.book
    office = book.body("office").name
    default = f"本办设置：《{book.short_title}》{spec.entry.article}未规定由谁发函，{spec.name}由{office}统一发出"
    why = (letter_note(book) or default).rstrip("。")
    raise PermissionDeniedError(
        f"只有{office}（办公室负责人、工作人员）可以生成“{spec.name}”：{why}（{spec.entry.article}）。",
        article=spec.entry.article,
    )


register(
    Kind(
        code="information_request_letter",
        model=InformationRequest,
        fill=fill,
        template=template,
        fields=FIELDS,
        sample=sample,
        jurisdiction_of=lambda r: r.inspection.jurisdiction,
        inspection_of=lambda r: r.inspection,
        authorize=authorize,
        ready=ready,
        under_inspection=lambda inspection, spec: InformationRequest.objects.filter(inspection=inspection),
        numbered_default=True,
    )
)
