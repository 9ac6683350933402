"""The feedback pages: the office and the leader record consent, sessions and 通报; the receipt prints with its three
lines and each line's form is offered to the person who may sign it; the inspected unit sees its own feedback only."""

from __future__ import annotations

import re
from typing import Any

import pytest

from xuncha.conftest import put_decided, put_feedback_given
from xuncha.feedback.models import CirculatedNotice, FeedbackSession, ReceiptSignature
from xuncha.registry.services import cadre_create, post_create

from .helpers import D, approved_finding, client_for, consent, give

pytestmark = pytest.mark.django_db


def _page(side: Any) -> str:
    return f"/feedback/inspection/{side.inspection.pk}/"


def test_the_office_records_both_sessions_and_a_notification_through_the_pages(jdz: Any) -> None:
    put_decided(jdz)
    finding = approved_finding(jdz, "违规发放津贴补贴")
    office = client_for(jdz.office_clerk)
    html = office.get(_page(jdz)).content.decode()
    assert "根据市委“五人小组”和市委巡察工作领导小组会议精神" in html and "第三十三条" in html
    assert "记录向领导班子反馈" in html and "记录向主要负责人反馈" in html

    form = office.get(f"{_page(jdz)}session/leadership/").content.decode()
    assert f"#{finding.number} 违规发放津贴补贴" in form and "（组长）" in form
    data = {
        "held_on": "2026-05-25",
        "given_by": str(jdz.leader.pk),
        "attendees": "县委领导班子成员",
        "findings": [str(finding.pk)],
        "opinions": "规范津贴补贴发放。",
    }
    early = office.post(f"{_page(jdz)}session/leadership/", data | {"held_on": "2026-05-19"})
    assert early.status_code == 200 and "反馈日期不能早于 2026-05-20" in early.content.decode()
    assert office.post(f"{_page(jdz)}session/leadership/", data).status_code == 302
    assert office.post(f"{_page(jdz)}session/principal/", data | {"held_on": "2026-05-26"}).status_code == 302
    jdz.inspection.refresh_from_db()
    assert (jdz.inspection.status, jdz.inspection.feedback_given_on) == ("rectifying", D(2026, 5, 26))

    notified = office.post(
        f"{_page(jdz)}notify/",
        {"kind": "department", "recipient": "市教育局", "notified_on": "2026-05-27", "content": "整改要求"},
        follow=True,
    )
    assert "已记录通报市教育局" in notified.content.decode()
    assert CirculatedNotice.objects.get().recorded_by == jdz.office_clerk
    html = office.get(_page(jdz)).content.decode()
    assert "市教育局" in html and "规范津贴补贴发放" in html and "记录向领导班子反馈" not in html


def test_a_member_may_not_open_the_session_form(jdz: Any) -> None:
    put_decided(jdz)
    response = client_for(jdz.member).get(f"{_page(jdz)}session/leadership/")
    assert response.status_code == 403 and "只有本巡察组组长或办公室可以记录反馈" in response.content.decode()
    assert client_for(jdz.member).get(f"{_page(jdz)}session/staff/").status_code == 404


def test_nmg_consent_is_recorded_by_the_office_on_the_page(nmg: Any) -> None:
    put_decided(nmg)
    office = client_for(nmg.office_head)
    html = office.get(_page(nmg)).content.decode()
    assert "自治区党委同意反馈" in html and "登记同意" in html and "经自治区党委同意后" in html
    assert "尚未登记；登记前不能反馈" in html
    refused = client_for(nmg.leader).post(
        f"{_page(nmg)}consent/", {"consented_on": "2026-05-22", "document": "批复"}, follow=True
    )
    assert "只有自治区党委巡视工作领导小组办公室可以登记" in refused.content.decode()
    done = office.post(f"{_page(nmg)}consent/", {"consented_on": "2026-05-22", "document": "内党办批〔2026〕12号"})
    assert done.status_code == 302
    assert "内党办批〔2026〕12号" in office.get(_page(nmg)).content.decode()
    # No receipt under NMG-2016.
    assert office.get(f"{_page(nmg)}receipt/").status_code == 404
    assert "签收单" not in office.get(f"/inspections/{nmg.inspection.pk}/").content.decode()


