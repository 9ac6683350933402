"""The demo's democratic evaluation: in an on-site inspection, a closed 领导班子民主测评 with
two groups of fictional participants (7 and 6 ballots), answered with slip codes through the public service as
participants would, so that its results and the report's section can be seen."""

from __future__ import annotations

from django.core.cache import cache

from xuncha.evaluations import services
from xuncha.evaluations.models import Evaluation
from xuncha.inspections.models import Inspection
from xuncha.planning.models import TeamMembership

GROUPS = (
    ("领导班子成员", 7, ["good"] * 5 + ["fairly_good"] * 2),
    ("中层干部", 12, ["good", "fairly_good"] * 2 + ["average", "poor"]),
)


def load_evaluations(inspection: Inspection | None = None) -> list[Evaluation]:
    """Into `inspection` (on site: call it from the `during` step of the demo's fieldwork), or else into each
    jurisdiction's first inspection that is on site when this runs; none on site, none loaded."""
    if inspection is not None:
        return [load_evaluation(inspection)]
    done: list[Evaluation] = []
    seen: set[int] = set()
    for candidate in Inspection.objects.filter(status=Inspection.Status.ON_SITE).order_by("jurisdiction", "pk"):
        if candidate.jurisdiction_id not in seen:
            seen.add(candidate.jurisdiction_id)
            done.append(load_evaluation(candidate))
    return done


def load_evaluation(inspection: Inspection) -> Evaluation:
    cache.clear()  # the demo's submissions do not count against anyone's rate limit
    member = TeamMembership.objects.filter(team=inspection.team).order_by("pk").first()
    assert member is not None, f"{inspection}: the demo team has no member"
    actor = member.user
    e = services.evaluation_create(actor=actor, inspection=inspection, template="team_evaluation")
    for name, size, _ in GROUPS:
        services.group_add(actor=actor, evaluation=e, name=name, size=size)
    e = services.evaluation_open(actor=actor, evaluation=e)
    for name, _, options in GROUPS:
        codes = services.slips_issue(actor=actor, group=e.groups.get(name=name), count=len(options))
        for code, option in zip(codes, options, strict=True):
            answers = {"team": {i["code"]: option for i in e.items}}
            services.ballot_submit(evaluation=e, code=code, answers=answers, client="demo")
    cache.clear()
    return services.evaluation_close(actor=actor, evaluation=e)
