"""发文字号 per jurisdiction and year, without gaps or duplicates, also under concurrent allocation (PostgreSQL)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, connections, transaction

from xuncha.documents import numbering
from xuncha.documents.models import IssuedNumber, NumberSequence


def _allocate(side: Any, year: int, subject_id: int) -> IssuedNumber:
    with transaction.atomic():
        return numbering.allocate(
            jurisdiction=side.jurisdiction,
            year=year,
            code="景巡办",
            kind="feedback_opinions",
            subject_type="feedback.FeedbackSession",
            subject_id=subject_id,
            actor=side.office_head,
        )


@pytest.mark.django_db
def test_numbers_run_per_jurisdiction_and_year(jdz: Any, nmg: Any) -> None:
    assert [_allocate(jdz, 2026, i).text for i in (1, 2, 3)] == [
        "景巡办〔2026〕1号",
        "景巡办〔2026〕2号",
        "景巡办〔2026〕3号",
    ]
    assert _allocate(jdz, 2027, 4).sequence == 1  # a new year starts again at 1
    assert _allocate(nmg, 2026, 5).sequence == 1  # another jurisdiction has its own sequence
    assert NumberSequence.objects.get(jurisdiction=jdz.jurisdiction, year=2026).last == 3


@pytest.mark.django_db
def test_a_failed_document_gives_its_number_back(jdz: Any) -> None:
    _allocate(jdz, 2026, 1)
    with pytest.raises(RuntimeError), transaction.atomic():
        _allocate(jdz, 2026, 2)
        raise RuntimeError("rendering failed")
    assert _allocate(jdz, 2026, 3).sequence == 2  # no gap


@pytest.mark.django_db(transaction=True)
def test_allocation_outside_a_transaction_is_refused(jdz: Any) -> None:
    with pytest.raises(RuntimeError):
        numbering.allocate(
            jurisdiction=jdz.jurisdiction,
            year=2026,
            code="景巡办",
            kind="x",
            subject_type="x.Y",
            subject_id=1,
            actor=jdz.office_head,
        )


@pytest.mark.django_db(transaction=True)
def test_parallel_allocations_get_distinct_numbers_without_gaps(jdz: Any) -> None:
    """Twelve threads, each in its own connection and transaction, allocate at once (a barrier releases them
    together): the numbers are exactly 1..12. Needs a database with row locks across connections."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent allocation is tested on PostgreSQL (CI's second run); SQLite serializes writers")
    workers = 12
    barrier = threading.Barrier(workers)

    def one(i: int) -> int:
        try:
            barrier.wait(timeout=30)
            return _allocate(jdz, 2026, 100 + i).sequence
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        got = sorted(pool.map(one, range(workers)))
    assert got == list(range(1, workers + 1))
    assert NumberSequence.objects.get(jurisdiction=jdz.jurisdiction, year=2026).last == workers


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_print_numbered_documents_without_gaps(jdz: Any) -> None:
    """Three numbered documents of one inspection requested at the same moment over the API (the two feedback
    opinions and the rectification notice): 201 each, numbers 1, 2, 3 in some order."""
    if connection.vendor != "postgresql":
        pytest.skip("parallel requests are tested on PostgreSQL (CI's second run); SQLite serializes writers")
    from django.test import Client

    from xuncha.feedback.models import FeedbackSession

    from .conftest import _given
    from .helpers import letterhead

    side = _given(jdz)
    letterhead(side)
    jobs = [("feedback_opinions", s.pk) for s in FeedbackSession.objects.filter(inspection=side.inspection)]
    jobs.append(("rectification_notice", side.inspection.pk))
    barrier = threading.Barrier(len(jobs))

    def post(job: tuple[str, int]) -> tuple[int, str]:
        client = Client()
        client.force_login(side.office_head)
        try:
            barrier.wait(timeout=30)
            response = client.post(
                "/api/documents/",
                {"jurisdiction": side.jurisdiction.pk, "code": job[0], "subject": job[1]},
                content_type="application/json",
            )
            return response.status_code, response.json().get("number", response.content.decode())
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        answers = list(pool.map(post, jobs))
    assert [status for status, _ in answers] == [201] * len(jobs), answers
    assert sorted(number for _, number in answers) == [f"景巡办〔2026〕{n}号" for n in range(1, len(jobs) + 1)]
