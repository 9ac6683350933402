"""调阅、复制资料: borrowed material is returned, never before it was borrowed; copies are never returned —
they are kept or destroyed, and the register says which."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.fieldwork import services
from xuncha.fieldwork.models import DocumentRetrieval
from xuncha.inspections import services as insp

from .conftest import on_site

D = datetime.date
TAKEN = D(2026, 3, 20)


def _take(side: Any, kind: str, *, actor: Any = None, on: datetime.date = TAKEN) -> DocumentRetrieval:
    return services.document_retrieval_record(
        actor=actor or side.member,
        inspection=side.inspection,
        title="2025年党委会议记录",
        kind=kind,
        source_unit="被巡察单位办公室",
        source_person="张某",
        quantity="3 卷",
        taken_on=on,
    )


def test_borrowed_material_is_returned_not_before_it_was_borrowed(jdz: Any) -> None:
    on_site(jdz)
    borrowed = _take(jdz, "borrowed")
    assert borrowed.outstanding
    with pytest.raises(ServiceError, match="归还日期不能早于 2026-03-20") as err:
        services.document_return(actor=jdz.member, retrieval=borrowed, returned_on=D(2026, 3, 19))
    assert err.value.field == "returned_on"
    returned = services.document_return(actor=jdz.member, retrieval=borrowed, returned_on=D(2026, 3, 27))
    assert returned.returned_on == D(2026, 3, 27) and not returned.outstanding
    with pytest.raises(ServiceError, match="已于 2026-03-27 归还"):
        services.document_return(actor=jdz.member, retrieval=borrowed, returned_on=D(2026, 3, 28))
    assert Event.objects.get(action="document.returned").occurred_on == D(2026, 3, 27)
    with pytest.raises(ServiceError, match="调阅的资料应归还"):
        services.document_copy_dispose(
            actor=jdz.member, retrieval=borrowed, disposition="kept", disposed_on=D(2026, 3, 28)
        )


def test_copies_are_never_returned_but_kept_or_destroyed(nmg: Any) -> None:
    on_site(nmg)
    copy = _take(nmg, "copied")
    with pytest.raises(ServiceError, match="复制的资料不归还") as err:
        services.document_return(actor=nmg.member, retrieval=copy, returned_on=D(2026, 3, 27))
    assert err.value.article == "第二十条"
    with pytest.raises(ServiceError, match="处理日期不能早于 2026-03-20"):
        services.document_copy_dispose(
            actor=nmg.member, retrieval=copy, disposition="destroyed", disposed_on=D(2026, 3, 1)
        )
    done = services.document_copy_dispose(
        actor=nmg.member, retrieval=copy, disposition="destroyed", disposed_on=D(2026, 4, 1)
    )
    assert (done.disposition, done.disposed_on, done.returned_on, done.outstanding) == (
        "destroyed",
        D(2026, 4, 1),
        None,
        False,
    )
    with pytest.raises(ServiceError, match="复制件已于 2026-04-01 销毁"):
        services.document_copy_dispose(actor=nmg.member, retrieval=copy, disposition="kept", disposed_on=D(2026, 4, 2))


def test_the_database_refuses_a_returned_copy(jdz: Any) -> None:
    from django.db import IntegrityError, transaction

    on_site(jdz)
    copy = _take(jdz, "copied")
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentRetrieval.objects.filter(pk=copy.pk).update(returned_on=D(2026, 3, 25))


def test_material_can_be_returned_after_fieldwork_but_not_taken(jdz: Any) -> None:
    on_site(jdz)
    borrowed = _take(jdz, "borrowed", on=D(2026, 4, 13))
    insp.inspection_end_fieldwork(actor=jdz.leader, inspection=jdz.inspection, ended_on=D(2026, 4, 14))
    jdz.inspection.refresh_from_db()
    with pytest.raises(ServiceError, match="“报告”阶段") as err:
        _take(jdz, "borrowed", on=D(2026, 4, 14))
    assert err.value.article == "第二十七条"
    assert services.document_return(actor=jdz.member, retrieval=borrowed, returned_on=D(2026, 4, 20)).returned_on


def test_only_the_team_or_the_office_registers(jdz: Any) -> None:
    on_site(jdz)
    for outsider in (jdz.other_member, jdz.unit_contact, jdz.auditor):
        with pytest.raises(PermissionDeniedError):
            _take(jdz, "borrowed", actor=outsider)
    assert _take(jdz, "copied", actor=jdz.office_clerk).recorded_by == jdz.office_clerk


def test_the_register_page_and_api(jdz: Any) -> None:
    on_site(jdz)
    client = Client()
    client.force_login(jdz.member)
    response = client.post(
        f"/fieldwork/{jdz.inspection.pk}/documents/",
        {
            "title": "财务凭证",
            "kind": "borrowed",
            "source_unit": "财务科",
            "source_person": "",
            "quantity": "",
            "taken_on": "2026-03-20",
        },
    )
    assert response.status_code == 302
    retrieval = DocumentRetrieval.objects.get()
    early = client.post(f"/fieldwork/documents/{retrieval.pk}/return/", {"returned_on": "2026-03-01"}, follow=True)
    assert "归还日期不能早于 2026-03-20" in early.content.decode()
    api = client.post(
        f"/api/document-retrievals/{retrieval.pk}/return/",
        {"returned_on": "2026-03-25"},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["returned_on"] == "2026-03-25"
    page = client.get(f"/fieldwork/{jdz.inspection.pk}/documents/").content.decode()
    assert "财务凭证" in page and "2026-03-25 归还" in page
    outsider = Client()
    outsider.force_login(jdz.unit_contact)
    assert outsider.get(f"/fieldwork/{jdz.inspection.pk}/documents/").status_code == 403
    assert outsider.get("/api/document-retrievals/").json()["results"] == []
