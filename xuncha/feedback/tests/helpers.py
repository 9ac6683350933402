"""Steps the feedback tests share."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client

from xuncha.feedback import services as svc
from xuncha.feedback.models import FeedbackSession
from xuncha.findings import services as fd
from xuncha.findings.models import Finding
from xuncha.inspections.models import Inspection
from xuncha.planning.models import TeamMembership

D = datetime.date
DECIDED = D(2026, 5, 20)  # put_decided's default
CONSENTED = D(2026, 5, 22)
GIVEN = D(2026, 5, 25)
APPROVED = D(2026, 5, 21)

# What each rulebook cites: the feedback (and 通报) article, the decision article, the receipt's article.
ARTICLES: dict[str, dict[str, str]] = {
    "jdz": {"feedback": "第三十三条", "decision": "第三十二条", "receipt": "第三十四条"},
    "nmg": {"feedback": "第二十九条", "decision": "第二十八条", "receipt": ""},  # no receipt form,
}


def consent(side: Any, on: datetime.date = CONSENTED) -> None:
    """Under NMG-2016 the party committee's consent, recorded by the office head; nothing under JDZ-2017."""
    if side.jurisdiction.rulebook.procedure.feedback_approval_by:
        svc.feedback_consent_record(
            actor=side.office_head, inspection=side.inspection, consented_on=on, document="内党办批〔2026〕12号"
        )


def hold(side: Any, audience: str, on: datetime.date, *, actor: Any = None, **kw: Any) -> FeedbackSession:
    fields: dict[str, Any] = {
        "given_by": side.leader,
        "attendees": "领导班子全体成员",
        "opinions": "一、严格落实中央八项规定精神；二、规范津贴补贴发放。",
    } | kw
    return svc.feedback_session_hold(
        actor=actor or side.leader, inspection=side.inspection, audience=audience, held_on=on, **fields
    )


def give(side: Any, on: datetime.date = GIVEN) -> None:
    """Consent (NMG) and both sessions on `on`."""
    consent(side, min(on, CONSENTED))
    hold(side, "leadership", on)
    hold(side, "principal", on)
    side.inspection.refresh_from_db()


def approved_finding(
    side: Any, title: str, on: datetime.date = APPROVED, inspection: Inspection | None = None
) -> Finding:
    """A finding drafted by a member, passed by a 组务会 and approved by the leader (the inspection at 报告 stage)."""
    inspection = inspection or side.inspection
    team = {m.role: m.user for m in TeamMembership.objects.filter(team_id=inspection.team_id).select_related("user")}
    finding = fd.finding_create(
        actor=team["member"],
        inspection=inspection,
        title=title,
        category="integrity_discipline",
        description=f"{title}的具体情况。",
        drafted_on=on,
        persons_concerned="某副局长",
    )
    fd.team_meeting_hold(
        actor=team["member"],
        inspection=inspection,
        held_on=on,
        attendees=[team["leader"], team["member"]],
        agenda="研究问题底稿",
        minutes="逐条讨论，一致同意提交组长审定。",
        findings=[finding],
    )
    return fd.finding_leader_approve(actor=team["leader"], finding=finding, on=on)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
