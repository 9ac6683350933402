"""QR codes for the public's pages: the matrix from `qrcode`, drawn here as an SVG path (for pages and print) and as a
one-bit PNG (for .docx documents), so that no imaging library is needed."""

from __future__ import annotations

import struct
import zlib

import qrcode
from django.utils.safestring import SafeString, mark_safe

BORDER = 4  # modules of quiet zone around the code, as the QR standard asks


def matrix(data: str) -> list[list[bool]]:
    code = qrcode.QRCode(border=BORDER, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def svg(data: str, *, size_mm: float = 30, title: str = "") -> SafeString:
    """An inline SVG, `size_mm` wide when printed; one path of unit squares, crisp at any zoom."""
    rows = matrix(data)
    n = len(rows)
    path = "".join(f"M{x} {y}h1v1h-1z" for y, row in enumerate(rows) for x, dark in enumerate(row) if dark)
    label = f"<title>{_escape(title)}</title>" if title else ""
    return mark_safe(  # built from numbers and an escaped title only
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" width="{size_mm}mm" height="{size_mm}mm" '
        f'shape-rendering="crispEdges" role="img" class="qr">{label}'
        f'<rect width="{n}" height="{n}" fill="#fff"/><path d="{path}" fill="#000"/></svg>'
    )


def png(data: str, *, scale: int = 8) -> bytes:
    """A black-and-white PNG, `scale` pixels per module."""
    rows = matrix(data)
    width = len(rows) * scale
    raw = bytearray()
    for row in rows:
        line = bytearray([0])  # filter type: none
        bits = [0 if dark else 1 for dark in row for _ in range(scale)]  # 1-bit greyscale: 0 is black
        for i in range(0, len(bits), 8):
            chunk = bits[i : i + 8] + [1] * (8 - len(bits[i : i + 8]))
            line.append(sum(b << (7 - j) for j, b in enumerate(chunk)))
        raw += bytes(line) * scale
    header = struct.pack(">IIBBBBB", width, width, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
