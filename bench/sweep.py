"""Benchmark: the page sweep of `xuncha/core/tests/test_sweep.py`, timed on a fresh SQLite database.

    .venv/bin/python bench/sweep.py

The sweep opens every URL pattern as every demo account (see the test module's docstring). The test checks what the
pages say; how long they take is measured here, because a timed assertion in a unit test fails on a busy machine and
proves nothing on an idle one. Everything happens in a temporary directory (XUNCHA_VAR_DIR before django.setup()).
The figures are printed last: requests, wall and CPU seconds, and CPU milliseconds per request.
"""

from __future__ import annotations

import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="xuncha-bench-sweep-"))
    try:
        os.environ["XUNCHA_VAR_DIR"] = str(tmp / "var")
        os.environ.pop("DATABASE_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "xuncha.settings"
        os.environ["XUNCHA_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import override_settings

        t = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        setup_s = time.perf_counter() - t
        print(f"建库并载入演示数据：{setup_s:.1f} s", flush=True)

        from xuncha.core.tests.sweeping import _run_sweep

        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            sweep = _run_sweep()
        from django.utils import timezone
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print()
    print("== 结果 ==")
    print(f"日期            {timezone.localdate().isoformat()}")
    print(f"机器            {platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}，SQLite")
    print(f"请求            {sweep.requests}（读了 {sweep.read} 个页面或接口）")
    print(f"问题            {len(sweep.problems)}")
    print(f"用时            {sweep.seconds:.1f} s，CPU {sweep.cpu_seconds:.1f} s")
    print(f"每个请求        CPU {1000 * sweep.cpu_seconds / max(sweep.requests, 1):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
