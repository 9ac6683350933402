"""The agencies a letter (公函) is sent to answer it through their own contact (JDZ-2017 第二十六条: 有关部门和单位应当
全面、客观、准确、及时提供; NMG-2016 第二十四条). A contact of another agency sees nothing of it; the office sees the
answer on the preparation page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from xuncha.accounts.services import membership_grant, user_create
from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.obligations.models import Obligation
from xuncha.obligations.queue import work_queue
from xuncha.preparation import services
from xuncha.preparation.models import InformationRequest
from xuncha.registry.models import Organization
from xuncha.registry.services import organization_create

from .conftest import ANSWERED, SENT, prepare


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _contact(side: Any, key: str, organization: Organization) -> Any:
    user = user_create(actor=None, username=f"{side.jurisdiction.code}_{key}", full_name=key, password="pw-test-123")
    membership_grant(
        actor=None, user=user, jurisdiction=side.jurisdiction, role="agency_contact", organization=organization
    )
    return user


def _discipline_organ(side: Any) -> Organization:
    return Organization.objects.get(jurisdiction=side.jurisdiction, name=f"{side.jurisdiction.code}纪委")


def _sent_to(side: Any, organ: Organization, source: str = "discipline") -> InformationRequest:
    prepare(side)
    draft = services.information_request_draft(actor=side.member, inspection=side.inspection, source=source)
    return services.information_request_send(
        actor=side.office_clerk, request=draft, letter_number="函〔2026〕1号", sent_on=SENT, agency=organ
    )


def _replies(user: Any) -> list[Any]:
    return [i for i in work_queue(user=user, today=ANSWERED) if i.kind == "info_request.reply"]


def test_the_discipline_contact_sees_and_answers_the_letter_sent_to_its_agency(jdz: Any) -> None:
    organ = _discipline_organ(jdz)
    contact = _contact(jdz, "jiwei_contact", organ)
    letter = _sent_to(jdz, organ)
    # On the contact's work queue, with the article and the provision deadline (及时, JDZ-2017 第二十六条).
    [item] = _replies(contact)
    assert item.article == "第二十六条" and item.timely and item.url == f"/preparation/requests/{letter.pk}/"
    client = _client(contact)
    page = client.get(item.url).content.decode()
    assert "函〔2026〕1号" in page and 'data-testid="letter-answer-form"' in page and "第二十六条" in page
    response = client.post(
        f"/preparation/requests/{letter.pk}/answer/",
        {"answered_on": ANSWERED.isoformat(), "summary": "提供问题线索 2 件、材料 5 份"},
        follow=True,
    )
    page = response.content.decode()
    assert "已答复公函" in page and "提供问题线索 2 件、材料 5 份" in page
    letter.refresh_from_db()
    assert (letter.status, letter.answered_on) == ("answered", ANSWERED)
    event = Event.objects.get(action="info_request.answered")
    assert event.actor_id == contact.pk and event.article == "第二十六条"
    assert (event.after or {})["answered_by"] == "agency"
    # The answer fulfils the rulebook's deadline; the letter leaves the contact's queue.
    ob = Obligation.objects.get(rule_code="information_provision", subject_id=str(letter.pk))
    assert (ob.status, ob.fulfilled_on) == ("fulfilled", ANSWERED)
    assert _replies(contact) == []
    # The office sees the answer on the preparation page.
    office_page = _client(jdz.office_head).get(f"/preparation/{jdz.inspection.pk}/").content.decode()
    assert "提供问题线索 2 件、材料 5 份" in office_page and "已提供" in office_page


def test_another_agencys_contact_does_not_see_or_answer_it(jdz: Any) -> None:
    organ = _discipline_organ(jdz)
    audit = organization_create(actor=None, jurisdiction=jdz.jurisdiction, name="景德镇市审计局", kind="agency")
    outsider = _contact(jdz, "audit_contact", audit)
    letter = _sent_to(jdz, organ)
    assert _replies(outsider) == []
    assert not InformationRequest.objects.visible_to(outsider).exists()
    assert _client(outsider).get(f"/preparation/requests/{letter.pk}/").status_code == 404
    with pytest.raises(PermissionDeniedError, match="jdz纪委的联系人"):
        services.information_request_answer(actor=outsider, request=letter, answered_on=ANSWERED, summary="越权")
    # The receiving organ's contact (第三十五条) sees the letter sent to its organ but does not answer it.
    with pytest.raises(PermissionDeniedError):
        services.information_request_answer(actor=jdz.receiver, request=letter, answered_on=ANSWERED, summary="x")
    letter.refresh_from_db()
    assert letter.status == "sent" and not Event.objects.filter(action="info_request.answered").exists()


def test_drafts_are_not_shown_to_the_agency(jdz: Any) -> None:
    organ = _discipline_organ(jdz)
    contact = _contact(jdz, "jiwei_contact", organ)
    prepare(jdz)
    draft = services.information_request_draft(
        actor=jdz.member, inspection=jdz.inspection, source="discipline", agency=organ
    )
    assert _replies(contact) == [] and not InformationRequest.objects.visible_to(contact).exists()
    assert _client(contact).get(f"/preparation/requests/{draft.pk}/").status_code == 404


def test_the_agency_contact_answers_through_the_api_under_nmg(nmg: Any) -> None:
    organ = _discipline_organ(nmg)
    contact = _contact(nmg, "jiwei_contact", organ)
    letter = _sent_to(nmg, organ)
    [item] = _replies(contact)
    assert item.article == "第二十四条" and item.due_on is None and not item.timely  # NMG-2016 sets no deadline
    client = _client(contact)
    listed = client.get("/api/information-requests/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["id"] for r in rows] == [letter.pk]
    response = client.post(
        f"/api/information-requests/{letter.pk}/answer/",
        json.dumps({"answered_on": ANSWERED.isoformat(), "summary": "介绍情况，提供材料 3 份"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "answered"
    assert Event.objects.get(action="info_request.answered").article == "第二十四条"


def test_an_agency_contact_role_needs_an_agency(jdz: Any) -> None:
    user = user_create(actor=None, username="x_contact", full_name="某人", password="pw-test-123")
    with pytest.raises(ServiceError, match="有关部门或接收单位"):
        membership_grant(
            actor=None,
            user=user,
            jurisdiction=jdz.jurisdiction,
            role="agency_contact",
            organization=jdz.inspection.target,
        )
    with pytest.raises(ServiceError, match="须指定所在单位"):
        membership_grant(actor=None, user=user, jurisdiction=jdz.jurisdiction, role="agency_contact")


def test_the_demo_discipline_contacts_answer_the_letters_sent_to_their_commission(db: Any) -> None:
    from django.core.management import call_command

    from xuncha.accounts.models import Membership

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for username, organ in (("jdz_jiwei", "景德镇市纪委监委"), ("nmg_jiwei", "内蒙古自治区纪委监委")):
        assert Membership.objects.filter(
            user__username=username, role="agency_contact", organization__name=organ, active=True
        ).exists()
    # The agencies the article lists can be chosen as recipients (JDZ-2017 第二十六条（一）（二）).
    jdz_agencies = set(
        Organization.objects.filter(jurisdiction__code="jdz", kind__in=["agency", "receiver"]).values_list(
            "name", flat=True
        )
    )
    assert {
        "景德镇市人民检察院",
        "景德镇市公安局",
        "景德镇市信访局",
        "景德镇市国资委",
        "景德镇市审计局",
    } <= jdz_agencies
