"""Every event action is one registered constant (`<app>/actions.py`, `audit.actions.define`) with its Chinese
name and owner app; services pass the constant, so a typo fails at import; the events page and API show the name."""

from __future__ import annotations

import ast
import importlib
import pathlib
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client

from xuncha.audit.actions import REGISTRY, SECRET_READ, Action, action_name, define, get
from xuncha.audit.services import event_record
from xuncha.jurisdictions.vocabulary import LIFECYCLE_ACTIONS

SOURCE = pathlib.Path(__file__).resolve().parents[2]  # the xuncha package

# Lifecycle actions a rulebook may name that no code records yet (the clue register is issue 12).
NOT_YET_RECORDED = {"inspection.completed"}


def _literal_actions() -> list[str]:
    """`action="x.y"` string literals (keyword or assignment to `action`) outside tests and migrations."""
    found: list[str] = []
    for path in sorted(SOURCE.rglob("*.py")):
        rel = path.relative_to(SOURCE).as_posix()
        if "/tests/" in f"/{rel}" or "/migrations/" in f"/{rel}":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = None
            if (isinstance(node, ast.keyword) and node.arg == "action") or (
                isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "action" for t in node.targets)
            ):
                value = node.value
            for sub in ast.walk(value) if value is not None else []:
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and "." in sub.value:
                    found.append(f"{rel}:{node.lineno if hasattr(node, 'lineno') else '?'} {sub.value}")
    return found


def test_services_pass_registered_constants_not_strings() -> None:
    literals = _literal_actions()
    assert not literals, f"事件动作请用所属应用 actions.py 中的常量，不要写字符串：{literals}"


def test_every_app_declares_its_actions_in_its_own_module() -> None:
    assert len(REGISTRY) > 100
    for action in REGISTRY.values():
        assert apps.is_installed(f"xuncha.{action.app}"), action
        module = importlib.import_module(f"xuncha.{action.app}.actions")
        assert action in vars(module).values(), f"{action.code} 应在 xuncha/{action.app}/actions.py 中定义"


@pytest.mark.django_db
def test_a_typo_or_a_duplicate_is_refused() -> None:
    with pytest.raises(LookupError, match=r"未登记的事件动作：finding\.draftd"):
        get("finding.draftd")
    with pytest.raises(ValueError, match="重复登记"):
        define("secret.read", "查阅保密材料")
    assert get("secret.read") is SECRET_READ and get(SECRET_READ) is SECRET_READ
    with pytest.raises(ImportError):
        exec("from xuncha.findings.actions import FINDING_DRAFTD", {})
    with transaction.atomic(), pytest.raises(LookupError):
        event_record(actor=None, action="finding.draftd", obj=REGISTRY_OBJ())


def REGISTRY_OBJ() -> Any:  # any saved model instance will do: the refusal comes before anything is written
    from xuncha.jurisdictions.models import Jurisdiction

    return Jurisdiction(pk=1, code="x", name="x")


def test_registry_reuses_the_lifecycle_names_and_names_are_chinese() -> None:
    for code, name in LIFECYCLE_ACTIONS.items():
        if code not in NOT_YET_RECORDED:
            assert REGISTRY[code].name == name, code
    for code, action in REGISTRY.items():
        assert isinstance(action, Action) and action.name and not action.name.isascii(), code
    assert action_name("secret.read") == "查阅保密材料"
    assert action_name("no.such") == "未登记的动作（no.such）"


def test_names_speak_the_jurisdictions_word(jdz: Any, nmg: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(REGISTRY, "test.placeholder", Action("test.placeholder", "{word}组测试", "audit"))
    words = {s.jurisdiction.word for s in (jdz, nmg)}
    for side in (jdz, nmg):
        word = side.jurisdiction.word
        assert action_name("test.placeholder", word) == f"{word}组测试"
        for code in REGISTRY:  # no name shows another rulebook's word
            assert not any(other in action_name(code, word) for other in words - {word}), code


def test_events_page_and_api_show_the_chinese_name(jdz: Any) -> None:
    with transaction.atomic():  # what the secrecy door records when the office head opens a secret record
        event_record(actor=jdz.office_head, action=SECRET_READ, obj=jdz.inspection, inspection=jdz.inspection)
    client = Client()
    client.force_login(jdz.auditor)
    page = client.get("/events/").content.decode()
    assert "查阅保密材料" in page and "创建党委" in page and "授予角色" in page
    assert "secret.read" not in page and "membership.granted" not in page
    events = client.get("/api/events/", {"action": "secret.read"}).json()["results"]
    assert [(e["action"], e["action_name"]) for e in events] == [("secret.read", "查阅保密材料")]
