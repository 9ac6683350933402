"""The event actions of problem clues (问题线索): one constant each, so a misspelt action fails at import.

The three lifecycle actions a rulebook deadline names (`clue.fast_tracked`, `clue.transferred`,
`clue.handling_reported`) take their Chinese names from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`; `cites` names the
rulebook item of the article each step follows."""

from __future__ import annotations

from xuncha.audit.actions import define
from xuncha.jurisdictions.vocabulary import LIFECYCLE_ACTIONS as LIFECYCLE

CLUE_REGISTERED = define("clue.registered", "登记问题线索")
CLUE_UPDATED = define("clue.updated", "修改问题线索")
CLUE_SOURCE_ADDED = define("clue.source_added", "问题线索增加来源")
CLUE_SUBJECT_ADDED = define("clue.subject_added", "问题线索增加反映对象")
CLUE_SUBJECT_REMOVED = define("clue.subject_removed", "问题线索删除反映对象")
CLUE_MERGED = define("clue.merged", "合并重复反映的问题线索")
CLUE_FAST_TRACK_PROPOSED = define(
    "clue.fast_track_proposed", "提出期间移交问题线索", cites="clues.during_inspection_article"
)
CLUE_FAST_TRACK_DECIDED = define(
    "clue.fast_track_decided", "审批期间移交问题线索", cites="clues.during_inspection_approval_article"
)
CLUE_FAST_TRACKED = define(
    "clue.fast_tracked", LIFECYCLE["clue.fast_tracked"], cites="clues.during_inspection_approval_article"
)
CLUE_DISPOSED = define("clue.disposed", "作出问题线索分类处置决定", cites="clues.disposal_article")
CLUE_TRANSFER_DRAFTED = define("clue.transfer_drafted", "拟制移交材料交接单")
CLUE_TRANSFER_APPROVED = define("clue.transfer_approved", "审批移交材料交接单", cites="clues.disposal_article")
CLUE_TRANSFER_SIGNED = define("clue.transfer_signed", "在移交材料交接单上签字", cites="clues.disposal_article")
CLUE_TRANSFER_CANCELLED = define("clue.transfer_cancelled", "撤回未完成的移交")
CLUE_TRANSFERRED = define("clue.transferred", LIFECYCLE["clue.transferred"], cites="clues.handling_article")
CLUE_REVIEW_MEETING = define("clue.review_meeting", "召开问题线索专题排查会", cites="clues.priority_article")
CLUE_HANDLING_UPDATED = define("clue.handling_updated", "报告线索办理进展", cites="clues.handling_article")
CLUE_HANDLING_REPORTED = define(
    "clue.handling_reported", LIFECYCLE["clue.handling_reported"], cites="clues.handling_article"
)
INFORMANT_RELEASED = define("informant.released", "向接收单位提供反映人身份", cites="clues.informant_article")
SUGGESTION_ISSUED = define("suggestion.issued", "向被{word}党组织提出处理建议", cites="clues.suggestion_article")
SUGGESTION_ANSWERED = define("suggestion.answered", "答复处理建议")
