"""台账 printed whole (JDZ-2017 第三十九条's two ledgers, NMG-2016 第三十三条's results ledger): landscape A4 in 小四,
the twelve columns of `clues.ledger.HEADERS`, the counts, and for NMG the uses of results; printed and read only by
the office and the leading group."""

from __future__ import annotations

import pytest

from xuncha.clues import ledger as clue_ledger
from xuncha.clues.tests.ledger_helpers import D, ledger_clue, open_handling_duty, transfer_to
from xuncha.clues.tests.transfer_helpers import discipline_organ, leading_group_head
from xuncha.conftest import put_decided
from xuncha.core.errors import PermissionDeniedError
from xuncha.documents import gbt9704 as g
from xuncha.documents import services
from xuncha.documents.models import Document
from xuncha.documents.tests import docx_checks
from xuncha.documents.tests.helpers import content
from xuncha.jurisdictions.models import Jurisdiction

pytestmark = pytest.mark.django_db


def _generate(side, code, actor=None):
    return services.document_generate(actor=actor or side.office_head, code=code, subject=side.jurisdiction)


def _table_rows(data: bytes, index: int = 0) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in docx_checks.opened(data).tables[index].rows]


def test_jdz_office_ledger_landscape_rows_counts_and_overdue(jdz):
    sent = ledger_clue(jdz, 1, category="integrity_discipline")
    township = ledger_clue(jdz, 2, level="township")
    kept = ledger_clue(jdz, 3)  # not transferred
    transfer_to(jdz, [sent, township])
    open_handling_duty(sent, D(2026, 5, 10))  # three months: overdue by the print date
    document = _generate(jdz, clue_ledger.OFFICE)
    data = content(document)
    text = docx_checks.assert_document(data, landscape=True)
    assert document.builder == "ledger" and document.inspection is None and document.number is None
    assert document.title == "市管干部问题线索台账"
    assert "第三十九条" in text and "市管干部问题线索" in text
    assert "共1件1人" in text and "逾期未反馈1件" in text
    rows = _table_rows(data)
    assert rows[0] == list(clue_ledger.HEADERS)
    assert len(rows) == 2  # the header and the one 市管 clue sent to the discipline commission
    cells = rows[1]
    assert cells[0] == sent.code and cells[2] == "干部1号" and cells[5] == "违反廉政纪律"
    assert cells[7] == "2026-05-10" and cells[8] == "jdz纪委"
    assert cells[11] == f"已移交，待办理（{clue_ledger.OVERDUE}）"
    assert township.code not in text and kept.code not in text
    assert "秘密内容" not in text
    assert docx_checks.run_fonts(data, sent.code) == (g.FANGSONG, g.SIZE_5)
    assert docx_checks.run_fonts(data, "办理状态") == (g.HEITI, g.SIZE_5)
    assert len(docx_checks.opened(data).tables) == 1  # no uses of results under JDZ-2017


def test_jdz_team_ledger_holds_township_clues(jdz):
    sent = ledger_clue(jdz, 1)
    township = ledger_clue(jdz, 2, level="township")
    transfer_to(jdz, [sent, township])
    data = content(_generate(jdz, clue_ledger.TEAM, actor=leading_group_head(jdz)))
    text = docx_checks.assert_document(data, landscape=True)
    assert "乡（科）级及以下干部问题线索台账" in text
    rows = _table_rows(data)
    assert [r[0] for r in rows[1:]] == [township.code]
    assert rows[1][11] == "已移交，待办理"
    assert "共1件1人" in text and "逾期未反馈0件" in text


def test_jdz_only_those_who_see_the_whole_ledger_print_it(jdz):
    transfer_to(jdz, [ledger_clue(jdz, 1, level="township")])
    book = jdz.jurisdiction.rulebook
    for outsider in (jdz.member, jdz.leader, jdz.unit_contact, jdz.receiver):
        with pytest.raises(PermissionDeniedError) as exc:
            _generate(jdz, clue_ledger.TEAM, actor=outsider)
        assert book.role("office_head").name in exc.value.message
        assert book.role("leading_group_head").name in exc.value.message
        assert "乡（科）级及以下干部问题线索台账" in exc.value.message
    assert not Document.objects.filter(builder="ledger").exists()


def test_jdz_readers_are_the_office_and_the_leading_group(jdz):
    transfer_to(jdz, [ledger_clue(jdz, 1)])
    document = _generate(jdz, clue_ledger.OFFICE)
    head = leading_group_head(jdz)
    for reader in (jdz.office_head, jdz.office_clerk, head):
        assert Document.objects.visible_to(reader).filter(pk=document.pk).exists()
    for outsider in (jdz.member, jdz.leader, jdz.unit_contact, jdz.receiver):
        assert not Document.objects.visible_to(outsider).filter(pk=document.pk).exists()
    # The jurisdiction itself is seen by a unit contact: not the gate of the ledger.
    assert Jurisdiction.objects.visible_to(jdz.unit_contact).filter(pk=jdz.jurisdiction.pk).exists()


def test_nmg_results_ledger_with_the_uses_of_results(nmg):
    from xuncha.results import rules as result_rules

    clue = ledger_clue(nmg, 1, category="integrity_discipline")
    put_decided(nmg)
    transfer_to(nmg, [clue])
    document = _generate(nmg, clue_ledger.RESULTS)
    data = content(document)
    text = docx_checks.assert_document(data, landscape=True)
    word = nmg.jurisdiction.word
    item = clue_ledger.ledger_item(nmg.jurisdiction, clue_ledger.RESULTS)
    assert item is not None and document.title == item.name
    assert document.title.endswith("成果运用台账")
    assert "第三十三条" in text and "共1件1人" in text
    rows = _table_rows(data)
    assert rows[0] == list(clue_ledger.HEADERS)
    assert rows[1][0] == clue.code and rows[1][5] == "违反廉洁纪律" and rows[1][8] == discipline_organ(nmg).name
    uses = _table_rows(data, 1)
    assert uses[0] == [f"{word}项目", "成果运用"]
    label = result_rules.use_labels(nmg.jurisdiction.rulebook)["feedback"]
    assert [r[0] for r in uses[1:]] == [str(nmg.inspection), str(nmg.other_inspection)]
    assert all(r[1] == label for r in uses[1:])
    assert docx_checks.run_fonts(data, f"各{word}项目的成果运用情况")[0] == g.HEITI
    with pytest.raises(PermissionDeniedError):
        _generate(nmg, clue_ledger.RESULTS, actor=nmg.member)
    assert not Document.objects.visible_to(nmg.unit_contact).filter(pk=document.pk).exists()
    assert Document.objects.visible_to(nmg.office_clerk).filter(pk=document.pk).exists()
