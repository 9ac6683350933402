"""Codes handed to the public: a report's receipt code and an evaluation's one-time slip codes.

Both come from the operating system's CSPRNG (`secrets`), never from a clock or a counter, and are stored only as
hashes. The hash is looked up by equality, so it is deterministic per scope (one inspection's channel, one
evaluation): its salt is derived from the server's key and the scope, so a database dump alone cannot even start
guessing, and two scopes never share a hash.

- A receipt code (20 digits, about 66 bits) is hashed with Argon2id (`receipt_hash`): it opens a thread that may
  hold the reporter's name, so guessing it must be slow even for someone who has the key.
- A slip code (16 digits) is hashed with HMAC-SHA256 (`slip_hash`): a slip is never linked to a person or an answer,
  so all a guessed slip gives is one ballot while the evaluation is open — the rate limit and the count of issued
  slips bound that; hashing hundreds of slips with Argon2id at issue would take minutes for nothing."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2.low_level import Type, hash_secret_raw
from django.conf import settings

RECEIPT_DIGITS = 20
SLIP_DIGITS = 16


def _key(purpose: str) -> bytes:
    """A key of its own for each purpose, derived from SECRET_KEY (never the key itself)."""
    return hmac.new(settings.SECRET_KEY.encode(), f"xuncha.anonymity.{purpose}".encode(), hashlib.sha256).digest()


def _digits(n: int) -> str:
    return f"{secrets.randbelow(10**n):0{n}d}"


def new_receipt_code() -> str:
    return _digits(RECEIPT_DIGITS)


def new_slip_code() -> str:
    return _digits(SLIP_DIGITS)


def normalize(code: str) -> str:
    """What a person types, spaces and dashes removed; full-width digits count as digits."""
    table = str.maketrans("０１２３４５６７８９", "0123456789")
    return "".join(ch for ch in code.translate(table) if ch.isdigit() and ch.isascii())


def grouped(code: str) -> str:
    """`1234 5678 …`, as printed and shown."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def receipt_hash(code: str, *, scope: str) -> str:
    """Argon2id of a receipt code, salted per scope. The cost comes from settings (`XUNCHA_ARGON2_*`)."""
    salt = hmac.new(_key("receipt-salt"), scope.encode(), hashlib.sha256).digest()[:16]
    raw = hash_secret_raw(
        secret=normalize(code).encode(),
        salt=salt,
        time_cost=settings.XUNCHA_ARGON2_TIME_COST,
        memory_cost=settings.XUNCHA_ARGON2_MEMORY_KIB,
        parallelism=settings.XUNCHA_ARGON2_PARALLELISM,
        hash_len=32,
        type=Type.ID,
    )
    return raw.hex()


def slip_hash(code: str, *, scope: str) -> str:
    return hmac.new(_key("slip"), f"{scope}:{normalize(code)}".encode(), hashlib.sha256).hexdigest()


def new_token() -> str:
    """An unguessable path segment for a public page (an inspection's channel, an evaluation): knowing one page's
    address tells nothing about another's, and unannounced inspections cannot be enumerated."""
    return secrets.token_urlsafe(12)
