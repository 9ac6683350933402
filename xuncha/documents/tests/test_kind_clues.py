"""移交材料交接单 (JDZ-2017 第三十五条): printed from an approved transfer after the round, with the register rows of
its clues (never their content), the approval and the form's three signature blocks; refused before the approval,
after a cancellation and for a transfer without a form; NMG-2016 prescribes no form."""

from __future__ import annotations

import pytest

from xuncha.clues.models import Transfer
from xuncha.clues.services.disposal import clue_dispose
from xuncha.clues.services.transfers import transfer_approve, transfer_cancel, transfer_draft, transfer_sign
from xuncha.clues.tests.ledger_helpers import transfer_to
from xuncha.clues.tests.transfer_helpers import D, discipline_organ, leading_group_head, make_clue, organ
from xuncha.conftest import put_decided
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.documents import gbt9704 as g
from xuncha.documents import services
from xuncha.documents.models import Document
from xuncha.documents.tests import docx_checks
from xuncha.documents.tests.helpers import content

pytestmark = pytest.mark.django_db

CODE = "handover_form"


def _drafted(side, numbers=(1, 2)) -> Transfer:
    clues = [make_clue(side, number=n, category="integrity_discipline") for n in numbers]
    put_decided(side)
    for clue in clues:
        clue_dispose(actor=side.office_clerk, clue=clue, route="discipline", recorded_on=D(2026, 5, 21))
        clue.refresh_from_db()
    return transfer_draft(
        actor=side.office_clerk,
        inspection=side.inspection,
        receiver=discipline_organ(side),
        clues=clues,
        drafted_on=D(2026, 5, 22),
    )


def _approved(side) -> Transfer:
    transfer = _drafted(side)
    transfer_approve(actor=leading_group_head(side), transfer=transfer, approved_on=D(2026, 5, 25))
    transfer.refresh_from_db()
    return transfer


def _generate(side, transfer, actor=None):
    return services.document_generate(actor=actor or side.office_clerk, code=CODE, subject=transfer)


def test_jdz_handover_form_prints_register_rows_approval_and_signature_blocks(jdz):
    transfer = _approved(jdz)
    transfer_sign(actor=jdz.leader, transfer=transfer, party="team", signed_on=D(2026, 5, 26))
    transfer.refresh_from_db()
    document = _generate(jdz, transfer)
    data = content(document)
    text = docx_checks.assert_document(data)
    book = jdz.jurisdiction.rulebook
    word = jdz.jurisdiction.word
    assert document.builder == CODE and document.kind == CODE and document.number is None
    assert document.title == "移交材料交接单"
    assert f"{transfer.year}年第{transfer.number}号" in text
    for label in ("交接单编号", f"{word}组", f"被{word}单位", "接收单位", "移交途径", "审批人", "审批日期"):
        assert label in text
    assert f"{jdz.jurisdiction.name}第一{word}组" in text
    assert jdz.inspection.target.name in text
    assert "jdz纪委" in text
    assert "领导干部涉嫌违纪的线索和作风方面的突出问题" in text and "第三十五条" in text
    clues = list(transfer.clues.order_by("number"))
    assert len(clues) == 2
    for clue in clues:
        assert clue.code in text
    assert "干部1号" in text and "干部2号" in text and "违反廉政纪律" in text
    assert "秘密内容" not in text  # never the clue's content
    assert "领导小组组长某" in text and "2026年5月25日" in text
    # The rulebook's three signers, in its order; the team has signed, the office and the receiver not yet.
    signatures = docx_checks.opened(data).tables[3]
    cells = [[c.text for c in row.cells] for row in signatures.rows]
    assert cells[0] == ["签字人", "单位", "签字", "日期"]
    assert [row[0] for row in cells[1:]] == [
        book.role("team_leader").name,
        book.role("office_head").name,
        book.role("receiver_contact").name,
    ]
    assert cells[1][2] == jdz.leader.full_name and cells[1][3] == "2026年5月26日"
    assert cells[2][2:] == ["", ""] and cells[3][2:] == ["", ""]
    assert cells[3][1] == "jdz纪委" and cells[2][1] == book.body("office").name
    # One copy: the article does not say how many.
    assert "份数：办法未规定" in text
    assert len(docx_checks.opened(data).tables) == 4
    clue_table = docx_checks.opened(data).tables[1]
    assert len(clue_table.rows) == 3  # header + the two clues
    assert docx_checks.run_fonts(data, "移交的问题线索")[0] == g.HEITI


