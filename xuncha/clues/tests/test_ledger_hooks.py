"""What clues contributes below it: the previous round's clues on the decision meeting page (JDZ-2017 第三十二条;
none under NMG-2016) and the clue register in the 领导干部问题线索情况报告."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xuncha.clues.models import Clue
from xuncha.planning.models import Round
from xuncha.reports.hooks import CLUE_REPORT_LINES
from xuncha.reports.services import assemble_body
from xuncha.results.hooks import MEETING_PANELS
from xuncha.results.models import Meeting

from .ledger_helpers import D, ledger_clue, open_handling_duty, transfer_to

pytestmark = pytest.mark.django_db


def _next_round_meeting(side, kind="decision"):
    rnd = Round.objects.create(jurisdiction=side.jurisdiction, year=2026, number=2, starts_on=D(2026, 7, 1))
    return Meeting.objects.create(
        jurisdiction=side.jurisdiction,
        round=rnd,
        kind=kind,
        held_on=D(2026, 9, 20),
        minutes="研究决定成果运用。",
        recorded_by=side.office_head,
    )


def test_hooks_are_registered():
    assert MEETING_PANELS.get("clues.previous_round") is not None
    assert CLUE_REPORT_LINES.get("clues.register") is not None


def test_jdz_decision_meeting_shows_previous_round_clues(client, jdz):
    late = ledger_clue(jdz, 1)
    ledger_clue(jdz, 2)
    dup = ledger_clue(jdz, 3)
    Clue.objects.filter(pk=dup.pk).update(status="merged", merged_into=late)
    transfer_to(jdz, [late], signed_on=D(2025, 1, 6))
    open_handling_duty(late, D(2025, 1, 6))
    meeting = _next_round_meeting(jdz)
    client.force_login(jdz.office_head)
    page = client.get(reverse("results:meeting", args=[meeting.pk])).content.decode()
    assert 'data-testid="previous-round-clues"' in page
    assert "第三十二条" in page and "上一轮" in page
    assert "2026年第1轮共2件2人" in page
    assert "逾期未反馈办理情况1件" in page and f"逾期未反馈：{late.code}" in page
    assert "已登记" in page and "已移交，待办理" in page
    assert "秘密内容" not in page


def test_no_panel_on_the_hearing(client, jdz):
    ledger_clue(jdz, 1)
    hearing = _next_round_meeting(jdz, kind="hearing")
    client.force_login(jdz.office_head)
    assert (
        'data-testid="previous-round-clues"'
        not in client.get(reverse("results:meeting", args=[hearing.pk])).content.decode()
    )


def test_nmg_has_no_previous_round_panel(client, nmg):
    ledger_clue(nmg, 1)
    meeting = _next_round_meeting(nmg)
    client.force_login(nmg.office_head)
    page = client.get(reverse("results:meeting", args=[meeting.pk]))
    assert page.status_code == 200
    assert 'data-testid="previous-round-clues"' not in page.content.decode()


def _clue_report_type(side):
    return next(t for t in side.jurisdiction.rulebook.report_types if t.draws_on == "clues")


def test_clue_report_draws_on_the_register(nmg):
    clue = ledger_clue(nmg, 1, category="retaliation")
    text = assemble_body(nmg.inspection, _clue_report_type(nmg))
    assert f"编号 {clue.code}" in text
    assert "反映对象 干部1号" in text
    assert "打击、报复、陷害反映问题的干部群众" in text and "已登记" in text
    assert "1件1人" in text
    assert "秘密内容" not in text


def test_clue_report_keeps_the_old_sources_without_a_register(nmg):
    text = assemble_body(nmg.inspection, _clue_report_type(nmg))
    assert "编号" not in text
    assert "尚无经组长审定的、标记为问题线索的问题底稿" in text
