"""来信、来电、来访: a numbered register per inspection; the petitioner and the content are secret — readable only
by the inspection's team and the office head, each read an event; everyone else sees nothing at all."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client

from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.fieldwork import services
from xuncha.fieldwork.models import Petition

from .conftest import on_site
from .factories import SECRET_CONTACT, SECRET_CONTENT, SECRET_NAME, petition

D = datetime.date
SECRETS = (SECRET_NAME, SECRET_CONTACT, SECRET_CONTENT, "某副局长")
OTHERS = ["office_clerk", "auditor", "other_member", "unit_contact", "other_unit_contact", "receiver", "anonymous"]


def _client(side: Any, who: str) -> Client:
    client = Client()
    if who != "anonymous":
        client.force_login(getattr(side, who))
    return client


def _body(response: Any) -> str:
    return response.content.decode()


def test_the_register_numbers_petitions_per_inspection_in_order(jdz: Any) -> None:
    on_site(jdz)
    on_site(jdz, jdz.other_inspection)
    first, second = petition(jdz), petition(jdz, channel="call")
    assert (first.number, second.number) == (1, 2)
    other = services.petition_register(
        actor=jdz.other_member,
        inspection=jdz.other_inspection,
        channel="visit",
        received_on=D(2026, 3, 19),
        about="某局长",
        classification="political_discipline",
        content="另一组收到的反映",
    )
    assert other.number == 1
    assert petition(jdz, channel="visit").number == 3
    event = Event.objects.filter(action="petition.registered").order_by("seq").first()
    assert event is not None and event.after == {
        "number": 1,
        "channel": "letter",
        "classification": "integrity_discipline",
    }
    assert event.article == "第十九条" and event.occurred_on == D(2026, 3, 18)


def test_a_petition_without_a_name_is_anonymous(nmg: Any) -> None:
    on_site(nmg)
    p = petition(nmg, name="")
    assert p.anonymous and p.petitioner_name == "" and p.petitioner_contact == ""
    named = petition(nmg)
    assert not named.anonymous and named.petitioner_name == SECRET_NAME
    client = _client(nmg, "member")
    assert "匿名" in _body(client.get(f"/fieldwork/petitions/{p.pk}/"))
    assert client.get(f"/api/petitions/{p.pk}/").json()["anonymous"] is True


def test_a_classification_outside_the_rulebook_is_refused_with_the_article(nmg: Any) -> None:
    on_site(nmg)
    with pytest.raises(ServiceError) as err:
        petition(nmg, classification="gossip")
    assert err.value.article == "第十八条" and err.value.field == "classification"
    assert not Petition.objects.exists()


def test_only_the_team_registers_petitions_and_only_on_site(jdz: Any) -> None:
    with pytest.raises(ServiceError, match="“已计划”阶段") as err:
        petition(jdz)
    assert err.value.article == "第二十七条"
    on_site(jdz)
    for outsider in (jdz.office_head, jdz.office_clerk, jdz.other_member, jdz.unit_contact):
        with pytest.raises(PermissionDeniedError, match="只有本巡察组成员可以登记来信、来电、来访") as denied:
            petition(jdz, actor=outsider)
        assert denied.value.article == "第四十六条"
    assert not Petition.objects.exists()


def test_events_never_hold_the_petitioner_or_the_content(jdz: Any) -> None:
    on_site(jdz)
    p = petition(jdz)
    services.petition_handle(actor=jdz.leader, petition=p, handling="clue")
    services.petition_read(actor=jdz.office_head, pk=p.pk)
    dumped = json.dumps(list(Event.objects.values("object_repr", "before", "after")), ensure_ascii=False, default=str)
    assert "handling" in dumped  # the walk really looked at the events
    for secret in SECRETS:
        assert secret not in dumped


@pytest.mark.parametrize("who", ["member", "leader", "office_head"])
def test_each_read_by_the_team_or_the_office_head_is_one_event(jdz: Any, who: str) -> None:
    on_site(jdz)
    p = petition(jdz)
    client = _client(jdz, who)
    reads = Event.objects.filter(action="secret.read", object_type="fieldwork.petition", object_id=str(p.pk))

    page = client.get(f"/fieldwork/petitions/{p.pk}/")
    assert page.status_code == 200 and SECRET_NAME in _body(page) and SECRET_CONTENT in _body(page)
    assert reads.count() == 1 and reads.get().actor == getattr(jdz, who)

    api = client.get(f"/api/petitions/{p.pk}/")
    assert api.status_code == 200
    assert api.json()["petitioner_name"] == SECRET_NAME and api.json()["content"] == SECRET_CONTENT
    assert reads.count() == 2

    for secret in SECRETS:  # the register pages and lists show no identity or content, and are no reads
        assert secret not in _body(client.get(f"/fieldwork/{jdz.inspection.pk}/petitions/"))
        assert secret not in _body(client.get(f"/fieldwork/{jdz.inspection.pk}/"))
        assert secret not in _body(client.get("/api/petitions/"))
    assert "第1号" in _body(client.get(f"/fieldwork/{jdz.inspection.pk}/petitions/"))
    assert [row["number"] for row in client.get("/api/petitions/").json()["results"]] == [1]
    assert reads.count() == 2


@pytest.mark.parametrize("who", OTHERS)
def test_every_other_role_is_refused_and_sees_nothing_and_reads_nothing(jdz: Any, who: str) -> None:
    on_site(jdz)
    p = petition(jdz)
    services.attachment_upload(actor=jdz.member, parent=p, upload=_file(f"{SECRET_NAME}的举报信.txt"))
    client = _client(jdz, who)
    before = Event.objects.count()
    stored = Petition.objects.filter(pk=p.pk).values().get()

    detail = client.get(f"/fieldwork/petitions/{p.pk}/")
    assert detail.status_code in ((302,) if who == "anonymous" else (403,))
    api = client.get(f"/api/petitions/{p.pk}/")
    assert api.status_code in (401, 403)
    handled = client.post(f"/api/petitions/{p.pk}/handling/", {"handling": "filed"})
    assert handled.status_code in (401, 403, 404)

    pages = [
        f"/fieldwork/{jdz.inspection.pk}/",
        f"/fieldwork/{jdz.inspection.pk}/petitions/",
        f"/inspections/{jdz.inspection.pk}/",
        "/api/petitions/",
        f"/api/petitions/?inspection={jdz.inspection.pk}",
        "/api/attachments/",
        "/events/",
        "/api/events/",
    ]
    for url in pages:
        body = _body(client.get(url))
        for secret in (*SECRETS, "举报信"):
            assert secret not in body, (who, url, secret)
        assert f"/fieldwork/petitions/{p.pk}/" not in body, (who, url)
    if who in ("office_clerk", "auditor"):  # oversight sees the fieldwork page, but not even a count of petitions
        overview = _body(client.get(f"/fieldwork/{jdz.inspection.pk}/"))
        assert 'data-testid="count-petition">—<' in overview and 'data-testid="count-talk">—<' in overview
    if who != "anonymous":
        assert client.get("/api/petitions/").json()["results"] == []
        register = client.get(f"/fieldwork/{jdz.inspection.pk}/petitions/")
        assert register.status_code in (403, 404) and "第1号" not in _body(register)
    attachment = p.attachments.get()
    assert client.get(f"/fieldwork/attachments/{attachment.pk}/").status_code in (302, 403)
    assert client.get(f"/api/attachments/{attachment.pk}/download/").status_code in (401, 403)

    assert Event.objects.count() == before  # no read was recorded, because nothing was read
    # The refused handling request changed nothing: every stored field is as it was.
    assert Petition.objects.filter(pk=p.pk).values().get() == stored
    assert stored["handling"] == "pending"


def test_the_service_refuses_others_without_writing_an_event(jdz: Any) -> None:
    on_site(jdz)
    p = petition(jdz)
    before = Event.objects.count()
    for other in (jdz.office_clerk, jdz.auditor, jdz.other_member, jdz.unit_contact, jdz.receiver, None):
        with pytest.raises(PermissionDeniedError):
            services.petition_read(actor=other, pk=p.pk)
    assert Event.objects.count() == before


def test_a_team_member_changes_the_handling(jdz: Any) -> None:
    on_site(jdz)
    p = petition(jdz)
    client = _client(jdz, "member")
    response = client.post(f"/fieldwork/petitions/{p.pk}/handling/", {"handling": "forwarded"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.handling == "forwarded"
    event = Event.objects.get(action="petition.handled")
    assert event.before == {"handling": "pending"} and event.after == {"handling": "forwarded"}


def test_registering_through_the_page_and_the_api(jdz: Any) -> None:
    on_site(jdz)
    client = _client(jdz, "member")
    page = client.post(
        f"/fieldwork/{jdz.inspection.pk}/petitions/",
        {
            "channel": "visit",
            "received_on": "2026-03-19",
            "petitioner_name": "",
            "about": "某科长",
            "classification": "mass_work_life_discipline",
            "content": "反映内容甲",
            "handling": "pending",
        },
    )
    assert page.status_code == 302
    api = client.post(
        "/api/petitions/",
        {
            "inspection": jdz.inspection.pk,
            "channel": "call",
            "received_on": "2026-03-20",
            "petitioner_name": "李某",
            "about": "某处长",
            "classification": "organizational_discipline",
            "content": "反映内容乙",
        },
        content_type="application/json",
    )
    assert api.status_code == 201, api.json()
    assert "反映内容乙" not in api.content.decode() and "李某" not in api.content.decode()
    assert list(Petition.objects.order_by("number").values_list("number", "anonymous")) == [(1, True), (2, False)]
    refused = _client(jdz, "office_head").post(
        "/api/petitions/",
        {
            "inspection": jdz.inspection.pk,
            "channel": "call",
            "received_on": "2026-03-20",
            "about": "x",
            "classification": "organizational_discipline",
            "content": "y",
        },
        content_type="application/json",
    )
    assert refused.status_code == 403 and refused.json()["article"] == "第四十六条"


def _file(name: str, data: bytes = b"letter") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/plain")
