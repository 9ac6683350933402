"""The demo's public channel: each office's contacts, and a few fictional reports to the pages of the first two
entered inspections of each and to the one on site today (sent during their periods) — one anonymous with a team
question and the reporter's answer, one signed; all waiting to be taken into the register (登记网上来信). The reports
are written as the public page writes them (no event, the day only); the team's acts go through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from xuncha.accounts.models import User
from xuncha.core.anonymity import codes
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.planning.models import TeamMembership
from xuncha.reporting import services
from xuncha.reporting.models import Channel, PublicMessage, PublicReport
from xuncha.reporting.queue import work_changed

CONTACTS = {
    "jdz": ("0798-0000001（演示）", "景德镇市邮政信箱0001号（演示）", "景德镇市演示路1号（演示）"),
    "nmg": ("0471-0000001（演示）", "呼和浩特市邮政信箱0001号（演示）", "呼和浩特市演示大街1号（演示）"),
}

REPORTS = [
    ("某单位负责人在办公用房改造项目中指定施工单位（演示内容，纯属虚构）。", "某单位负责人（虚构）", "", ""),
    ("某科室在发放补贴时存在虚报人数的情况（演示内容，纯属虚构）。", "某科室（虚构）", "演示群众", "13800000000"),
    ("反映某干部经常在工作日中午饮酒（演示内容，纯属虚构）。", "某干部（虚构）", "", ""),
]


def _day(inspection: Inspection, offset: int) -> datetime.date:
    start = inspection.entered_on or timezone.localdate()
    end = min(d for d in (inspection.planned_end, timezone.localdate()) if d is not None)
    return max(start, min(end, start + datetime.timedelta(days=offset)))


def load_reporting() -> None:
    for code, (phone, mailbox, address) in CONTACTS.items():
        jurisdiction = Jurisdiction.objects.get(code=code)
        head = User.objects.get(username=f"{code}_office_head")
        services.office_contact_set(
            actor=head, jurisdiction=jurisdiction, phone=phone, mailbox=mailbox, address=address
        )
        entered = Inspection.objects.filter(jurisdiction=jurisdiction, entered_on__isnull=False).order_by("pk")
        on_site = entered.filter(status=Inspection.Status.ON_SITE)  # its page is open today (demo/now.py)
        for inspection in [*entered.exclude(pk__in=on_site)[:2], *on_site]:
            channel = Channel.objects.filter(inspection=inspection).first() or services.channel_ensure(
                actor=head, inspection=inspection
            )
            member = TeamMembership.objects.filter(team=inspection.team).order_by("pk").first()
            reports = []
            for n, (content, about, name, contact) in enumerate(REPORTS):
                reports.append(
                    PublicReport.objects.create(
                        channel=channel,
                        inspection=inspection,
                        receipt_hash=codes.receipt_hash(codes.new_receipt_code(), scope=channel.token),
                        submitted_on=_day(inspection, 2 + n),
                        content=content,
                        about=about,
                        name=name,
                        phone=contact,
                    )
                )
            if member is None:
                continue
            first = reports[0]
            services.public_question_ask(actor=member.user, report=first, body="请问该项目的名称和大致时间？（演示）")
            PublicMessage.objects.create(
                report=first,
                position=2,
                from_team=False,
                body="是去年下半年的办公楼改造工程。（演示）",
                on=first.submitted_on,
            )
    work_changed()  # the rows above were written directly: the work queue's cache must see them
