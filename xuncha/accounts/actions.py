"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define

USER_CREATED = define("user.created", "创建账号")
USER_ACTIVATED = define("user.activated", "启用账号")
USER_DEACTIVATED = define("user.deactivated", "停用账号")
USER_PASSWORD_RESET = define("user.password_reset", "重置密码")
MEMBERSHIP_GRANTED = define("membership.granted", "授予角色")
MEMBERSHIP_REVOKED = define("membership.revoked", "撤销角色")
