"""Refusal cases of the evaluations services (test_service_authority.py). Authority is checked before the stage, so
the evaluation is made directly on the world's inspection, whatever its stage."""

from __future__ import annotations

from typing import Any

from .authority_support import DEFAULT_DENIED, Case, W

DENIED = (*DEFAULT_DENIED, "other_member", "unit_contact", "office_head")


def _evaluation(w: W) -> Any:
    if "evaluation" not in w.objs:
        from django.utils import timezone

        from xuncha.evaluations.models import Evaluation

        w.objs["evaluation"] = Evaluation.objects.create(
            inspection=w.jdz.inspection,
            template="team_evaluation",
            kind="evaluation",
            subject_kind="team",
            title="测评",
            article="第十九条",
            items=[{"code": "overall", "text": "总体评价"}],
            options=[{"code": "good", "label": "好", "positive": True}, {"code": "poor", "label": "差"}],
            subjects=[{"code": "team", "name": "领导班子", "post": ""}],
            token="authority-case-token",
            min_group=5,
            created_on=timezone.localdate(),
            status="open",
        )
    return w.objs["evaluation"]


def _group(w: W) -> Any:
    if "evaluation_group" not in w.objs:
        from xuncha.evaluations.models import ParticipantGroup

        w.objs["evaluation_group"] = ParticipantGroup.objects.create(evaluation=_evaluation(w), name="中层干部", size=9)
    return w.objs["evaluation_group"]


def _e(w: W) -> dict[str, Any]:
    return {"evaluation": _evaluation(w)}


CASES_EVALUATIONS: list[Case] = [
    Case(
        "evaluations.services.evaluation_create",
        lambda w: {"inspection": w.jdz.inspection, "template": "team_evaluation"},
        DENIED,
    ),
    Case("evaluations.services.evaluation_subjects_set", lambda w: _e(w) | {"persons": [("某", "局长")]}, DENIED),
    Case("evaluations.services.group_add", lambda w: _e(w) | {"name": "一般干部", "size": 9}, DENIED),
    Case("evaluations.services.group_remove", lambda w: {"group": _group(w)}, DENIED),
    Case("evaluations.services.evaluation_open", _e, DENIED),
    Case("evaluations.services.slips_issue", lambda w: {"group": _group(w), "count": 1}, DENIED),
    Case("evaluations.services.slips_void", lambda w: {"group": _group(w)}, DENIED),
    Case(
        "evaluations.services.paper_ballot_enter",
        lambda w: _e(w) | {"code": "1234567812345678", "answers": {"team": {"overall": "good"}}},
        DENIED,
    ),
    Case("evaluations.services.evaluation_close", _e, DENIED),
]
