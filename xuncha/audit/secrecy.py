"""Secret material, one rule and one door.

Talk records, petitions and their senders, informants named in inquiry records, personal-matters results and
leader briefings are 巡察工作秘密 (leaking them is sanctioned: JDZ-2017 第四十六条（三）, NMG-2016 第三十六条（三）).
They are readable only by the team that inspects and the office head of the jurisdiction, and every read is a
`secret.read` event that never holds the content.

Each kind of secret material is registered once, by the app that owns its model, in that app's `secrets.py`
(imported at start-up by `audit.apps`, as `actions.py` is): `SECRET_KINDS.register(SecretKind(...), key=...)`.
The kind says what its secret texts are, identities (matched as a whole) and content (matched by fragments), so
that the disclosure check (`disclosures/secrecy.py`) covers it without knowing the app; its model reads through
`secret_readers_q` in `visible_to` and opens one row with `secret_read`. `audit/tests/test_secret_kinds.py` fails
on a model that reads through `secret_readers_q` (or says `secret = True`) without a registered kind."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.db.models import Q

from xuncha.core.errors import PermissionDeniedError
from xuncha.core.hooks import Hook
from xuncha.core.visibility import Viewer

from .actions import SECRET_READ
from .services import event_record

if TYPE_CHECKING:
    from xuncha.accounts.models import User

SECRET_READER_ROLES = frozenset({"office_head"})


@dataclass(frozen=True)
class Secret:
    """One secret text of one record, as the disclosure check compares it (never shown)."""

    source: str  # the kind of record: 个别谈话记录
    record: str  # the record: 个别谈话记录 #12
    what: str  # the secret field: 谈话对象
    text: str
    whole: bool  # an identity (matched as a whole) or content (matched by fragments)


@dataclass(frozen=True)
class SecretKind:
    """A kind of secret material. `models` are the model labels holding it (`app.Model`); `texts(inspection_ids)`
    yields the secret texts of those inspections (a system comparison, not a user's read: no `visible_to`)."""

    name: str
    models: tuple[str, ...]
    texts: Callable[[list[int]], Iterator[Secret]]


SECRET_KINDS: Hook[SecretKind] = Hook("secret_kinds", "保密材料的种类：由拥有该模型的应用在其 secrets.py 中登记")


def _path(prefix: str, name: str) -> str:
    return f"{prefix}__{name}" if prefix else name


def secret_readers_q(viewer: Viewer, *, inspection: str = "inspection") -> Q:
    """Rows whose inspection (reached by the lookup `inspection`) is one the viewer may read secrets of."""
    return Q(**{_path(inspection, "team_id__in"): sorted(viewer.team_ids)}) | Q(
        **{_path(inspection, "jurisdiction_id__in"): viewer.jurisdictions_with(SECRET_READER_ROLES)}
    )


def secret_read(
    *, actor: User | None, queryset: models.QuerySet[Any], pk: int, refusal: str, obj_inspection: str = "inspection"
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
