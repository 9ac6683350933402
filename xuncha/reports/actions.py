"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define
from xuncha.jurisdictions.vocabulary import LIFECYCLE_ACTIONS as LIFECYCLE

REPORT_SUBMITTED = define("report.submitted", LIFECYCLE["report.submitted"])
REPORT_DRAFTED = define("report.drafted", "起草报告")
REPORT_EDITED = define("report.edited", "修改报告")
REPORT_FINALIZED = define("report.finalized", "报告定稿")
REPORT_RETURNED = define("report.returned", "退回报告")
REPORT_CORRECTED = define("report.corrected", "更正报告")
