"""Issue 10 item 5: each report type is drafted from what the rulebook says it reports (`report_types[].draws_on`).
NMG-2016 第二十六条 names four reports: the main report (approved findings), the 领导干部问题线索情况报告
(approved findings naming a person concerned), the 选人用人报告 (findings of 第十八条（三）违反组织纪律) and the
个别谈话情况汇总 (the talks: counts and dates, never who was talked to or what was said)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from xuncha.audit.models import Event
from xuncha.findings import services as fsvc
from xuncha.findings.tests.helpers import D, draft, enter, meet, talk
from xuncha.inspections import services as insp
from xuncha.reports import services as svc

pytestmark = pytest.mark.django_db

REQUIRED = ["inspection_report", "clue_report", "cadre_selection_report", "talk_summary"]


def _reporting(side: Any) -> dict[str, Any]:
    enter(side)
    talk(side)  # 2026-04-08
    insp.talk_record_create(
        actor=side.leader,
        inspection=side.inspection,
        interviewee="另一干部",
        place="谈话室",
        recorder="记录人",
        talked_at=datetime.datetime(2026, 4, 9, 2, 0, tzinfo=datetime.UTC),
        content="秘密内容：反映了用人问题。",
    )
    from xuncha.fieldwork.services import petition_register

    petition_register(
        actor=side.member,
        inspection=side.inspection,
        channel="letter",
        received_on=D(2026, 4, 9),
        about="某科长",
        classification="integrity_discipline",
        content="反映某科长收受礼金。",
        petitioner_name="举报人甲",
        handling="clue",
    )
    allowance = draft(side, title="违规发放津贴补贴", persons_concerned="某局长", is_clue=True)
    promotion = draft(
        side,
        title="违规提拔任用干部",
        category="organizational_discipline",
        description="2025年违规提拔干部三名。",
        persons_concerned="某部长",  # names a person, but the team did not mark it as a clue
    )
    draft(side, title="尚未审定的问题", description="草稿内容不应出现")
    meet(side, [allowance, promotion])
    for f in (allowance, promotion):
        fsvc.finding_leader_approve(actor=side.leader, finding=f, on=D(2026, 4, 11))
    insp.inspection_end_fieldwork(actor=side.leader, inspection=side.inspection, ended_on=D(2026, 5, 15))
    side.inspection.refresh_from_db()
    return {code: svc.report_draft(actor=side.member, inspection=side.inspection, type=code).body for code in REQUIRED}


def test_nmg_required_reports_each_draw_on_their_own_source(nmg: Any) -> None:
    bodies = _reporting(nmg)
    assert len(set(bodies.values())) == 4  # four distinct bodies, not one body four times

    main = bodies["inspection_report"]
    assert "问题底稿 #1：违规发放津贴补贴" in main and "问题底稿 #2：违规提拔任用干部" in main
    assert "尚未审定的问题" not in main

    clues = bodies["clue_report"]
    assert "问题底稿 #1：违规发放津贴补贴" in clues and "涉及人员：某局长" in clues
    assert "违规提拔任用干部" not in clues and "某部长" not in clues  # not marked as a clue
    assert "来信来电来访中作为问题线索处理的（1件）" in clues and "第1号（2026-04-09，来信）：违反廉洁纪律" in clues

    selection = bodies["cadre_selection_report"]
    assert "“违反组织纪律”类问题底稿" in selection and "问题底稿 #2：违规提拔任用干部" in selection
    assert "违规发放津贴补贴" not in selection

    talks = bodies["talk_summary"]
    assert "个别谈话情况汇总" in talks and "共开展个别谈话2人次，时间自2026-04-08至2026-04-09" in talks
    assert "2026-04-08：1人次" in talks and "2026-04-09：1人次" in talks
    assert "问题底稿" not in talks
    # The talks' secrets stay behind the secrecy door: no interviewee, no content, and no secret was read.
    for secret in ("某干部", "另一干部", "秘密内容", "招投标", "用人问题", "举报人甲", "某科长", "收受礼金"):
        assert all(secret not in body for body in bodies.values())
    assert not Event.objects.filter(action="secret.read").exists()


def test_the_rulebook_names_each_required_reports_source(nmg: Any, jdz: Any) -> None:
    nmg_types = {t.code: t for t in nmg.jurisdiction.rulebook.report_types}
    assert [(nmg_types[c].draws_on, nmg_types[c].categories) for c in REQUIRED] == [
        ("findings", []),
        ("clues", []),
        ("findings", ["organizational_discipline"]),
        ("talks", []),
    ]
    assert "本系统设定" in nmg_types["talk_summary"].note
    assert {t.draws_on for t in jdz.jurisdiction.rulebook.report_types} == {"findings"}
