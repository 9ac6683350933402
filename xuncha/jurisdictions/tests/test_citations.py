"""Every quote shown says what its article says, under that page's own rulebook (issue 10, item 10).

Each test reads a page (or a refusal) as a user does and checks the words against the source texts in
/work/shared/regulations; thresholds the texts do not fix are labelled as the office's setting."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from xuncha.conftest import put_on_site
from xuncha.core.errors import ServiceError
from xuncha.fieldwork import services as fieldwork
from xuncha.jurisdictions.rulebook import get_rulebook
from xuncha.obligations.models import Obligation
from xuncha.planning.services import term_start
from xuncha.preparation.tests.conftest import SENT, prepare

SOURCES = Path(__file__).resolve().parents[4] / "shared" / "regulations"
if not SOURCES.exists():  # a worktree of /work/<name>: the texts are at /work/shared/regulations
    SOURCES = Path("/work/shared/regulations")


def _article_text(book: Any, article: str) -> str:
    """The whole text of one article (第N条 up to the next article or chapter heading), spaces removed."""
    text = (SOURCES / book.source_file).read_text(encoding="utf-8")
    text = re.sub(r"[ \u3000\t]", "", text)
    start = text.index(article)
    following = re.compile(r"\n(第[一二三四五六七八九十百零]+条|第[一二三四五六七八九十0-9]+章)")
    match = following.search(text, start + len(article))
    return text[start : match.start() if match else len(text)]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("code", ["JDZ-2017", "NMG-2016"])
def test_the_quotes_added_to_the_rulebooks_are_the_articles_words(code: str) -> None:
    book = get_rulebook(code)
    p = book.procedure
    assert p.preparation_article and p.preparation_text in _article_text(book, p.preparation_article)
    assert p.supervision_text in _article_text(book, p.supervision_article)
    assert book.coverage.text in _article_text(book, book.coverage.article)


def test_nmg_preparation_page_quotes_its_own_article_and_no_letter_through_the_office(nmg: Any) -> None:
    prepare(nmg)
    page = _client(nmg.office_head).get(f"/preparation/{nmg.inspection.pk}/").content.decode()
    assert "第二十四条</span>：<span" in page
    assert "巡视组开展巡视前，应当向同级纪检监察机关、政法机关和组织、审计、信访等部门和单位了解" in page
    assert "以公函方式统一协调办理" not in page  # JDZ-2017 第二十六条's words, not NMG-2016's


def test_jdz_preparation_page_quotes_the_article_and_its_last_paragraph(jdz: Any) -> None:
    prepare(jdz)
    page = _client(jdz.office_head).get(f"/preparation/{jdz.inspection.pk}/").content.decode()
    assert "第二十六条</span>" in page
    assert (
        "有关部门和单位应当全面、客观、准确、及时提供。市委巡察组收集上述情况和问题，应当通过市委巡察办以公函方式"
        in page
    )


def test_nmg_refusal_to_send_labels_the_office_rule_as_a_setting(nmg: Any) -> None:
    from xuncha.preparation import services

    prepare(nmg)
    draft = services.information_request_draft(actor=nmg.member, inspection=nmg.inspection, source="audit")
    with pytest.raises(ServiceError) as err:
        services.information_request_send(actor=nmg.member, request=draft, letter_number="函1", sent_on=SENT)
    assert "本办设置" in err.value.message and "第二十四条未规定由谁发函" in err.value.message


def test_nmg_coverage_duty_cites_article_2_only_for_full_coverage(nmg: Any, jdz: Any) -> None:
    import datetime

    for side in (nmg, jdz):
        term_start(
            actor=side.office_head,
            jurisdiction=side.jurisdiction,
            name="本届",
            starts_on=datetime.date(2022, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
        )
    nmg_duty = Obligation.objects.filter(rule_code="coverage", jurisdiction=nmg.jurisdiction).first()
    assert nmg_duty is not None and nmg_duty.article == "第二条"
    assert nmg_duty.title == "实现巡视全覆盖（本办设置：本届任期内至少巡视1次）"
    jdz_duty = Obligation.objects.filter(rule_code="coverage", jurisdiction=jdz.jurisdiction).first()
    assert jdz_duty is not None and (jdz_duty.article, jdz_duty.title) == ("第十六条", "本届任期内至少巡察1次")
    page = _client(nmg.office_head).get(f"/planning/coverage/?j={nmg.jurisdiction.pk}").content.decode()
    assert 'data-testid="coverage-setting"' in page and "为本办设置" in page


def test_the_rulebook_pages_show_names_not_codes_and_no_placeholder_copies(jdz: Any) -> None:
    client = _client(jdz.office_head)
    page = client.get("/rulebooks/JDZ-2017/").content.decode()
    assert "《《" not in page and "》》" not in page
    assert (
        "《巡察反馈材料签收单》：市委巡察组组长、被巡察单位党委（党组）主要负责人、市委巡察办负责人 签字，一式3份"
        in page
    )
    assert "移交材料交接单：市委巡察组组长、市委巡察办负责人、接收部门（单位）经办人 签字，份数办法未规定" in page
    assert "一式1份" not in page
    for code in ("discipline_organ", "organization_department", "legal_organ", "other_unit", "team_leader"):
        assert code not in page, code
    assert "<td>纪检监察机关</td>" in page
    compare = client.get("/rulebooks/compare/").content.decode()
    for code in ("discipline_organ", "team_leader", "unit_principal_leader", "feedback_receipt", "<code>"):
        assert code not in compare, code
    assert "份数：" not in compare and "未规定" in compare
    nmg_page = client.get("/rulebooks/NMG-2016/").content.decode()
    assert 'data-testid="coverage-setting"' in nmg_page


def test_nmg_supervision_card_quotes_article_34_not_jdz_article_40(nmg: Any) -> None:
    from xuncha.rectification.tests.helpers import in_rectification

    in_rectification(nmg)
    page = _client(nmg.office_head).get(f"/rectification/{nmg.inspection.pk}/").content.decode()
    assert "第三十四条" in page
    assert "会同巡视组开展巡视工作专项检查，了解和督促被巡视党组织的整改落实工作" in page
    assert "采取适当方式" not in page  # JDZ-2017 第四十条's words


def test_a_clue_verification_request_cites_article_28(jdz: Any) -> None:
    put_on_site(jdz)
    record = fieldwork.fieldwork_record_create(
        actor=jdz.member,
        inspection=jdz.inspection,
        method="assistance_request",
        held_on=jdz.inspection.entered_on,
        summary="申请市纪委纪检监察室协助核查问题线索",
        details={"kind": "clue_verification", "addressee": "市纪委第三纪检监察室", "matter": "核查线索"},
    )
    with pytest.raises(ServiceError) as err:
        fieldwork.assistance_request_send(actor=jdz.member, record=record, sent_on=jdz.inspection.entered_on)
    assert err.value.article == "第二十八条" and "第二十九条" not in err.value.message
    assert "领导批准" in err.value.message
    client = _client(jdz.leader)
    detail = client.get(f"/fieldwork/records/{record.pk}/").content.decode()
    assert "尚未登记市委巡察工作领导小组的批准（第二十八条）" in detail
    overview = client.get(f"/fieldwork/{jdz.inspection.pk}/").content.decode()
    assert "须经市委巡察工作领导小组批准（第二十八条、第二十九条）" in overview
    other = fieldwork.fieldwork_record_create(
        actor=jdz.member,
        inspection=jdz.inspection,
        method="assistance_request",
        held_on=jdz.inspection.entered_on,
        summary="提请公安机关协助",
        details={"kind": "case_information", "addressee": "市公安局", "matter": "了解信息"},
    )
    with pytest.raises(ServiceError) as err:
        fieldwork.assistance_request_send(actor=jdz.member, record=other, sent_on=jdz.inspection.entered_on)
    assert err.value.article == "第二十九条"
