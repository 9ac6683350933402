"""Work-queue providers (filled by the clue helpers)."""

from __future__ import annotations
