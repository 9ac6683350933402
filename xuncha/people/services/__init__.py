"""Writes on inspectors: the talent pool, declarations, attestations, secondments, postings, rotations, leader
authorizations, team assignments with their recusal check, and recusal waivers.

Every function is keyword-only, runs in one transaction, checks who may act, calls `full_clean_or_raise` and
records its event with the article it rests on. The articles and periods come from the jurisdiction's rulebook
(`staffing:`, `recusal:`, `eligibility_conditions:`, `expertise_areas:`), never from this file.
"""

from __future__ import annotations

from ._common import (
    OFFICE,
    OFFICE_HEAD,
    TEAM_ROLE,
    _locked_inspector,
    _require,
    _require_self_or_office,
    _same_jurisdiction,
)
from .assignments import (
    AssignmentPreview,
    _assess,
    _eligibility_articles,
    _eligibility_refusal,
    _recusal_refusal,
    assignment_create,
    assignment_preview,
    eligibility_exception_record,
    eligibility_refusal,
    new_team_refusal,
    recusal_waiver_record,
    unattested_conditions,
)
from .declarations import declaration_create, declaration_withdraw
from .inspectors import (
    _check_leader_pool,
    check_expertise,
    inspector_create,
    inspector_link_user,
    inspector_unlink_user,
    kind_article,
    leader_pool_refusal,
)
from .staffing import (
    _led_team_of,
    _staffing_article,
    attestation_record,
    leader_authorize,
    rotation_record,
    secondment_appraise,
    secondment_create,
    training_posting_create,
)

__all__ = [
    "OFFICE",
    "OFFICE_HEAD",
    "TEAM_ROLE",
    "AssignmentPreview",
    "_assess",
    "_check_leader_pool",
    "_eligibility_articles",
    "_eligibility_refusal",
    "_led_team_of",
    "_locked_inspector",
    "_recusal_refusal",
    "_require",
    "_require_self_or_office",
    "_same_jurisdiction",
    "_staffing_article",
    "assignment_create",
    "assignment_preview",
    "attestation_record",
    "check_expertise",
    "declaration_create",
    "declaration_withdraw",
    "eligibility_exception_record",
    "eligibility_refusal",
    "inspector_create",
    "inspector_link_user",
    "inspector_unlink_user",
    "kind_article",
    "leader_authorize",
    "leader_pool_refusal",
    "new_team_refusal",
    "recusal_waiver_record",
    "rotation_record",
    "secondment_appraise",
    "secondment_create",
    "training_posting_create",
    "unattested_conditions",
]
