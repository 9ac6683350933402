"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define
from xuncha.jurisdictions.vocabulary import LIFECYCLE_ACTIONS as LIFECYCLE

TERM_STARTED = define("term.started", LIFECYCLE["term.started"], cites="coverage.article")
ROUND_STARTED = define("round.started", LIFECYCLE["round.started"])
ROUND_ENDED = define("round.ended", LIFECYCLE["round.ended"])
TEAM_DISCIPLINE_LIAISON_SET = define("team.discipline_liaison_set", "登记纪检监察室派员")
ANNUAL_PLAN_SAVED = define("annual_plan.saved", "保存年度计划")
ROUND_SCHEDULE_SAVED = define("round.schedule_saved", "保存本轮阶段任务安排")
TEAM_FORMED = define("team.formed", "组建工作组")
TEAM_MEMBERSHIP_ENDED = define("team_membership.ended", "组员离组")
