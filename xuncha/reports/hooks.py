"""What higher apps contribute to the reports (`core.hooks.Hook`): reports sits below clues, so the lines of the
领导干部问题线索情况报告 (NMG-2016 第二十六条; the report types that `draws_on: clues`) drawn from the clue register
are theirs to give.

- `CLUE_REPORT_LINES` (clues): called with the inspection; returns the register's lines for the report (number,
  person concerned and post, problem category, status — never content or informants), or an empty list when the
  inspection has registered no clue (the report is then drawn from the findings and petitions as before).
- `EVALUATION_REPORT_LINES` (evaluations): called with the inspection; returns the lines of the section
  民主测评和问卷调查情况 of the reports drawn from the findings: closed evaluations only, unsuppressed figures only
  (no answer, no group below the office's minimum size); an empty list when there is none."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xuncha.core.hooks import Hook

CLUE_REPORT_LINES: Hook[Callable[[Any], list[str]]] = Hook(
    "clue_report_lines", "领导干部问题线索情况报告中来自问题线索登记的内容，由 clues 提供"
)


def clue_register_lines(inspection: Any) -> list[str]:
    return [line for contribute in CLUE_REPORT_LINES for line in contribute(inspection)]


EVALUATION_REPORT_LINES: Hook[Callable[[Any], list[str]]] = Hook(
    "evaluation_report_lines",
    "报告中“民主测评和问卷调查情况”一节（已结束的测评，只含不需隐去的统计数），由 evaluations 提供",
)


def evaluation_lines(inspection: Any) -> list[str]:
    return [line for contribute in EVALUATION_REPORT_LINES for line in contribute(inspection)]
