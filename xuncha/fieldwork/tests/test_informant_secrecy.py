"""The informant (知情人) of a 询问知情人 record is 巡察（巡视）工作秘密: every page and endpoint that carries the
record, as every named person, shows the informant's name only on a single-record read by the inspection's team or the
office head, and each of those reads is a `secret.read` event that does not hold the name. Lists never show it, not
even to the team. Office staff, the leading group, the five-member group and auditors see the record with the
informant withheld; other teams, inspected units and receivers do not see the record at all."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from xuncha.accounts.services import membership_grant, user_create
from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError
from xuncha.fieldwork import rules, services

from .conftest import on_site
from .factories import record

pytestmark = pytest.mark.django_db

INFORMANT = "原财务科科长欧阳知情"
ALLOWED = {"office_head", "leader", "member"}
OVERSIGHT = {"office_clerk", "leading_group", "five_member_group", "auditor"}
OUTSIDERS = {"other_member", "unit_contact", "receiver"}


def _people(side: Any) -> dict[str, Any]:
    people = {k: getattr(side, k) for k in ALLOWED | {"office_clerk", "auditor"} | OUTSIDERS}
    for key, role in (("leading_group", "leading_group_member"), ("five_member_group", "five_member_group_member")):
        code = side.jurisdiction.code
        user = user_create(actor=None, username=f"{code}_{key}", full_name=f"{code}{key}", password="pw-test-123")
        membership_grant(actor=None, user=user, jurisdiction=side.jurisdiction, role=role)
        people[key] = user
    return people


def _routes(side: Any, pk: int) -> dict[str, tuple[str, bool]]:
    """Every route that can carry the record: url, and whether it is a single-record read (else a list)."""
    i = side.inspection.pk
    return {
        "overview page": (f"/fieldwork/{i}/", False),
        "inspection page": (f"/inspections/{i}/", False),
        "record page": (f"/fieldwork/records/{pk}/", True),
        "records API": ("/api/fieldwork-records/", False),
        "records API by inspection": (f"/api/fieldwork-records/?inspection={i}", False),
        "records API by method": ("/api/fieldwork-records/?method=inquiry", False),
        "record API": (f"/api/fieldwork-records/{pk}/", True),
        "events page": ("/events/", False),
        "events API": ("/api/events/", False),
    }


def _reads(pk: int) -> int:
    return Event.objects.filter(
        action="secret.read", object_type="fieldwork.fieldworkrecord", object_id=str(pk)
    ).count()


@pytest.mark.parametrize("which", ["jdz", "nmg"])
def test_the_informant_is_shown_only_on_a_recorded_read_by_the_team_or_the_office_head(
    request: Any, which: str
) -> None:
    side = request.getfixturevalue(which)
    book = side.jurisdiction.rulebook
    assert any(m.code == "inquiry" for m in book.working_methods)  # the method exists in both rulebooks
    on_site(side)
    inquiry = record(side, "inquiry", details={"informant": INFORMANT, "matter": "专项资金使用"})
    people = _people(side)
    seen: list[tuple[str, str]] = []
    for who, user in people.items():
        client = Client()
        client.force_login(user)
        for route, (url, single) in _routes(side, inquiry.pk).items():
            before = _reads(inquiry.pk)
            response = client.get(url)
            body = response.content.decode()
            reads = _reads(inquiry.pk) - before
            if INFORMANT in body:
                seen.append((who, route))
                assert reads == 1, (who, route)  # each read that shows it is one event
            else:
                assert reads == 0, (who, route)  # nothing shown, nothing read
            if single and who in OVERSIGHT:
                assert response.status_code == 200, (who, route)
                assert rules.WITHHELD in body or '"withheld":["informant"]' in body.replace(" ", ""), (who, route)
            if single and who in OUTSIDERS:
                assert response.status_code == 404, (who, route)
    assert sorted(seen) == sorted((who, route) for who in ALLOWED for route in ("record page", "record API"))
    events = Event.objects.filter(action="secret.read", object_id=str(inquiry.pk))
    assert events.count() == 2 * len(ALLOWED)
    assert all(INFORMANT not in f"{e.before}{e.after}{e.object_repr}" for e in events)


def test_the_service_gives_the_informant_to_the_team_and_the_office_head_only(jdz: Any) -> None:
    on_site(jdz)
    inquiry = record(jdz, "inquiry", details={"informant": INFORMANT, "matter": "专项资金使用"})
    for reader in (jdz.member, jdz.leader, jdz.office_head):
        assert services.fieldwork_record_read(actor=reader, pk=inquiry.pk).secret_revealed
    assert _reads(inquiry.pk) == 3
    for other in (jdz.office_clerk, jdz.auditor):
        assert not services.fieldwork_record_read(actor=other, pk=inquiry.pk).secret_revealed
    for outsider in (jdz.other_member, jdz.unit_contact, jdz.receiver):
        with pytest.raises(PermissionDeniedError):
            services.fieldwork_record_read(actor=outsider, pk=inquiry.pk)
    assert _reads(inquiry.pk) == 3
    # A record of a method without secret details is read without a secret.read event.
    forum = record(jdz, "forum")
    services.fieldwork_record_read(actor=jdz.member, pk=forum.pk)
    assert _reads(forum.pk) == 0


@pytest.mark.parametrize("which", ["jdz", "nmg"])
def test_only_the_team_records_an_inquiry_the_office_records_other_methods(request: Any, which: str) -> None:
    side = request.getfixturevalue(which)
    on_site(side)
    with pytest.raises(PermissionDeniedError) as err:
        record(side, "inquiry", actor=side.office_clerk)
    assert err.value.article == rules.secrecy_article(side.jurisdiction.rulebook)
    assert record(side, "forum", actor=side.office_clerk).recorded_by == side.office_clerk
    assert record(side, "inquiry", actor=side.member).recorded_by == side.member
