"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define
from xuncha.jurisdictions.vocabulary import LIFECYCLE_ACTIONS as LIFECYCLE

INFO_REQUEST_SENT = define("info_request.sent", LIFECYCLE["info_request.sent"])
INFO_REQUEST_ANSWERED = define("info_request.answered", LIFECYCLE["info_request.answered"])
INFO_REQUEST_DRAFTED = define("info_request.drafted", "起草情况了解公函")
PERSONAL_MATTERS_CHECKED = define("personal_matters.checked", "查核个人有关事项")
BRIEFING_RECORDED = define("briefing.recorded", "登记听取情况介绍")
