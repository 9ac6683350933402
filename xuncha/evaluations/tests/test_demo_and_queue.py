from __future__ import annotations

import datetime

from xuncha.conftest import Side, put_on_site
from xuncha.core.visibility import viewer_for
from xuncha.demo.evaluations import load_evaluations
from xuncha.evaluations import selectors, services
from xuncha.obligations.queue import QUEUE_PROVIDERS

from .helpers import group, opened, submit


def test_demo_loads_a_closed_evaluation_with_results(jdz: Side) -> None:
    put_on_site(jdz)
    (e,) = load_evaluations()
    res = selectors.tally(e)
    assert e.status == "closed" and res.total == 13 and all(g.shown and g.ballots >= 5 for g in res.groups)


def _items(user) -> list:
    provider = QUEUE_PROVIDERS.get("xuncha.evaluations.queue.evaluations_to_close")
    return list(provider(viewer_for(user), datetime.date(2026, 3, 20)))


def test_queue_asks_the_team_to_close_once_every_slip_is_spent(jdz: Side) -> None:
    e = opened(jdz)
    codes = services.slips_issue(actor=jdz.member, group=group(e, "中层干部"), count=2)
    submit(e, codes[0])
    assert _items(jdz.member) == []
    submit(e, codes[1])
    (item,) = _items(jdz.member)
    assert item.title == "结束测评" and item.url == f"/evaluations/{e.pk}/"
    assert _items(jdz.other_member) == [] and _items(jdz.unit_contact) == []
