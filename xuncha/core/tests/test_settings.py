"""Settings are parsed strictly and are safe by default."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = "import django; from django.conf import settings; django.setup(); print(settings.DEBUG, settings.ALLOWED_HOSTS)"


def _start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("XUNCHA_") and k != "DATABASE_URL"}
    clean.update({"DJANGO_SETTINGS_MODULE": "xuncha.settings", "XUNCHA_VAR_DIR": str(tmp_path), **env})
    return subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=clean, timeout=60)


def test_defaults_are_safe_and_a_secret_key_is_generated_once(tmp_path: Path) -> None:
    first = _start(tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "False ['127.0.0.1', 'localhost']"
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50 and oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
    assert _start(tmp_path).returncode == 0 and (tmp_path / "secret_key").read_text() == key


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"XUNCHA_DEBUG": "maybe"}, "XUNCHA_DEBUG='maybe' 无效"),
        ({"XUNCHA_ALLOWED_HOSTS": "*"}, "不接受 '*'"),
        ({"XUNCHA_ALLOWED_HOSTS": " , "}, "XUNCHA_ALLOWED_HOSTS 不能为空"),
        ({"XUNCHA_SECRET_KEY": "short"}, "XUNCHA_SECRET_KEY 过短"),
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "只支持 sqlite:// 与 postgres://"),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL='nonsense' 无效"),
        ({"XUNCHA_PUBLIC_POW_BITS": "99"}, "XUNCHA_PUBLIC_POW_BITS='99' 无效：应为 0 至 28 之间的整数"),
        ({"XUNCHA_EVALUATION_MIN_GROUP": "many"}, "XUNCHA_EVALUATION_MIN_GROUP='many' 无效"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(tmp_path: Path, env: dict[str, str], message: str) -> None:
    result = _start(tmp_path, **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_debug_is_on_only_when_asked(tmp_path: Path) -> None:
    assert _start(tmp_path, XUNCHA_DEBUG="true").stdout.startswith("True")
