"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define

INSPECTOR_CREATED = define("inspector.created", "登记工作人员")
INSPECTOR_USER_LINKED = define("inspector.user_linked", "工作人员关联账号")
INSPECTOR_USER_UNLINKED = define("inspector.user_unlinked", "工作人员解除关联账号")
DECLARATION_RECORDED = define("declaration.recorded", "登记回避申报", cites="recusal.article")
DECLARATION_WITHDRAWN = define("declaration.withdrawn", "撤回回避申报", cites="recusal.article")
ATTESTATION_RECORDED = define("attestation.recorded", "确认任职条件")
SECONDMENT_CREATED = define("secondment.created", "登记抽调", cites="staffing.secondment_article")
SECONDMENT_APPRAISED = define("secondment.appraised", "抽调人员鉴定", cites="staffing.secondment_article")
TRAINING_POSTING_CREATED = define("training_posting.created", "登记跟班学习", cites="staffing.training_posting_article")
ROTATION_RECORDED = define("rotation.recorded", "登记轮岗交流", cites="staffing.rotation_article")
LEADER_AUTHORIZED = define("leader.authorized", "组长授权", cites="staffing.leader_selection_article")
ASSIGNMENT_CREATED = define("assignment.created", "分配任务")
RECUSAL_WAIVED = define("recusal.waived", "回避豁免")
ELIGIBILITY_EXCEPTION_RECORDED = define("eligibility.exception_recorded", "登记任职条件例外决定")
