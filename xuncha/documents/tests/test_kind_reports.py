"""Kind `report`: a final report printed as its rulebook entry (JDZ-2017 第三十条, NMG-2016 第二十六条)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from xuncha.conftest import put_reporting
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.documents import gbt9704 as g
from xuncha.documents import services
from xuncha.documents.kinds import specs
from xuncha.documents.kinds.reports import body_paragraphs
from xuncha.documents.models import Document
from xuncha.reports import services as reports
from xuncha.reports.models import Report

from .docx_checks import assert_document, run_fonts, text_of
from .helpers import content

pytestmark = pytest.mark.django_db

D = datetime.date
ENDED = D(2026, 4, 24)  # put_reporting's default
PRINTED = D(2026, 5, 6)
ARTICLES = {"JDZ-2017": "第三十条", "NMG-2016": "第二十六条"}
BODY = """一、基本情况
按照统一部署，本组对该单位开展了工作。
（一）落实主体责任方面
党委主体责任落实不到位。
二、发现的主要问题
违规发放津贴补贴。
"""


@pytest.fixture(params=["jdz", "nmg"])
def side(request: Any) -> Any:
    s = request.getfixturevalue(request.param)
    put_reporting(s)
    return s


def draft(side: Any, type_: str = "inspection_report", body: str = BODY) -> Report:
    report = reports.report_draft(actor=side.leader, inspection=side.inspection, type=type_, drafted_on=ENDED)
    if body:
        report = reports.report_edit(actor=side.member, report=report, body=body)
    return report


def finalize(side: Any, report: Report) -> Report:
    reports.report_submit_for_review(actor=side.member, report=report, submitted_on=ENDED)
    return reports.report_finalize(actor=side.leader, report=report, finalized_on=ENDED)


def generate(side: Any, report: Report, code: str = "inspection_report", actor: Any = None) -> Document:
    return services.document_generate(actor=actor or side.member, code=code, subject=report, dated_on=PRINTED)


def test_a_final_report_printed_with_its_headings(side: Any) -> None:
    report = finalize(side, draft(side))
    doc = generate(side, report)
    data = content(doc)
    text = assert_document(data)
    book = side.jurisdiction.rulebook
    spec = next(s for s in specs(book) if s.code == "inspection_report")
    target = side.inspection.target.name
    assert doc.title == f"关于{target}的{spec.name}"
    assert f"关于{target}的{spec.name}" in text
    assert f"{book.body('leading_group').name}：" in text
    team = f"{side.jurisdiction.name}第一{book.word}组"
    assert team in text
    assert "2026年5月6日" in text
    assert "（第1版）" in text
    assert doc.number is None  # not numbered: no 发文字号, no letterhead
    assert "〔" not in text
    # 一、 in 黑体, （一） in 楷体, the rest in 仿宋, all 3号.
    assert run_fonts(data, "一、基本情况") == (g.HEITI, g.SIZE_3)
    assert run_fonts(data, "二、发现的主要问题") == (g.HEITI, g.SIZE_3)
    assert run_fonts(data, "（一）落实主体责任方面") == (g.KAITI, g.SIZE_3)
    assert run_fonts(data, "违规发放津贴补贴。") == (g.FANGSONG, g.SIZE_3)
    assert run_fonts(data, f"关于{target}") == (g.XIAOBIAOSONG, g.SIZE_2)
    # The heading the draft was assembled with is replaced by the title, not printed twice.
    assert f"{side.inspection}{spec.name}" not in text


def test_every_report_entry_prints_its_own_type(side: Any) -> None:
    book = side.jurisdiction.rulebook
    entries = [s for s in specs(book) if s.kind.code == "report"]
    assert {s.entry.report_type for s in entries} == {t.code for t in book.report_types}
    for spec in entries:
        report = finalize(side, draft(side, str(spec.entry.report_type), body=""))
        text = assert_document(content(generate(side, report, spec.code)))
        assert f"关于{side.inspection.target.name}的{spec.name}" in text
        assert spec.kind.under_inspection is not None
        assert list(spec.kind.under_inspection(side.inspection, spec)) == [report]
        others = [s for s in entries if s.code != spec.code]
        with pytest.raises(ServiceError, match=f"该报告是{report.type_name}，不是{others[0].name}"):
            generate(side, report, others[0].code)


def test_a_report_not_final_is_refused_naming_the_article(side: Any) -> None:
    report = draft(side)
    article = ARTICLES[side.jurisdiction.rulebook_code]
    with pytest.raises(ServiceError, match=f"尚未定稿.*{article}") as err:
        generate(side, report)
    assert err.value.article == article
    reports.report_submit_for_review(actor=side.member, report=report, submitted_on=ENDED)
    with pytest.raises(ServiceError, match=r"审核中.*定稿"):
        generate(side, report)
    assert not Document.objects.exists()


def test_who_may_print_and_who_reads(side: Any) -> None:
    report = finalize(side, draft(side))
    for outsider in (side.other_member, side.unit_contact):
        with pytest.raises(PermissionDeniedError, match=r"只有本.*组成员和"):
            generate(side, report, actor=outsider)
    doc = generate(side, report, actor=side.office_clerk)
    for reader in (side.member, side.leader, side.office_head, side.auditor):
        assert Document.objects.visible_to(reader).filter(pk=doc.pk).exists()
    for outsider in (side.unit_contact, side.other_member, side.other_unit_contact, side.receiver):
        assert not Document.objects.visible_to(outsider).filter(pk=doc.pk).exists()


def test_a_corrected_report_prints_its_new_version(side: Any) -> None:
    first = finalize(side, draft(side))
    spec = next(s for s in specs(side.jurisdiction.rulebook) if s.code == "inspection_report")
    second = reports.report_correct(
        actor=side.member, report=first, body=BODY + "三、整改建议\n", reason="补充建议", corrected_on=ENDED
    )
    assert spec.kind.under_inspection is not None
    assert list(spec.kind.under_inspection(side.inspection, spec)) == [second]
    with pytest.raises(ServiceError, match="尚未定稿"):
        generate(side, second)
    second = finalize(side, second)
    text = text_of(content(generate(side, second)))
    assert "（第2版）" in text
    assert "三、整改建议" in text


def test_body_paragraphs_levels() -> None:
    text = "某单位报告\n\n一、总体\n（二）分项\n(三)半角括号\n十二、第十二部分\n1. 细项\n一般正文"
    lines = body_paragraphs(text, drop_first="某单位报告")
    assert [(p["level"], p["text"]) for p in lines] == [
        (1, "一、总体"),
        (2, "（二）分项"),
        (2, "(三)半角括号"),
        (1, "十二、第十二部分"),
        (0, "1. 细项"),
        (0, "一般正文"),
    ]
