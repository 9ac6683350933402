"""The rectification documents: 整改通知 (JDZ-2017 第三十四条, NMG-2016 第三十条), 整改意见 and 通报 (JDZ-2017
第四十一条), generated through the service and read back."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from xuncha.conftest import put_decided, put_feedback_given, put_receipt_signed
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.documents import gbt9704 as g
from xuncha.documents import services
from xuncha.documents.kinds.common import team_name
from xuncha.documents.models import Document
from xuncha.documents.tests import docx_checks as dc
from xuncha.documents.tests.helpers import LETTERHEADS, content, letterhead
from xuncha.obligations.models import Obligation
from xuncha.rectification import services as rs
from xuncha.rectification.models import PoorRectificationStep
from xuncha.rectification.tests.helpers import in_rectification

pytestmark = pytest.mark.django_db

D = datetime.date
DATED = D(2026, 6, 1)


def _notice(side: Any, actor: Any = None, dated_on: datetime.date = DATED) -> Document:
    return services.document_generate(
        actor=actor or side.office_clerk, code="rectification_notice", subject=side.inspection, dated_on=dated_on
    )


def _due(side: Any, code: str) -> datetime.date:
    obligation = Obligation.objects.get(inspection=side.inspection, rule_code=code, status="open")
    assert obligation.due_on is not None
    return obligation.due_on


def _date(value: datetime.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


# ---- 整改通知 ----


def test_jdz_notice_lists_the_problems_fed_back_and_the_deadlines_with_their_dates(jdz: Any) -> None:
    letterhead(jdz)
    problems = in_rectification(jdz, "违规发放津贴补贴", "公务用车管理不严")
    document = _notice(jdz)
    data = content(document)
    text = dc.assert_document(data)
    target = jdz.inspection.target.name
    assert document.number_text == "景巡办〔2026〕1号"
    assert "景巡办〔2026〕1号" in text
    assert "关于抓好巡察反馈问题整改的通知" in text
    assert f"{target}：" in text
    assert f"{team_name(jdz.inspection)}于2026年5月25日向你单位反馈了巡察情况" in text
    # The problems as fed back, by category — never the persons concerned.
    for problem in problems:
        assert f"{problem.title}。{problem.description}" in text
    assert "某副局长（涉及人员）" not in text
    assert "一、反馈的问题" in text and "二、整改要求" in text
    # The rulebook's deadlines, with the due dates of the obligations the receipt opened (2026-05-26).
    plan_due, reports_due = _due(jdz, "rectification_plan"), _due(jdz, "rectification_reports")
    assert "上报整改方案：自签收反馈意见之日起10个工作日内（《" in text
    assert f"第三十四条）（应于{_date(plan_due)}前）。" in text
    assert f"（应于{_date(reports_due)}前）" in text
    assert "被巡察单位党委（党组）主要负责人为落实整改工作的第一责任人" in text
    # The office signs (its letterhead's issuer), dated; the team is copied; the colophon's printer.
    issuer, _, printer = LETTERHEADS["JDZ-2017"]
    lines = text.splitlines()
    assert lines[lines.index(issuer, 2) + 1] == "2026年6月1日"
    assert f"抄送：{team_name(jdz.inspection)}" in text
    assert printer in text
    # Nothing claims the regulation prescribes the notice itself (the rulebook's note: the office's practice).
    assert "规定印发" not in text and "根据《" not in text
    assert dc.run_fonts(data, "一、反馈的问题")[0] == g.HEITI
    assert dc.run_fonts(data, "（一）")[0] == g.KAITI


def test_jdz_notice_before_the_receipt_says_the_clock_starts_at_signing(jdz: Any) -> None:
    letterhead(jdz)
    put_decided(jdz)
    with pytest.raises(ServiceError, match=r"须在反馈之后生成.*第三十三条.*第三十四条") as err:
        _notice(jdz)
    assert err.value.article == "第三十四条"
    assert not Document.objects.exists()
    put_feedback_given(jdz)
    text = dc.assert_document(content(_notice(jdz)))
    assert text.count("（期限自签收反馈意见之日起计算）") == 2
    assert "应于" not in text
    put_receipt_signed(jdz)
    again = _notice(jdz)
    assert (again.version, again.number_text) == (2, "景巡办〔2026〕1号")
    text = dc.assert_document(content(again))
    assert f"（应于{_date(_due(jdz, 'rectification_plan'))}前）" in text
    assert "期限自" not in text


def test_jdz_notice_who_may_print_and_read(jdz: Any) -> None:
    letterhead(jdz)
    in_rectification(jdz)
    for outsider in (jdz.other_member, jdz.unit_contact):
        with pytest.raises(PermissionDeniedError, match="可以生成“关于抓好巡察反馈问题整改的通知”"):
            _notice(jdz, actor=outsider)
    document = _notice(jdz, actor=jdz.leader)
    assert document.inspection == jdz.inspection
    for reader in (jdz.unit_contact, jdz.leader, jdz.office_head):
        assert Document.objects.visible_to(reader).filter(pk=document.pk).exists()
    for stranger in (jdz.other_unit_contact, jdz.other_member, jdz.receiver):
        assert not Document.objects.visible_to(stranger).filter(pk=document.pk).exists()


def test_nmg_notice_refused_before_the_feedback(nmg: Any) -> None:
    letterhead(nmg)
    put_decided(nmg)
    with pytest.raises(ServiceError, match=r"须在反馈之后生成.*第二十九条.*第三十条") as err:
        _notice(nmg)
    assert err.value.article == "第三十条"


def test_nmg_notice_cites_its_own_article_and_deadline(nmg: Any) -> None:
    letterhead(nmg)
    # NMG-2016 has no receipt: in_rectification stops at the feedback, from which the reports' deadline runs.
    problems = in_rectification(nmg, "违规发放津贴补贴")
    with pytest.raises(PermissionDeniedError, match="可以生成“关于抓好巡视反馈问题整改的通知”"):
        _notice(nmg, actor=nmg.unit_contact)
    document = _notice(nmg)
    data = content(document)
    text = dc.assert_document(data)
    assert document.number_text == "内巡办〔2026〕1号" and "内巡办〔2026〕1号" in text
    assert "关于抓好巡视反馈问题整改的通知" in text
    assert f"{nmg.inspection.target.name}：" in text
    assert "向你单位反馈了巡视情况" in text
    assert f"{problems[0].title}。{problems[0].description}" in text
    assert "某副局长（涉及人员）" not in text
    # NMG-2016 sets no plan deadline; the reports' runs from the feedback (第三十条).
    assert "上报整改方案" not in text
    reports_due = _due(nmg, "rectification_reports")
    assert f"第三十条）（应于{_date(reports_due)}前）。" in text
    assert "被巡视党组织主要负责人为落实整改工作的第一责任人（《" in text
    issuer = LETTERHEADS["NMG-2016"][0]
    lines = text.splitlines()
    assert lines[lines.index(issuer, 2) + 1] == "2026年6月1日"
    assert "巡察" not in text
    assert dc.run_fonts(data, "二、整改要求")[0] == g.HEITI
    assert not Document.objects.visible_to(nmg.other_unit_contact).filter(pk=document.pk).exists()
    assert Document.objects.visible_to(nmg.unit_contact).filter(pk=document.pk).exists()


# ---- 整改意见 and 通报 (JDZ-2017 第四十一条) ----


def _poor_chain(side: Any) -> tuple[PoorRectificationStep, PoorRectificationStep, PoorRectificationStep]:
    in_rectification(side)
    rs.supervision_record(
        actor=side.office_clerk,
        inspection=side.inspection,
        supervised_on=D(2026, 6, 15),
        way="site_visit",
        content="发现整改不力",
    )
    opinion = rs.rectification_opinion_give(
        actor=side.leader,
        inspection=side.inspection,
        given_on=D(2026, 6, 16),
        content="限期一个月完成津贴补贴清退。\n建立公务用车使用登记制度。",
    )
    report = rs.poor_rectification_report(
        actor=side.office_clerk,
        inspection=side.inspection,
        reported_on=D(2026, 7, 1),
        content="内部：提出意见后仍敷衍塞责",
    )
    notice = rs.poor_rectification_measure(
        actor=side.office_clerk,
        inspection=side.inspection,
        kind="circulated_notice",
        taken_on=D(2026, 7, 5),
        content="对该单位整改不力的情况予以通报批评。\n责令于2026年8月底前整改到位。",
    )
    return opinion, report, notice


def test_jdz_rectification_opinion(jdz: Any) -> None:
    letterhead(jdz)
    opinion, report, _ = _poor_chain(jdz)
    target = jdz.inspection.target.name
    with pytest.raises(ServiceError, match=r"须由“整改意见”环节生成.*第四十一条"):
        services.document_generate(
            actor=jdz.leader, code="rectification_opinion", subject=report, dated_on=D(2026, 7, 2)
        )
    for outsider in (jdz.other_member, jdz.unit_contact):
        with pytest.raises(PermissionDeniedError):
            services.document_generate(actor=outsider, code="rectification_opinion", subject=opinion)
    document = services.document_generate(
        actor=jdz.leader, code="rectification_opinion", subject=opinion, dated_on=D(2026, 6, 16)
    )
    data = content(document)
    text = dc.assert_document(data)
    assert document.number_text == "景巡办〔2026〕1号" and "景巡办〔2026〕1号" in text
    assert f"关于{target}整改不力的整改意见" in text
    assert f"{target}：" in text
    assert "限期一个月完成津贴补贴清退。" in text and "建立公务用车使用登记制度。" in text
    team = team_name(jdz.inspection)
    assert f"2026年6月16日，{team}在督办过程中发现你单位对巡察反馈问题整改不力。" in text
    assert "《景德镇市委巡察工作实施办法》第四十一条" in text
    assert "内部：" not in text
    lines = text.splitlines()
    assert lines[lines.index(team) + 1] == "2026年6月16日"
    assert dc.run_fonts(data, "一、整改意见")[0] == g.HEITI
    assert Document.objects.visible_to(jdz.unit_contact).filter(pk=document.pk).exists()
    assert not Document.objects.visible_to(jdz.other_unit_contact).filter(pk=document.pk).exists()


def test_jdz_circulated_notice(jdz: Any) -> None:
    letterhead(jdz)
    opinion, _, notice = _poor_chain(jdz)
    target = jdz.inspection.target.name
    with pytest.raises(ServiceError, match="须由“通报”环节生成"):
        services.document_generate(actor=jdz.office_clerk, code="circulated_notice", subject=opinion)
    with pytest.raises(PermissionDeniedError):
        services.document_generate(actor=jdz.unit_contact, code="circulated_notice", subject=notice)
    document = services.document_generate(
        actor=jdz.office_clerk, code="circulated_notice", subject=notice, dated_on=D(2026, 7, 5)
    )
    data = content(document)
    text = dc.assert_document(data)
    assert "景巡办〔2026〕1号" in text
    assert "关于整改不力情况的通报" in text
    assert "各有关单位：" in text
    # What was found: the opinion's date and content; the office's report to the leading group only as a fact.
    assert f"2026年6月16日，{team_name(jdz.inspection)}在督办过程中发现{target}整改不力" in text
    assert "限期一个月完成津贴补贴清退。" in text
    assert "上报市委巡察工作领导小组，现予以通报" in text
    assert "内部：提出意见后仍敷衍塞责" not in text
    assert "对该单位整改不力的情况予以通报批评。" in text and "责令于2026年8月底前整改到位。" in text
    issuer = LETTERHEADS["JDZ-2017"][0]
    lines = text.splitlines()
    assert lines[lines.index(issuer, 2) + 1] == "2026年7月5日"
    assert dc.run_fonts(data, "二、通报事项")[0] == g.HEITI
    assert Document.objects.visible_to(jdz.unit_contact).filter(pk=document.pk).exists()
    assert not Document.objects.visible_to(jdz.other_unit_contact).filter(pk=document.pk).exists()
    assert not Document.objects.visible_to(jdz.receiver).filter(pk=document.pk).exists()


def test_nmg_has_neither_opinion_nor_circulated_notice(nmg: Any) -> None:
    for code in ("rectification_opinion", "circulated_notice"):
        with pytest.raises(ServiceError, match=f"没有文书“{code}”"):
            services.spec_of(nmg.jurisdiction, code)
    assert services.spec_of(nmg.jurisdiction, "rectification_notice").name == "关于抓好巡视反馈问题整改的通知"
