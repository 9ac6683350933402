"""Findings are team material: the team, the office, the leading group and auditors see them; another team, the
inspected unit and receivers see nothing (pages 404, API empty). A linked secret record stays behind its own door."""

from __future__ import annotations

from typing import Any

import pytest

from xuncha.findings import services as svc
from xuncha.findings.models import Escalation, Evidence, Finding, FindingMove, TeamMeeting

from .helpers import ON, client_for, draft, enter, leading_group_member, meet, talk


@pytest.fixture
def material(jdz: Any) -> dict[str, Any]:
    enter(jdz)
    record = talk(jdz)
    finding = draft(jdz, title="违规发放津贴补贴")
    svc.evidence_link(actor=jdz.member, finding=finding, kind="talk", object_id=record.pk)
    meeting = meet(jdz, [finding])
    escalation = svc.escalation_create(
        actor=jdz.member, inspection=jdz.inspection, to="leading_group", matter="请示扩大了解范围", reported_on=ON
    )
    return {"talk": record, "finding": finding, "meeting": meeting, "escalation": escalation}


def _pages(jdz: Any, m: dict[str, Any]) -> list[str]:
    i = jdz.inspection.pk
    return [
        f"/findings/inspection/{i}/",
        f"/findings/inspection/{i}/meetings/",
        f"/findings/inspection/{i}/escalations/",
        f"/findings/{m['finding'].pk}/",
        f"/findings/meetings/{m['meeting'].pk}/",
    ]


APIS = ["/api/findings/", "/api/team-meetings/", "/api/escalations/"]


@pytest.mark.parametrize("who", ["other_member", "unit_contact", "other_unit_contact", "receiver"])
def test_another_team_the_inspected_unit_and_receivers_see_no_findings(jdz: Any, material: Any, who: str) -> None:
    user = getattr(jdz, who)
    client = client_for(user)
    for url in _pages(jdz, material):
        assert client.get(url).status_code == 404, url
    for url in APIS:
        response = client.get(url)
        assert response.status_code == 200 and response.json()["results"] == [], url
    assert client.get(f"/api/findings/{material['finding'].pk}/").status_code == 404
    for model in (Finding, Evidence, FindingMove, TeamMeeting, Escalation):
        assert not model.objects.visible_to(user).exists(), model


def test_the_unit_contact_sees_the_inspection_but_not_its_findings_section(jdz: Any, material: Any) -> None:
    html = client_for(jdz.unit_contact).get(f"/inspections/{jdz.inspection.pk}/").content.decode()
    assert "违规" not in html and "findings-links" not in html and "/findings/" not in html
    team_html = client_for(jdz.member).get(f"/inspections/{jdz.inspection.pk}/").content.decode()
    assert "findings-links" in team_html and f"/findings/inspection/{jdz.inspection.pk}/" in team_html


@pytest.mark.parametrize("who", ["leader", "member", "office_head", "office_clerk", "auditor", "leading_group"])
def test_the_team_the_office_the_leading_group_and_auditors_see_them(jdz: Any, material: Any, who: str) -> None:
    user = leading_group_member(jdz) if who == "leading_group" else getattr(jdz, who)
    client = client_for(user)
    for url in _pages(jdz, material):
        assert client.get(url).status_code == 200, url
    assert "违规发放津贴补贴" in client.get(f"/findings/inspection/{jdz.inspection.pk}/").content.decode()
    for url in APIS:
        assert len(client.get(url).json()["results"]) == 1, url


def test_a_linked_talk_record_shows_its_label_and_opens_only_for_those_allowed(jdz: Any, material: Any) -> None:
    record, finding = material["talk"], material["finding"]
    label, link = f"个别谈话记录 #{record.pk}", f'href="/inspections/talks/{record.pk}/"'
    for user in (jdz.member, jdz.office_head):  # the team and the office head may read talk records
        html = client_for(user).get(f"/findings/{finding.pk}/").content.decode()
        assert label in html and link in html and "秘密内容" not in html
    # The auditor and the office clerk see the finding and the link's label, not the way in.
    for user in (jdz.auditor, jdz.office_clerk):
        client = client_for(user)
        html = client.get(f"/findings/{finding.pk}/").content.decode()
        assert label in html and link not in html and "无权查阅" in html and "秘密内容" not in html
        assert client.get(f"/inspections/talks/{record.pk}/").status_code == 403
    api = client_for(jdz.auditor).get(f"/api/findings/{finding.pk}/").json()
    assert api["evidence"][0]["label"] == label and "content" not in api["evidence"][0]
