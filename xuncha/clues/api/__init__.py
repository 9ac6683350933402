"""The clue API: each module lists its viewsets in `ROUTES` (prefix, viewset, basename); xuncha/urls.py registers
them all on the one router."""

from __future__ import annotations

from typing import Any

from . import ledger, register, transfers

ROUTES: list[tuple[str, Any, str]] = [*register.ROUTES, *transfers.ROUTES, *ledger.ROUTES]
