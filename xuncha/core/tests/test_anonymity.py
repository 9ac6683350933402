"""The public pages' shared parts: codes, hashes, proof of work, rate limits, QR codes, the middleware and the log
filter (xuncha/core/anonymity)."""

from __future__ import annotations

import hashlib
import logging
import os
import struct
import zlib
from typing import Any

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from xuncha.core.anonymity import codes, pow, qr, ratelimit
from xuncha.core.anonymity.logs import PublicRequestFilter
from xuncha.core.anonymity.middleware import AnonymousPagesMiddleware
from xuncha.core.errors import ServiceError


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_codes_are_random_digits_of_the_stated_length():
    receipts = {codes.new_receipt_code() for _ in range(200)}
    assert len(receipts) == 200
    assert all(len(c) == codes.RECEIPT_DIGITS == 20 and c.isdigit() for c in receipts)
    assert all(len(c) == 16 and c.isdigit() for c in (codes.new_slip_code() for _ in range(50)))
    # every digit position varies: not a counter, not a clock
    for i in range(20):
        assert len({c[i] for c in receipts}) > 3


def test_normalize_and_grouped():
    assert codes.normalize(" 1234-5678 ９０１２ ") == "123456789012"
    assert codes.grouped("12345678") == "1234 5678"


def test_receipt_hash_is_argon2id_per_scope(settings):
    code = "12345678901234567890"
    a = codes.receipt_hash(code, scope="channel-a")
    assert a == codes.receipt_hash("1234 5678 9012 3456 7890", scope="channel-a")
    assert a != codes.receipt_hash(code, scope="channel-b")
    assert code not in a and len(a) == 64
    settings.SECRET_KEY = "another-" * 8
    assert codes.receipt_hash(code, scope="channel-a") != a  # the salt depends on the server's key


