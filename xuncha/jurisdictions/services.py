from __future__ import annotations

from typing import Any

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.errors import full_clean_or_raise

from .models import Jurisdiction


def jurisdiction_create(
    *, actor: Any, code: str, name: str, short_name: str, rulebook_code: str, parent: Jurisdiction | None = None
) -> Jurisdiction:
    with transaction.atomic():
        j = Jurisdiction(code=code, name=name, short_name=short_name, rulebook_code=rulebook_code, parent=parent)
        full_clean_or_raise(j)
        j.save()
        event_record(
            actor=actor,
            action="jurisdiction.created",
            obj=j,
            jurisdiction=j,
            after={"code": code, "name": name, "rulebook": rulebook_code, "parent": parent and parent.code},
        )
    return j
