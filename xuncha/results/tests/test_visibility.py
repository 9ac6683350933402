"""Who sees the meetings, their items and the filing: the oversight roles see the meetings; a team sees its own item
only; the parent jurisdiction sees the filing; the inspected units and receivers see nothing."""

from __future__ import annotations

from typing import Any

import pytest

from xuncha.results import services as svc
from xuncha.results.models import Filing, Meeting, MeetingAttendee, MeetingItem

from .helpers import D, client_for, decide, hear, parent_office, ready


@pytest.fixture
def decided(jdz: Any) -> Any:
    ready(jdz)
    hear(jdz)
    decide(jdz)
    return svc.decision_file(
        actor=jdz.office_clerk,
        round=jdz.inspection.round,
        filed_on=D(2026, 5, 22),
        document_number="景巡办〔2026〕3号",
        summary="报送第一轮成果运用情况",
    )


def test_the_office_and_auditors_see_meetings_items_and_the_filing(jdz: Any, decided: Filing) -> None:
    for user in (jdz.office_clerk, jdz.auditor):
        assert Meeting.objects.visible_to(user).count() == 2
        assert MeetingItem.objects.visible_to(user).count() == 4
        assert MeetingAttendee.objects.visible_to(user).count() == 3
        assert list(Filing.objects.visible_to(user)) == [decided]


def test_a_team_sees_its_own_items_only_and_no_meeting(jdz: Any, decided: Filing) -> None:
    items = MeetingItem.objects.visible_to(jdz.member)
    assert {i.inspection_id for i in items} == {jdz.inspection.pk} and items.count() == 2
    assert {i.inspection_id for i in MeetingItem.objects.visible_to(jdz.other_member)} == {jdz.other_inspection.pk}
    assert not Meeting.objects.visible_to(jdz.member).exists()
    assert not MeetingAttendee.objects.visible_to(jdz.member).exists()
    assert not Filing.objects.visible_to(jdz.member).exists()


@pytest.mark.parametrize("who", ["unit_contact", "other_unit_contact", "receiver"])
def test_inspected_units_and_receivers_see_nothing(jdz: Any, decided: Filing, who: str) -> None:
    user = getattr(jdz, who)
    for model in (Meeting, MeetingItem, MeetingAttendee, Filing):
        assert not model.objects.visible_to(user).exists(), model
    client = client_for(user)
    meeting = Meeting.objects.first()
    assert meeting is not None
    for url in (
        f"/results/round/{jdz.inspection.round_id}/",
        f"/results/meetings/{meeting.pk}/",
        f"/results/inspection/{jdz.inspection.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert "景巡办" not in client.get("/results/filings/").content.decode()


def test_the_parent_jurisdiction_sees_the_filing_but_not_the_meetings(jdz: Any, decided: Filing) -> None:
    upper = parent_office(jdz)
    assert list(Filing.objects.visible_to(upper)) == [decided]
    assert not Meeting.objects.visible_to(upper).exists() and not MeetingItem.objects.visible_to(upper).exists()
    html = client_for(upper).get("/results/filings/").content.decode()
    assert "景巡办〔2026〕3号" in html and "报上级备案" in html and "省委巡视工作领导小组办公室" in html
    assert client_for(upper).get(f"/results/round/{jdz.inspection.round_id}/").status_code == 404


def test_another_jurisdiction_does_not_see_the_filing(jdz: Any, nmg: Any, decided: Filing) -> None:
    assert not Filing.objects.visible_to(nmg.office_head).exists()
