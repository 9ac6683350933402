"""The round's results page and the hearing, decision and filing forms, as the office uses them."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xuncha.conftest import put_reporting
from xuncha.inspections.services import inspection_withdraw
from xuncha.planning.services import round_end
from xuncha.results.models import Filing, Meeting, MeetingItem

from .helpers import D, client_for, decide, hear, ready


def _url(side: Any, tail: str = "") -> str:
    return f"/results/round/{side.inspection.round_id}/{tail}"


def test_the_round_page_lists_stage_reports_and_heard_decided(jdz: Any) -> None:
    put_reporting(jdz)  # unit one at 报告 with no report yet; unit two never started, withdrawn from the round
    inspection_withdraw(
        actor=jdz.office_head, inspection=jdz.other_inspection, withdrawn_on=D(2026, 4, 20), reason="本轮撤出"
    )
    round_end(actor=jdz.office_head, round=jdz.inspection.round, ended_on=D(2026, 4, 30))
    html = client_for(jdz.office_clerk).get(_url(jdz)).content.decode()
    assert "报告" in html and "撤出本轮/取消" in html and "未起草" in html and "必备报告未全部定稿" in html
    assert "未听取" in html and "2026-05-25" in html  # the hearing's due date: 15 working days after 04-30
    assert "登记听取汇报" in html


def test_the_round_page_shows_a_late_hearing_as_late(jdz: Any) -> None:
    ready(jdz, ended_on=D(2026, 9, 25))
    hear(jdz, held_on=D(2026, 10, 26))
    html = client_for(jdz.office_head).get(_url(jdz)).content.decode()
    assert "2026-10-22" in html and "逾期 2 个工作日" in html and "已听取 2026-10-26" in html


def test_the_office_holds_the_hearing_and_the_decision_through_the_forms(nmg: Any) -> None:
    ready(nmg)
    client = client_for(nmg.office_clerk)
    form = client.get(_url(nmg, "hearing/")).content.decode()
    assert "自治区党委巡视工作领导小组听取巡视情况汇报" in form and str(nmg.inspection) in form
    data = {
        "held_on": "2026-05-13",
        "agenda": "听取汇报",
        "attendees": "张某 组长\n李某 副组长",
        "minutes": "逐一听取。",
        f"proposal_{nmg.inspection.pk}": "责成整改",
    }
    response = client.post(_url(nmg, "hearing/"), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(kind="hearing")
    assert [a.name for a in meeting.attendees.order_by("pk")] == ["张某", "李某"]
    assert list(meeting.items.values_list("inspection_id", flat=True)) == [nmg.inspection.pk]

    refused = client.post(_url(nmg, "decision/"), {"held_on": "2026-05-20", "attendees": "", "minutes": "记录"})
    assert refused.status_code == 200 and "请填写出席会议的自治区党委“五人小组”会议成员" in refused.content.decode()
    decision = {
        "held_on": "2026-05-20",
        "attendees": "王某 “五人小组”成员",
        "minutes": "研究决定。",
        f"decision_{nmg.inspection.pk}": "反馈整改，移交线索",
        f"uses_{nmg.inspection.pk}": ["transfer"],
    }
    assert client.post(_url(nmg, "decision/"), decision).status_code == 302
    item = MeetingItem.objects.get(kind="decision")
    assert item.uses == ["feedback", "transfer"]
    nmg.inspection.refresh_from_db()
    assert nmg.inspection.results_decided_on == D(2026, 5, 20)
    html = client.get(f"/results/meetings/{item.meeting_id}/").content.decode()
    assert "问题线索分类处置" in html and "王某（“五人小组”成员）" in html


def test_a_refused_hearing_shows_the_rule(jdz: Any) -> None:
    ready(jdz, final=False)
    client = client_for(jdz.office_clerk)
    data = {
        "held_on": "2026-05-13",
        "agenda": "听取汇报",
        "attendees": "张某 组长",
        "minutes": "逐一听取。",
        f"proposal_{jdz.inspection.pk}": "责成整改",
    }
    html = client.post(_url(jdz, "hearing/"), data).content.decode()
    assert "必备报告尚未全部定稿" in html and "第三十条" in html
    assert not Meeting.objects.exists()


def test_the_filing_form_records_the_filing(jdz: Any) -> None:
    ready(jdz)
    hear(jdz)
    decide(jdz)
    client = client_for(jdz.office_head)
    assert "向省委巡视工作领导小组办公室备案" in client.get(_url(jdz, "filing/")).content.decode()
    response = client.post(
        _url(jdz, "filing/"), {"filed_on": "2026-05-22", "document_number": "景巡办〔2026〕3号", "summary": "报送"}
    )
    assert response.status_code == 302 and Filing.objects.get().document_number == "景巡办〔2026〕3号"
    assert "景巡办〔2026〕3号" in client.get(_url(jdz)).content.decode()


@pytest.mark.parametrize("who", ["leader", "auditor"])
def test_only_the_office_gets_the_forms(jdz: Any, who: str) -> None:
    ready(jdz)
    client = client_for(getattr(jdz, who))
    for tail in ("hearing/", "decision/", "filing/"):
        assert client.get(_url(jdz, tail)).status_code == 404
    expected = 200 if who == "auditor" else 404
    assert client.get(_url(jdz)).status_code == expected


def test_the_team_sees_its_own_item_on_the_inspection_page(jdz: Any) -> None:
    ready(jdz)
    hear(jdz)
    own = client_for(jdz.member).get(f"/results/inspection/{jdz.inspection.pk}/").content.decode()
    assert f"{jdz.inspection.target}：责成整改" in own and str(jdz.other_inspection.target) not in own
    assert "各组汇报巡察情况" not in own  # the minutes stay with the oversight roles
    assert client_for(jdz.member).get(f"/results/inspection/{jdz.other_inspection.pk}/").status_code == 404


def test_the_round_page_query_count_does_not_grow_with_meetings(jdz: Any) -> None:
    ready(jdz)
    client = client_for(jdz.office_head)
    hear(jdz, inspections=[jdz.inspection])
    with CaptureQueriesContext(connection) as one:
        client.get(_url(jdz))
    hear(jdz, inspections=[jdz.other_inspection], held_on=D(2026, 5, 14))
    decide(jdz)
    with CaptureQueriesContext(connection) as three:
        client.get(_url(jdz))
    assert len(three.captured_queries) <= len(one.captured_queries) + 2  # + the filing obligation's row reads


def test_the_index_offers_each_role_its_part(jdz: Any) -> None:
    from .helpers import org_department

    asker = org_department(jdz)
    office = client_for(jdz.office_clerk).get("/results/").content.decode()
    assert _url(jdz) in office and "/results/filings/" in office
    assert "/results/consultations/" in client_for(asker).get("/results/").content.decode()
    unit = client_for(jdz.unit_contact).get("/results/").content.decode()
    assert "没有您可查看的内容" in unit and _url(jdz) not in unit
