"""Writes on findings, team meetings and escalations. Each is one transaction with its event.

Who may act:
- drafting, editing, linking evidence, recording a 组务会 and a 请示报告: members of the inspection's team;
- approving a finding after the meeting, and returning it to draft (退回): the team's leader only (组长负责制);
- recording the answer to a 请示报告: the team or the office that relays it.
The articles come from the rulebook through `rules.py`.
"""

from __future__ import annotations

from .escalations import escalation_create, escalation_respond
from .findings import (
    evidence_link,
    evidence_unlink,
    finding_create,
    finding_leader_approve,
    finding_return,
    finding_update,
)
from .guards import WORKING_STAGES, is_team_leader
from .meetings import team_meeting_hold

__all__ = [
    "WORKING_STAGES",
    "escalation_create",
    "escalation_respond",
    "evidence_link",
    "evidence_unlink",
    "finding_create",
    "finding_leader_approve",
    "finding_return",
    "finding_update",
    "is_team_leader",
    "team_meeting_hold",
]
