"""Checking and writing the rows of one sheet.

An importer sees every row twice. `check(row)` (validation pass) reads one row, reports each
problem as (row, column, rule) and returns a compact record of plain values, which the runner
spools to disk; `finish()` runs the checks that need the whole file (references to rows further
down, cycles). `write(batches)` (write pass, inside the one import transaction) streams the
spooled records back and writes them with bulk_create/bulk_update in batches.

What is kept in memory between the passes is an index (names, codes, keys), never the rows.

The package: `base.py` (Problems, Row, Importer), one module per sheet (`targets.py`, `posts.py` for cadres and
leadership, `inspectors.py`), and `IMPORTERS` here, by ImportJob kind.
"""

from __future__ import annotations

from .base import BATCH, Importer, Problems, Record, Row, problem_text
from .inspectors import InspectorsImporter
from .posts import CadresImporter, LeadershipImporter, PostsImporter
from .targets import TargetsImporter

__all__ = [
    "BATCH",
    "IMPORTERS",
    "CadresImporter",
    "Importer",
    "InspectorsImporter",
    "LeadershipImporter",
    "PostsImporter",
    "Problems",
    "Record",
    "Row",
    "TargetsImporter",
    "problem_text",
]

IMPORTERS: dict[str, type[Importer]] = {
    "targets": TargetsImporter,
    "leadership": LeadershipImporter,
    "cadres": CadresImporter,
    "inspectors": InspectorsImporter,
}
