"""Writes on rectification. Each is one transaction with its event; refusals name the field, the rule and its article.

Who does what (JDZ-2017 第三十四条、第四十条、第四十一条; NMG-2016 第三十条、第三十四条):
- the inspected unit's contact: the plan (or, under NMG-2016, the items), item progress and evidence, the reports;
- the reviewer the rulebook names: the team's leader under JDZ-2017 (who forwards accepted reports to the office),
  the office under NMG-2016;
- supervision: the office, or the team's leader with it;
- poor rectification (JDZ-2017 only): the team's leader gives opinions; the office reports to the leading group and
  records the 通报 or 约谈.
"""

from __future__ import annotations

from .plan import (
    PlannedItem,
    rectification_evidence_open,
    rectification_evidence_upload,
    rectification_item_update,
    rectification_items_record,
    rectification_plan_submit,
)
from .reports import (
    rectification_report_review,
    rectification_reports_submit,
)
from .supervision import (
    poor_rectification_measure,
    poor_rectification_report,
    rectification_opinion_give,
    supervision_record,
)

__all__ = [
    "PlannedItem",
    "poor_rectification_measure",
    "poor_rectification_report",
    "rectification_evidence_open",
    "rectification_evidence_upload",
    "rectification_item_update",
    "rectification_items_record",
    "rectification_opinion_give",
    "rectification_plan_submit",
    "rectification_report_review",
    "rectification_reports_submit",
    "supervision_record",
]
