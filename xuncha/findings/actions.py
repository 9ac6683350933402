"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define

FINDING_DRAFTED = define("finding.drafted", "起草问题")
FINDING_EDITED = define("finding.edited", "修改问题")
FINDING_EVIDENCE_LINKED = define("finding.evidence_linked", "关联证据")
FINDING_EVIDENCE_UNLINKED = define("finding.evidence_unlinked", "解除证据关联")
FINDING_TEAM_APPROVED = define("finding.team_approved", "组务会通过问题")
FINDING_LEADER_APPROVED = define("finding.leader_approved", "组长审定问题")
FINDING_RETURNED = define("finding.returned", "退回问题")
TEAM_MEETING_HELD = define("team_meeting.held", "召开组务会")
ESCALATION_REPORTED = define("escalation.reported", "请示报告")
ESCALATION_RESPONDED = define("escalation.responded", "答复请示")
