"""Kind `feedback_receipt`: the 《巡察反馈材料签收单》 of JDZ-2017 第三十四条, one copy a page, three signers."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from docx.oxml.ns import qn

from xuncha.conftest import put_decided
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.documents import gbt9704 as g
from xuncha.documents import services
from xuncha.documents.models import Document
from xuncha.feedback import services as feedback
from xuncha.feedback.tests.helpers import give

from .docx_checks import assert_document, opened, run_fonts
from .helpers import content

pytestmark = pytest.mark.django_db

D = datetime.date
GIVEN = D(2026, 9, 7)
PRINTED = D(2026, 9, 10)
ROLES = ("team_leader", "unit_principal_leader", "office_head")


@pytest.fixture
def given(jdz: Any) -> Any:
    put_decided(jdz)
    give(jdz, GIVEN)
    return jdz


def generate(side: Any, actor: Any = None) -> Document:
    return services.document_generate(
        actor=actor or side.member, code="feedback_receipt", subject=side.inspection, dated_on=PRINTED
    )


def sign(side: Any, role: str, on: datetime.date, name: str = "") -> Any:
    actor = {"team_leader": side.leader, "office_head": side.office_head, "unit_principal_leader": side.unit_contact}
    return feedback.feedback_receipt_sign(
        actor=actor[role], inspection=side.inspection, role=role, signed_on=on, name=name
    )


def copies_of(data: bytes) -> list[Any]:
    doc = opened(data)
    return list(doc.tables)


def test_three_copies_each_on_its_own_page(given: Any) -> None:
    side = given
    data = content(generate(side))
    text = assert_document(data)
    book = side.jurisdiction.rulebook
    form = book.signature_form("feedback_receipt")
    assert form is not None and form.copies == 3
    tables = copies_of(data)
    assert len(tables) == 3
    for n, holder in zip("一二三", form.copy_holders, strict=True):
        assert f"一式三份 · 第{n}份（{holder}留存）" in text
    assert [p.text for p in opened(data).paragraphs].count(form.name) == 3  # each copy's title
    # Each copy after the first starts a page: two page breaks between three copies.
    breaks = [b for b in opened(data).element.body.iter(qn("w:br")) if b.get(qn("w:type")) == "page"]
    assert len(breaks) == 2
    role_names = [book.role(code).name for code in ROLES]
    for table in tables:
        cells = [[c.text for c in row.cells] for row in table.rows]
        assert cells[0][0] == f"被{book.word}单位" and cells[0][1] == side.inspection.target.name
        assert cells[1][0] == f"{book.word}组" and cells[1][1] == f"{side.jurisdiction.name}第一{book.word}组"
        assert cells[2] == ["反馈日期"] + ["2026年9月7日"] * 3  # the value spans three columns
        assert cells[3] == ["签字人", "姓名", "签字", "日期"]
        signature_rows = cells[4:]
        assert [r[0] for r in signature_rows] == role_names
        for row in signature_rows:  # nobody signed yet: blank, to sign by hand
            assert row[1:] == ["", "", "　　年　月　日"]
    assert f"依据：《{book.short_title}》第三十四条" in text
    assert "签收反馈意见日期" not in text
    assert run_fonts(data, form.name) == (g.XIAOBIAOSONG, g.SIZE_2)
    assert run_fonts(data, "签字人") == (g.HEITI, g.SIZE_4)
    assert run_fonts(data, side.inspection.target.name) == (g.FANGSONG, g.SIZE_4)


def test_signed_names_and_dates_printed_once_signed(given: Any) -> None:
    side = given
    sign(side, "team_leader", D(2026, 9, 8))
    sign(side, "unit_principal_leader", D(2026, 9, 8), name="周向东")
    data = content(generate(side))
    assert_document(data)
    for table in copies_of(data):
        rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows}
        book = side.jurisdiction.rulebook
        assert rows[book.role("team_leader").name][1:] == [str(side.leader), "", "2026年9月8日"]
        assert rows[book.role("unit_principal_leader").name][1:] == ["周向东", "", "2026年9月8日"]
        assert rows[book.role("office_head").name][1:] == ["", "", "　　年　月　日"]
    texts = [p.text for p in opened(data).paragraphs]
    assert sum("签收反馈意见日期：2026年9月8日" in t for t in texts) == 3
    assert run_fonts(data, "周向东") == (g.FANGSONG, g.SIZE_4)

    sign(side, "office_head", D(2026, 9, 9))
    again = content(generate(side))
    for table in copies_of(again):
        names = [row.cells[1].text for row in table.rows[4:]]
        assert names == [str(side.leader), "周向东", str(side.office_head)]


def test_refused_before_both_feedback_sessions(jdz: Any) -> None:
    put_decided(jdz)
    with pytest.raises(ServiceError, match=r"尚未分别反馈完毕.*第三十四条") as err:
        generate(jdz)
    assert err.value.article == "第三十四条"
    feedback.feedback_session_hold(
        actor=jdz.leader,
        inspection=jdz.inspection,
        audience="leadership",
        held_on=GIVEN,
        given_by=jdz.leader,
        attendees="领导班子全体成员",
        opinions="规范津贴补贴发放。",
    )
    jdz.inspection.refresh_from_db()
    with pytest.raises(ServiceError, match="尚未分别反馈完毕"):
        generate(jdz)
    assert not Document.objects.exists()


def test_who_may_print_and_who_reads(given: Any) -> None:
    side = given
    for outsider in (side.other_member, side.unit_contact):
        with pytest.raises(PermissionDeniedError, match=r"只有本.*组成员和"):
            generate(side, actor=outsider)
    doc = generate(side, actor=side.office_clerk)
    for reader in (side.member, side.office_head, side.unit_contact):
        assert Document.objects.visible_to(reader).filter(pk=doc.pk).exists()
    for outsider in (side.other_member, side.other_unit_contact, side.receiver):
        assert not Document.objects.visible_to(outsider).filter(pk=doc.pk).exists()


def test_nmg_has_no_receipt(nmg: Any) -> None:
    with pytest.raises(ServiceError, match="没有文书“feedback_receipt”"):
        services.spec_of(nmg.jurisdiction, "feedback_receipt")
    with pytest.raises(ServiceError, match="没有文书“feedback_receipt”"):
        services.document_generate(actor=nmg.office_head, code="feedback_receipt", subject=nmg.inspection)
