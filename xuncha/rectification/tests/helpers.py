"""Steps the rectification tests share."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.utils import timezone

from xuncha.conftest import put_in_rectification
from xuncha.feedback.models import FeedbackSession
from xuncha.findings.models import Finding
from xuncha.inspections.models import Inspection
from xuncha.rectification import services as svc
from xuncha.rectification.models import RectificationPlan, RectificationReport

D = datetime.date
SIGNED = D(2026, 5, 26)  # put_in_rectification's receipt (JDZ-2017 only)
FED_BACK = D(2026, 5, 25)  # and feedback
PLAN_ON, REPORTS_ON, TARGET = D(2026, 6, 5), D(2026, 7, 20), D(2026, 12, 31)

# What each rulebook cites for the plan, the reports, their review, supervision and poor rectification.
ARTICLES = {
    "jdz": {"plan": "第三十四条", "reports": "第三十四条", "review": "第三十四条", "supervision": "第四十条"},
    "nmg": {"plan": "第三十条", "reports": "第三十条", "review": "第三十四条", "supervision": "第三十四条"},
}


def fed_back(side: Any, *titles: str, inspection: Inspection | None = None) -> list[Finding]:
    """Leader-approved findings pointed out in the feedback of an inspection already in rectification.

    put_in_rectification moves the inspection through 报告 and the feedback in one call, and findings can only be
    drafted and approved on site or at 报告 (the findings app's services and tests cover that path); so the problems
    fed back are written here as the feedback services leave them: approved, and linked to the feedback sessions."""
    inspection = inspection or side.inspection
    start = Finding.objects.filter(inspection=inspection).count()
    sessions = list(FeedbackSession.objects.filter(inspection=inspection))
    assert sessions, "the inspection has not been fed back"
    out = []
    for k, title in enumerate(titles, start=start + 1):
        finding = Finding.objects.create(
            inspection=inspection,
            number=k,
            title=title,
            category="integrity_discipline",
            description=f"{title}：2025年以来的具体情况。",
            persons_concerned="某副局长（涉及人员）",
            status=Finding.Status.LEADER_APPROVED,
            created_by=side.member,
            created_at=timezone.now(),
        )
        for session in sessions:
            session.findings.add(finding)
        out.append(finding)
    return out


def in_rectification(side: Any, *titles: str) -> list[Finding]:
    put_in_rectification(side)
    return fed_back(side, *(titles or ("违规发放津贴补贴", "公务用车管理不严")))


def items_for(problems: list[Finding], *, target: datetime.date = TARGET) -> list[svc.PlannedItem]:
    return [svc.PlannedItem(p.pk, f"针对“{p.title}”：清退、建章立制。", "张副局长", target) for p in problems]


def submit_plan(
    side: Any,
    problems: list[Finding],
    on: datetime.date = PLAN_ON,
    *,
    items: list[svc.PlannedItem] | None = None,
) -> RectificationPlan:
    """The plan under JDZ-2017, the items under NMG-2016 (which sets no separate plan): one item per problem given,
    or the `items` given."""
    items = items if items is not None else items_for(problems)
    text = "成立整改工作领导小组，逐项整改。"
    if side.jurisdiction.rulebook_code == "JDZ-2017":
        return svc.rectification_plan_submit(
            actor=side.unit_contact, inspection=side.inspection, submitted_on=on, text=text, items=items
        )
    return svc.rectification_items_record(
        actor=side.unit_contact, inspection=side.inspection, recorded_on=on, text=text, items=items
    )


def submit_reports(side: Any, on: datetime.date = REPORTS_ON) -> RectificationReport:
    return svc.rectification_reports_submit(
        actor=side.unit_contact,
        inspection=side.inspection,
        submitted_on=on,
        situation_report="已完成整改事项两项。",
        principal_report="主要负责人亲自部署、督促落实。",
    )


def reviewer(side: Any) -> Any:
    """Who reviews the reports: the team's leader (JDZ-2017 第三十四条) or the office (NMG-2016)."""
    return side.leader if side.jurisdiction.rulebook.procedure.rectification_via_team else side.office_clerk


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
