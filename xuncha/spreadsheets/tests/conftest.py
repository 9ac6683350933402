from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from xuncha.spreadsheets.columns import SHEETS
from xuncha.spreadsheets.models import ImportJob
from xuncha.spreadsheets.services import import_job_create


@pytest.fixture(autouse=True)
def _imports_inline(settings: Any, tmp_path: Any) -> None:
    settings.XUNCHA_IMPORTS_INLINE = True
    settings.VAR_DIR = tmp_path  # uploads and spools of this test only


def xlsx(kind: str, rows: Iterable[Iterable[Any]], *, headers: list[str] | None = None) -> bytes:
    """A workbook laid out like the template: header row, then the rows."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(headers if headers is not None else SHEETS[kind].headers)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def data_rows(content: bytes) -> list[tuple[Any, ...]]:
    """The data rows of the first sheet of a workbook (header row left out)."""
    wb = load_workbook(io.BytesIO(content), read_only=True)
    try:
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
    finally:
        wb.close()
    return rows[1:]


@pytest.fixture
def run_import(django_capture_on_commit_callbacks: Any) -> Callable[..., ImportJob]:
    """Import `content` as `user` through the service, running the job as after a real commit."""

    def run(user: Any, jurisdiction: Any, kind: str, content: bytes) -> ImportJob:
        with django_capture_on_commit_callbacks(execute=True):
            job = import_job_create(
                actor=user, jurisdiction=jurisdiction, kind=kind, upload=io.BytesIO(content), file_name=f"{kind}.xlsx"
            )
        job.refresh_from_db()
        return job

    return run
