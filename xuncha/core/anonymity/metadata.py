"""Remove what a file says about its maker before it is stored: a phone's photo carries the place it was taken
(EXIF GPS), the device and the time; a Word document carries its author and company. Done on the bytes, with no
imaging library: JPEG segments and PNG chunks that hold metadata are dropped, a .docx's document properties
emptied. PDF metadata and authors inside a document's text (comments, tracked changes) are not touched — the page
says so (docs/threat-model.md)."""

from __future__ import annotations

import io
import re
import struct
import zipfile

from xuncha.core.errors import ServiceError

# JPEG: APP1 (Exif, XMP), APP3…APP13 (vendor data, IPTC/Photoshop), APP15 and comments. Kept: APP0 (JFIF), APP2 (the
# ICC colour profile) and APP14 (Adobe: it says how to read the colours).
_JPEG_DROP = {0xE1, *range(0xE3, 0xEE), 0xEF, 0xFE}
# PNG: text, compressed text, international text, EXIF and the last-modified time.
_PNG_DROP = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}
_EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>'
)
_APP_PERSONAL = re.compile(rb"<(Company|Manager|Template|HyperlinkBase)>[^<]*</\1>")


def _broken(what: str) -> ServiceError:
    return ServiceError(f"附件不是完整的{what}，无法去除其中的拍摄地点、作者等信息，请重新保存后上传", field="files")


def strip_jpeg(data: bytes) -> bytes:
    if not data.startswith(b"\xff\xd8"):
        raise _broken("JPEG图片")
    out = bytearray(b"\xff\xd8")
    i = 2
    while i < len(data):
        if data[i] != 0xFF:
            raise _broken("JPEG图片")
        marker = data[i + 1] if i + 1 < len(data) else None
        if marker is None:
            raise _broken("JPEG图片")
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xDA or marker == 0xD9:  # start of scan (the image data follows) or end of image
            out += data[i:]
            return bytes(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += data[i : i + 2]
            i += 2
            continue
        if i + 4 > len(data):
            raise _broken("JPEG图片")
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        end = i + 2 + length
        if length < 2 or end > len(data):
            raise _broken("JPEG图片")
        if marker not in _JPEG_DROP:
            out += data[i:end]
        i = end
    raise _broken("JPEG图片")


def strip_png(data: bytes) -> bytes:
    signature = b"\x89PNG\r\n\x1a\n"
    if not data.startswith(signature):
        raise _broken("PNG图片")
    out = bytearray(signature)
    i = len(signature)
    while i + 8 <= len(data):
        (length,) = struct.unpack(">I", data[i : i + 4])
        kind = data[i + 4 : i + 8]
        end = i + 12 + length
        if end > len(data):
            raise _broken("PNG图片")
        if kind not in _PNG_DROP:
            out += data[i:end]
        i = end
        if kind == b"IEND":
            return bytes(out)
    raise _broken("PNG图片")


def strip_docx(data: bytes) -> bytes:
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                body = source.read(info)
                if info.filename == "docProps/core.xml":
                    body = _EMPTY_CORE
                elif info.filename == "docProps/app.xml":
                    body = _APP_PERSONAL.sub(rb"<\1></\1>", body)
                clean = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
                clean.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(clean, body)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _broken("Word文档") from exc
    return out.getvalue()


STRIPPERS = {"jpg": strip_jpeg, "png": strip_png, "docx": strip_docx}


def strip(kind: str, data: bytes) -> bytes:
    """The file without its maker's metadata (the same bytes for kinds that have none to remove here)."""
    stripper = STRIPPERS.get(kind)
    return stripper(data) if stripper else data
