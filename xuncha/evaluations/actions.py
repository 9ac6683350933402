"""The event actions of evaluations. None of them holds an answer; a ballot submitted online records no event at all
(an event carries a precise time: docs/evaluations.md)."""

from __future__ import annotations

from xuncha.audit.actions import define

EVALUATION_CREATED = define("evaluation.created", "创建民主测评或问卷调查")
EVALUATION_GROUP_ADDED = define("evaluation.group_added", "添加参评人员类别")
EVALUATION_GROUP_REMOVED = define("evaluation.group_removed", "删除参评人员类别")
EVALUATION_SUBJECTS_SET = define("evaluation.subjects_set", "确定测评对象")
EVALUATION_OPENED = define("evaluation.opened", "开始民主测评或问卷调查")
EVALUATION_SLIPS_ISSUED = define("evaluation.slips_issued", "印制测评码")
EVALUATION_SLIPS_VOIDED = define("evaluation.slips_voided", "作废未使用的测评码")
EVALUATION_PAPER_ENTERED = define("evaluation.paper_entered", "录入纸质测评表")
EVALUATION_CLOSED = define("evaluation.closed", "结束民主测评或问卷调查")
