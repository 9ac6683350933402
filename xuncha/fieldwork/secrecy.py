"""Who may read fieldwork material, in one place.

Secret material — petitions and who sent them, like talk records — is readable only by the team that inspects
and the office head of the jurisdiction (巡察工作秘密: JDZ-2017 第四十六条（三）, NMG-2016 第三十六条（三）).
The rest of the fieldwork record is the team's working material: the team and the jurisdiction's oversight roles
(office, leading group, five-member group, auditors) read it; inspected units and receiving organs do not."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from xuncha.audit.secrecy import SECRET_READER_ROLES, secret_read, secret_readers_q
from xuncha.core.visibility import Viewer, viewer_for

if TYPE_CHECKING:
    from xuncha.accounts.models import User

__all__ = [
    "SECRET_READER_ROLES",
    "fieldwork_readers_q",
    "may_read_fieldwork",
    "may_read_secrets",
    "secret_read",
    "secret_readers_q",
]


def _path(prefix: str, name: str) -> str:
    return f"{prefix}__{name}" if prefix else name


def fieldwork_readers_q(viewer: Viewer, *, inspection: str = "inspection") -> Q:
    """Rows of non-secret fieldwork material the viewer may read."""
    return Q(**{_path(inspection, "team_id__in"): sorted(viewer.team_ids)}) | Q(
        **{_path(inspection, "jurisdiction_id__in"): viewer.oversight_jurisdictions}
    )


def may_read_fieldwork(user: User, inspection: Any) -> bool:
    viewer = viewer_for(user)
    return inspection.team_id in viewer.team_ids or inspection.jurisdiction_id in viewer.oversight_jurisdictions


def may_read_secrets(user: User, inspection: Any) -> bool:
    viewer = viewer_for(user)
    return inspection.team_id in viewer.team_ids or inspection.jurisdiction_id in viewer.jurisdictions_with(
        SECRET_READER_ROLES
    )
