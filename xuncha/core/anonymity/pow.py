"""A proof of work instead of a CAPTCHA service: before a public form is accepted, the browser finds a number whose
SHA-256 with the server's challenge starts with `bits` zero bits (`static/core/pow.js`; 16 bits by default: 0.14 s
on average in desktop Chromium here, bench/public_channel.py, several times that on a phone). Nothing leaves the
machine; nothing is stored per visitor — a challenge is signed, carries its expiry, and is spent in the cache once
used."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.core.cache import cache

from xuncha.core.errors import ServiceError

LIFETIME = 30 * 60  # seconds a challenge stays valid: time to write a report on a phone


def _sign(body: str) -> str:
    key = hmac.new(settings.SECRET_KEY.encode(), b"xuncha.anonymity.pow", hashlib.sha256).digest()
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()[:32]


def challenge_new(purpose: str) -> str:
    """`purpose.expiry.nonce.bits.signature`: the page puts it in the form."""
    bits = int(settings.XUNCHA_PUBLIC_POW_BITS)
    body = f"{purpose}.{int(time.time()) + LIFETIME}.{secrets.token_hex(8)}.{bits}"
    return f"{body}.{_sign(body)}"


def leading_zero_bits(digest: bytes) -> int:
    n = 0
    for byte in digest:
        if byte == 0:
            n += 8
            continue
        n += 8 - byte.bit_length()
        break
    return n


def solve(challenge: str) -> str:
    """What the browser does, in Python: for tests and API clients."""
    bits = int(challenge.split(".")[3])
    counter = 0
    while leading_zero_bits(hashlib.sha256(f"{challenge}:{counter}".encode()).digest()) < bits:
        counter += 1
    return str(counter)


def challenge_verify(challenge: str, solution: str, *, purpose: str) -> None:
    """Accept a solved challenge once. A missing, forged, expired, reused or unsolved one is refused."""
    refusal = "防滥用验证未通过或已过期，请刷新页面后重新提交（本页需要启用JavaScript完成验证）。"
    parts = (challenge or "").split(".")
    if len(parts) != 5:
        raise ServiceError(refusal, field="pow")
    got_purpose, expiry, nonce, bits, signature = parts
    body = ".".join(parts[:4])
    if not hmac.compare_digest(_sign(body), signature) or got_purpose != purpose:
        raise ServiceError(refusal, field="pow")
    if not expiry.isdigit() or int(expiry) < time.time():
        raise ServiceError(refusal, field="pow")
    if int(bits) < int(settings.XUNCHA_PUBLIC_POW_BITS):
        raise ServiceError(refusal, field="pow")
    digest = hashlib.sha256(f"{challenge}:{(solution or '').strip()}".encode()).digest()
    if not (solution or "").strip().isdigit() or leading_zero_bits(digest) < int(bits):
        raise ServiceError(refusal, field="pow")
    if not cache.add(f"xuncha:pow:{nonce}", 1, timeout=LIFETIME + 60):
        raise ServiceError(refusal, field="pow")
