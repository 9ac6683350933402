"""Steps the rectification tests share."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.utils import timezone

from xuncha.conftest import put_in_rectification, put_on_site
from xuncha.feedback.models import FeedbackSession
from xuncha.findings import services as fd
from xuncha.findings.models import Finding
from xuncha.inspections.models import Inspection
from xuncha.rectification import services as svc
from xuncha.rectification.models import RectificationPlan, RectificationReport

D = datetime.date
SIGNED = D(2026, 5, 26)  # put_in_rectification's receipt (JDZ-2017 only)
FED_BACK = D(2026, 5, 25)  # and feedback
FOUND = D(2026, 4, 10)  # the 组务会 and the leader's approval, on site
PLAN_ON, REPORTS_ON, TARGET = D(2026, 6, 5), D(2026, 7, 20), D(2026, 12, 31)

# What each rulebook cites for the plan, the reports, their review, supervision and poor rectification.
ARTICLES = {
    "jdz": {"plan": "第三十四条", "reports": "第三十四条", "review": "第三十四条", "supervision": "第四十条"},
    "nmg": {"plan": "第三十条", "reports": "第三十条", "review": "第三十四条", "supervision": "第三十四条"},
}


def fed_back(side: Any, *titles: str, inspection: Inspection | None = None) -> list[Finding]:
    """More problems added to an inspection already fed back, written straight to the tables as the feedback services
    leave them (approved, linked to the sessions): only for scaling data in the fixed-query-count test. Every other
    test gets its problems through `in_rectification`, which uses the findings and feedback services."""
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
    """The problems found on site through the findings services (drafted by a member, passed by a 组务会, approved by
    the leader), then the inspection carried to rectification: the feedback sessions point them out."""
    put_on_site(side)
    problems = [
        fd.finding_create(
            actor=side.member,
            inspection=side.inspection,
            title=title,
            category="integrity_discipline",
            description=f"{title}：2025年以来的具体情况。",
            drafted_on=FOUND,
            persons_concerned="某副局长（涉及人员）",
        )
        for title in titles or ("违规发放津贴补贴", "公务用车管理不严")
    ]
    fd.team_meeting_hold(
        actor=side.member,
        inspection=side.inspection,
        attendees=[side.leader, side.member],
        findings=problems,
        held_on=FOUND,
        agenda="研究问题底稿",
        minutes="逐条讨论，同意提交组长审定。",
        decisions="通过",
    )
    for problem in problems:
        fd.finding_leader_approve(actor=side.leader, finding=problem, on=FOUND)
    put_in_rectification(side)
    fed = set(FeedbackSession.objects.filter(inspection=side.inspection).values_list("findings", flat=True))
    assert fed == {p.pk for p in problems}, "the feedback sessions should point out exactly these problems"
    return [Finding.objects.get(pk=p.pk) for p in problems]


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
