"""The command line and the quick-start script say what is true: `xuncha` on a database that was never migrated tells
the user, in Chinese, to run `xuncha migrate` (no traceback); `scripts/start.sh` prints the address XUNCHA_ADDR sets."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]


def test_a_command_on_an_unmigrated_database_says_to_migrate(tmp_path: pathlib.Path) -> None:
    env = {**os.environ, "XUNCHA_VAR_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)  # a new SQLite file in the empty directory
    done = subprocess.run(
        [sys.executable, "-m", "xuncha.cli", "verify-events"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "数据库尚未建立或尚未迁移到当前版本" in done.stderr and "请先运行 `xuncha migrate`" in done.stderr


def test_a_broken_rulebook_stops_a_command_with_its_problems_and_no_traceback(tmp_path: pathlib.Path) -> None:
    """A rulebook whose deadline cites an article its source lacks: `xuncha check` lists it in Chinese and exits 1."""
    shipped = ROOT / "xuncha" / "jurisdictions" / "rulebooks"
    for path in shipped.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.name == "jdz-2017.yaml":
            text = text.replace("article: 第三十一条", "article: 第五十九条", 1)
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    shutil.copytree(shipped / "sources", tmp_path / "sources")
    script = (
        "import pathlib, sys\n"
        "import xuncha.jurisdictions.rulebook as r\n"
        "r.RULEBOOK_DIR = pathlib.Path(sys.argv[1])\n"
        "from xuncha.cli import main\n"
        "main(['check'])\n"
    )
    env = {**os.environ, "XUNCHA_VAR_DIR": str(tmp_path / "var"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "规则文件校验失败" in done.stderr
    assert "jdz-2017.yaml:" in done.stderr and "第五十九条在条文原文" in done.stderr


def _url(addr: str) -> str:
    script = f'. "{ROOT / "scripts" / "_addr.sh"}"; xuncha_url "$1"'
    return subprocess.run(["bash", "-c", script, "-", addr], capture_output=True, text=True, check=True).stdout.strip()


def test_start_prints_the_address_it_serves_on() -> None:
    assert _url("127.0.0.1:8000") == "http://127.0.0.1:8000"
    assert _url("9000") == "http://127.0.0.1:9000"
    assert _url("example.org:8443") == "http://example.org:8443"
    assert _url("0.0.0.0:8080").startswith("http://127.0.0.1:8080（本机；已在所有网卡上监听")
    start = (ROOT / "scripts" / "start.sh").read_text(encoding="utf-8")
    assert 'xuncha_url "$ADDR"' in start and 'runserver --insecure "$ADDR"' in start
    assert "http://127.0.0.1:8000" not in start.split("echo", 1)[1]  # no fixed address printed
