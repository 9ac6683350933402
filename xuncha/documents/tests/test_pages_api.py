"""The documents in the browser's pages and over the API: the same services, the same refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from xuncha.documents import pdf
from xuncha.documents.models import Document
from xuncha.documents.tests.helpers import letterhead

from .conftest import session

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_print_open_and_download_in_the_pages(jdz_given: Any) -> None:
    side = jdz_given
    head = client_for(side.office_head)
    settings = head.get("/documents/settings/")
    assert settings.status_code == 200 and "发文机关代字" in settings.content.decode()
    saved = head.post(
        "/documents/settings/letterhead/",
        {
            "j": side.jurisdiction.pk,
            "issuer": "中共景德镇市委巡察工作领导小组办公室",
            "code": "景巡办",
            "printer": "市委巡察办",
        },
        follow=True,
    )
    assert "已保存" in saved.content.decode()
    bad_code = head.post(
        "/documents/settings/letterhead/",
        {"j": side.jurisdiction.pk, "issuer": "某", "code": "景巡办〔2026〕", "printer": "某"},
        follow=True,
    )
    assert "发文机关代字只写代字本身" in bad_code.content.decode()
    leader = client_for(side.leader)
    page = leader.get(f"/documents/inspections/{side.inspection.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "反馈意见" in html and "第三十三条" in html
    made = leader.post(
        "/documents/new/",
        {"j": side.jurisdiction.pk, "code": "feedback_opinions", "subject": session(side).pk, "dated_on": "2026-05-26"},
        follow=True,
    )
    document = Document.objects.get()
    assert made.redirect_chain[-1][0] == f"/documents/{document.pk}/"
    assert "景巡办〔2026〕1号" in made.content.decode() and document.dated_on.isoformat() == "2026-05-26"
    download = leader.get(f"/documents/{document.pk}/docx/")
    assert download.status_code == 200 and download["Content-Type"] == DOCX
    assert download.getvalue()[:2] == b"PK"
    # The unit reads its feedback opinions; another unit does not even learn they exist.
    unit = client_for(side.unit_contact)
    assert unit.get(f"/documents/{document.pk}/").status_code == 200
    assert "关于" in unit.get("/documents/").content.decode()
    assert client_for(side.other_unit_contact).get(f"/documents/{document.pk}/").status_code == 404
    assert client_for(side.other_unit_contact).get(f"/documents/{document.pk}/docx/").status_code == 404
    refused = unit.post(
        "/documents/new/", {"code": "feedback_opinions", "subject": session(side).pk, "j": side.jurisdiction.pk},
        follow=True,
    )  # fmt: skip
    assert "只有本巡察组成员和" in refused.content.decode()
    assert Document.objects.count() == 1


def test_the_settings_page_is_for_the_office(jdz_given: Any) -> None:
    assert client_for(jdz_given.leader).get("/documents/settings/").status_code == 403
    assert client_for(jdz_given.unit_contact).get("/documents/settings/").status_code == 403


def test_the_api_prints_lists_and_refuses_in_chinese(jdz_given: Any) -> None:
    side = jdz_given
    letterhead(side)
    leader = client_for(side.leader)
    unknown = leader.post(
        "/api/documents/",
        {"jurisdiction": side.jurisdiction.pk, "code": "no_such", "subject": 1},
        content_type="application/json",
    )
    assert unknown.status_code == 400 and unknown.json()["field"] == "kind" and "没有文书" in unknown.json()["detail"]
    missing = leader.post(
        "/api/documents/",
        {"jurisdiction": side.jurisdiction.pk, "code": "feedback_opinions", "subject": 999999},
        content_type="application/json",
    )
    assert missing.status_code == 400 and missing.json()["field"] == "subject"
    future = leader.post(
        "/api/documents/",
        {
            "jurisdiction": side.jurisdiction.pk,
            "code": "feedback_opinions",
            "subject": session(side).pk,
            "dated_on": "2099-01-01",
        },
        content_type="application/json",
    )
    assert future.status_code == 400 and future.json()["field"] == "dated_on"
    made = leader.post(
        "/api/documents/",
        {"jurisdiction": side.jurisdiction.pk, "code": "feedback_opinions", "subject": session(side).pk},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["number"] == "景巡办〔2026〕1号" and body["version"] == 1 and len(body["sha256"]) == 64
    listed = leader.get(f"/api/documents/?inspection={side.inspection.pk}").json()
    assert [d["id"] for d in listed["results"]] == [body["id"]]
    assert leader.get("/api/documents/?inspection=abc").status_code == 400
    docx = leader.get(body["docx_url"])
    assert docx.status_code == 200 and docx.getvalue()[:2] == b"PK"
    available = leader.get(f"/api/documents/available/?inspection={side.inspection.pk}").json()["results"]
    opinions = [r for r in available if r["code"] == "feedback_opinions"]
    assert len(opinions) == 2 and any(r["latest"] == body["id"] for r in opinions)
    forbidden = client_for(side.other_member).post(
        "/api/documents/",
        {"jurisdiction": side.jurisdiction.pk, "code": "feedback_opinions", "subject": session(side).pk},
        content_type="application/json",
    )
    assert forbidden.status_code == 400  # another team does not see the record: refused as not found


def test_the_api_templates_and_letterheads(jdz_given: Any) -> None:
    side = jdz_given
    head = client_for(side.office_head)
    rows = head.get("/api/document-templates/").json()["results"]
    assert {r["code"] for r in rows} >= {"feedback_opinions", "feedback_receipt", "handover_form"}
    assert all(r["template"] == "default" for r in rows)
    default = head.get("/api/document-templates/default/?code=feedback_opinions")
    assert default.status_code == 200 and default.content[:2] == b"PK"
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = head.post(
        "/api/document-templates/",
        {"code": "feedback_opinions", "file": SimpleUploadedFile("x.docx", b"not a docx")},
    )
    assert bad.status_code == 400 and bad.json()["field"] == "template"
    good = head.post(
        "/api/document-templates/",
        {"code": "feedback_opinions", "file": SimpleUploadedFile("x.docx", default.content)},
    )
    assert good.status_code == 201
    reset = head.post("/api/document-templates/reset/", {"code": "feedback_opinions"}, content_type="application/json")
    assert reset.status_code == 200
    clerk = client_for(side.office_clerk).post(
        "/api/letterheads/",
        {"jurisdiction": side.jurisdiction.pk, "issuer": "某", "code": "某办", "printer": "某"},
        content_type="application/json",
    )
    assert clerk.status_code == 403
    set_ = head.post(
        "/api/letterheads/",
        {"jurisdiction": side.jurisdiction.pk, "issuer": "某机关", "code": "某办", "printer": "某机关"},
        content_type="application/json",
    )
    assert set_.status_code == 201 and set_.json()["code"] == "某办"
    assert client_for(side.leader).get("/api/document-templates/").status_code == 400


def test_pdf_preview_and_its_absence(jdz_given: Any, monkeypatch: Any) -> None:
    side = jdz_given
    letterhead(side)
    leader = client_for(side.leader)
    made = leader.post(
        "/api/documents/",
        {"jurisdiction": side.jurisdiction.pk, "code": "feedback_opinions", "subject": session(side).pk},
        content_type="application/json",
    ).json()
    if pdf.soffice_path() is not None:
        preview = leader.get(f"/documents/{made['id']}/pdf/")
        assert preview.status_code == 200 and preview.content[:5] == b"%PDF-"
        assert Document.objects.get(pk=made["id"]).pdf  # kept: converted once
        assert 'data-testid="pdf-preview"' in leader.get(f"/documents/{made['id']}/").content.decode()
    monkeypatch.setenv("XUNCHA_SOFFICE", "/nonexistent/soffice")
    monkeypatch.setenv("PATH", "/nonexistent")
    Document.objects.filter(pk=made["id"]).update(pdf="")
    detail = leader.get(f"/documents/{made['id']}/").content.decode()
    assert 'data-testid="no-pdf"' in detail and ".docx 文件不受影响" in detail
    api = leader.get(f"/api/documents/{made['id']}/pdf/")
    assert api.status_code == 400 and "LibreOffice" in api.json()["detail"]
    assert leader.get(f"/documents/{made['id']}/docx/").status_code == 200  # the .docx still works
