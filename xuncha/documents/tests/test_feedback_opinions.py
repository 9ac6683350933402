"""反馈意见 as a .docx (JDZ-2017 第三十三条, NMG-2016 第二十九条), read back: GB/T 9704-2012 page and fonts, the
发文字号, the problems as the unit was told them and the rulebook's rectification deadlines; who may print and read."""

from __future__ import annotations

from typing import Any

import pytest

from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.documents import gbt9704 as g
from xuncha.documents import services
from xuncha.documents.models import Document

from . import docx_checks as check
from .conftest import session
from .helpers import content, letterhead

pytestmark = pytest.mark.django_db


def test_jdz_feedback_opinions_read_back(jdz_given: Any) -> None:
    side = jdz_given
    letterhead(side)
    document = services.document_generate(actor=side.leader, code="feedback_opinions", subject=session(side))
    data = content(document)
    text = check.assert_document(data)
    assert document.number_text == "景巡办〔2026〕1号"
    assert "景巡办〔2026〕1号" in text
    assert "jdz单位一领导班子：" in text
    assert "工程项目招投标监管不严" in text
    assert "某副局长" not in text  # a finding's persons concerned stay team material
    # The deadlines come from the rulebook: 10 working days for the plan, 2 months for the reports (第三十四条).
    assert "上报整改方案：自签收反馈意见之日起10个工作日内（《景德镇市委巡察工作实施办法》第三十四条）" in text
    assert "2个月内" in text
    assert "第三十三条" in text
    # Fonts: title 2号小标宋, heading 一、 in 黑体, （一） in 楷体, body 3号仿宋, the number in 仿宋.
    assert check.run_fonts(data, "的反馈意见") == (g.XIAOBIAOSONG, g.SIZE_2)
    assert check.run_fonts(data, "发现的主要问题")[0] == g.HEITI
    assert check.run_fonts(data, "违反廉政纪律")[0] == g.KAITI
    assert check.run_fonts(data, "根据")[0] == g.FANGSONG
    assert check.run_fonts(data, "景巡办〔2026〕1号") == (g.FANGSONG, g.SIZE_3)
    event = Event.objects.get(action="document.generated")
    assert event.after is not None
    assert event.after["sha256"] == document.sha256 and event.after["number"] == "景巡办〔2026〕1号"


def test_nmg_feedback_opinions_cite_nmg(nmg_given: Any) -> None:
    side = nmg_given
    letterhead(side)
    document = services.document_generate(actor=side.office_clerk, code="feedback_opinions", subject=session(side))
    text = check.assert_document(content(document))
    assert document.number_text == "内巡办〔2026〕1号"
    assert "第二十九条" in text and "第三十三条" not in text
    assert "上报整改方案" not in text  # NMG-2016 has no plan deadline
    assert "巡察" not in text  # the NMG word throughout


def test_regenerating_keeps_the_number_and_the_old_version(jdz_given: Any) -> None:
    side = jdz_given
    letterhead(side)
    first = services.document_generate(actor=side.leader, code="feedback_opinions", subject=session(side))
    other = services.document_generate(actor=side.leader, code="feedback_opinions", subject=session(side, "principal"))
    second = services.document_generate(actor=side.leader, code="feedback_opinions", subject=session(side))
    assert (first.version, second.version) == (1, 2)
    assert first.number_id == second.number_id and first.number_text == "景巡办〔2026〕1号"
    assert other.number_text == "景巡办〔2026〕2号"
    first.refresh_from_db()
    assert first.file.storage.exists(str(first.file.name))  # the old version is kept
    assert Document.objects.filter(kind="feedback_opinions").count() == 3


def test_numbered_document_waits_for_the_letterhead(jdz_given: Any) -> None:
    side = jdz_given
    with pytest.raises(ServiceError) as refused:
        services.document_generate(actor=side.leader, code="feedback_opinions", subject=session(side))
    assert "发文机关代字" in refused.value.message
    assert not Document.objects.exists()


def test_who_may_print_and_who_may_read(jdz_given: Any) -> None:
    side = jdz_given
    letterhead(side)
    for outsider in (side.other_member, side.unit_contact, side.auditor, side.receiver):
        with pytest.raises(PermissionDeniedError):
            services.document_generate(actor=outsider, code="feedback_opinions", subject=session(side))
    document = services.document_generate(actor=side.member, code="feedback_opinions", subject=session(side))
    readers = (side.leader, side.member, side.office_head, side.unit_contact, side.auditor)
    for reader in readers:
        assert Document.objects.visible_to(reader).filter(pk=document.pk).exists(), reader
    for outsider in (side.other_member, side.other_unit_contact, side.receiver):
        assert not Document.objects.visible_to(outsider).filter(pk=document.pk).exists(), outsider


def test_the_date_of_a_document_is_not_in_the_future(jdz_given: Any) -> None:
    import datetime

    side = jdz_given
    letterhead(side)
    with pytest.raises(ServiceError) as refused:
        services.document_generate(
            actor=side.leader,
            code="feedback_opinions",
            subject=session(side),
            dated_on=datetime.date(2099, 1, 1),
        )
    assert refused.value.field == "dated_on"
