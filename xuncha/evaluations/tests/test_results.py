from __future__ import annotations

import pytest
from django.core.cache import cache

from xuncha.conftest import Side, put_reporting
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.evaluations import selectors, services
from xuncha.evaluations.models import Evaluation
from xuncha.reports import services as reports

from .helpers import group, opened, submit


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


def _ballots(jdz: Side, e: Evaluation, name: str, options: list[str]) -> None:
    codes = services.slips_issue(actor=jdz.member, group=group(e, name), count=len(options))
    for code, option in zip(codes, options, strict=True):
        submit(e, code, option)


def _three_groups(jdz: Side, small: int) -> Evaluation:
    e = opened(jdz, groups=(("领导班子成员", 8), ("中层干部", 20), ("一般干部", 30)))
    _ballots(jdz, e, "领导班子成员", ["poor"] * small)
    _ballots(jdz, e, "中层干部", ["good"] * 6 + ["average"] * 1)
    _ballots(jdz, e, "一般干部", ["fairly_good"] * 9)
    return e


def test_nothing_while_open_and_refused_to_units(jdz: Side) -> None:
    e = _three_groups(jdz, 5)
    with pytest.raises(ServiceError, match="测评结束后才显示结果"):
        selectors.results(jdz.leader, e)
    e = services.evaluation_close(actor=jdz.member, evaluation=e)
    for outsider in (jdz.unit_contact, jdz.other_member, jdz.receiver):
        with pytest.raises(PermissionDeniedError):
            selectors.results(outsider, e)
    res = selectors.results(jdz.auditor, e)  # an oversight role reads
    assert res.total == 21 and all(g.shown for g in res.groups)
    overall = res.subjects[0].rows[-1]
    assert overall.counts == [6, 9, 1, 5] and overall.rate == round(100 * 15 / 21, 1)
    assert overall.groups[0] == [0, 0, 0, 5]


def test_a_small_group_and_its_complement_are_withheld(jdz: Side) -> None:
    e = _three_groups(jdz, 3)
    e = services.evaluation_close(actor=jdz.member, evaluation=e)
    res = selectors.results(jdz.leader, e)
    shown = {g.name: g.shown for g in res.groups}
    # 领导班子成员 (3) is below 5; the smallest other group (中层干部, 7) goes with it, or 3 = total − 7 − 9.
    assert shown == {"领导班子成员": False, "中层干部": False, "一般干部": True}
    row = res.subjects[0].rows[0]
    assert row.groups[0] is None and row.groups[1] is None and row.groups[2] == [0, 9, 0, 0]
    assert row.counts == [6, 9, 1, 3]  # the overall figure stays: 19 ballots
    assert res.note == "不足5人，不单独显示（办公室的设定）"


def test_nothing_at_all_below_the_minimum(jdz: Side) -> None:
    e = opened(jdz)
    _ballots(jdz, e, "中层干部", ["good"] * 4)
    e = services.evaluation_close(actor=jdz.member, evaluation=e)
    with pytest.raises(ServiceError, match="不足5人"):
        selectors.results(jdz.leader, e)
    assert "不显示结果" in selectors.report_lines(jdz.inspection)[0]


def test_persons_results_and_the_report_section(jdz: Side) -> None:
    e = opened(jdz, template="leader_evaluation", groups=(("中层干部", 10),))
    _ballots(jdz, e, "中层干部", ["good"] * 3 + ["poor"] * 3)
    e = services.evaluation_close(actor=jdz.member, evaluation=e)
    res = selectors.results(jdz.member, e)
    assert [s.name for s in res.subjects] == ["张某", "李某"]
    assert res.subjects[1].rows[0].rate == 50.0
    put_reporting(jdz)
    report = reports.report_draft(actor=jdz.leader, inspection=jdz.inspection, type="inspection_report")
    assert "民主测评和问卷调查情况" in report.body
    assert "张某 · 德（政治品质和道德品行）：好3、较好0、一般0、差3，好评率50.0%" in report.body
