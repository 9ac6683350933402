"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define
from xuncha.jurisdictions.vocabulary import LIFECYCLE_ACTIONS as LIFECYCLE

HEARING_HELD = define("hearing.held", LIFECYCLE["hearing.held"], cites="procedure.hearing_article")
DECISION_MADE = define("decision.made", LIFECYCLE["decision.made"], cites="procedure.decision_article")
INSPECTION_RESULTS_DECIDED = define(
    "inspection.results_decided", LIFECYCLE["inspection.results_decided"], cites="procedure.decision_article"
)
DECISION_FILED = define("decision.filed", LIFECYCLE["decision.filed"], cites="procedure.filing_article")
DECISION_REPORTED_UPWARD = define(
    "decision.reported_upward", LIFECYCLE["decision.reported_upward"], cites="procedure.filing_article"
)
INSPECTION_HEARD = define("inspection.heard", "听取本次汇报", cites="procedure.hearing_article")
RESULTS_HEARING_RECORDED = define("results.hearing_recorded", "登记听取汇报", cites="procedure.hearing_article")
RESULTS_DECISION_RECORDED = define("results.decision_recorded", "登记成果运用决定", cites="procedure.decision_article")
RESULTS_CONSULTED = define("results.consulted", "组织部门征求意见（查阅）", cites="procedure.results_use_article")
RESULTS_CONSULTATION_ANSWERED = define(
    "results.consultation_answered", "答复征求意见", cites="procedure.results_use_article"
)
