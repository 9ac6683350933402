"""The register's pages and API, the suggestions, the informant pages and the ledgers, as their users use them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from xuncha.audit.models import Event
from xuncha.audit.services import event_record
from xuncha.clues.actions import CLUE_TRANSFERRED
from xuncha.clues.models import Clue, Suggestion, Transfer
from xuncha.clues.services import register as reg
from xuncha.clues.services import suggestions
from xuncha.conftest import put_on_site
from xuncha.fieldwork.services import petition_register
from xuncha.registry.services import cadre_create, post_create

from .transfer_helpers import organ

D = datetime.date
ON = D(2026, 3, 20)


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _world(side: Any) -> tuple[Clue, Any, Any]:
    put_on_site(side)
    cadre = cadre_create(
        actor=None, jurisdiction=side.jurisdiction, code="P1", name="孙某某", management_level="jurisdiction"
    )
    post = post_create(
        actor=None, cadre=cadre, organization=side.inspection.target, title="副书记", started_on=D(2020, 1, 1)
    )
    petition = petition_register(
        actor=side.member,
        inspection=side.inspection,
        channel="letter",
        received_on=ON,
        about="某干部",
        classification="",
        content="来信内容",
        petitioner_name="钱来信",
        petitioner_contact="13900000000",
    )
    clue = reg.clue_register(
        actor=side.member,
        inspection=side.inspection,
        registered_on=ON,
        content="绝密的反映内容",
        category="integrity_discipline",
        subjects=[(cadre, post)],
        sources=[("petition", petition)],
    )
    return clue, cadre, post


def _complete(side: Any, clue: Clue) -> Transfer:
    receiver = side.receiver.memberships.get(role="receiver_contact").organization
    transfer = Transfer.objects.create(
        jurisdiction=side.jurisdiction,
        inspection=side.inspection,
        number=1,
        year=2026,
        stage="after_decision",
        route="discipline",
        receiver=receiver,
        status="completed",
        drafted_on=ON,
        drafted_by=side.office_head,
        receiver_signed_on=D(2026, 4, 1),
    )
    Clue.objects.filter(pk=clue.pk).update(transfer=transfer)
    with transaction.atomic():  # the real 3-month duty, through the engine
        event_record(
            actor=None,
            action=CLUE_TRANSFERRED,
            obj=clue,
            inspection=side.inspection,
            after={"receiver_kind": "discipline_organ"},
            occurred_on=D(2026, 4, 1),
        )
    return transfer


@pytest.mark.parametrize("key", ["jdz", "nmg"])
def test_register_pages_show_rows_never_content(key: str, request: pytest.FixtureRequest) -> None:
    side = request.getfixturevalue(key)
    clue, cadre, post = _world(side)
    member = _client(side.member)
    page = member.get(f"/clues/inspections/{side.inspection.pk}/register/")
    text = page.content.decode()
    assert page.status_code == 200 and "1件1人" in text and clue.code in text and "孙某某" in text
    assert "绝密的反映内容" not in text and "钱来信" not in text
    # Register a second clue through the form, the cadre found by search.
    search = member.get(f"/clues/inspections/{side.inspection.pk}/register/new/?q=孙某")
    assert f'value="{cadre.pk}:{post.pk}"' in search.content.decode()
    posted = member.post(
        f"/clues/inspections/{side.inspection.pk}/register/new/",
        {"content": "第二个问题", "category": "", "subject": f"{cadre.pk}:{post.pk}", "registered_on": "2026-03-21"},
    )
    assert posted.status_code == 302 and Clue.objects.filter(inspection=side.inspection).count() == 2
    bad = member.post(f"/clues/inspections/{side.inspection.pk}/register/new/", {"content": "x", "category": "nope"})
    assert bad.status_code == 400 and "所列类别中" in bad.content.decode()
    # The clue page: content only after the recorded click.
    detail = member.get(f"/clues/{clue.pk}/")
    assert "绝密的反映内容" not in detail.content.decode() and "查看内容（将被记录）" in detail.content.decode()
    opened = member.post(f"/clues/{clue.pk}/", {"open": "1"})
    assert "绝密的反映内容" in opened.content.decode()
    assert Event.objects.filter(action="secret.read", object_type="clues.clue", object_id=str(clue.pk)).count() == 1
    clerk = _client(side.office_clerk).post(f"/clues/{clue.pk}/", {"open": "1"})
    assert "绝密的反映内容" not in clerk.content.decode() and "工作秘密" in clerk.content.decode()
    assert _client(side.receiver).get(f"/clues/{clue.pk}/").status_code == 404  # not transferred to it


def test_register_api(jdz: Any) -> None:
    clue, cadre, post = _world(jdz)
    member = _client(jdz.member)
    rows = member.get(f"/api/clues/register/?inspection={jdz.inspection.pk}").json()
    assert rows["count"] == 1 and rows["results"][0]["code"] == clue.code
    assert "绝密" not in str(rows) and "钱来信" not in str(rows)
    assert member.get(f"/api/clues/register/{clue.pk}/content/").json()["content"] == "绝密的反映内容"
    assert _client(jdz.office_clerk).get(f"/api/clues/register/{clue.pk}/content/").status_code == 403
    made = member.post(
        "/api/clues/register/",
        {"inspection": jdz.inspection.pk, "content": "API登记", "subjects": [{"cadre": cadre.pk, "post": post.pk}]},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    refused = member.post(
        "/api/clues/register/",
        {"inspection": jdz.inspection.pk, "content": "x", "category": "nope"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["field"] == "category"
    merged = member.post(
        f"/api/clues/register/{made.json()['id']}/merge/", {"into": clue.pk}, content_type="application/json"
    )
    assert merged.status_code == 200 and merged.json()["id"] == clue.pk


def test_suggestions_to_the_unit_and_its_answer(jdz: Any) -> None:
    put_on_site(jdz)
    leader = _client(jdz.leader)
    made = leader.post(f"/clues/inspections/{jdz.inspection.pk}/suggestions/", {"text": "立即整改窗口排队问题"})
    assert made.status_code == 302
    s = Suggestion.objects.get(inspection=jdz.inspection)
    from xuncha.obligations.queue import work_queue

    today = datetime.date(2026, 12, 7)
    assert [i.kind for i in work_queue(user=jdz.unit_contact, today=today) if i.kind.startswith("suggestion")] == [
        "suggestion.answer"
    ]
    assert "suggestion.follow" in [i.kind for i in work_queue(user=jdz.leader, today=today)]
    assert not [i for i in work_queue(user=jdz.other_unit_contact, today=today) if i.kind.startswith("suggestion")]
    inbox = _client(jdz.unit_contact).get("/clues/suggestions/")
    assert "立即整改窗口排队问题" in inbox.content.decode()
    assert "立即整改窗口排队问题" not in _client(jdz.other_unit_contact).get("/clues/suggestions/").content.decode()
    _client(jdz.unit_contact).post(f"/clues/suggestions/{s.pk}/answer/", {"answer": "已增设窗口"})
    s.refresh_from_db()
    assert s.answer == "已增设窗口" and s.answered_on is not None
    assert "suggestion.follow" not in [i.kind for i in work_queue(user=jdz.leader, today=today)]
    with pytest.raises(Exception, match="已于"):
        suggestions.suggestion_answer(actor=jdz.unit_contact, suggestion=s, answer="再答", answered_on=s.answered_on)
    api = _client(jdz.leader).post(
        "/api/clues/suggestions/", {"inspection": jdz.inspection.pk, "text": "第二条"}, content_type="application/json"
    )
    assert api.status_code == 201
    assert (
        _client(jdz.member)
        .post(
            "/api/clues/suggestions/",
            {"inspection": jdz.inspection.pk, "text": "组员不能"},
            content_type="application/json",
        )
        .status_code
        == 403
    )


def test_informant_released_to_the_receiver_and_who_has_seen_it(jdz: Any) -> None:
    clue, _, _ = _world(jdz)
    source = clue.sources.get()
    head = _client(jdz.office_head)
    assert head.get(f"/clues/sources/{source.pk}/release/").status_code == 200
    head.post(f"/clues/sources/{source.pk}/release/", {"reason": "核实需要"})
    assert not source.releases.exists()  # not transferred yet: refused
    _complete(jdz, clue)
    assert _client(jdz.office_clerk).post(f"/clues/sources/{source.pk}/release/", {"reason": "x"}).status_code == 403
    head.post(f"/clues/sources/{source.pk}/release/", {"reason": "初核需要联系反映人"})
    release = source.releases.get()
    receiver = _client(jdz.receiver)
    assert "钱来信" not in receiver.get(f"/clues/releases/{release.pk}/").content.decode()
    shown = receiver.post(f"/clues/releases/{release.pk}/")
    assert "钱来信" in shown.content.decode() and "13900000000" in shown.content.decode()
    _, other = organ(jdz, "organization_department", "组织部")
    assert _client(other).post(f"/clues/releases/{release.pk}/").status_code == 404
    seen = head.get(f"/clues/sources/{source.pk}/seen/").content.decode()
    assert "jdzreceiver" in seen and "批准向接收单位提供反映人身份" in seen
    assert _client(jdz.office_clerk).get(f"/clues/sources/{source.pk}/seen/").status_code == 403
