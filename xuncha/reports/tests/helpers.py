"""Steps the reports tests share: an inspection at 报告 stage with two leader-approved findings."""

from __future__ import annotations

from typing import Any

from xuncha.findings import services as fsvc
from xuncha.findings.tests.helpers import D, draft, enter, meet
from xuncha.inspections import services as insp

# The article each rulebook gives for reports, and for 组长负责制 (the leader finalizes and returns).
ARTICLES = {"jdz": "第三十条", "nmg": "第二十六条"}
TEAM_ARTICLES = {"jdz": "第七条", "nmg": "第十条"}
TYPES = {
    "jdz": ["inspection_report", "thematic_report"],
    "nmg": ["inspection_report", "clue_report", "cadre_selection_report", "talk_summary", "thematic_report"],
}


def with_findings(side: Any) -> Any:
    """On site: two findings approved by the leader, one still a draft; then fieldwork ends (报告 stage)."""
    enter(side)
    approved = draft(side, title="违规发放津贴补贴")
    other = draft(
        side, title="超标准配备公务用车", category="mass_work_life_discipline", description="超标准配备公务用车两辆。"
    )
    draft(side, title="尚未审定的问题", description="草稿内容不应出现")
    meet(side, [approved, other])
    fsvc.finding_leader_approve(actor=side.leader, finding=approved, on=D(2026, 4, 11))
    fsvc.finding_leader_approve(actor=side.leader, finding=other, on=D(2026, 4, 11))
    insp.inspection_end_fieldwork(actor=side.leader, inspection=side.inspection, ended_on=D(2026, 5, 15))
    side.inspection.refresh_from_db()
    return side
