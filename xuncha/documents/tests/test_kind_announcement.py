"""进驻公告 (JDZ-2017 第四十二条, NMG-2016 第三十五条): printed from an inspection once the team has entered, with the
contact data recorded at entry; not numbered; read by whoever sees the inspection."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from xuncha.conftest import put_on_site, put_reporting
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.disclosures.models import Disclosure
from xuncha.documents import gbt9704 as g
from xuncha.documents import services
from xuncha.documents.models import Document
from xuncha.inspections import services as insp

from . import docx_checks, helpers

pytestmark = pytest.mark.django_db

CODE = "entry_announcement"
DATED = datetime.date(2026, 3, 17)


def _generate(side: Any, actor: Any = None) -> Document:
    side.inspection.refresh_from_db()
    return services.document_generate(actor=actor or side.leader, code=CODE, subject=side.inspection, dated_on=DATED)


@pytest.mark.parametrize("side_name", ["jdz", "nmg"])
def test_the_announcement_states_the_task_the_scope_and_the_contacts_recorded_at_entry(
    side_name: str, request: Any
) -> None:
    side = request.getfixturevalue(side_name)
    word = side.jurisdiction.rulebook.word
    put_on_site(side)
    document = _generate(side)
    content = helpers.content(document)
    text = docx_checks.assert_document(content)
    spec = services.spec_of(side.jurisdiction, CODE)
    assert spec.kind.code == CODE and document.builder == CODE and not spec.entry.numbered
    assert document.number is None and "〔2026〕" not in text
    target = side.inspection.target.name
    team = f"{side.jurisdiction.name}第一{word}组"
    title = f"{team}进驻{target}公告"
    assert document.title == title and title in text
    assert f"{team}于2026年3月16日进驻{target}开展{word}工作，{word}时间至2026年5月15日。" in text
    scope = f"受理反映{target}领导班子及其成员和下一级党组织领导班子主要负责人问题的来信、来电、来访"
    assert f"{word}期间，{team}{scope}等。" in text
    # The same wording as the announcement drafted as a disclosure at entry.
    drafted = Disclosure.objects.get(inspection=side.inspection, stage="entry")
    assert scope in drafted.body and "值班电话：0000-0000000" in drafted.body
    for line in (
        "受理时间：2026年3月16日至2026年5月15日",
        "值班电话：0000-0000000",
        "邮政信箱：测试信箱",
        "地址：测试地址",
    ):
        assert line in text
    lines = [p.text for p in docx_checks.opened(content).paragraphs if p.text.strip()]
    assert lines[-2:] == [team, "2026年3月17日"]  # signed by the team, dated
    assert docx_checks.run_fonts(content, title) == (g.XIAOBIAOSONG, g.SIZE_2)
    assert docx_checks.run_fonts(content, "值班电话")[0] == g.FANGSONG


def test_the_public_reporting_address_is_printed_once_the_office_has_set_it(jdz: Any, settings: Any) -> None:
    from xuncha.reporting.models import Channel

    put_on_site(jdz)
    channel = Channel.objects.get(inspection=jdz.inspection)  # opened at entry
    assert "网上反映" not in docx_checks.assert_document(helpers.content(_generate(jdz)))  # a bare path reaches no one
    settings.XUNCHA_PUBLIC_URL = "https://xc.example.gov.cn/"
    text = docx_checks.assert_document(helpers.content(_generate(jdz)))
    assert f"网上反映（可匿名）：https://xc.example.gov.cn/p/r/{channel.token}/" in text


@pytest.mark.parametrize("side_name", ["jdz", "nmg"])
def test_refused_before_the_team_has_entered(side_name: str, request: Any) -> None:
    side = request.getfixturevalue(side_name)
    article = side.jurisdiction.rulebook.document(CODE).article
    for step in ("planned", "preparing"):
        if step == "preparing":
            insp.inspection_prepare(actor=side.leader, inspection=side.inspection, on=datetime.date(2026, 3, 2))
        with pytest.raises(ServiceError) as err:
            _generate(side)
        assert "尚未进驻" in err.value.message and err.value.article == article
    assert not Document.objects.exists()


def test_still_printable_after_fieldwork_and_a_new_version_each_time(jdz: Any) -> None:
    put_reporting(jdz)
    first = _generate(jdz)
    second = _generate(jdz, actor=jdz.office_clerk)
    assert (first.version, second.version) == (1, 2)
    assert "受理时间：2026年3月16日至2026年5月15日" in docx_checks.text_of(helpers.content(second))


@pytest.mark.parametrize("side_name", ["jdz", "nmg"])
def test_only_the_team_or_the_office_prints_it(side_name: str, request: Any) -> None:
    side = request.getfixturevalue(side_name)
    put_on_site(side)
    for outsider in (side.other_member, side.unit_contact, side.auditor):
        with pytest.raises(PermissionDeniedError) as err:
            _generate(side, actor=outsider)
        assert "进驻公告" in err.value.message
    assert not Document.objects.exists()
    assert _generate(side, actor=side.office_clerk).version == 1


@pytest.mark.parametrize("side_name", ["jdz", "nmg"])
def test_read_by_whoever_sees_the_inspection(side_name: str, request: Any) -> None:
    side = request.getfixturevalue(side_name)
    put_on_site(side)
    printed = _generate(side)
    for reader in (side.leader, side.member, side.office_head, side.unit_contact):
        assert Document.objects.visible_to(reader).filter(pk=printed.pk).exists()
    for outsider in (side.other_member, side.other_unit_contact, side.receiver):
        assert not Document.objects.visible_to(outsider).filter(pk=printed.pk).exists()
