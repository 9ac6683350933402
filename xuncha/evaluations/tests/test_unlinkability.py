"""The promise of issue 14 item 5, proven by reading every table: no answer can be joined to a code, a participant
or an order of submission."""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, models

from xuncha.conftest import Side
from xuncha.evaluations import services
from xuncha.evaluations.models import Ballot, Evaluation, ParticipantGroup, SlipCode

from .helpers import group, opened

N = 36  # ballots: the chance that a random order equals the submission order is 1/36!


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


def _fingerprint(i: int) -> dict[str, dict[str, str]]:
    """Distinct answers for ballot i: its index in base 4 over the form's items (4 options, 5 items: 1024 values)."""
    options = ["good", "fairly_good", "average", "poor"]
    items = ["political", "responsibility", "selection", "conduct", "overall"]
    return {"team": {item: options[(i // 4**k) % 4] for k, item in enumerate(items)}}


def _submitted(jdz: Side) -> tuple[Evaluation, list[str], list[dict]]:
    e = opened(jdz, groups=(("中层干部", N),))
    issued = services.slips_issue(actor=jdz.member, group=group(e, "中层干部"), count=N)
    sent = []
    for i, code in enumerate(issued):
        services.ballot_submit(evaluation=e, code=code, answers=_fingerprint(i), client=f"c{i}")
        sent.append(_fingerprint(i))
    return e, issued, sent


def _raw(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


def test_no_column_anywhere_joins_an_answer_to_a_code_a_participant_or_an_order(jdz: Side) -> None:
    _, issued, sent = _submitted(jdz)
    ballot_table = Ballot._meta.db_table
    slip_table = SlipCode._meta.db_table
    # 1. What a ballot row holds: its key, the evaluation, the group, the day, the answers — nothing else.
    assert {f.column for f in Ballot._meta.concrete_fields} == {
        "id",
        "evaluation_id",
        "group_id",
        "answered_on",
        "answers",
    }
    for answer_model in (Ballot, SlipCode):
        for f in answer_model._meta.concrete_fields:
            assert not isinstance(f, models.DateTimeField | models.TimeField), f"{answer_model.__name__}.{f.name}"
            if f.is_relation:
                assert f.related_model in (Evaluation, ParticipantGroup), f"{answer_model.__name__}.{f.name}"
    # 2. No table of the whole database refers to a ballot or a slip, nor holds a code or a code's hash elsewhere.
    hashes = set(SlipCode.objects.values_list("hash", flat=True))
    ballot_ids = {str(b) for b in Ballot.objects.values_list("id", flat=True)}
    ballot_ids |= {b.replace("-", "") for b in ballot_ids}
    slip_ids = {str(s) for s in SlipCode.objects.values_list("id", flat=True)}
    slip_ids |= {s.replace("-", "") for s in slip_ids}
    needles = set(issued) | hashes
    for any_model in apps.get_models():
        model: Any = any_model
        for f in model._meta.concrete_fields:
            if f.is_relation and model not in (Ballot, SlipCode):
                assert f.related_model not in (Ballot, SlipCode), f"{model.__name__}.{f.name} points at an answer"
        table = model._meta.db_table
        columns = [str(f.column) for f in model._meta.concrete_fields]
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        for row in _raw(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}"):
            for column, value in zip(columns, row, strict=True):
                text = str(value)
                if table != slip_table:
                    assert not any(n in text for n in needles), f"{table}.{column} holds a code or its hash"
                    assert not any(s in text for s in slip_ids), f"{table}.{column} names a slip"
                if table != ballot_table:
                    assert not any(b in text for b in ballot_ids), f"{table}.{column} names a ballot"
    # 3. No time finer than a day on ballots; keys are random UUID4.
    for b in Ballot.objects.all():
        assert type(b.answered_on) is datetime.date
        assert isinstance(b.id, uuid.UUID) and b.id.version == 4
    assert all(s.id.version == 4 for s in SlipCode.objects.all())
    # 4. The answers are all there, once each.
    stored = sorted(json.dumps(a, sort_keys=True) for a in Ballot.objects.values_list("answers", flat=True))
    assert stored == sorted(json.dumps(a, sort_keys=True) for a in sent)


def _order(rows: list[tuple], sent: list[dict]) -> list[int]:
    index = {json.dumps(a, sort_keys=True): i for i, a in enumerate(sent)}
    return [index[json.dumps(json.loads(r[0]) if isinstance(r[0], str) else r[0], sort_keys=True)] for r in rows]


def test_neither_the_rows_nor_the_keys_follow_the_order_of_submission(jdz: Side) -> None:
    _, _, sent = _submitted(jdz)
    table = connection.ops.quote_name(Ballot._meta.db_table)
    natural = _order(_raw(f"SELECT answers FROM {table}"), sent)
    physical = "rowid" if connection.vendor == "sqlite" else "ctid"
    by_place = _order(_raw(f"SELECT answers FROM {table} ORDER BY {physical}"), sent)
    by_key = _order(_raw(f"SELECT answers FROM {table} ORDER BY id"), sent)
    in_order = list(range(N))
    assert sorted(natural) == in_order
    for order in (natural, by_place, by_key):
        assert order != in_order
        assert order != in_order[::-1]
    # Not merely not identical: the latest ballot is not pinned to the last places.
    assert by_place.index(N - 1) < N - 1 or by_place.index(N - 2) < N - 2


def test_the_order_is_uniform_over_many_runs(jdz: Side) -> None:
    """Where the first ballot ends up in the table (its physical place), over many runs, is spread over every place."""
    e = opened(jdz, groups=(("中层干部", 400),))
    issued = services.slips_issue(actor=jdz.member, group=group(e, "中层干部"), count=400)
    runs, size = 80, 5
    first_at = [0] * size
    for r in range(runs):
        Ballot.objects.filter(evaluation=e).delete()
        codes = issued[r * size : (r + 1) * size]
        for i, code in enumerate(codes):
            services.ballot_submit(evaluation=e, code=code, answers=_fingerprint(i), client=f"r{r}")
        physical = "rowid" if connection.vendor == "sqlite" else "ctid"
        rows = _raw(f"SELECT answers FROM {connection.ops.quote_name(Ballot._meta.db_table)} ORDER BY {physical}")
        first_at[_order(rows, [_fingerprint(i) for i in range(size)]).index(0)] += 1
    assert all(n >= 3 for n in first_at), first_at  # expected 16 each; all in one place would be 80