def test_production_argon2_cost_is_the_documented_one():
    """Tests run with a cheap cost (xuncha/conftest.py); the shipped defaults are what the docs promise."""
    import os
    import subprocess
    import sys

    probe = (
        "import django; from django.conf import settings as s; django.setup(); "
        "print(s.XUNCHA_ARGON2_TIME_COST, s.XUNCHA_ARGON2_MEMORY_KIB, s.XUNCHA_PUBLIC_POW_BITS, "
        "s.XUNCHA_EVALUATION_MIN_GROUP)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("XUNCHA_ARGON2") and "POW" not in k}
    env.setdefault("DJANGO_SETTINGS_MODULE", "xuncha.settings")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert out.stdout.split() == ["3", "65536", "16", "5"], out.stderr


def test_slip_hash_depends_on_scope_and_key():
    assert codes.slip_hash("1111222233334444", scope="e1") != codes.slip_hash("1111222233334444", scope="e2")
    assert codes.slip_hash("1111 2222 3333 4444", scope="e1") == codes.slip_hash("1111222233334444", scope="e1")


def test_pow_accepts_a_solution_once(settings):
    settings.XUNCHA_PUBLIC_POW_BITS = 8
    challenge = pow.challenge_new("report")
    answer = pow.solve(challenge)
    pow.challenge_verify(challenge, answer, purpose="report")
    with pytest.raises(ServiceError, match="防滥用验证"):
        pow.challenge_verify(challenge, answer, purpose="report")  # spent


@pytest.mark.parametrize("tamper", ["purpose", "bits", "signature", "unsolved", "expired"])
def test_pow_refuses_forgeries(settings, tamper, monkeypatch):
    settings.XUNCHA_PUBLIC_POW_BITS = 8
    challenge = pow.challenge_new("report")
    answer = pow.solve(challenge)
    purpose = "report"
    if tamper == "purpose":
        purpose = "evaluation"
    elif tamper == "bits":
        parts = challenge.split(".")
        parts[3] = "0"
        challenge = ".".join(parts)
        answer = "0"
    elif tamper == "signature":
        challenge = challenge[:-1] + ("0" if challenge[-1] != "0" else "1")
    elif tamper == "unsolved":
        while pow.leading_zero_bits(hashlib.sha256(f"{challenge}:{answer}".encode()).digest()) >= 8:
            answer = str(int(answer) + 1)
    elif tamper == "expired":
        monkeypatch.setattr(pow.time, "time", lambda: 10**12)
    with pytest.raises(ServiceError):
        pow.challenge_verify(challenge, answer, purpose=purpose)


def test_rate_limit_counts_in_the_cache_and_refuses_in_chinese():
    for _ in range(3):
        ratelimit.hit("code", "k1", window=900)
    ratelimit.check("code", "k2", limit=3, window=900, what="输入查询码")
    with pytest.raises(ratelimit.RateLimited, match=r"输入查询码次数过多，请15分钟后再试.*系统设置"):
        ratelimit.check("code", "k1", limit=3, window=900, what="输入查询码")


def test_client_key_is_a_keyed_hash_not_the_address():
    request = RequestFactory().get("/p/x/", REMOTE_ADDR="203.0.113.77")
    key = ratelimit.client_key(request)
    assert "203" not in key and len(key) == 16
    assert key == ratelimit.client_key(RequestFactory().get("/p/y/", REMOTE_ADDR="203.0.113.77"))
    assert key != ratelimit.client_key(RequestFactory().get("/p/y/", REMOTE_ADDR="203.0.113.78"))


def test_middleware_scrubs_public_requests_only():
    seen = {}

    def view(request):
        seen.update(request.META)
        seen["client"] = getattr(request, "anonymous_client", None)
        return HttpResponse("ok")

    middleware = AnonymousPagesMiddleware(view)
    factory = RequestFactory()
    response = middleware(
        factory.get("/p/r/x/", REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Mozilla/5.0 (Test-UA)", HTTP_REFERER="x")
    )
    assert seen["REMOTE_ADDR"] == "0.0.0.0" and "HTTP_USER_AGENT" not in seen and "HTTP_REFERER" not in seen
    assert seen["client"] and response["Referrer-Policy"] == "no-referrer" and response["Cache-Control"] == "no-store"
    seen.clear()
    middleware(factory.get("/inspections/", REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="UA"))
    assert seen["REMOTE_ADDR"] == "203.0.113.77" and seen["HTTP_USER_AGENT"] == "UA"


def test_log_filter_drops_public_request_records():
    f = PublicRequestFilter()
    access = logging.LogRecord(
        "django.server", logging.INFO, "", 0, '"%s" %s %s', ("POST /p/r/abc/ HTTP/1.1", "302", "0"), None
    )
    assert f.filter(access) is False
    other = logging.LogRecord(
        "django.server", logging.INFO, "", 0, '"%s" %s %s', ("GET /inspections/ HTTP/1.1", "200", "5"), None
    )
    assert f.filter(other) is True
    warning = logging.LogRecord("django.request", logging.WARNING, "", 0, "Bad Request: %s", ("/p/r/abc/",), None)
    warning.request = RequestFactory().get("/p/r/abc/")
    assert f.filter(warning) is False
    error = logging.LogRecord("django.request", logging.ERROR, "", 0, "Internal Server Error: %s", ("/p/r/abc/",), None)
    error.request = RequestFactory().get("/p/r/abc/")
    assert f.filter(error) is True and getattr(error, "request", "") is None and "/p/" not in error.getMessage()


def test_every_configured_handler_filters_public_requests():
    """Not only the settings' handlers: every handler of every logger as configured at start-up (Django adds its own
    runserver access log, `django.server`), except pytest's capture and the NullHandlers libraries install."""
    loggers = [logging.getLogger()] + [
        lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    for logger in loggers:
        for handler in logger.handlers:
            if type(handler).__module__.startswith("_pytest") or isinstance(handler, logging.NullHandler):
                continue  # pytest's capture; a library's NullHandler writes nothing
            assert any(isinstance(f, PublicRequestFilter) for f in handler.filters), (logger.name, handler)


def test_log_filter_is_installed_on_every_handler():
    from django.conf import settings

    handlers: dict[str, Any] = getattr(settings, "LOGGING")["handlers"]  # noqa: B009  # typed as object
    for name, handler in handlers.items():
        assert "public_requests" in handler.get("filters", []), name


def test_qr_svg_and_png():
    svg = qr.svg("http://example.test/p/r/abc/", title="扫码反映")
    assert svg.startswith("<svg") and "<title>扫码反映</title>" in svg and 'd="M' in svg
    data = qr.png("http://example.test/p/r/abc/", scale=4)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    n = len(qr.matrix("http://example.test/p/r/abc/"))
    assert width == height == n * 4
    # the image data decompresses to one filter byte plus packed bits per row
    idat_len = struct.unpack(">I", data[33:37])[0]
    raw = zlib.decompress(data[41 : 41 + idat_len])
    assert len(raw) == height * (1 + (width + 7) // 8)


REDIS = "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_up() and not os.environ.get("CI"), reason="Redis not running here (CI requires it)")
def test_workers_share_limits_and_spent_challenges_through_redis(settings, tmp_path):
    """Two processes on one Redis (XUNCHA_REDIS_URL): a challenge spent by one is refused by the other, and hits
    counted by one are seen by the other. In memory each worker would count and spend alone."""
    import subprocess
    import sys

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS, "KEY_PREFIX": "xuncha"}
    }
    # (pytest-django's `settings` sends setting_changed: Django drops its cache connections, the proxy follows)
    settings.XUNCHA_PUBLIC_POW_BITS = 4
    challenge = pow.challenge_new("report")
    answer = pow.solve(challenge)
    probe = (
        "import django, sys; from django.conf import settings; django.setup(); "
        "from xuncha.core.anonymity import pow, ratelimit; "
        "pow.challenge_verify(sys.argv[1], sys.argv[2], purpose='report'); "
        "[ratelimit.hit('code', 'worker-test', window=900) for _ in range(3)]"
    )
    env = {**os.environ, "XUNCHA_REDIS_URL": REDIS, "XUNCHA_PUBLIC_POW_BITS": "4", "XUNCHA_VAR_DIR": str(tmp_path)}
    env["XUNCHA_SECRET_KEY"] = settings.SECRET_KEY
    env.setdefault("DJANGO_SETTINGS_MODULE", "xuncha.settings")
    try:
        done = subprocess.run(
            [sys.executable, "-c", probe, challenge, answer], capture_output=True, text=True, env=env, timeout=60
        )
        assert done.returncode == 0, done.stderr
        with pytest.raises(ServiceError, match="防滥用验证"):
            pow.challenge_verify(challenge, answer, purpose="report")  # spent by the other process
        assert ratelimit.hits("code", "worker-test", window=900) == 3
    finally:
        cache.clear()


def _jpeg_with_exif() -> bytes:
    exif = b"Exif\x00\x00" + b"GPS 29.29N 117.20E iPhone"
    app1 = b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    comment = b"\xff\xfe" + struct.pack(">H", 9) + b"author!"
    scan = b"\xff\xda" + struct.pack(">H", 8) + b"\x01\x01\x00\x00\x3f\x00" + b"\x12\x34\xff\x00\x56" + b"\xff\xd9"
    return b"\xff\xd8" + app0 + app1 + comment + scan


def test_metadata_is_stripped_from_photos_and_documents():
    from xuncha.core.anonymity import metadata

    jpeg = _jpeg_with_exif()
    clean = metadata.strip("jpg", jpeg)
    assert b"GPS" not in clean and b"author" not in clean and b"JFIF" in clean and clean.endswith(jpeg[-13:])
    with pytest.raises(ServiceError, match="无法去除"):
        metadata.strip("jpg", jpeg[:30])
    png = qr.png("x", scale=1)
    text = struct.pack(">I", 12) + b"tEXtAuthor\x00Zhang" + b"\x00\x00\x00\x00"
    with_text = png[:33] + text + png[33:]
    assert b"Zhang" in with_text and b"Zhang" not in metadata.strip("png", with_text)
    assert metadata.strip("png", with_text) == png
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>正文</w:document>")
        z.writestr("docProps/core.xml", "<cp:coreProperties><dc:creator>张三</dc:creator></cp:coreProperties>")
        z.writestr("docProps/app.xml", "<Properties><Company>某某局</Company><Pages>1</Pages></Properties>")
    cleaned = zipfile.ZipFile(io.BytesIO(metadata.strip("docx", buffer.getvalue())))
    assert "张三" not in cleaned.read("docProps/core.xml").decode()
    app = cleaned.read("docProps/app.xml").decode()
    assert "某某局" not in app and "<Pages>1</Pages>" in app
    assert cleaned.read("word/document.xml").decode() == "<w:document>正文</w:document>"
    assert metadata.strip("pdf", b"%PDF-1.4") == b"%PDF-1.4"
