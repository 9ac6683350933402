"""The inspector sheet refuses what `people.services.inspector_create` refuses: the same rule, in the
service's words, with its article, reported against the row and column; and a refused file writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client

from xuncha.audit.models import Event
from xuncha.conftest import Side
from xuncha.core.errors import ServiceError
from xuncha.people.models import Inspector
from xuncha.people.services import inspector_create
from xuncha.registry.models import Cadre
from xuncha.registry.services import cadre_create
from xuncha.spreadsheets.importers import problem_text
from xuncha.spreadsheets.models import ImportJob

from .conftest import xlsx

Run = Callable[..., ImportJob]


class _RolledBack(Exception):
    pass


def _service_refusal(side: Side, cadre: Cadre, **fields: Any) -> ServiceError | None:
    """What inspector_create says to these fields (nothing is kept either way)."""
    try:
        with transaction.atomic():
            inspector_create(actor=side.office_head, cadre=cadre, **fields)
            raise _RolledBack
    except ServiceError as exc:
        return exc
    except _RolledBack:
        return None


def _written(side: Side) -> tuple[int, int]:
    return (
        Inspector.objects.filter(jurisdiction=side.jurisdiction).count(),
        Event.objects.filter(jurisdiction=side.jurisdiction, action="import.inspectors").count(),
    )


def test_jdz_leader_pool_row_is_refused_with_article_7(jdz: Side, run_import: Run) -> None:
    j = jdz.jurisdiction
    cadre_create(actor=None, jurisdiction=j, code="J1", name="张三")
    wang = cadre_create(actor=None, jurisdiction=j, code="J2", name="王五")
    before = _written(jdz)
    content = xlsx(
        "inspectors",
        [
            ["J1", "张三", "人才库人员", "审计", "否", ""],  # valid on its own
            ["J2", "王五", "专职巡察干部", "纪检监察", "是", "是"],
        ],
    )
    job = run_import(jdz.office_head, j, "inspectors", content)

    assert job.status == "invalid"
    assert _written(jdz) == before  # not even the valid row
    assert job.error_count == 1
    [error] = job.errors
    assert (error["row"], error["column"], error["article"]) == (3, "组长库", "第七条")
    assert error["message"].startswith("《景德镇市委巡察工作实施办法》第七条没有规定组长库：")
    # The service's own refusal of the same person, word for word.
    refusal = _service_refusal(jdz, wang, kind="full_time", expertise=["discipline"], in_leader_pool=True)
    assert refusal is not None
    assert (error["message"], error["article"]) == (refusal.message, refusal.article)
    assert problem_text(error) == f"第 3 行，“组长库”列：{refusal.message}"

    client = Client()
    client.force_login(jdz.office_head)
    html = client.get(f"/excel/jobs/{job.pk}/").content.decode()
    assert "共 1 处问题，未写入任何数据" in html
    assert '<td class="text-nowrap" data-testid="error-article">第七条</td>' in html


def test_jdz_leader_pool_is_refused_on_update_too(jdz: Side, run_import: Run) -> None:
    cadre = cadre_create(actor=None, jurisdiction=jdz.jurisdiction, code="J1", name="张三")
    inspector = inspector_create(actor=jdz.office_head, cadre=cadre, kind="pool", expertise=["audit"])
    job = run_import(
        jdz.office_head,
        jdz.jurisdiction,
        "inspectors",
        xlsx("inspectors", [["J1", "", "人才库人员", "审计", "是", ""]]),
    )
    assert job.status == "invalid"
    assert [(e["row"], e["column"], e["article"]) for e in job.errors] == [(2, "组长库", "第七条")]
    inspector.refresh_from_db()
    assert inspector.in_leader_pool is False


def test_nmg_seconded_row_is_refused(nmg: Side, run_import: Run) -> None:
    j = nmg.jurisdiction
    bater = cadre_create(actor=None, jurisdiction=j, code="N1", name="巴特尔")
    cadre_create(actor=None, jurisdiction=j, code="N2", name="乌兰")
    before = _written(nmg)
    seconded = ["N1", "巴特尔", "借调/抽调人员", "审计", "", ""]
    full_time = ["N2", "乌兰", "专职巡视干部", "法律", "是", "是"]  # NMG-2016 has a leader pool (第九条)
    job = run_import(nmg.office_head, j, "inspectors", xlsx("inspectors", [seconded, full_time]))

    assert job.status == "invalid"
    assert _written(nmg) == before
    refusal = _service_refusal(nmg, bater, kind="seconded", expertise=["audit"])
    assert refusal is not None and refusal.code == "not_in_rulebook"
    assert job.errors == [{"row": 2, "column": "类别", "message": refusal.message, "article": refusal.article}]
    assert "没有规定借调/抽调人员" in refusal.message

    # Without that row the file goes in, leader pool and all.
    job = run_import(nmg.office_head, j, "inspectors", xlsx("inspectors", [full_time]))
    assert job.status == "done", job.errors
    n2 = Inspector.objects.get(cadre__jurisdiction=j, cadre__code="N2")
    assert (n2.kind, n2.expertise, n2.in_leader_pool, n2.county_level) == ("full_time", ["legal"], True, True)


def test_the_command_line_prints_the_rule_and_exits_non_zero(jdz: Side, tmp_path: Any) -> None:
    cadre_create(actor=None, jurisdiction=jdz.jurisdiction, code="J1", name="张三")
    path = tmp_path / "inspectors.xlsx"
    path.write_bytes(xlsx("inspectors", [["J1", "", "专职巡察干部", "", "是", ""]]))
    out = tmp_path / "out.txt"
    with open(out, "w") as fh, pytest.raises(CommandError, match="共 1 处问题"):
        call_command("import_sheet", "inspectors", str(path), jurisdiction="jdz", stdout=fh)
    assert "第 2 行，“组长库”列：《景德镇市委巡察工作实施办法》第七条没有规定组长库" in out.read_text()
    assert not Inspector.objects.filter(cadre__code="J1").exists()


CASES = [
    (kind, expertise, pool)
    for kind in ("full_time", "pool", "seconded", "training")
    for expertise in (["audit"], ["legal"], ["discipline", "考古"])
    for pool in (False, True)
]


@pytest.mark.parametrize("code", ["jdz", "nmg"])
def test_the_import_refuses_what_inspector_create_refuses(code: str, jdz: Side, nmg: Side, run_import: Run) -> None:
    """Every combination of kind, expertise and leader pool, on both rulebooks: the file is refused
    exactly when the service refuses, and the service's refusal is among the row's problems."""
    side = {"jdz": jdz, "nmg": nmg}[code]
    labels = dict(Inspector.Kind.choices)
    refused = 0
    for n, (kind, expertise, pool) in enumerate(CASES):
        cadre = cadre_create(actor=None, jurisdiction=side.jurisdiction, code=f"P{n}", name=f"人员{n}")
        refusal = _service_refusal(side, cadre, kind=kind, expertise=expertise, in_leader_pool=pool)
        row = [cadre.code, "", labels[kind], "、".join(expertise), "是" if pool else "否", ""]
        job = run_import(side.office_head, side.jurisdiction, "inspectors", xlsx("inspectors", [row]))
        case = (code, kind, expertise, pool)
        if refusal is None:
            assert job.status == "done", (case, job.errors)
            continue
        refused += 1
        assert job.status == "invalid", case
        assert {"message": refusal.message, "article": refusal.article} in [
            {"message": e["message"], "article": e["article"]} for e in job.errors
        ], (case, refusal.message, job.errors)
        assert not Inspector.objects.filter(cadre=cadre).exists(), case
    assert 0 < refused < len(CASES)
