"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define

DISCLOSURE_DRAFTED = define("disclosure.drafted", "起草公开内容")
DISCLOSURE_UPDATED = define("disclosure.updated", "修改公开内容")
DISCLOSURE_APPROVED = define("disclosure.approved", "批准公开")
DISCLOSURE_RETURNED = define("disclosure.returned", "退回公开内容")
DISCLOSURE_PUBLISHED = define("disclosure.published", "公开发布")
DISCLOSURE_CORRECTED = define("disclosure.corrected", "更正公开内容")
