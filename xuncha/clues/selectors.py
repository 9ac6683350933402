"""Reads shared by the clue pages, the API and the ledgers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .models import Clue, ClueSubject


@dataclass(frozen=True)
class Counts:
    """件 and 人 as offices report them (e.g. 313件368人): clues, and the distinct cadres they concern. A clue merged
    into another is counted once, in the clue it joined."""

    pieces: int
    persons: int

    def __str__(self) -> str:
        return f"{self.pieces}件{self.persons}人"


def clue_counts(clues: QuerySet[Clue, Any]) -> Counts:
    live = clues.exclude(status=Clue.Status.MERGED)
    persons = ClueSubject.objects.filter(clue__in=live.values("pk")).values("cadre_id").distinct().count()
    return Counts(live.count(), persons)
