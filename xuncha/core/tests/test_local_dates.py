"""“Today” is the office's day (settings.TIME_ZONE, Asia/Shanghai): `timezone.localdate()`. The server's clock
runs on UTC, so `date.today()` or a naive `datetime.now()` is yesterday before 08:00 Beijing time. No source
file may use them."""

from __future__ import annotations

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[3]  # the repository
FORBIDDEN = re.compile(
    r"\bdate\.today\(|\bdatetime\.today\(|\bdatetime\.utcnow\(|\bdatetime\.now\(\s*\)|\btimezone\.now\(\)\.date\(\)"
)


def _sources() -> list[pathlib.Path]:
    files = [*(ROOT / "xuncha").rglob("*.py"), *(ROOT / "bench").rglob("*.py"), *(ROOT / "scripts").rglob("*.py")]
    return [f for f in files if "tests" not in f.relative_to(ROOT).parts and "migrations" not in f.parts]


def test_no_server_clock_dates_in_source() -> None:
    sources = _sources()
    assert len(sources) > 100  # the scan sees the code
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sources
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if FORBIDDEN.search(line)
    ]
    assert not found, "请用 timezone.localdate() / timezone.now()（带时区）：\n" + "\n".join(found)


def test_the_pattern_catches_what_it_should() -> None:
    for bad in ("datetime.date.today()", "date.today()", "datetime.datetime.now()", "timezone.now().date()"):
        assert FORBIDDEN.search(bad), bad
    for good in ("timezone.localdate()", "timezone.now()", "datetime.datetime.now(tz=datetime.UTC)"):
        assert not FORBIDDEN.search(good), good
