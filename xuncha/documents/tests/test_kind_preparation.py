"""情况了解公函 / 情况了解函 (JDZ-2017 第二十六条, NMG-2016 第二十四条): one numbered letter per information request,
printed by the office, read by the request's readers (the addressed agency's contact once it is sent)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from xuncha.accounts.services import membership_grant, user_create
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.documents import gbt9704 as g
from xuncha.documents import services
from xuncha.documents.models import Document
from xuncha.inspections import services as insp
from xuncha.preparation import services as prep
from xuncha.preparation.models import InformationRequest
from xuncha.registry.models import Organization
from xuncha.registry.services import organization_create

from . import docx_checks, helpers

pytestmark = pytest.mark.django_db

CODE = "information_request_letter"
PREPARED = datetime.date(2026, 3, 2)
SENT = datetime.date(2026, 3, 3)
NUMBERS = {"JDZ-2017": "景巡办〔2026〕1号", "NMG-2016": "内巡办〔2026〕1号"}


def _organ(side: Any) -> Organization:
    return Organization.objects.get(jurisdiction=side.jurisdiction, name=f"{side.jurisdiction.code}纪委")


def _contact(side: Any, key: str, organization: Organization) -> Any:
    user = user_create(actor=None, username=f"{side.jurisdiction.code}_{key}", full_name=key, password="pw-test-123")
    membership_grant(
        actor=None, user=user, jurisdiction=side.jurisdiction, role="agency_contact", organization=organization
    )
    return user


def _draft(side: Any, source: str = "discipline", agency: Organization | None = None) -> InformationRequest:
    insp.inspection_prepare(actor=side.leader, inspection=side.inspection, on=PREPARED)
    return prep.information_request_draft(actor=side.member, inspection=side.inspection, source=source, agency=agency)


def _send(side: Any, request: InformationRequest) -> InformationRequest:
    return prep.information_request_send(
        actor=side.office_clerk, request=request, letter_number="函〔2026〕1号", sent_on=SENT, agency=_organ(side)
    )


def _generate(side: Any, request: InformationRequest, actor: Any = None) -> Document:
    return services.document_generate(actor=actor or side.office_clerk, code=CODE, subject=request, dated_on=SENT)


@pytest.mark.parametrize("side_name", ["jdz", "nmg"])
def test_the_letter_asks_the_agency_for_what_the_rulebook_says_it_provides(side_name: str, request: Any) -> None:
    side = request.getfixturevalue(side_name)
    book = side.jurisdiction.rulebook
    word = book.word
    head = helpers.letterhead(side)
    letter = _send(side, _draft(side))
    source = letter.source_item(book)
    assert source is not None
    document = _generate(side, letter)
    text = docx_checks.assert_document(helpers.content(document))
    spec = services.spec_of(side.jurisdiction, CODE)
    assert spec.kind.code == CODE and document.builder == CODE and document.kind == CODE
    number = NUMBERS[side.jurisdiction.rulebook_code]
    assert document.number_text == number and number in text
    lines = [p.text for p in docx_checks.opened(helpers.content(document)).paragraphs if p.text.strip()]
    assert lines[:2] == [head.issuer, number]  # the 发文机关标志 and the 发文字号
    signature = lines.index("2026年3月3日")
    assert lines[signature - 1] == head.issuer  # signed by the office (its 发文机关标志), dated
    assert f"{_organ(side).name}：" in text  # 主送 the agency the letter was sent to
    target = side.inspection.target.name
    assert f"关于商请提供{target}领导班子及其成员有关情况的函" in text
    assert f"“{source.provides}”（《{book.short_title}》{source.article}）" in text
    assert f"{side.jurisdiction.name}第一{word}组将对{target}进行{word}" in text
    assert "2026年3月3日" in text
    # JDZ-2017 第二十六条: 及时提供 (the rulebook's provision deadline); NMG-2016 sets none.
    has_deadline = any(d.code == "information_provision" for d in book.deadlines)
    assert ("之日起及时" in text) == has_deadline == (side_name == "jdz")
    assert docx_checks.run_fonts(helpers.content(document), "关于商请提供") == (g.XIAOBIAOSONG, g.SIZE_2)
    assert docx_checks.run_fonts(helpers.content(document), "现商请你单位")[0] == g.FANGSONG


def test_an_unaddressed_draft_is_addressed_to_the_rulebooks_agency_and_keeps_the_teams_request(nmg: Any) -> None:
    helpers.letterhead(nmg)
    draft = _draft(nmg, source="audit")
    assert draft.agency is None
    InformationRequest.objects.filter(pk=draft.pk).update(requested="近5年的审计报告")
    draft.refresh_from_db()
    text = docx_checks.assert_document(helpers.content(_generate(nmg, draft, actor=nmg.office_head)))
    assert "同级审计部门：" in text
    assert "具体了解事项：近5年的审计报告" in text
    assert f"“被{nmg.jurisdiction.rulebook.word}党组织领导班子及其成员的有关情况”（" in text


@pytest.mark.parametrize("side_name", ["jdz", "nmg"])
def test_only_the_office_prints_the_letter(side_name: str, request: Any) -> None:
    side = request.getfixturevalue(side_name)
    helpers.letterhead(side)
    draft = _draft(side)
    for outsider in (side.member, side.leader, side.other_member, side.unit_contact, side.auditor):
        with pytest.raises(PermissionDeniedError) as err:
            _generate(side, draft, actor=outsider)
        assert side.jurisdiction.rulebook.body("office").name in err.value.message
    if side_name == "jdz":
        assert "以公函方式统一协调办理" in err.value.message and err.value.article == "第二十六条"
    else:
        assert "本办设置" in err.value.message and err.value.article == "第二十四条"
    assert not Document.objects.exists()
    assert _generate(side, draft, actor=side.office_head).version == 1


@pytest.mark.parametrize("side_name", ["jdz", "nmg"])
def test_a_draft_that_can_no_longer_be_sent_is_refused(side_name: str, request: Any) -> None:
    side = request.getfixturevalue(side_name)
    helpers.letterhead(side)
    draft = _draft(side)
    insp.inspection_enter(
        actor=side.leader,
        inspection=side.inspection,
        entered_on=datetime.date(2026, 3, 16),
        principal_notified_on=datetime.date(2026, 3, 16),
        mobilization_on=datetime.date(2026, 3, 16),
        contact_phone="0798-0000000",
        contact_mailbox="第001号信箱",
        contact_address="某宾馆三楼",
        planned_end=datetime.date(2026, 5, 15),
    )
    draft.refresh_from_db()
    with pytest.raises(ServiceError) as err:
        _generate(side, draft)
    assert "尚未发出且已不能发出" in err.value.message and "进驻了解" in err.value.message
    assert err.value.article == side.jurisdiction.rulebook.document(CODE).article
    assert not Document.objects.exists()


def test_a_source_the_rulebook_no_longer_lists_is_refused(jdz: Any) -> None:
    helpers.letterhead(jdz)
    draft = _draft(jdz)
    InformationRequest.objects.filter(pk=draft.pk).update(source="gone")
    draft.refresh_from_db()
    with pytest.raises(ServiceError) as err:
        _generate(jdz, draft)
    assert "gone" in err.value.message and "第二十六条" in err.value.message


@pytest.mark.parametrize("side_name", ["jdz", "nmg"])
def test_the_addressed_agency_reads_the_letter_once_it_is_sent(side_name: str, request: Any) -> None:
    side = request.getfixturevalue(side_name)
    helpers.letterhead(side)
    organ = _organ(side)
    contact = _contact(side, "organ_contact", organ)
    elsewhere = organization_create(actor=None, jurisdiction=side.jurisdiction, name="另一部门", kind="agency")
    stranger = _contact(side, "other_agency_contact", elsewhere)
    draft = _draft(side, agency=organ)
    printed = _generate(side, draft)
    # A draft is not the agency's to read, nor is its letter.
    assert not Document.objects.visible_to(contact).filter(pk=printed.pk).exists()
    assert Document.objects.visible_to(side.member).filter(pk=printed.pk).exists()
    _send(side, draft)
    for reader in (contact, side.member, side.office_clerk):
        assert Document.objects.visible_to(reader).filter(pk=printed.pk).exists()
    for outsider in (stranger, side.other_member, side.unit_contact):
        assert not Document.objects.visible_to(outsider).filter(pk=printed.pk).exists()
