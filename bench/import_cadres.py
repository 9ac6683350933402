"""Benchmark: import a 100,000-row 干部任职 (cadres) file into a fresh SQLite database.

    .venv/bin/python bench/import_cadres.py            # 100,000 rows
    .venv/bin/python bench/import_cadres.py --rows 20000 --keep

Everything happens in a temporary directory: XUNCHA_VAR_DIR points there before django.setup(),
so the database is a new SQLite file, migrated from scratch. The file is generated with
openpyxl's write-only mode, then imported exactly as the web page and the command do
(`import_job_create` + `import_job_run`: validate pass, then write pass in one transaction).

Measured for the import only: wall time, rows/second, tracemalloc peak (Python allocations;
tracing also slows Python down, so the wall time is measured in a separate, untraced run unless
--single-run) and the process's peak resident set size (getrusage maxrss). The figures are
printed last.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
UNITS = 200
POSTS_PER_CADRE = 3
TITLES = ["书记", "副书记", "局长", "副局长", "主任", "副主任", "处长", "科长", "科员", "办公室主任"]
PLACES = ["江西省/景德镇市/浮梁县", "江西省/景德镇市/乐平市", "江西省/上饶市/婺源县", "江西省/南昌市", "浙江省/杭州市"]
LEVELS = ["本级管理干部", "乡（科）级及以下干部", "其他"]
PHASES: dict[str, float] = {}  # seconds of the validate and write passes of the timed run


def _setup(var_dir: Path) -> None:
    os.environ["XUNCHA_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)  # SQLite under the temporary XUNCHA_VAR_DIR
    os.environ["DJANGO_SETTINGS_MODULE"] = "xuncha.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _jurisdiction(code: str) -> Any:
    from xuncha.jurisdictions.services import jurisdiction_create
    from xuncha.registry.services import organization_create

    j = jurisdiction_create(
        actor=None, code=code, name=f"景德镇市委（{code}）", short_name=code, rulebook_code="JDZ-2017"
    )
    for u in range(UNITS):
        organization_create(
            actor=None, jurisdiction=j, name=f"单位{u:03d}", kind="target", target_category="party_departments"
        )
    return j


def _generate(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from xuncha.spreadsheets.columns import CADRES

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(CADRES.title)
    ws.append(CADRES.headers)
    start = datetime.date(2000, 1, 1)
    for i in range(rows):
        c, k = divmod(i, POSTS_PER_CADRE)
        began = start + datetime.timedelta(days=(c * 7 + k * 1500) % 9000)
        current = k == POSTS_PER_CADRE - 1
        principal = current and c < UNITS  # one current principal per unit at most
        ws.append(
            [
                f"G{c:06d}",
                f"干部{c}",
                PLACES[c % len(PLACES)],
                LEVELS[c % len(LEVELS)],
                f"单位{(c + k) % UNITS:03d}" if not principal else f"单位{c:03d}",
                TITLES[(c + k) % len(TITLES)],
                "是" if principal or k == 1 else "否",
                "是" if principal else "否",
                began,
                None if current else began + datetime.timedelta(days=1000),
            ]
        )
    wb.save(path)


def _import(path: Path, jurisdiction: Any, *, quiet: bool) -> Any:
    from xuncha.spreadsheets.services import import_job_create, import_job_run

    last = [-1]
    t0 = time.perf_counter()

    def progress(job: Any) -> None:
        if job.status == "writing" and "writing" not in PHASES:
            PHASES["validate"] = time.perf_counter() - t0
            PHASES["writing"] = time.perf_counter()
        if job.finished and "writing" in PHASES:
            PHASES["write"] = time.perf_counter() - PHASES["writing"]
        step = job.live_rows_done // 20000
        if not quiet and (step != last[0] or job.finished):
            last[0] = step
            print(f"  {job.get_status_display()}：{job.live_rows_done}/{job.rows_total} 行", flush=True)

    with open(path, "rb") as fh:
        job = import_job_create(
            actor=None, jurisdiction=jurisdiction, kind="cadres", upload=fh, file_name=path.name, start=False
        )
    return import_job_run(job.pk, on_progress=progress)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--single-run", action="store_true", help="one traced run only (wall time includes tracing)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="xuncha-bench-"))
    try:
        t = time.perf_counter()
        _setup(tmp / "var")
        from xuncha.audit.models import Event
        from xuncha.registry.models import Post

        setup_s = time.perf_counter() - t
        first = _jurisdiction("bench1")
        path = tmp / "cadres.xlsx"
        t = time.perf_counter()
        _generate(path, args.rows)
        gen_s = time.perf_counter() - t
        size_mb = path.stat().st_size / 1e6
        print(f"生成 {args.rows} 行：{gen_s:.1f} s，{size_mb:.1f} MB；建库 {setup_s:.1f} s", flush=True)

        wall = None
        if not args.single_run:
            print("导入（计时，不跟踪内存）…", flush=True)
            t = time.perf_counter()
            job = _import(path, first, quiet=False)
            wall = time.perf_counter() - t
            assert job.status == "done", (job.status, job.errors[:5], job.message)
            phases = dict(PHASES)
            PHASES.clear()
            target = _jurisdiction("bench2")
        else:
            target = first

        print("导入（tracemalloc 跟踪内存）…", flush=True)
        tracemalloc.start()
        t = time.perf_counter()
        job = _import(path, target, quiet=args.single_run is False)
        traced_wall = time.perf_counter() - t
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert job.status == "done", (job.status, job.errors[:5], job.message)
        posts = Post.objects.filter(cadre__jurisdiction=target).count()
        assert posts == args.rows, posts
        events = Event.objects.filter(jurisdiction=target, action="import.cadres").count()
        assert events == 1, events
        maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if wall is None:
            wall, phases = traced_wall, dict(PHASES)
    finally:
        if args.keep:
            print(f"保留临时目录 {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    from django.utils import timezone

    print()
    print("== 结果 ==")
    print(f"日期            {timezone.localdate().isoformat()}")
    print(f"机器            {platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}，SQLite")
    print(f"行数            {args.rows}（{job.counts['cadres_created']} 名干部，{job.counts['posts_created']} 条任职）")
    print(f"导入用时        {wall:.1f} s（校验 + 写入，一个事务，一条事件）")
    print(f"  其中          校验 {phases.get('validate', 0):.1f} s，写入 {phases.get('write', 0):.1f} s")
    print(f"速度            {args.rows / wall:,.0f} 行/秒")
    print(f"跟踪内存时用时  {traced_wall:.1f} s")
    print(f"tracemalloc 峰值 {peak / 1e6:.1f} MB")
    print(f"进程 maxrss     {maxrss_kb / 1024:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
