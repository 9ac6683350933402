"""进驻公告 (JDZ-2017 第四十二条, NMG-2016 第三十五条): the team's announcement once it has entered the target — its
task there, the period, what it receives, and the contact data recorded at entry (值班电话, 邮政信箱, 地址) with the
period letters are received in. The wording follows the entry announcement drafted as a disclosure at entry
(`xuncha.disclosures.entry`); what the team receives is the rulebook's own working method (受理来信来电来访).

The announcement is public once published (through disclosures); as a printed document it is read by whoever sees
the inspection (the default readers)."""

from __future__ import annotations

from typing import Any

from xuncha.core.errors import ServiceError
from xuncha.inspections.models import Inspection

from .. import gbt9704 as g
from . import Kind, Spec, register
from .common import authorize_team_or_office, date_text, require_text, team_name

S = Inspection.Status
ENTERED = (S.ON_SITE, S.REPORTING, S.RECTIFYING, S.CLOSED)
PETITION_METHOD = "petition"  # the rulebook's working method 受理来信来电来访


def _task(inspection: Inspection, spec: Spec) -> str:
    word = spec.book.word
    kind = "" if inspection.kind == Inspection.Kind.REGULAR else Inspection.Kind(inspection.kind).label
    focus = f"（{inspection.focus}）" if inspection.focus else ""
    return (
        f"根据{inspection.jurisdiction.name}{word}工作安排，{team_name(inspection)}于{date_text(inspection.entered_on)}"
        f"进驻{inspection.target.name}开展{kind}{word}工作{focus}，{word}时间至{date_text(inspection.planned_end)}。"
    )


def _scope(inspection: Inspection, spec: Spec) -> str:
    """What the team receives, as the rulebook's working method says it, of this target; empty where the rulebook
    lists no such method."""
    word = spec.book.word
    method = next((m for m in spec.book.working_methods if m.code == PETITION_METHOD), None)
    if method is None:
        return ""
    description = method.description.replace(f"被{word}党组织", inspection.target.name)
    return f"{word}期间，{team_name(inspection)}{description}。"


def _online(inspection: Inspection) -> str:
    """The public reporting page's address (xuncha.reporting), where the office has set the address the public
    reaches the instance by (`XUNCHA_PUBLIC_URL`): a bare path on paper would reach no one. Empty otherwise."""
    from django.conf import settings
    from django.urls import reverse

    from xuncha.core.anonymity import public_address
    from xuncha.reporting.models import Channel

    channel = Channel.objects.filter(inspection=inspection).first()
    if channel is None or not settings.XUNCHA_PUBLIC_URL:
        return ""
    return public_address(reverse("reporting_public:report", args=[channel.token]))


def fill(inspection: Inspection, spec: Spec, actor: Any) -> dict[str, Any]:
    team = team_name(inspection)
    period = f"{date_text(inspection.entered_on)}至{date_text(inspection.planned_end)}"
    online = _online(inspection)
    return {
        "title": f"{team}进驻{inspection.target.name}公告",
        "task": _task(inspection, spec),
        "scope": _scope(inspection, spec),
        "contacts": [
            f"受理时间：{period}",
            f"值班电话：{inspection.contact_phone}",
            f"邮政信箱：{inspection.contact_mailbox}",
            f"地址：{inspection.contact_address}",
            *([f"网上反映（可匿名）：{online}"] if online else []),
        ],
        "signer": team,
        "unit_name": inspection.target.name,
        "team_name": team,
        "entered_on": date_text(inspection.entered_on),
        "planned_end": date_text(inspection.planned_end),
        "period": period,
        "contact_phone": inspection.contact_phone,
        "contact_mailbox": inspection.contact_mailbox,
        "contact_address": inspection.contact_address,
        "online_address": online,
    }


FIELDS = {
    "task": "开头段（进驻时间、对象和期间）",
    "scope": "受理范围",
    "contacts": "联系方式（段落列表：受理时间、值班电话、邮政信箱、地址，设置了公众访问地址时还有网上反映地址）",
    "signer": "署名（组）",
    "unit_name": "被检查单位",
    "team_name": "组名",
    "entered_on": "进驻日期",
    "planned_end": "计划结束日期",
    "period": "受理期间",
    "contact_phone": "值班电话",
    "contact_mailbox": "邮政信箱",
    "contact_address": "接待地址",
    "online_address": "网上反映地址（未设置公众访问地址时为空）",
}


def sample(spec: Spec) -> dict[str, Any]:
    return {
        "task": "开头段。",
        "scope": "受理范围。",
        "contacts": ["受理时间：2026年1月1日至2026年3月1日", "值班电话：0000-0000000"],
        "signer": "某某组",
        "unit_name": "某某单位",
        "team_name": "某某组",
        "entered_on": "2026年1月1日",
        "planned_end": "2026年3月1日",
        "period": "2026年1月1日至2026年3月1日",
        "contact_phone": "0000-0000000",
        "contact_mailbox": "某某信箱",
        "contact_address": "某某地址",
        "online_address": "https://example.invalid/p/r/xxxx/",
    }


def template(spec: Spec) -> Any:
    doc = g.new_document()
    g.title(doc, "{{ title }}")
    g.body(doc, "{{ task }}")
    g.body(doc, "{{ scope }}")
    g.tag(doc, "for c in contacts")
    g.body(doc, "{{ c }}")
    g.tag(doc, "endfor")
    g.signature(doc, "{{ signer }}", "{{ date }}")
    return doc


def ready(inspection: Inspection, spec: Spec) -> None:
    if inspection.status not in ENTERED or inspection.entered_on is None:
        stage = S(inspection.status).label
        raise ServiceError(
            f"{inspection}处于“{stage}”阶段，尚未进驻：“{spec.name}”在{spec.book.word}组进驻后生成"
            f"（{spec.entry.article}）",
            field="subject",
            article=spec.entry.article,
        )
    if inspection.planned_end is None:
        raise ServiceError(f"“{spec.name}”缺少计划结束日期（受理期间至该日）：请先在进驻登记中填写", field="subject")
    for value, label in (
        (inspection.contact_phone, "值班电话"),
        (inspection.contact_mailbox, "邮政信箱"),
        (inspection.contact_address, "接待地址"),
    ):
        require_text(value, label, spec)


register(
    Kind(
        code="entry_announcement",
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
