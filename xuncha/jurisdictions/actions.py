"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define

JURISDICTION_CREATED = define("jurisdiction.created", "创建党委")
JURISDICTION_UPDATED = define("jurisdiction.updated", "修改党委信息")
