"""The ledgers read from the records: rows, filters, counts and the overdue flag under both rulebooks."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xuncha.clues import ledger
from xuncha.clues.models import Clue, ClueSource
from xuncha.clues.selectors import Counts
from xuncha.core.errors import PermissionDeniedError

from .ledger_helpers import (
    D,
    add_subject,
    ledger_clue,
    new_cadre,
    open_handling_duty,
    receiver_org,
    report,
    transfer_to,
)

pytestmark = pytest.mark.django_db


def _rows(user, side, code, **params):
    view = ledger.ledger_view(user, side.jurisdiction, code, params)
    return view, {r.cells[0]: r for r in view.rows()}


def test_jdz_office_ledger_holds_jurisdiction_cadres_sent_to_discipline_or_organization(jdz):
    sent = ledger_clue(jdz, 1)
    township = ledger_clue(jdz, 2, level="township")
    kept = ledger_clue(jdz, 3)  # not transferred
    other = receiver_org(jdz, "other_unit", "景德镇某局")
    elsewhere = ledger_clue(jdz, 4)
    dept = receiver_org(jdz, "organization_department", "景德镇组织部")
    to_dept = ledger_clue(jdz, 5)
    transfer_to(jdz, [sent, township])
    transfer_to(jdz, [elsewhere], receiver=other, route="other")
    transfer_to(jdz, [to_dept], receiver=dept, route="organization", signed_on=None)  # being transferred
    view, rows = _rows(jdz.office_head, jdz, ledger.OFFICE)
    assert set(rows) == {sent.code, to_dept.code}
    assert kept.code not in rows and township.code not in rows and elsewhere.code not in rows
    row = rows[sent.code].cells
    assert len(row) == len(ledger.HEADERS) == 12
    assert row[2] == "干部1号"
    assert row[4] == "本级管理干部"
    assert row[6] == "领导干部涉嫌违纪的线索和作风方面的突出问题"  # the route's matter
    assert row[7] == "2026-05-10"  # the receiver's signature
    assert row[8] == "jdz纪委"
    assert row[11] == "已移交，待办理"
    assert rows[to_dept.code].cells[7] == "" and rows[to_dept.code].cells[11] == "移交中（交接单签字）"
    assert view.article.endswith("第三十九条")


def test_row_shows_sources_category_and_latest_report_never_content(jdz, talk):
    clue = ledger_clue(jdz, 1, category="retaliation")
    ClueSource.objects.create(clue=clue, kind="talk", talk=talk, added_on=D(2026, 3, 20), added_by=jdz.member)
    transfer_to(jdz, [clue])
    report(jdz, clue, jdz.receiver, on=D(2026, 6, 1), disposition="talk_inquiry")
    report(jdz, clue, jdz.receiver, on=D(2026, 7, 1), disposition="case")
    _, rows = _rows(jdz.office_head, jdz, ledger.OFFICE)
    row = rows[clue.code].cells
    assert row[1] == "个别谈话"
    assert row[5] == "打击、报复、陷害反映问题的干部群众"
    assert row[9] == "立案" and row[10] == "2026-07-01"
    assert all("秘密" not in cell for cell in row)


def test_filters_round_unit_receiver_status_overdue(jdz):
    a = ledger_clue(jdz, 1)
    b = ledger_clue(jdz, 2, inspection=jdz.other_inspection)
    dept = receiver_org(jdz, "organization_department", "景德镇组织部")
    transfer_to(jdz, [a])
    transfer_to(jdz, [b], receiver=dept, route="organization", inspection=jdz.other_inspection)
    Clue.objects.filter(pk=b.pk).update(status="concluded")
    office = jdz.office_head
    assert set(_rows(office, jdz, ledger.OFFICE, unit=str(jdz.inspection.target_id))[1]) == {a.code}
    assert set(_rows(office, jdz, ledger.OFFICE, receiver=str(dept.pk))[1]) == {b.code}
    assert set(_rows(office, jdz, ledger.OFFICE, status="concluded")[1]) == {b.code}
    assert set(_rows(office, jdz, ledger.OFFICE, round=str(jdz.inspection.round_id))[1]) == {a.code, b.code}
    assert set(_rows(office, jdz, ledger.OFFICE, round="999999")[1]) == set()
    assert set(_rows(office, jdz, ledger.OFFICE, overdue="1")[1]) == set()


def test_overdue_flag_from_the_open_handling_duty(jdz):
    late = ledger_clue(jdz, 1)
    fresh = ledger_clue(jdz, 2)
    transfer_to(jdz, [late], signed_on=D(2025, 1, 6))
    transfer_to(jdz, [fresh])
    open_handling_duty(late, D(2025, 1, 6))  # 3 months: long past
    _, rows = _rows(jdz.office_head, jdz, ledger.OFFICE)
    assert rows[late.code].overdue and rows[late.code].cells[11] == "已移交，待办理（逾期）"
    assert not rows[fresh.code].overdue
    assert set(_rows(jdz.office_head, jdz, ledger.OFFICE, overdue="1")[1]) == {late.code}


def test_counts_pieces_and_persons(jdz):
    a = ledger_clue(jdz, 1)
    b = ledger_clue(jdz, 2)
    shared = new_cadre(jdz, "SHARED")
    add_subject(jdz, a, shared)
    add_subject(jdz, b, shared)  # one cadre in two clues: one person
    dup = ledger_clue(jdz, 3)
    transfer_to(jdz, [a, b, dup])
    Clue.objects.filter(pk=dup.pk).update(status="merged", merged_into=a)  # the same matter again: counted once
    view, _ = _rows(jdz.office_head, jdz, ledger.OFFICE)
    assert view.counts == Counts(2, 3)  # 干部1号, 干部2号, SHARED
    assert str(view.counts) == "2件3人"


def test_team_ledger_township_clues_of_the_team(jdz):
    own = ledger_clue(jdz, 1, level="township")
    other = ledger_clue(jdz, 2, level="township", inspection=jdz.other_inspection)
    city = ledger_clue(jdz, 3)
    transfer_to(jdz, [own, city])
    transfer_to(jdz, [other], inspection=jdz.other_inspection)
    assert set(_rows(jdz.member, jdz, ledger.TEAM)[1]) == {own.code}
    assert set(_rows(jdz.office_head, jdz, ledger.TEAM)[1]) == {own.code, other.code}
    assert set(_rows(jdz.office_head, jdz, ledger.TEAM, team=str(jdz.other_inspection.team_id))[1]) == {other.code}
    with pytest.raises(PermissionDeniedError):
        ledger.ledger_view(jdz.member, jdz.jurisdiction, ledger.OFFICE, {})


def test_refused_to_receiver_and_unit_contact(jdz):
    for user in (jdz.receiver, jdz.unit_contact):
        assert ledger.ledger_jurisdictions(user) == []
        for code in (ledger.OFFICE, ledger.TEAM):
            with pytest.raises(PermissionDeniedError):
                ledger.ledger_view(user, jdz.jurisdiction, code, {})


def test_nmg_results_ledger_and_no_jdz_ledgers(nmg):
    clue = ledger_clue(nmg, 1, level="township")
    transfer_to(nmg, [clue])
    assert [i.code for i in ledger.ledgers(nmg.jurisdiction)] == [ledger.RESULTS]
    view, rows = _rows(nmg.office_head, nmg, ledger.RESULTS)
    assert set(rows) == {clue.code}
    assert view.article.endswith("第三十三条")
    with pytest.raises(PermissionDeniedError):
        ledger.ledger_view(nmg.office_head, nmg.jurisdiction, ledger.OFFICE, {})
    with pytest.raises(PermissionDeniedError):
        ledger.ledger_view(nmg.member, nmg.jurisdiction, ledger.RESULTS, {})


def test_no_query_per_row(jdz):
    clues = [ledger_clue(jdz, n) for n in range(1, 4)]
    transfer_to(jdz, clues)
    view = ledger.ledger_view(jdz.office_head, jdz.jurisdiction, ledger.OFFICE, {})
    with CaptureQueriesContext(connection) as few:
        view.rows()
    more = [ledger_clue(jdz, n) for n in range(4, 10)]
    transfer_to(jdz, more)
    view = ledger.ledger_view(jdz.office_head, jdz.jurisdiction, ledger.OFFICE, {})
    with CaptureQueriesContext(connection) as many:
        assert len(view.rows()) == 9
    assert len(many) == len(few)
