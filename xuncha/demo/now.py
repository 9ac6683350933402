"""The demo's inspection on site today: JDZ round 2 of 2026 sends team 2's leader and member (their round-1
inspection is in rectification) to 中共乐平市委, the target withdrawn from round 1 "另行安排". It entered on
2026-11-23 and stays until 2027-01-15, so its public reporting page is open (the entry announcement is published
the same day) and its democratic evaluation runs on today's dates. People invented; dates are the demo's."""

from __future__ import annotations

from xuncha.accounts.models import User
from xuncha.demo.data import D
from xuncha.demo.evaluations import load_evaluation
from xuncha.demo.steps import DemoSteps
from xuncha.inspections import services as insp
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.people.models import Inspector
from xuncha.people.services.assignments import assignment_create
from xuncha.planning.services import round_create, team_create
from xuncha.registry.models import Organization


def load_on_site_now() -> None:
    j = Jurisdiction.objects.get(code="jdz")
    office = User.objects.get(username="jdz_office_head")
    leader = User.objects.get(username="jdz_leader2")
    member = User.objects.get(username="jdz_member2")
    rnd = round_create(actor=office, jurisdiction=j, year=2026, number=2, starts_on=D(2026, 11, 16))
    team = team_create(actor=office, round=rnd, number=1)
    for user, role in ((leader, "leader"), (member, "member")):
        assignment_create(
            actor=office, team=team, inspector=Inspector.objects.get(user=user), role=role, on=rnd.starts_on
        )
    target = Organization.objects.get(jurisdiction=j, name="中共乐平市委")
    inspection = insp.inspection_create(actor=office, round=rnd, team=team, target=target)
    DemoSteps()._enter(
        leader,
        inspection,
        entered=D(2026, 11, 23),
        planned_end=D(2027, 1, 15),
        phone="0798-8200003",
        mailbox="景德镇市第0103号邮政信箱",
    )
    load_evaluation(inspection)
