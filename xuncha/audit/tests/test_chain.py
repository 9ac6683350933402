"""Events are append-only and hash-chained; tampering is caught and located."""

from __future__ import annotations

import datetime
import importlib
import inspect
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from xuncha.audit.models import AppendOnlyError, Event
from xuncha.audit.services import verify_chain
from xuncha.conftest import put_decided
from xuncha.core.tests.test_service_authority import EXEMPT, discovered
from xuncha.feedback.services import feedback_session_hold


def _feedback(side: Any, audience: str, on: datetime.date) -> Any:
    return feedback_session_hold(
        actor=side.leader,
        inspection=side.inspection,
        audience=audience,
        held_on=on,
        given_by=side.leader,
        attendees="领导班子成员",
        opinions="认真整改。",
    )


def test_a_service_write_leaves_one_chained_event_naming_actor_date_and_article(jdz: Any) -> None:
    put_decided(jdz)
    before = Event.objects.count()
    _feedback(jdz, "leadership", datetime.date(2026, 9, 7))
    event = Event.objects.order_by("-seq").first()
    assert event is not None and Event.objects.count() == before + 1
    assert (event.action, event.actor, event.occurred_on) == (
        "feedback.session_held",
        jdz.leader,
        datetime.date(2026, 9, 7),
    )
    assert event.after == {
        "audience": "leadership",
        "held_on": "2026-09-07",
        "given_by": str(jdz.leader),
        "findings": [],
    }
    assert event.rulebook_code == "JDZ-2017" and event.article == "第三十三条"
    assert event.prev_hash == Event.objects.get(seq=event.seq - 1).hash
    assert verify_chain() == (event.seq, None, "")


_WRITES = re.compile(r"transaction\.atomic|\.save\(|\.objects\.create\(|\.bulk_create\(|\.delete\(|\.update\(")


def _callees(fn: Callable[..., Any]) -> list[Callable[..., Any]]:
    """The project's functions `fn` calls by name (`helper(…)`, `module.helper(…)`), as far as its source shows."""
    source, scope = inspect.getsource(fn), fn.__globals__
    found = [scope.get(name) for name in set(re.findall(r"\b([A-Za-z_]\w*)\(", source))]
    for module, name in set(re.findall(r"\b([a-z_]\w*)\.([a-z_]\w*)\(", source)):
        found.append(getattr(scope.get(module), name, None) if inspect.ismodule(scope.get(module)) else None)
    return [f for f in found if inspect.isfunction(f) and f.__module__.startswith("xuncha.")]


def _reaches(fn: Callable[..., Any], test: Callable[[str], bool], seen: set[Any]) -> bool:
    if fn in seen:
        return False
    seen.add(fn)
    return test(inspect.getsource(fn)) or any(_reaches(f, test, seen) for f in _callees(fn))


def test_every_service_that_writes_records_an_event() -> None:
    """Every service (every function with a keyword-only `actor`) that writes — itself or through the helpers it
    calls — calls `event_record`, itself or through those helpers."""
    services = {}
    for name in discovered():
        if name not in EXEMPT:
            module, fn = name.rsplit(".", 1)
            services[name] = getattr(importlib.import_module(f"xuncha.{module}"), fn)
    writing = {n: f for n, f in services.items() if _reaches(f, lambda src: bool(_WRITES.search(src)), set())}
    assert len(writing) > 90  # the walk really finds the writes
    silent = sorted(n for n, f in writing.items() if not _reaches(f, lambda src: "event_record(" in src, set()))
    assert silent == [], f"services that write without recording an event: {silent}"


def test_events_refuse_update_and_delete_through_the_orm(jdz: Any) -> None:
    event = Event.objects.first()
    assert event is not None
    event.action = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()


def test_tampering_with_a_row_is_caught_at_that_row(jdz: Any, capsys: Any) -> None:
    call_command("verify_events")
    assert "事件链完好" in capsys.readouterr().out
    victim = Event.objects.order_by("seq")[5]
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {Event._meta.db_table} SET actor_name = %s WHERE id = %s", ["冒名者", victim.pk])
    checked, broken, reason = verify_chain()
    assert broken is not None and broken.seq == victim.seq and checked == victim.seq - 1
    assert "篡改" in reason
    with pytest.raises(CommandError, match=f"事件 #{victim.seq}"):
        call_command("verify_events")


def test_deleting_a_row_in_the_middle_or_at_the_end_is_caught(jdz: Any) -> None:
    rows = list(Event.objects.order_by("seq").values_list("id", "seq"))
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {Event._meta.db_table} WHERE id = %s", [rows[3][0]])
    _, broken, reason = verify_chain()
    assert broken is not None and broken.seq == rows[4][1] and "序号不连续" in reason


def test_deleting_the_last_row_is_caught(jdz: Any) -> None:
    last_id = Event.objects.order_by("-seq").values_list("id", flat=True)[0]
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {Event._meta.db_table} WHERE id = %s", [last_id])
    _, broken, reason = verify_chain()
    assert broken is None and "末尾事件被删除" in reason


def test_a_failed_write_leaves_no_event(jdz: Any) -> None:
    put_decided(jdz)
    count = Event.objects.count()
    _feedback(jdz, "leadership", datetime.date(2026, 9, 7))
    from xuncha.core.errors import ServiceError

    with pytest.raises(ServiceError):
        _feedback(jdz, "leadership", datetime.date(2026, 9, 8))
    assert Event.objects.count() == count + 1
