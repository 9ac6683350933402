"""One door for reading: named people see exactly what their roles allow, in pages and the API."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from xuncha.audit.models import Event
from xuncha.conftest import put_decided, put_feedback_given, put_receipt_signed
from xuncha.core.errors import PermissionDeniedError
from xuncha.inspections import services as insp
from xuncha.inspections.models import Inspection, TalkRecord
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.jurisdictions.services import jurisdiction_create
from xuncha.obligations.models import Obligation
from xuncha.registry.models import Organization

D = datetime.date


def _with_obligations(side: Any) -> None:
    put_decided(side)
    for inspection in (side.inspection, side.other_inspection):
        put_feedback_given(side, inspection, given_on=D(2026, 9, 7))
        put_receipt_signed(side, inspection, signed_on=D(2026, 9, 8))


def test_a_team_member_sees_their_own_inspection_and_not_another_teams(jdz: Any) -> None:
    assert list(Inspection.objects.visible_to(jdz.member)) == [jdz.inspection]
    assert list(Inspection.objects.visible_to(jdz.other_member)) == [jdz.other_inspection]


def test_a_team_member_cannot_read_another_teams_obligations_or_talks(jdz: Any, talk: Any) -> None:
    _with_obligations(jdz)
    assert set(Obligation.objects.visible_to(jdz.member).values_list("inspection", flat=True)) == {jdz.inspection.pk}
    assert set(Obligation.objects.visible_to(jdz.other_member).values_list("inspection", flat=True)) == {
        jdz.other_inspection.pk
    }
    assert not TalkRecord.objects.visible_to(jdz.other_member).exists()
    with pytest.raises(PermissionDeniedError):
        insp.talk_record_read(actor=jdz.other_member, pk=talk.pk)


def test_an_inspected_unit_sees_only_its_own_inspection_and_duties(jdz: Any, talk: Any) -> None:
    _with_obligations(jdz)
    assert list(Inspection.objects.visible_to(jdz.unit_contact)) == [jdz.inspection]
    mine = Obligation.objects.visible_to(jdz.unit_contact)
    assert mine.count() == 2 and {o.inspection_id for o in mine} == {jdz.inspection.pk}
    assert {o.responsible for o in mine} == {"inspected_unit"}
    assert not TalkRecord.objects.visible_to(jdz.unit_contact).exists()
    assert list(Organization.objects.visible_to(jdz.unit_contact).values_list("name", flat=True)) == ["jdz单位一"]
    assert not Event.objects.visible_to(jdz.unit_contact).exists()


def test_a_receiving_organ_sees_no_inspection_material(jdz: Any, talk: Any) -> None:
    _with_obligations(jdz)
    for model in (Inspection, Obligation, TalkRecord, Event):
        assert model.objects.visible_to(jdz.office_head).exists(), model  # there is material to be refused
        assert not model.objects.visible_to(jdz.receiver).exists(), model


def test_anonymous_users_see_nothing(jdz: Any, talk: Any) -> None:
    _with_obligations(jdz)
    for model in (Inspection, Obligation, TalkRecord, Event, Jurisdiction, Organization):
        assert model.objects.exists(), model  # there is something not to see
        assert model.objects.visible_to(AnonymousUser()).count() == 0
    client = Client()
    assert client.get("/").status_code == 302
    assert client.get("/api/inspections/").status_code == 403
    assert client.get(f"/api/talks/{talk.pk}/").status_code == 403


def test_jurisdictions_do_not_see_each_other(jdz: Any, nmg: Any) -> None:
    assert set(Inspection.objects.visible_to(jdz.office_head)) == {jdz.inspection, jdz.other_inspection}
    assert set(Inspection.objects.visible_to(nmg.office_head)) == {nmg.inspection, nmg.other_inspection}
    assert list(Jurisdiction.objects.visible_to(jdz.office_head)) == [jdz.jurisdiction]


def test_a_parent_sees_its_childs_jurisdiction_but_not_its_secrets(nmg: Any) -> None:
    child = jurisdiction_create(
        actor=None, code="bt", name="包头市委", short_name="包头市委", rulebook_code="NMG-2016", parent=nmg.jurisdiction
    )
    assert child in Jurisdiction.objects.visible_to(nmg.office_head)
    assert child not in Jurisdiction.objects.visible_to(nmg.member)


def test_talk_records_are_read_by_the_team_and_office_head_and_each_read_is_an_event(jdz: Any, talk: Any) -> None:
    for reader in (jdz.member, jdz.leader, jdz.office_head):
        before = Event.objects.filter(action="secret.read").count()
        record = insp.talk_record_read(actor=reader, pk=talk.pk)
        assert record.content.startswith("秘密内容")
        read = Event.objects.filter(action="secret.read").order_by("-seq").first()
        assert Event.objects.filter(action="secret.read").count() == before + 1
        assert read is not None and read.actor == reader and read.object_id == str(talk.pk)
    # The recording event never carries what was said.
    recorded = Event.objects.get(action="talk.recorded")
    assert "秘密内容" not in str(recorded.after) and "秘密内容" not in recorded.object_repr


@pytest.mark.parametrize(
    "who", ["office_clerk", "auditor", "other_member", "unit_contact", "other_unit_contact", "receiver"]
)
def test_every_other_role_is_refused_a_talk_record_in_page_and_api(jdz: Any, talk: Any, who: str) -> None:
    client = Client()
    client.force_login(getattr(jdz, who))
    page = client.get(f"/inspections/talks/{talk.pk}/")
    assert page.status_code == 403 and "秘密内容" not in page.content.decode()
    api = client.get(f"/api/talks/{talk.pk}/")
    assert api.status_code == 403 and "秘密内容" not in api.content.decode()
    assert not Event.objects.filter(action="secret.read").exists()


def test_api_lists_follow_visible_to(jdz: Any) -> None:
    _with_obligations(jdz)
    client = Client()
    client.force_login(jdz.member)
    listed = client.get("/api/inspections/").json()["results"]
    assert [i["id"] for i in listed] == [jdz.inspection.pk]
    assert client.get(f"/api/inspections/{jdz.other_inspection.pk}/").status_code == 404
    obligations = client.get("/api/obligations/").json()["results"]
    assert {o["inspection"] for o in obligations} == {jdz.inspection.pk}
    assert client.get("/api/events/").json()["results"] == []
    client.force_login(jdz.auditor)
    assert len(client.get("/api/events/").json()["results"]) > 0


def test_api_write_refusals_are_chinese_and_name_the_article(jdz: Any) -> None:
    put_decided(jdz)
    client = Client()
    client.force_login(jdz.leader)
    pk = jdz.inspection.pk
    early = client.post(
        "/api/receipt-signatures/", {"inspection": pk, "role": "team_leader", "signed_on": "2026-09-08"}
    )
    assert early.status_code == 400
    assert early.json()["article"] == "第三十四条" and "尚未反馈" in early.json()["detail"]
    session = {
        "inspection": pk,
        "held_on": "2026-09-07",
        "given_by": jdz.leader.pk,
        "attendees": "班子",
        "opinions": "整改",
    }
    bad = client.post("/api/feedback-sessions/", session | {"audience": "leadership", "held_on": "not-a-date"})
    assert bad.status_code == 400 and "日期应为 YYYY-MM-DD" in str(bad.json())
    for audience in ("leadership", "principal"):
        ok = client.post("/api/feedback-sessions/", session | {"audience": audience})
        assert ok.status_code == 201 and ok.json()["held_on"] == "2026-09-07"
    assert client.get(f"/api/inspections/{pk}/").json()["feedback_given_on"] == "2026-09-07"
    client.force_login(jdz.unit_contact)
    refused = client.post("/api/feedback-sessions/", session | {"audience": "leadership"})
    assert refused.status_code == 403 and "只有本巡察组组长或办公室" in refused.json()["detail"]
