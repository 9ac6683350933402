"""One way to lock a row for the rest of a transaction.

A service that checks a guard and then writes reads the row again under a lock, so that two people doing the same step
at once cannot both pass the guard. Only that row is locked (`of=("self",)`): the rows joined in for reading (its
jurisdiction, team, target …) stay free, so one step never holds up the rest of a jurisdiction's work. On SQLite, which
locks the whole database for a write transaction, the lock is implicit."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def lock_row(obj: M, *related: str) -> M:
    """`obj` read again from the database under a row lock held until the transaction ends, with `related` joined in."""
    manager = type(obj)._default_manager
    return manager.select_for_update(of=("self",)).select_related(*related).get(pk=obj.pk)
