"""Writes: the leading group's hearing, the five-member group's decision, the filing upward, and consultations on
cadres. Each is one transaction with its events; the obligation engine reads the rulebook's deadlines from them:

- `round.ended` (planning) opens “听取汇报” on the round; `hearing.held` (here, when every inspection of the round has
  been heard) fulfils it and opens “研究决定”;
- `inspection.results_decided` (here, per inspection) opens that inspection's feedback; `decision.made` (when every
  inspection of the round is decided) fulfils “研究决定” and opens the filing;
- the rulebook's `filing_action` (`decision.filed` / `decision.reported_upward`) fulfils the filing.

Who may act:
- the meetings and the filing are recorded by the office (巡察办 / 巡视办), which serves the leading group and, under
  JDZ-2017 第三十二条, files the decision; the members of the bodies attend by name;
- a consultation is asked by a contact of a registry organization of kind 组织部门 (the article names the
  organization department), and answered by the office or the leader of a team that inspected a unit where the
  cadre holds or held a post.
"""

from __future__ import annotations

from xuncha.results.selectors import ENTERED_STAGES, RESULTS_STAGE, cadre_inspections

from .common import is_office
from .consultations import (
    consultation_answer,
    consultation_read,
    consultation_request,
    department_of,
    departments_of,
    eligible_cadres,
    may_answer,
    may_read_material,
)
from .filing import decision_file
from .meetings import Decision, decision_make, hearing_hold, round_decided_on

__all__ = [
    "ENTERED_STAGES",
    "RESULTS_STAGE",
    "Decision",
    "cadre_inspections",
    "consultation_answer",
    "consultation_read",
    "consultation_request",
    "decision_file",
    "decision_make",
    "department_of",
    "departments_of",
    "eligible_cadres",
    "hearing_hold",
    "is_office",
    "may_answer",
    "may_read_material",
    "round_decided_on",
]
