"""发文字号: per jurisdiction and year, allocated without gaps or duplicates.

The sequence row of the year is created if missing (an insert that ignores a conflict, so two first allocations of
a year cannot both create it), then locked (`select_for_update`) and advanced inside the caller's transaction: a
concurrent allocation waits for the lock, and a generation that fails rolls its number back with it, so the numbers
of a year are 1, 2, 3 … with none skipped or repeated. On SQLite the transaction mode IMMEDIATE serializes writers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from .models import IssuedNumber, NumberSequence

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def allocate(
    *, jurisdiction: Any, year: int, code: str, kind: str, subject_type: str, subject_id: int, actor: User
) -> IssuedNumber:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate must run inside the document's transaction")
    NumberSequence.objects.bulk_create(
        [NumberSequence(jurisdiction=jurisdiction, year=year, last=0)], ignore_conflicts=True
    )
    sequence = NumberSequence.objects.select_for_update().get(jurisdiction=jurisdiction, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return IssuedNumber.objects.create(
        jurisdiction=jurisdiction,
        year=year,
        sequence=sequence.last,
        code=code,
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        allocated_by=actor,
    )
