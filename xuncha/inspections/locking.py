"""Locking an inspection, and a record that belongs to one, before a guarded step (`core.locking.lock_row`).

Every app whose steps move an inspection or its records (preparation, fieldwork, findings, reports, feedback,
rectification, disclosures) locks through these two functions: the inspection first, then the record, always in that
order, so that two steps on the same inspection queue behind each other and never deadlock."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

from xuncha.core.locking import lock_row

from .models import Inspection

R = TypeVar("R", bound=models.Model)

# What the guards and messages read from a locked inspection, joined in the same query.
INSPECTION_RELATED = ("jurisdiction", "round", "team__round__jurisdiction", "target")


def lock_inspection(inspection: Inspection) -> Inspection:
    """The inspection under a row lock, with what the guards read."""
    return lock_row(inspection, *INSPECTION_RELATED)


def lock_under_inspection(record: R) -> tuple[R, Inspection]:
    """A record of an inspection (a finding, a report, a disclosure …) under a row lock, its inspection locked first."""
    inspection = lock_inspection(record.inspection)  # type: ignore[attr-defined]
    fresh = lock_row(record)
    fresh.inspection = inspection  # type: ignore[attr-defined]
    return fresh, inspection