def test_the_receipt_prints_three_lines_and_each_person_signs_their_own(jdz: Any) -> None:
    put_decided(jdz)
    put_feedback_given(jdz, given_on=D(2026, 9, 7))
    cadre = cadre_create(actor=jdz.office_head, jurisdiction=jdz.jurisdiction, code="JD-9001", name="黄志明")
    post_create(
        actor=jdz.office_head,
        cadre=cadre,
        organization=jdz.inspection.target,
        title="书记",
        started_on=D(2024, 1, 1),
        is_leadership=True,
        is_principal=True,
    )
    url = f"{_page(jdz)}receipt/"
    leader, head, unit = client_for(jdz.leader), client_for(jdz.office_head), client_for(jdz.unit_contact)

    html = leader.get(url).content.decode()
    assert "《巡察反馈材料签收单》" in html and "一式三份" in html and "@media print" in html
    for role in ("市委巡察组组长", "被巡察单位党委（党组）主要负责人", "市委巡察办负责人"):
        assert role in html
    assert 'data-testid="sign-team_leader"' in html
    assert 'data-testid="sign-office_head"' not in html and 'data-testid="sign-unit_principal_leader"' not in html

    html = unit.get(url).content.decode()
    assert 'data-testid="sign-unit_principal_leader"' in html and 'value="黄志明"' in html
    assert 'data-testid="sign-team_leader"' not in html

    html = head.get(url).content.decode()
    assert 'data-testid="sign-office_head"' in html and 'data-testid="sign-unit_principal_leader"' in html

    assert leader.post(f"{url}team_leader/", {"team_leader-signed_on": "2026-09-08"}).status_code == 302
    refused = unit.post(f"{url}team_leader/", {"team_leader-signed_on": "2026-09-08"}, follow=True)
    assert "只有2026年第1轮 第1巡察组组长本人" in refused.content.decode()
    unit.post(
        f"{url}unit_principal_leader/",
        {"unit_principal_leader-signed_on": "2026-09-08", "unit_principal_leader-name": "黄志明"},
    )
    done = head.post(f"{url}office_head/", {"office_head-signed_on": "2026-09-09"}, follow=True)
    # The unit signed for the feedback on 09-08 (第三十四条 自签收反馈意见之日起), not on the last line's 09-09.
    assert "被巡察单位已于 2026-09-08 签收反馈意见；签收单各方均已签字" in done.content.decode()
    assert ReceiptSignature.objects.count() == 3
    html = head.get(url).content.decode()
    assert "签收反馈意见日期：2026-09-08（被巡察单位党委（党组）主要负责人签字之日" in html
    assert "2026年9月8日" in html and "黄志明" in html
    assert 'data-testid="sign-' not in html


def test_the_inspected_unit_sees_its_own_feedback_only(jdz: Any) -> None:
    put_decided(jdz)
    approved_finding(jdz, "违规发放津贴补贴")
    give(jdz)
    put_feedback_given(jdz, jdz.other_inspection)
    unit = client_for(jdz.unit_contact)
    html = unit.get(_page(jdz)).content.decode()
    assert "违规发放津贴补贴" in html and "违规发放津贴补贴的具体情况" in html and "严格落实中央八项规定精神" in html
    # Never the finding's persons concerned or anything behind it, nor the team's working material.
    assert "某副局长" not in html and "个别谈话记录" not in html and "问题底稿 #" not in html
    assert 'data-testid="notifications"' not in html and "记录向" not in html
    assert unit.get(f"/feedback/inspection/{jdz.other_inspection.pk}/").status_code == 404
    assert client_for(jdz.other_unit_contact).get(_page(jdz)).status_code == 404
    assert client_for(jdz.receiver).get(_page(jdz)).status_code == 404
    assert {s.inspection_id for s in FeedbackSession.objects.visible_to(jdz.unit_contact)} == {jdz.inspection.pk}
    # The inspection page shows the unit its feedback section with the links.
    detail = unit.get(f"/inspections/{jdz.inspection.pk}/").content.decode()
    section = re.search(r'<section class="mt-3" data-testid="feedback-section">.*?</section>', detail, re.S)
    assert section is not None
    assert "反馈情况" in section.group(0) and "《巡察反馈材料签收单》" in section.group(0)
    assert "通报" not in section.group(0)


def test_nmg_consent_and_notifications_stay_with_the_team_and_oversight(nmg: Any) -> None:
    put_decided(nmg)
    consent(nmg)
    html = client_for(nmg.unit_contact).get(_page(nmg)).content.decode()
    assert "内党办批〔2026〕12号" not in html and "同意反馈" not in html
    assert "内党办批〔2026〕12号" in client_for(nmg.auditor).get(_page(nmg)).content.decode()
    assert "内党办批〔2026〕12号" in client_for(nmg.member).get(_page(nmg)).content.decode()
    assert client_for(nmg.other_member).get(_page(nmg)).status_code == 404


def test_the_receipt_prints_three_copies_each_with_three_signature_lines_and_its_holder(jdz: Any) -> None:
    """Issue 10 item 16: 一式三份 (JDZ-2017 第三十四条) prints three copies, page by page, each with the three lines and
    a place to sign, and says who keeps it (the rulebook's copy_holders; the text does not say: 本办设置)."""
    import re

    put_decided(jdz)
    put_feedback_given(jdz, given_on=D(2026, 9, 7))
    html = client_for(jdz.leader).get(f"{_page(jdz)}receipt/").content.decode()
    copies = html.split('data-testid="receipt-copy"')[1:]
    assert len(copies) == 3
    holders = [re.search(r'data-testid="copy-holder">([^<]*)<', c).group(1) for c in copies]  # type: ignore[union-attr]
    assert holders == [
        "一式三份 · 第一份（市委巡察组留存）",
        "一式三份 · 第二份（被巡察单位党委（党组）留存）",
        "一式三份 · 第三份（市委巡察办留存）",
    ]
    for copy in copies:
        for role in ("team_leader", "unit_principal_leader", "office_head"):
            assert f'data-testid="line-{role}"' in copy
        assert copy.count('data-testid="signature-space"') == 3
    assert "break-before: page" in html and ".receipt-copy + .receipt-copy" in html
    assert "未规定各份由谁留存" in html and "本办设置" in html
