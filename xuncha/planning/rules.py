"""What planning reads from the rulebook, in one place (models and services both ask here)."""

from __future__ import annotations

from typing import Any

DISCIPLINE_LIAISON_BODY = "discipline_inspection_office"


def discipline_liaison_body(book: Any) -> Any:
    """The rulebook's body that sends a person to take part in the inspection of the units it liaises with (JDZ-2017
    第二十八条: 市纪委纪检监察室派员参与对口联系单位的巡察工作); None where the rulebook has no such body (NMG-2016)."""
    body = next((b for b in book.bodies if b.code == DISCIPLINE_LIAISON_BODY), None)
    if body is None or not any("派员参与" in d for d in body.duties):
        return None
    return body
