"""The petition register never preselects a problem category: its first choice is “未分类/请选择”, and a petition
registered without choosing stays unclassified (shown “未分类”) instead of silently taking the first category."""

from __future__ import annotations

from typing import Any

from django.test import Client

from xuncha.fieldwork.models import Petition

from .conftest import on_site


def test_the_form_offers_no_preselected_category_and_saves_none(jdz: Any) -> None:
    on_site(jdz)
    client = Client()
    client.force_login(jdz.member)
    url = f"/fieldwork/{jdz.inspection.pk}/petitions/"
    form = client.get(url).content.decode().split('name="classification"')[1].split("</select>")[0]
    first, *categories = form.split("<option")[1:]
    assert first.startswith(' value=""') and "未分类/请选择" in first
    assert categories and not any("selected" in option for option in categories)  # no category preselected
    posted = client.post(
        url,
        {
            "channel": "letter",
            "received_on": "2026-03-19",
            "about": "某科长",
            "classification": "",
            "content": "反映内容",
            "handling": "pending",
        },
    )
    assert posted.status_code == 302
    petition = Petition.objects.get(inspection=jdz.inspection)
    assert petition.classification == ""
    assert 'data-testid="unclassified">未分类<' in client.get(url).content.decode()
    assert client.get(f"/api/petitions/{petition.pk}/").json()["classification_name"] == "未分类"


def test_the_api_registers_an_unclassified_petition(nmg: Any) -> None:
    on_site(nmg)
    client = Client()
    client.force_login(nmg.member)
    body = {"inspection": nmg.inspection.pk, "channel": "call", "received_on": "2026-03-20", "about": "某处长"}
    body["content"] = "反映内容乙"
    r = client.post("/api/petitions/", body, content_type="application/json")
    assert r.status_code == 201, r.json()
    assert r.json()["classification"] == "" and r.json()["classification_name"] == "未分类"
    wrong = client.post("/api/petitions/", body | {"classification": "nonsense"}, content_type="application/json")
    assert wrong.status_code == 400 and wrong.json()["field"] == "classification"
