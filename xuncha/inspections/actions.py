"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define
from xuncha.jurisdictions.vocabulary import LIFECYCLE_ACTIONS as LIFECYCLE

INSPECTION_ENTERED = define("inspection.entered", LIFECYCLE["inspection.entered"], cites="procedure.entry_article")
INSPECTION_FIELDWORK_ENDED = define("inspection.fieldwork_ended", LIFECYCLE["inspection.fieldwork_ended"])
INSPECTION_CLOSED = define("inspection.closed", LIFECYCLE["inspection.closed"])
INSPECTION_PLANNED = define("inspection.planned", "安排对象")
INSPECTION_PREPARING = define("inspection.preparing", "开始准备（了解情况）")
INSPECTION_WITHDRAWN = define("inspection.withdrawn", "撤出（取消）")
TALK_RECORDED = define("talk.recorded", "记录个别谈话")
