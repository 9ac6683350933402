"""Every declared `Flow` (core/transitions.py) matches its field, refuses in one sentence form, and no code moves a
flow's field around it."""

from __future__ import annotations

import ast
import pathlib

import pytest
from django.apps import apps

from xuncha.core.errors import ServiceError
from xuncha.core.transitions import FLOWS

SOURCE = pathlib.Path(__file__).resolve().parents[2]

# State fields that are not flows, with the reason; their writes are not checked here.
NOT_FLOWS = {
    "obligations/engine.py": "Obligation: opened and fulfilled by the engine only (check constraints hold the rest)",
    "obligations/services.py": "Obligation: fulfilled or lapsed in bulk by the engine's events",
    "spreadsheets/services.py": "ImportJob: a job's progress, not a legal state",
}


def test_the_flows_are_declared_on_their_models() -> None:
    assert {
        "inspections.Inspection",
        "findings.Finding",
        "reports.Report",
        "preparation.InformationRequest",
        "registry.Organization",
        "rectification.RectificationItem",
        "rectification.RectificationReport",
        "disclosures.Disclosure",
    } <= set(FLOWS)
    for label, flow in FLOWS.items():
        model = apps.get_model(label)
        assert flow.model is model
        values = {str(v) for v, _ in model._meta.get_field(flow.field).flatchoices}
        assert set(flow.table) == values, f"{label}: 每个状态都须有一行（缺 {values - set(flow.table)}）"
        for state, targets in flow.table.items():
            assert targets <= values, f"{label}: {state} 转入未知状态 {targets - values}"


def test_a_refused_move_names_where_it_is_what_it_may_become_and_the_article() -> None:
    Inspection = apps.get_model("inspections", "Inspection")
    inspection = Inspection(status=Inspection.Status.PLANNED)
    with pytest.raises(ServiceError) as err:
        Inspection.flow.move(inspection, Inspection.Status.CLOSED, article="第二十九条", subject="第1组对某局")
    assert err.value.message == "第1组对某局处于“已计划”阶段，不能转入“办结”（此阶段只能转入：准备、撤出本轮/取消）"
    assert (err.value.field, err.value.article) == ("status", "第二十九条")
    assert err.value.code == Inspection.flow.code == "invalid"  # the inspection's refusal code since issue 6
    assert inspection.status == Inspection.Status.PLANNED  # nothing moved
    assert Inspection.flow.move(inspection, Inspection.Status.PREPARING) == Inspection.Status.PLANNED
    assert inspection.status == Inspection.Status.PREPARING
    assert Inspection.flow.allowed(inspection) == [Inspection.Status.ON_SITE, Inspection.Status.WITHDRAWN]


def _writes_in(rel: str, source: str, fields: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        targets = node.targets if isinstance(node, ast.Assign) else []
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr in fields:
                found.append(f"{rel}:{target.lineno} {ast.unparse(target)} = …")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "update"
            and any(k.arg in fields for k in node.keywords)
        ):
            found.append(f"{rel}:{node.lineno} .update({', '.join(k.arg or '' for k in node.keywords)})")
    return found


def _writes_around_the_flow() -> list[str]:
    fields = {flow.field for flow in FLOWS.values()}
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        rel = path.relative_to(SOURCE).as_posix()
        if "/tests/" in f"/{rel}" or "/migrations/" in f"/{rel}" or rel in NOT_FLOWS or rel == "core/transitions.py":
            continue
        found += _writes_in(rel, path.read_text(encoding="utf-8"), fields)
    return found


def test_the_scan_sees_a_write_around_the_flow() -> None:
    sample = "def f(x, qs):\n    x.status = 'closed'\n    qs.update(status='closed')\n    x.note = 'ok'\n"
    assert _writes_in("s.py", sample, {"status"}) == ["s.py:2 x.status = …", "s.py:3 .update(status)"]


def test_no_code_moves_a_state_around_its_flow() -> None:
    around = _writes_around_the_flow()
    assert not around, f"状态字段只能经 Model.flow.move 改变：{around}"
