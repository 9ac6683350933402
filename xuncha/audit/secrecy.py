"""Secret material, one rule and one door.

Talk records, petitions and their senders, informants named in inquiry records, personal-matters results and
leader briefings are 巡察工作秘密 (leaking them is sanctioned: JDZ-2017 第四十六条（三）, NMG-2016 第三十六条（三）).
They are readable only by the team that inspects and the office head of the jurisdiction, and every read is a
`secret.read` event that never holds the content."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.db.models import Q

from xuncha.core.errors import PermissionDeniedError
from xuncha.core.visibility import Viewer

from .actions import SECRET_READ
from .services import event_record

SECRET_READER_ROLES = frozenset({"office_head"})


def _path(prefix: str, name: str) -> str:
    return f"{prefix}__{name}" if prefix else name


def secret_readers_q(viewer: Viewer, *, inspection: str = "inspection") -> Q:
    """Rows whose inspection (reached by the lookup `inspection`) is one the viewer may read secrets of."""
    return Q(**{_path(inspection, "team_id__in"): sorted(viewer.team_ids)}) | Q(
        **{_path(inspection, "jurisdiction_id__in"): viewer.jurisdictions_with(SECRET_READER_ROLES)}
    )


def secret_read(
    *, actor: Any, queryset: models.QuerySet[Any], pk: int, refusal: str, obj_inspection: str = "inspection"
) -> Any:
    """Open one secret row: only through `visible_to`, and the read itself is a `secret.read` event.
    `obj_inspection` is the attribute path from the row to its inspection."""
    with transaction.atomic():
        row = queryset.visible_to(actor).filter(pk=pk).first()  # type: ignore[attr-defined]
        if row is None:
            raise PermissionDeniedError(refusal)
        inspection = row
        for part in obj_inspection.split("."):
            inspection = getattr(inspection, part)
        event_record(
            actor=actor, action=SECRET_READ, obj=row, inspection=inspection, jurisdiction=inspection.jurisdiction
        )
    return row
