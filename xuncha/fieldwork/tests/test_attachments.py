"""Attachments: stored under VAR_DIR/attachments with size and SHA-256; read under their parent's rules."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client

from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError
from xuncha.fieldwork import services
from xuncha.fieldwork.models import Attachment

from .conftest import on_site
from .factories import petition, record


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_the_sha256_is_that_of_the_bytes_and_the_file_is_under_var_dir(jdz: Any, _attachments_in_tmp: Path) -> None:
    on_site(jdz)
    r = record(jdz, "forum")
    data = os.urandom(200_000) + b"\x00tail"  # several chunks
    a = services.attachment_upload(actor=jdz.member, parent=r, upload=_upload("座谈会记录.pdf", data))
    assert a.sha256 == hashlib.sha256(data).hexdigest() and a.size == len(data)
    stored = Path(a.file.path)
    assert stored.is_relative_to(_attachments_in_tmp / "attachments") and stored.read_bytes() == data
    assert "座谈会记录" not in str(stored)  # the original name stays in the database
    event = Event.objects.get(action="attachment.uploaded")
    assert (event.after or {})["sha256"] == a.sha256 and (event.after or {})["original_name"] == "座谈会记录.pdf"

    client = Client()
    client.force_login(jdz.office_clerk)
    response = client.get(f"/fieldwork/attachments/{a.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == data  # type: ignore[attr-defined]
    assert "attachment" in response["Content-Disposition"]
    assert not Event.objects.filter(action="secret.read").exists()  # a forum's file is not secret


def test_an_upload_through_the_api(nmg: Any) -> None:
    on_site(nmg)
    r = record(nmg, "special_check")
    client = Client()
    client.force_login(nmg.member)
    response = client.post("/api/attachments/", {"file": _upload("a.txt", b"abc"), "fieldwork_record": r.pk})
    assert response.status_code == 201, response.content
    assert response.json()["sha256"] == hashlib.sha256(b"abc").hexdigest()
    both = client.post("/api/attachments/", {"file": _upload("b.txt", b"x"), "fieldwork_record": r.pk, "petition": 999})
    assert both.status_code == 400
    assert client.get(f"/api/attachments/{response.json()['id']}/download/").status_code == 200
    outsider = Client()
    outsider.force_login(nmg.unit_contact)
    assert outsider.get(f"/api/attachments/{response.json()['id']}/download/").status_code == 403
    assert outsider.get("/api/attachments/").json()["results"] == []


def test_a_petitions_file_is_read_under_the_secret_rules(jdz: Any) -> None:
    on_site(jdz)
    p = petition(jdz)
    with pytest.raises(PermissionDeniedError):
        services.attachment_upload(actor=jdz.office_clerk, parent=p, upload=_upload("x.txt", b"x"))
    a = services.attachment_upload(actor=jdz.member, parent=p, upload=_upload("举报人签名.jpg", b"jpeg"))
    assert "举报人签名" not in str(Event.objects.get(action="attachment.uploaded").after)
    reads = Event.objects.filter(action="secret.read")
    for reader in (jdz.leader, jdz.office_head):
        assert services.attachment_open(actor=reader, pk=a.pk) == a
    assert reads.count() == 2 and {e.object_type for e in reads} == {"fieldwork.attachment"}
    for other in (jdz.office_clerk, jdz.auditor, jdz.other_member, jdz.unit_contact, jdz.receiver):
        with pytest.raises(PermissionDeniedError):
            services.attachment_open(actor=other, pk=a.pk)
    assert reads.count() == 2


def test_an_attachment_belongs_to_exactly_one_parent(jdz: Any) -> None:
    on_site(jdz)
    r = record(jdz, "forum")
    a = services.attachment_upload(actor=jdz.member, parent=r, upload=_upload("a.txt", b"a"))
    p = petition(jdz)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attachment.objects.filter(pk=a.pk).update(petition=p)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attachment.objects.filter(pk=a.pk).update(fieldwork_record=None)


def test_a_failed_upload_leaves_no_file(jdz: Any, _attachments_in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on_site(jdz)
    r = record(jdz, "forum")
    root = _attachments_in_tmp / "attachments"

    def files() -> list[Path]:
        return [f for f in root.rglob("*") if f.is_file()] if root.exists() else []

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("event chain unavailable")

    monkeypatch.setattr(services.attachments, "event_record", broken)
    with pytest.raises(RuntimeError):
        services.attachment_upload(actor=jdz.member, parent=r, upload=_upload("a.txt", b"a"))
    assert files() == [] and not Attachment.objects.exists()
    monkeypatch.undo()
    services.attachment_upload(actor=jdz.member, parent=r, upload=_upload("a.txt", b"a"))
    assert len(files()) == 1
