"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define

INSPECTOR_CREATED = define("inspector.created", "登记工作人员")
INSPECTOR_USER_LINKED = define("inspector.user_linked", "工作人员关联账号")
INSPECTOR_USER_UNLINKED = define("inspector.user_unlinked", "工作人员解除关联账号")
DECLARATION_RECORDED = define("declaration.recorded", "登记回避申报")
DECLARATION_WITHDRAWN = define("declaration.withdrawn", "撤回回避申报")
ATTESTATION_RECORDED = define("attestation.recorded", "确认任职条件")
SECONDMENT_CREATED = define("secondment.created", "登记抽调")
SECONDMENT_APPRAISED = define("secondment.appraised", "抽调人员鉴定")
TRAINING_POSTING_CREATED = define("training_posting.created", "登记跟班学习")
ROTATION_RECORDED = define("rotation.recorded", "登记轮岗交流")
LEADER_AUTHORIZED = define("leader.authorized", "组长授权")
ASSIGNMENT_CREATED = define("assignment.created", "分配任务")
RECUSAL_WAIVED = define("recusal.waived", "回避豁免")
ELIGIBILITY_EXCEPTION_RECORDED = define("eligibility.exception_recorded", "登记任职条件例外决定")
