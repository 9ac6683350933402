"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define

ORGANIZATION_CREATED = define("organization.created", "登记单位")
ORGANIZATION_REORGANIZED = define("organization.reorganized", "单位撤并调整")
CADRE_CREATED = define("cadre.created", "登记干部")
POST_RECORDED = define("post.recorded", "登记任职")
POST_ENDED = define("post.ended", "任职结束")
