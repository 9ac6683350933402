"""JDZ-2017 第二十八条: 市纪委纪检监察室派员参与对口联系单位的巡察工作 — recorded on the team by the office, shown on
the team page and in the API with the article. NMG-2016 has no such provision: refused, and the page says so."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.planning.services import team_discipline_liaison_set


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_office_records_the_discipline_offices_delegate_shown_on_the_team_page_and_api(jdz: Any) -> None:
    team = jdz.inspection.team
    client = _client(jdz.office_head)
    response = client.post(
        f"/planning/teams/{team.pk}/discipline-liaison/",
        {"discipline_office": "市纪委监委第三纪检监察室", "discipline_delegate": "钟某"},
        follow=True,
    )
    page = response.content.decode()
    assert "已登记纪检监察室派员" in page
    assert "市纪委监委第三纪检监察室" in page and "钟某" in page
    assert "市纪委纪检监察室派员参与对口联系单位的巡察工作（第二十八条）" in page
    event = Event.objects.get(action="team.discipline_liaison_set")
    assert event.article == "第二十八条" and event.after == {
        "discipline_office": "市纪委监委第三纪检监察室",
        "discipline_delegate": "钟某",
    }
    data = client.get(f"/api/teams/{team.pk}/").json()
    assert (data["discipline_office"], data["discipline_delegate"], data["discipline_liaison_article"]) == (
        "市纪委监委第三纪检监察室",
        "钟某",
        "第二十八条",
    )
    response = client.post(
        f"/api/teams/{team.pk}/discipline-liaison/",
        json.dumps({"discipline_office": "市纪委监委第三纪检监察室", "discipline_delegate": "钟某、李某"}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["discipline_delegate"] == "钟某、李某"


def test_a_delegate_needs_the_office_that_sends_it(jdz: Any) -> None:
    with pytest.raises(ServiceError) as err:
        team_discipline_liaison_set(actor=jdz.office_clerk, team=jdz.inspection.team, office="", delegate="钟某")
    assert err.value.field == "discipline_office" and err.value.article == "第二十八条"


@pytest.mark.parametrize("who", ["leader", "member", "auditor", "unit_contact"])
def test_only_the_office_records_it(jdz: Any, who: str) -> None:
    with pytest.raises(PermissionDeniedError, match="第二十八条"):
        team_discipline_liaison_set(
            actor=getattr(jdz, who), team=jdz.inspection.team, office="第三纪检监察室", delegate="钟某"
        )
    assert not Event.objects.filter(action="team.discipline_liaison_set").exists()


def test_nmg_has_no_such_provision(nmg: Any) -> None:
    team = nmg.inspection.team
    with pytest.raises(ServiceError) as err:
        team_discipline_liaison_set(actor=nmg.office_head, team=team, office="某纪检监察室", delegate="某人")
    assert err.value.code == "not_in_rulebook"
    page = _client(nmg.office_head).get(f"/planning/teams/{team.pk}/").content.decode()
    assert "没有规定纪检监察室派员参与巡视工作" in page and 'data-testid="discipline-liaison-form"' not in page
    assert _client(nmg.office_head).get(f"/api/teams/{team.pk}/").json()["discipline_liaison_article"] == ""
