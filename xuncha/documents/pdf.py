"""A PDF preview of a generated .docx, made by LibreOffice in headless mode.

Each call gets its own LibreOffice user profile (`-env:UserInstallation=file:///<tmp>/profile`) inside its own
temporary directory. A profile is locked by the process using it: a second `soffice` started on the same profile
(the default one in the home directory) either hands its work to the first instance and exits, or fails, so two
conversions at once (two requests, two test threads) would lose a file or hang. A fresh profile per call costs a
second or two of start-up and makes concurrent conversions independent; it also leaves nothing in the home
directory of the server's user.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

ENV_VAR = "XUNCHA_SOFFICE"
_STDERR_TAIL = 600  # characters of soffice's output quoted in PdfFailed


class PdfUnavailable(Exception):
    """LibreOffice is not installed (or not where XUNCHA_SOFFICE says)."""

    def __init__(self, detail: str = "") -> None:
        message = "本机未安装 LibreOffice，无法生成 PDF 预览；.docx 文件不受影响。"
        if detail:
            message += f"（{detail}）"
        super().__init__(message)


class PdfFailed(Exception):
    """LibreOffice ran but produced no PDF, or took too long."""


def soffice_path() -> str | None:
    """The LibreOffice executable: XUNCHA_SOFFICE when set (and it exists), else `soffice` or `libreoffice` on PATH."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        return shutil.which(configured)  # None when it names nothing executable
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _tail(text: bytes) -> str:
    decoded = text.decode("utf-8", errors="replace").strip()
    return decoded[-_STDERR_TAIL:]


def docx_to_pdf(docx: bytes, *, timeout: float = 120) -> bytes:
    """The PDF of a .docx given as bytes. Raises PdfUnavailable without LibreOffice, PdfFailed when it fails."""
    executable = soffice_path()
    if executable is None:
        configured = os.environ.get(ENV_VAR, "").strip()
        raise PdfUnavailable(f"{ENV_VAR}={configured} 不存在或不可执行" if configured else "")
    with tempfile.TemporaryDirectory(prefix="xuncha-pdf-") as tmp:
        root = Path(tmp)
        source = root / "document.docx"
        source.write_bytes(docx)
        out_dir = root / "out"
        out_dir.mkdir()
        command = [
            executable,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(source),
        ]
        env = {**os.environ, "HOME": str(root)}  # nothing of LibreOffice's lands in the real home directory
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=root,
            env=env,
            start_new_session=True,  # its own process group, so a timeout ends oosplash and soffice.bin alike
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            stdout, stderr = process.communicate()
            raise PdfFailed(
                f"LibreOffice 在 {timeout:g} 秒内未完成 PDF 转换，已终止。{_tail(stderr or stdout)}".strip()
            ) from None
        result = out_dir / "document.pdf"
        if process.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            detail = _tail(stderr) or _tail(stdout)
            raise PdfFailed(f"LibreOffice 未能生成 PDF（退出码 {process.returncode}）：{detail}")
        return result.read_bytes()


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(process.pid, signal.SIGKILL)