def test_jdz_completed_transfer_shows_every_signature(jdz):
    transfer = _approved(jdz)
    transfer_sign(actor=jdz.leader, transfer=transfer, party="team", signed_on=D(2026, 5, 26))
    transfer_sign(actor=jdz.office_head, transfer=transfer, party="office", signed_on=D(2026, 5, 27))
    transfer_sign(actor=jdz.receiver, transfer=transfer, party="receiver", signed_on=D(2026, 5, 28))
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.COMPLETED
    data = content(_generate(jdz, transfer, actor=jdz.leader))
    text = docx_checks.assert_document(data)
    for name, day in (
        (jdz.leader.full_name, "2026年5月26日"),
        (jdz.office_head.full_name, "2026年5月27日"),
        (jdz.receiver.full_name, "2026年5月28日"),
    ):
        assert name in text and day in text


def test_jdz_drafted_transfer_refused_until_the_leading_group_approves(jdz):
    transfer = _drafted(jdz)
    with pytest.raises(ServiceError) as exc:
        _generate(jdz, transfer)
    assert "领导小组领导审批" in exc.value.message and "第三十五条" in exc.value.message
    assert not Document.objects.filter(kind=CODE).exists()


def test_jdz_cancelled_transfer_refused(jdz):
    transfer = _approved(jdz)
    transfer_cancel(actor=jdz.office_clerk, transfer=transfer, cancelled_on=D(2026, 5, 26), reason="接收单位有误")
    transfer.refresh_from_db()
    with pytest.raises(ServiceError) as exc:
        _generate(jdz, transfer)
    assert "撤回" in exc.value.message


def test_jdz_transfer_without_a_form_refused(jdz):
    clue = make_clue(jdz)
    transfer = transfer_to(jdz, [clue])  # completed, but its route has no form
    assert transfer.handover_form == ""
    with pytest.raises(ServiceError) as exc:
        _generate(jdz, transfer)
    assert "没有交接单" in exc.value.message


def test_jdz_only_the_team_or_the_office_prints(jdz):
    transfer = _approved(jdz)
    for outsider in (jdz.other_member, jdz.unit_contact, jdz.receiver):
        with pytest.raises(PermissionDeniedError) as exc:
            _generate(jdz, transfer, actor=outsider)
        assert "移交材料交接单" in exc.value.message
    assert _generate(jdz, transfer, actor=jdz.member).version == 1


def test_jdz_readers_are_those_who_see_the_transfer(jdz):
    transfer = _approved(jdz)
    document = _generate(jdz, transfer)
    _, other_receiver = organ(jdz, "organization_department", "jdz组织部")
    for reader in (jdz.office_head, jdz.leader, jdz.member, jdz.receiver):
        assert Document.objects.visible_to(reader).filter(pk=document.pk).exists()
    for outsider in (other_receiver, jdz.other_member, jdz.unit_contact):
        assert not Document.objects.visible_to(outsider).filter(pk=document.pk).exists()


def test_nmg_has_no_handover_form(nmg):
    with pytest.raises(ServiceError) as exc:
        services.spec_of(nmg.jurisdiction, CODE)
    assert CODE in exc.value.message
    clue = make_clue(nmg)
    transfer = transfer_to(nmg, [clue])
    with pytest.raises(ServiceError):
        services.document_generate(actor=nmg.office_head, code=CODE, subject=transfer)
