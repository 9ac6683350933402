"""Steps the documents tests share."""

from __future__ import annotations

from typing import Any

from xuncha.documents import services
from xuncha.documents.models import Document, Letterhead

LETTERHEADS = {
    "JDZ-2017": ("中共景德镇市委巡察工作领导小组办公室", "景巡办", "中共景德镇市委巡察工作领导小组办公室"),
    "NMG-2016": ("中共内蒙古自治区委员会巡视工作领导小组办公室", "内巡办", "自治区党委巡视工作领导小组办公室"),
}


def letterhead(side: Any) -> Letterhead:
    """The office head sets the letterhead (numbered documents need its 发文机关代字)."""
    issuer, code, printer = LETTERHEADS[side.jurisdiction.rulebook_code]
    return services.letterhead_set(
        actor=side.office_head, jurisdiction=side.jurisdiction, issuer=issuer, code=code, printer=printer
    )


def content(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()
