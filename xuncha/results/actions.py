"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define
from xuncha.jurisdictions.vocabulary import LIFECYCLE_ACTIONS as LIFECYCLE

HEARING_HELD = define("hearing.held", LIFECYCLE["hearing.held"])
DECISION_MADE = define("decision.made", LIFECYCLE["decision.made"])
INSPECTION_RESULTS_DECIDED = define("inspection.results_decided", LIFECYCLE["inspection.results_decided"])
DECISION_FILED = define("decision.filed", LIFECYCLE["decision.filed"])
DECISION_REPORTED_UPWARD = define("decision.reported_upward", LIFECYCLE["decision.reported_upward"])
INSPECTION_HEARD = define("inspection.heard", "听取本次汇报")
RESULTS_HEARING_RECORDED = define("results.hearing_recorded", "登记听取汇报")
RESULTS_DECISION_RECORDED = define("results.decision_recorded", "登记成果运用决定")
RESULTS_CONSULTED = define("results.consulted", "组织部门征求意见（查阅）")
RESULTS_CONSULTATION_ANSWERED = define("results.consultation_answered", "答复征求意见")
