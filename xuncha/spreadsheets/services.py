"""Importing a sheet: the only writes of this app.

`import_job_create` checks who may import, stores the upload under VAR_DIR/imports with its
SHA-256 and queues the job; after the commit `import_job_start` runs it inline or in a daemon
thread (settings.XUNCHA_IMPORTS_INLINE). `import_job_run` makes two streaming passes:

1. validate — openpyxl read-only `iter_rows(values_only=True)`; every row is checked and every
   problem reported as (row, column, rule); valid rows are spooled to disk as plain tuples;
2. write — only if the whole file is valid: the spool is streamed back inside ONE transaction,
   written with bulk_create/bulk_update in batches, and ONE event `import.<kind>` is recorded on
   the jurisdiction with the counts and the file's SHA-256.

A file with any problem writes nothing and records no event.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.visibility import viewer_for
from xuncha.jurisdictions.models import Jurisdiction

from .actions import IMPORT_ACTIONS
from .columns import SHEETS, Sheet, cell_text
from .exports import NOTES_TITLE
from .importers import IMPORTERS, Importer, Problems, Record, Row
from .models import IMPORT_ROLES, ImportJob, imports_dir

if TYPE_CHECKING:
    from xuncha.accounts.models import User

log = logging.getLogger(__name__)

PROGRESS_EVERY = 2000  # rows between progress updates
SPOOL_BATCH = 1000  # records per pickled chunk of the spool
MAX_UPLOAD_BYTES = 200 * 1024 * 1024

Progress = Callable[[ImportJob], None]


# -- who may import --------------------------------------------------------------------------


def import_jurisdictions(user: Any) -> list[Jurisdiction]:
    """The jurisdictions where `user` is office head or office staff: where they may import."""
    ids = viewer_for(user).jurisdictions_with(IMPORT_ROLES)
    return list(Jurisdiction.objects.filter(pk__in=ids).order_by("code"))


def may_import(user: Any, jurisdiction: Jurisdiction) -> bool:
    return jurisdiction.pk in viewer_for(user).jurisdictions_with(IMPORT_ROLES)


def refusal(jurisdiction: Jurisdiction) -> PermissionDeniedError:
    book = jurisdiction.rulebook
    office = book.body("office")
    return PermissionDeniedError(
        f"只有{office.name}的负责人或工作人员可以导入（《{book.short_title}》{office.article}）",
        article=office.article,
    )


# -- creating and starting a job ---------------------------------------------------------------


def import_job_create(
    *,
    actor: User | None,
    jurisdiction: Jurisdiction,
    kind: str,
    upload: IO[bytes] | Any,
    file_name: str,
    start: bool = True,
) -> ImportJob:
    """Store the upload and queue its import (after the commit, unless `start` is False: the
    command runs it itself). `actor` None is the command line, recorded as 系统."""
    if kind not in SHEETS:
        raise ServiceError(f"没有“{kind}”这种表格（可用：{'、'.join(SHEETS)}）", field="kind")
    if actor is not None and not may_import(actor, jurisdiction):
        raise refusal(jurisdiction)
    if not file_name.lower().endswith(".xlsx"):
        raise ServiceError("请上传 Excel 工作簿（.xlsx）", field="file")
    path = imports_dir() / f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}.xlsx"
    digest, size = hashlib.sha256(), 0
    chunks = upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(1 << 20), b"")
    with open(path, "wb") as out:
        for chunk in chunks:
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                out.close()
                path.unlink(missing_ok=True)
                raise ServiceError(f"文件超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB", field="file")
            digest.update(chunk)
            out.write(chunk)
    with transaction.atomic():
        job = ImportJob.objects.create(
            jurisdiction=jurisdiction,
            kind=kind,
            file_name=Path(file_name).name[:200],
            file_path=str(path),
            sha256=digest.hexdigest(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        if start:
            transaction.on_commit(lambda: import_job_start(job.pk))
    return job


def import_job_start(job_id: int) -> None:
    """Run the job now (XUNCHA_IMPORTS_INLINE, tests) or in a daemon thread."""
    if getattr(settings, "XUNCHA_IMPORTS_INLINE", False):
        import_job_run(job_id)
        return
    threading.Thread(target=_run_in_thread, args=(job_id,), name=f"import-job-{job_id}", daemon=True).start()


def _run_in_thread(job_id: int) -> None:
    try:
        import_job_run(job_id)
    finally:
        connections.close_all()  # this thread's connections only


# -- running a job --------------------------------------------------------------------------------


def _save(job: ImportJob, *fields: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(**{f: getattr(job, f) for f in fields})


def import_job_run(job_id: int, *, on_progress: Progress | None = None) -> ImportJob:
    job = ImportJob.objects.select_related("jurisdiction", "created_by").get(pk=job_id)
    if job.status != ImportJob.Status.PENDING:
        return job
    report = on_progress or (lambda _job: None)
    path = Path(job.file_path)
    spool = path.with_suffix(".spool")
    job.status, job.started_at = ImportJob.Status.VALIDATING, timezone.now()
    _save(job, "status", "started_at")
    report(job)
    try:
        problems = Problems()
        importer = IMPORTERS[job.kind](job.jurisdiction, problems)
        rows = _validate(job, importer, problems, spool, report)
        if problems:
            job.status = ImportJob.Status.INVALID
            job.errors, job.error_count = problems.items, problems.count
            job.rows_total = max(job.rows_total, rows)
            job.finished_at = timezone.now()
            _save(job, "status", "errors", "error_count", "rows_total", "finished_at")
            report(job)
            return job
        job.status, job.rows_total, job.rows_done = ImportJob.Status.WRITING, rows, 0
        _save(job, "status", "rows_total", "rows_done")
        report(job)
        with transaction.atomic():
            counts = importer.write(_read_spool(spool), _writing_ticker(job, report))
            counts["rows"] = rows
            event_record(
                actor=job.created_by,
                action=IMPORT_ACTIONS[job.kind],
                obj=job.jurisdiction,
                jurisdiction=job.jurisdiction,
                after={**counts, "file": job.file_name, "sha256": job.sha256, "job": job.pk},
            )
        job.status, job.counts, job.rows_done = ImportJob.Status.DONE, counts, rows
        job.finished_at = timezone.now()
        _save(job, "status", "counts", "rows_done", "finished_at")
    except Exception as exc:
        log.exception("import job %s failed", job.pk)
        job.status, job.finished_at = ImportJob.Status.FAILED, timezone.now()
        detail = exc.message if isinstance(exc, ServiceError) else f"{type(exc).__name__}: {exc}"
        job.message = f"导入失败，未写入任何数据：{detail}"
        _save(job, "status", "message", "finished_at")
    finally:
        spool.unlink(missing_ok=True)
        job.progress_path.unlink(missing_ok=True)
    report(job)
    return job


def _validate(job: ImportJob, importer: Importer, problems: Problems, spool: Path, report: Progress) -> int:
    """First pass. Returns the number of data rows (blank rows are skipped)."""
    sheet = importer.sheet
    try:
        wb = load_workbook(job.file_path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        problems.add(None, "", f"不是可以读取的 Excel 工作簿（.xlsx）：{exc}")
        return 0
    count = 0
    try:
        sheets = [ws for ws in wb.worksheets if ws.title != NOTES_TITLE]
        if not sheets:
            problems.add(None, "", "工作簿中没有数据工作表")
            return 0
        ws = sheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        ix = _header_index(header or (), sheet, problems)
        if ix is None:
            return 0
        job.rows_total = max(0, (ws.max_row or _count_rows(wb, ws)) - 1)  # for progress only
        _save(job, "rows_total")
        row = Row(sheet, ix, problems)
        check = importer.check
        with _SpoolWriter(spool) as out:
            for no, values in enumerate(rows, start=2):
                if not any(v is not None and v != "" for v in values):
                    continue
                row.load(no, values)
                record = check(row)
                count += 1
                if record is not None and not problems:
                    out.append(record)
                if count % PROGRESS_EVERY == 0:
                    job.rows_done = count
                    job.rows_total = max(job.rows_total, count)
                    _save(job, "rows_done", "rows_total")
                    report(job)
    finally:
        wb.close()
    if count == 0:
        problems.add(2, "", "表中没有数据行")
    importer.finish()
    job.rows_done = count
    return count


def _count_rows(wb: Any, ws: Any) -> int:
    """Rows in a sheet whose file gives no <dimension> (openpyxl's own write-only files, some
    exporters): count the <row> tags in the compressed XML, a byte scan far cheaper than parsing."""
    try:
        source = wb._archive.open(ws._worksheet_path)
    except (AttributeError, KeyError, OSError):
        return 0
    count, tail = 0, b""
    with source:
        while chunk := source.read(1 << 20):
            buf = tail + chunk
            count += buf.count(b"<row ")
            tail = buf[-4:]  # shorter than the pattern: a tag split across chunks is counted once
    return count


def _header_index(header: tuple[Any, ...], sheet: Sheet, problems: Problems) -> dict[str, int] | None:
    """Row 1: column name → position. Every column of the template must be there, and nothing else."""
    expected = sheet.headers
    found: dict[str, int] = {}
    ok = True
    for i, value in enumerate(header):
        text = cell_text(value).rstrip("*＊").strip()
        if not text:
            continue
        if text in found:
            problems.add(1, text, f"列名重复（第 {found[text] + 1} 列与第 {i + 1} 列）")
            ok = False
        elif text not in expected:
            problems.add(1, text, f"不是本表的列（本表的列：{'、'.join(expected)}）")
            ok = False
        else:
            found[text] = i
    for name in expected:
        if name not in found:
            problems.add(1, name, "缺少此列（请使用模板，第 1 行为列名）")
            ok = False
    if not ok:
        return None
    by_header = {c.header: c.key for c in sheet.columns}
    return {by_header[name]: i for name, i in found.items()}


def _writing_ticker(job: ImportJob, report: Progress) -> Callable[[int], None]:
    """Progress while writing. The job's row cannot be updated visibly from inside the import
    transaction, so progress goes to a small file next to the upload (read by `live_rows_done`)."""
    done = 0
    last = 0
    progress = job.progress_path

    def tick(n: int) -> None:
        nonlocal done, last
        done += n
        if done - last >= PROGRESS_EVERY or done == job.rows_total:
            last = done
            tmp = progress.with_suffix(".progress.tmp")
            tmp.write_text(str(done))
            os.replace(tmp, progress)
            job.rows_done = done
            report(job)

    return tick


class _SpoolWriter:
    """Validated records, pickled in chunks to a private file next to the upload."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.buffer: list[Record] = []
        self.fh: IO[bytes] | None = None

    def __enter__(self) -> _SpoolWriter:
        self.fh = open(self.path, "wb")  # closed in __exit__
        return self

    def append(self, record: Record) -> None:
        self.buffer.append(record)
        if len(self.buffer) >= SPOOL_BATCH:
            self.flush()

    def flush(self) -> None:
        if self.buffer and self.fh is not None:
            pickle.dump(self.buffer, self.fh, protocol=pickle.HIGHEST_PROTOCOL)
            self.buffer = []

    def __exit__(self, *exc: object) -> None:
        self.flush()
        if self.fh is not None:
            self.fh.close()


def _read_spool(path: Path) -> Iterator[list[Record]]:
    with open(path, "rb") as fh:
        while True:
            try:
                yield pickle.load(fh)  # our own file, written by _SpoolWriter above
            except EOFError:
                return
