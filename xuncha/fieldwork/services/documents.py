"""Writes on document retrievals (调阅资料): recording, returning, disposing of copies."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.errors import ServiceError, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.inspections.locking import lock_inspection
from xuncha.inspections.models import Inspection

from .. import rules
from ..actions import (
    DOCUMENT_COPY_DISPOSED,
    DOCUMENT_RETRIEVED,
    DOCUMENT_RETURNED,
)
from ..models import DocumentRetrieval
from .guards import _check_day, _require_entered, _require_on_site, _require_recorder

if TYPE_CHECKING:
    from xuncha.accounts.models import User


# -- document retrievals --------------------------------------------------------------------------------------------
def document_retrieval_record(
    *,
    actor: User,
    inspection: Inspection,
    title: str,
    kind: str,
    source_unit: str,
    taken_on: datetime.date,
    source_person: str = "",
    quantity: str = "",
) -> DocumentRetrieval:
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        wm = rules.method(inspection.jurisdiction.rulebook, "document_retrieval")
        _require_recorder(actor, inspection, what="登记调阅、复制资料")
        _require_on_site(inspection, what="调阅、复制资料")
        _check_day(taken_on, inspection=inspection, field="taken_on", label="调取日期")
        retrieval = DocumentRetrieval(
            inspection=inspection,
            title=title.strip(),
            kind=kind,
            source_unit=source_unit.strip(),
            source_person=source_person.strip(),
            quantity=quantity.strip(),
            taken_on=taken_on,
            recorded_by=actor,
        )
        full_clean_or_raise(retrieval)
        retrieval.save()
        event_record(
            actor=actor,
            action=DOCUMENT_RETRIEVED,
            obj=retrieval,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"kind": kind, "title": retrieval.title, "source_unit": retrieval.source_unit},
            article=wm.article,
            occurred_on=taken_on,
        )
    return retrieval


def _locked_retrieval(retrieval: DocumentRetrieval) -> DocumentRetrieval:
    return lock_row(retrieval)


def document_return(*, actor: User, retrieval: DocumentRetrieval, returned_on: datetime.date) -> DocumentRetrieval:
    """Borrowed material goes back to whoever provided it; copies are never returned."""
    with transaction.atomic():
        inspection = lock_inspection(retrieval.inspection)
        retrieval = _locked_retrieval(retrieval)
        wm = rules.method(inspection.jurisdiction.rulebook, "document_retrieval")
        _require_recorder(actor, inspection, what="登记归还资料")
        _require_entered(inspection, what="登记归还资料")
        if retrieval.kind != DocumentRetrieval.Kind.BORROWED:
            raise ServiceError("复制的资料不归还：复制件应登记留存归档或销毁", field="returned_on", article=wm.article)
        if retrieval.returned_on is not None:
            raise ServiceError(f"已于 {retrieval.returned_on} 归还", field="returned_on")
        _check_day(
            returned_on,
            inspection=inspection,
            field="returned_on",
            label="归还日期",
            not_before=retrieval.taken_on,
        )
        retrieval.returned_on = returned_on
        full_clean_or_raise(retrieval)
        retrieval.save(update_fields=["returned_on"])
        event_record(
            actor=actor,
            action=DOCUMENT_RETURNED,
            obj=retrieval,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"returned_on": returned_on},
            article=wm.article,
            occurred_on=returned_on,
        )
    return retrieval


def document_copy_dispose(
    *, actor: User, retrieval: DocumentRetrieval, disposition: str, disposed_on: datetime.date
) -> DocumentRetrieval:
    """Copies are kept with the inspection's files or destroyed; record which, and when."""
    with transaction.atomic():
        inspection = lock_inspection(retrieval.inspection)
        retrieval = _locked_retrieval(retrieval)
        wm = rules.method(inspection.jurisdiction.rulebook, "document_retrieval")
        _require_recorder(actor, inspection, what="登记复制件处理")
        _require_entered(inspection, what="登记复制件处理")
        if retrieval.kind != DocumentRetrieval.Kind.COPIED:
            raise ServiceError("调阅的资料应归还，不登记留存或销毁", field="disposition", article=wm.article)
        if retrieval.disposition:
            raise ServiceError(
                f"复制件已于 {retrieval.disposed_on} {retrieval.get_disposition_display()}", field="disposition"
            )
        if disposition not in DocumentRetrieval.Disposition.values:
            raise ServiceError("复制件处理应为：留存归档、销毁", field="disposition")
        _check_day(
            disposed_on,
            inspection=inspection,
            field="disposed_on",
            label="处理日期",
            not_before=retrieval.taken_on,
        )
        retrieval.disposition, retrieval.disposed_on = disposition, disposed_on
        full_clean_or_raise(retrieval)
        retrieval.save(update_fields=["disposition", "disposed_on"])
        event_record(
            actor=actor,
            action=DOCUMENT_COPY_DISPOSED,
            obj=retrieval,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"disposition": disposition, "disposed_on": disposed_on},
            article=wm.article,
            occurred_on=disposed_on,
        )
    return retrieval
