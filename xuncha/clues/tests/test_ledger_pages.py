"""The ledger pages, the .xlsx export and the API: filters, headers, refusals."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from xuncha.clues import ledger

from .ledger_helpers import D, ledger_clue, open_handling_duty, transfer_to

pytestmark = pytest.mark.django_db


def _setup(jdz):
    city = ledger_clue(jdz, 1)
    township = ledger_clue(jdz, 2, level="township")
    other_team = ledger_clue(jdz, 3, level="township", inspection=jdz.other_inspection)
    transfer_to(jdz, [city, township], signed_on=D(2025, 1, 6))
    transfer_to(jdz, [other_team], inspection=jdz.other_inspection)
    open_handling_duty(city, D(2025, 1, 6))
    return city, township, other_team


def test_index_lists_the_ledgers_with_their_article(client, jdz):
    client.force_login(jdz.office_head)
    page = client.get(reverse("clues:ledger_index")).content.decode()
    assert "市管干部问题线索台账" in page and "乡（科）级及以下干部问题线索台账" in page
    assert "第三十九条" in page
    assert 'data-testid="nav-ledgers"' in page


def test_office_page_filters_counts_and_overdue(client, jdz):
    city, township, _ = _setup(jdz)
    client.force_login(jdz.office_clerk)
    url = reverse("clues:ledger_detail", args=[ledger.OFFICE])
    page = client.get(url).content.decode()
    assert city.code in page and township.code not in page
    assert "1件1人" in page
    assert "（逾期）" in page
    for header in ledger.HEADERS:
        assert f"<th>{header}</th>" in page
    assert "秘密内容" not in page
    empty = client.get(url, {"receiver": "999999"}).content.decode()
    assert city.code not in empty and "0件0人" in empty


def test_xlsx_has_title_headers_and_row(client, jdz):
    city, *_ = _setup(jdz)
    client.force_login(jdz.office_head)
    response = client.get(reverse("clues:ledger_export", args=[ledger.OFFICE]), {"overdue": "1"})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in r] for r in ws.iter_rows()]
    assert "市管干部问题线索台账" in values[0][0] and "第三十九条" in values[0][0]
    assert tuple(values[1]) == ledger.HEADERS
    assert len(values) == 3
    row = values[2]
    assert row[0] == city.code and row[2] == "干部1号" and row[7] == "2025-01-06"
    assert row[11] == "已移交，待办理（逾期）"


def test_team_member_sees_only_his_team_ledger(client, jdz):
    _, township, other_team = _setup(jdz)
    client.force_login(jdz.member)
    page = client.get(reverse("clues:ledger_detail", args=[ledger.TEAM])).content.decode()
    assert township.code in page and other_team.code not in page
    assert client.get(reverse("clues:ledger_detail", args=[ledger.OFFICE])).status_code == 403
    assert client.get(reverse("clues:ledger_export", args=[ledger.OFFICE])).status_code == 403
    forged = client.get(
        reverse("clues:ledger_detail", args=[ledger.TEAM]), {"team": str(other_team.inspection.team_id)}
    )
    assert other_team.code not in forged.content.decode()
    client.force_login(jdz.other_member)
    page = client.get(reverse("clues:ledger_detail", args=[ledger.TEAM])).content.decode()
    assert other_team.code in page and township.code not in page


@pytest.mark.parametrize("who", ["receiver", "unit_contact"])
def test_receiver_and_unit_contact_refused_pages_and_api(client, jdz, who):
    _setup(jdz)
    client.force_login(getattr(jdz, who))
    assert client.get(reverse("clues:ledger_index")).status_code == 403
    for code in (ledger.OFFICE, ledger.TEAM):
        assert client.get(reverse("clues:ledger_detail", args=[code])).status_code == 403
        assert client.get(reverse("clues:ledger_export", args=[code])).status_code == 403
        assert client.get(f"/api/clue-ledgers/{code}/").status_code == 403
    assert client.get("/api/clue-ledgers/").json()["count"] == 0
    assert 'data-testid="nav-ledgers"' not in client.get(reverse("dashboard")).content.decode()


def test_api_lists_ledgers_and_rows(client, jdz):
    city, *_ = _setup(jdz)
    client.force_login(jdz.office_head)
    listing = client.get("/api/clue-ledgers/").json()
    assert {r["code"] for r in listing["results"]} == {ledger.OFFICE, ledger.TEAM}
    body = client.get(f"/api/clue-ledgers/{ledger.OFFICE}/", {"overdue": "1", "limit": 10}).json()
    assert body["count"] == 1 and body["counts"]["text"] == "1件1人"
    assert body["headers"] == list(ledger.HEADERS)
    assert body["results"][0]["编号"] == city.code and body["results"][0]["overdue"] is True
    assert client.get(f"/api/clue-ledgers/{ledger.OFFICE}/", {"round": "abc"}).status_code == 400
    client.force_login(jdz.member)
    assert client.get(f"/api/clue-ledgers/{ledger.OFFICE}/").status_code == 403


def test_nmg_results_ledger_page_shows_uses_section(client, nmg):
    clue = ledger_clue(nmg, 1)
    transfer_to(nmg, [clue])
    client.force_login(nmg.office_head)
    page = client.get(reverse("clues:ledger_detail", args=[ledger.RESULTS])).content.decode()
    assert "巡视成果运用台账" in page and "第三十三条" in page and clue.code in page
    assert 'data-testid="ledger-uses"' in page
    assert "巡察组" not in page and "被巡视" in page


def test_navigation_for_team_members_only_where_a_team_ledger_exists(client, jdz, nmg):
    client.force_login(jdz.member)
    assert 'data-testid="nav-ledgers"' in client.get(reverse("dashboard")).content.decode()
    client.force_login(nmg.member)
    assert 'data-testid="nav-ledgers"' not in client.get(reverse("dashboard")).content.decode()
    assert client.get(reverse("clues:ledger_index")).status_code == 403
