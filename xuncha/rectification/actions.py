"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define
from xuncha.jurisdictions.vocabulary import LIFECYCLE_ACTIONS as LIFECYCLE

RECTIFICATION_REVIEWED = define("rectification.reviewed", LIFECYCLE["rectification.reviewed"])
RECTIFICATION_PLAN_SUBMITTED = define("rectification.plan_submitted", LIFECYCLE["rectification.plan_submitted"])
RECTIFICATION_REPORTS_SUBMITTED = define(
    "rectification.reports_submitted", LIFECYCLE["rectification.reports_submitted"]
)
RECTIFICATION_ITEMS_RECORDED = define(
    "rectification.items_recorded", "登记整改事项", cites="procedure.rectification_article"
)
RECTIFICATION_ITEM_UPDATED = define(
    "rectification.item_updated", "更新整改事项", cites="procedure.rectification_article"
)
RECTIFICATION_EVIDENCE_UPLOADED = define(
    "rectification.evidence_uploaded", "上传整改佐证", cites="procedure.rectification_article"
)
RECTIFICATION_REPORTS_RESUBMITTED = define("rectification.reports_resubmitted", "重新报送整改情况报告")
RECTIFICATION_RETURNED = define("rectification.returned", "退回整改情况报告")
RECTIFICATION_SUPERVISED = define("rectification.supervised", "登记整改督查", cites="procedure.supervision_article")
RECTIFICATION_OPINION_GIVEN = define(
    "rectification.opinion_given", "提出整改意见", cites="procedure.poor_rectification_article"
)
RECTIFICATION_REPORTED_TO_LEADING_GROUP = define(
    "rectification.reported_to_leading_group", "整改不力上报领导小组", cites="procedure.poor_rectification_article"
)
RECTIFICATION_NOTICE_CIRCULATED = define(
    "rectification.notice_circulated", "整改不力通报", cites="procedure.poor_rectification_article"
)
RECTIFICATION_TALK_HELD = define(
    "rectification.talk_held", "整改不力约谈", cites="procedure.poor_rectification_article"
)
