"""Building evaluations for tests (not a test module)."""

from __future__ import annotations

from typing import Any

from xuncha.conftest import Side, put_on_site
from xuncha.evaluations import services
from xuncha.evaluations.models import Evaluation

CLIENT = "test-client"


def opened(
    side: Side, *, template: str = "team_evaluation", groups: tuple[tuple[str, int], ...] = (("中层干部", 40),)
) -> Evaluation:
    put_on_site(side)
    e = services.evaluation_create(actor=side.member, inspection=side.inspection, template=template)
    if e.subject_kind == "persons":
        e = services.evaluation_subjects_set(
            actor=side.member, evaluation=e, persons=[("张某", "局长"), ("李某", "副局长")]
        )
    for name, size in groups:
        services.group_add(actor=side.member, evaluation=e, name=name, size=size)
    return services.evaluation_open(actor=side.member, evaluation=e)


def group(e: Evaluation, name: str) -> Any:
    return e.groups.get(name=name)


def answers(e: Evaluation, option: str, item: str | None = None) -> dict[str, dict[str, str]]:
    """Every subject × item answered `option` (or only `item`)."""
    return {s["code"]: {i["code"]: option for i in e.items if item in (None, i["code"])} for s in e.subjects}


def submit(e: Evaluation, code: str, option: str = "good", client: str = CLIENT) -> None:
    services.ballot_submit(evaluation=e, code=code, answers=answers(e, option), client=client)
