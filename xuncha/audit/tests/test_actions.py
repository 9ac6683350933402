"""Every event action the code records has a Chinese name in the one registry (`audit/actions.py`), and the events
page and API show that name rather than the bare code."""

from __future__ import annotations

import ast
import pathlib
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from xuncha.audit.actions import ACTIONS, action_name
from xuncha.audit.services import event_record
from xuncha.jurisdictions.vocabulary import LIFECYCLE_ACTIONS
from xuncha.spreadsheets.models import ImportJob

SOURCE = pathlib.Path(__file__).resolve().parents[2]  # the xuncha package


def _constants(node: ast.expr) -> list[str] | None:
    """The string values an `action=` expression can take: a literal, or `a if c else b` of literals."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _constants(node.body), _constants(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


# `event_record(action=...)` calls whose action is not a literal, and what they can record. A new such call fails
# below until it is listed here with its values (and those values are in the registry).
DYNAMIC = {
    ("rectification/services.py", "action"): [],  # `_step(action=...)`: the literals at its callers are collected
    ("results/services.py", "proc.filing_action"): ["decision.filed", "decision.reported_upward"],
    ("spreadsheets/services.py", "f'import.{job.kind}'"): [f"import.{kind}" for kind in ImportJob.Kind.values],
}


def _recorded_actions() -> tuple[dict[str, str], list[str]]:
    found: dict[str, str] = {}
    unknown: list[str] = []
    for path in sorted(SOURCE.rglob("*.py")):
        rel = path.relative_to(SOURCE).as_posix()
        if "/tests/" in f"/{rel}" or "/migrations/" in f"/{rel}" or rel == "audit/services.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            values: list[str] | None = None
            if (isinstance(node, ast.keyword) and node.arg == "action") or (
                isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "action" for t in node.targets)
            ):
                values = _constants(node.value)
            for value in values or []:
                found.setdefault(value, rel)
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "event_record"
            ):
                given = {k.arg: k.value for k in node.keywords}
                if "action" in given and _constants(given["action"]) is None:
                    key = (rel, ast.unparse(given["action"]))
                    if key not in DYNAMIC:
                        unknown.append(f"{rel}:{node.lineno} action={key[1]}")
                    for value in DYNAMIC.get(key, []):
                        found.setdefault(value, rel)
    return found, unknown


def test_every_recorded_action_has_a_chinese_name() -> None:
    found, unknown = _recorded_actions()
    assert not unknown, f"event_record 的 action 不是字面量，请在本测试的 DYNAMIC 中列出其取值：{unknown}"
    assert len(found) > 80 and "secret.read" in found  # the scan sees the services
    missing = {code: where for code, where in found.items() if code not in ACTIONS}
    assert not missing, f"这些事件动作没有中文名称，请加入 xuncha/audit/actions.py 的 ACTIONS：{missing}"


def test_registry_reuses_the_lifecycle_names_and_names_are_chinese() -> None:
    for code, name in LIFECYCLE_ACTIONS.items():
        assert ACTIONS[code] == name
    for code, name in ACTIONS.items():
        assert name and not name.isascii(), code
    assert action_name("secret.read") == "查阅保密材料"
    assert action_name("no.such") == "未登记的动作（no.such）"


def test_names_speak_the_jurisdictions_word(jdz: Any, nmg: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ACTIONS, "test.placeholder", "{word}组测试")
    words = {s.jurisdiction.word for s in (jdz, nmg)}
    for side in (jdz, nmg):
        word = side.jurisdiction.word
        assert action_name("test.placeholder", word) == f"{word}组测试"
        for code in ACTIONS:  # no name shows another rulebook's word
            assert not any(other in action_name(code, word) for other in words - {word}), code


def test_events_page_and_api_show_the_chinese_name(jdz: Any) -> None:
    with transaction.atomic():  # what the secrecy door records when the office head opens a secret record
        event_record(actor=jdz.office_head, action="secret.read", obj=jdz.inspection, inspection=jdz.inspection)
    client = Client()
    client.force_login(jdz.auditor)
    page = client.get("/events/").content.decode()
    assert "查阅保密材料" in page and "创建党委" in page and "授予角色" in page
    assert "secret.read" not in page and "membership.granted" not in page
    events = client.get("/api/events/", {"action": "secret.read"}).json()["results"]
    assert [(e["action"], e["action_name"]) for e in events] == [("secret.read", "查阅保密材料")]
