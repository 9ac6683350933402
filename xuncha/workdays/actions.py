"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define

CALENDAR_YEAR_SAVED = define("calendar.year_saved", "录入节假日安排")
OBLIGATION_DUE_COMPUTED = define("obligation.due_computed", "计算截止日")
OBLIGATION_DUE_MOVED = define("obligation.due_moved", "截止日随节假日调整")
