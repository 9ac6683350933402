"""The pages: the team and office walk a disclosure through drafting, approval and publication; the inspected unit,
receivers and other teams see no draft; the public page, without login, shows only what is published and only its
title, body, date, channels and inspected unit, at a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xuncha.disclosures import services as svc
from xuncha.disclosures.models import Disclosure

from . import helpers as h
from .helpers import approved, client_for, draft, fed_back, published

pytestmark = pytest.mark.django_db


def test_the_team_leader_drafts_the_office_head_approves_and_the_clerk_publishes_through_the_pages(nmg: Any) -> None:
    fed_back(nmg)
    i = nmg.inspection.pk
    leader, head, clerk = client_for(nmg.leader), client_for(nmg.office_head), client_for(nmg.office_clerk)

    detail = leader.get(f"/inspections/{i}/").content.decode()
    assert f'href="/disclosures/inspection/{i}/"' in detail

    page = leader.get(f"/disclosures/inspection/{i}/").content.decode()
    assert "巡视反馈情况公开（第三十五条）" in page and 'data-testid="draft-form"' in page
    response = leader.post(
        f"/disclosures/inspection/{i}/",
        {
            "stage": "feedback",
            "title": "自治区党委巡视组反馈巡视情况",
            "body": "巡视组向被巡视单位党组织反馈巡视情况。",
        },
    )
    d = Disclosure.objects.get(stage="feedback")
    assert response.status_code == 302 and response["Location"] == f"/disclosures/{d.pk}/"

    assert 'data-testid="approve-form"' not in leader.get(f"/disclosures/{d.pk}/").content.decode()
    leader.post(f"/disclosures/{d.pk}/approve/", {"approved_on": "2026-05-26"})
    assert Disclosure.objects.get(pk=d.pk).status == "draft"
    assert 'data-testid="approve-form"' in head.get(f"/disclosures/{d.pk}/").content.decode()
    head.post(f"/disclosures/{d.pk}/approve/", {"approved_on": "2026-05-26"})
    assert Disclosure.objects.get(pk=d.pk).status == "approved"

    assert 'data-testid="publish-form"' in clerk.get(f"/disclosures/{d.pk}/").content.decode()
    clerk.post(f"/disclosures/{d.pk}/publish/", {"published_on": "2026-05-27"})
    d.refresh_from_db()
    assert (d.status, d.published_on, d.channels) == (
        "published",
        h.D(2026, 5, 27),
        "自治区和被巡视地区（单位）门户网站、新闻媒体",
    )
    assert "起草更正" in leader.get(f"/disclosures/{d.pk}/").content.decode()
    assert "自治区党委巡视组反馈巡视情况" in Client().get("/public/nmg/").content.decode()


def test_refusals_are_shown_on_the_page_with_their_article(jdz: Any) -> None:
    h.on_site(jdz)
    leader = client_for(jdz.leader)
    page = leader.post(
        f"/disclosures/inspection/{jdz.inspection.pk}/", {"stage": "feedback", "title": "反馈", "body": "内容。"}
    ).content.decode()
    assert "尚未反馈（“反馈日期”未登记）" in page and "第四十二条" in page

    h.petition(jdz, name="孙立平")
    d = draft(jdz, "entry", title="进驻情况", body="孙立平来信。")
    response = client_for(jdz.office_head).post(
        f"/disclosures/{d.pk}/approve/", {"approved_on": "2026-03-20"}, follow=True
    )
    html = response.content.decode()
    assert "审批未办理：不能审批：公开的内容含有巡察工作秘密" in html and "第四十六条" in html
    assert Disclosure.objects.get(pk=d.pk).status == "draft"


def test_the_inspected_unit_sees_only_what_is_published_and_outsiders_see_nothing(jdz: Any) -> None:
    fed_back(jdz)
    pending = draft(jdz, title="待审批的反馈稿")
    ready = approved(jdz, draft(jdz, title="已审批未公开的反馈稿"))
    i = jdz.inspection.pk

    unit = client_for(jdz.unit_contact)
    page = unit.get(f"/disclosures/inspection/{i}/").content.decode()
    assert "进驻" in page and "待审批的反馈稿" not in page and "已审批未公开的反馈稿" not in page
    assert 'data-testid="draft-form"' not in page
    assert unit.get(f"/disclosures/{pending.pk}/").status_code == 404
    assert unit.get(f"/disclosures/{ready.pk}/").status_code == 404
    stage_card = unit.get(f"/inspections/{i}/").content.decode()
    assert "待审批的反馈稿" not in stage_card and "已审批未公开的反馈稿" not in stage_card
    unit.post(f"/disclosures/{ready.pk}/publish/", {"published_on": "2026-05-27"})
    assert Disclosure.objects.get(pk=ready.pk).status == "approved"

    for outsider in (jdz.receiver, jdz.other_member, jdz.other_unit_contact):
        client = client_for(outsider)
        assert client.get(f"/disclosures/inspection/{i}/").status_code == 404
        assert client.get(f"/disclosures/{pending.pk}/").status_code == 404

    member = client_for(jdz.member).get(f"/disclosures/inspection/{i}/").content.decode()
    assert "待审批的反馈稿" in member and 'data-testid="draft-form"' not in member  # sees, may not draft


def test_the_public_page_needs_no_login_and_shows_only_published_title_body_date_channels_and_unit(
    jdz: Any, nmg: Any
) -> None:
    fed_back(jdz)
    draft(jdz, title="反馈情况（草稿）", body="草稿正文不应公开。")
    done = published(jdz, draft(jdz, title="市委巡察组反馈巡察情况", body="向被巡察单位反馈。"))
    approved(jdz, draft(jdz, title="已审批未公开", body="审批后尚未公开。"))
    svc.disclosure_return(
        actor=jdz.office_head,
        disclosure=approved(jdz, draft(jdz, title="被退回的稿", body="退回稿。")),
        reason="退回意见不公开",
    )
    h.on_site(nmg)
    h.publish_entry_notice(nmg)  # approved by the office head and published

    anonymous = Client()
    response = anonymous.get("/public/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "市委巡察组反馈巡察情况" in html and "向被巡察单位反馈。" in html and "2026-05-25" in html
    assert done.channels in html and jdz.inspection.target.name in html
    assert nmg.inspection.target.name in html  # the other jurisdiction's entry announcement
    for hidden in ("反馈情况（草稿）", "草稿正文不应公开", "已审批未公开", "被退回的稿", "退回意见不公开"):
        assert hidden not in html
    # No people, statuses or inner links: only the five public fields.
    for person in (jdz.leader, jdz.office_head, jdz.office_clerk):
        assert person.username not in html and person.full_name not in html
    assert "/disclosures/" not in html and "已公开" not in html and "审批" not in html

    jdz_only = anonymous.get("/public/jdz/").content.decode()
    assert "市委巡察组反馈巡察情况" in jdz_only and nmg.inspection.target.name not in jdz_only
    assert anonymous.get("/public/nowhere/").status_code == 404


def test_the_public_page_costs_the_same_queries_for_one_item_or_many(jdz: Any) -> None:
    fed_back(jdz)
    h.publish_entry_notice(jdz)  # the one item
    client = Client()
    with CaptureQueriesContext(connection) as one:
        client.get("/public/jdz/")
    for n in range(3):
        published(jdz, draft(jdz, title=f"公开第{n}项"))
    with CaptureQueriesContext(connection) as many:
        html = client.get("/public/jdz/").content.decode()
    assert "公开第2项" in html and len(many) == len(one)


def test_the_login_page_links_to_the_public_page() -> None:
    html = Client().get("/login/").content.decode()
    assert 'href="/public/"' in html


def test_a_published_text_is_corrected_through_the_page(jdz: Any) -> None:
    fed_back(jdz)
    first = published(jdz, draft(jdz))
    leader = client_for(jdz.leader)
    assert leader.get(f"/disclosures/{first.pk}/edit/").status_code == 200  # the form shows; the service refuses
    page = leader.post(f"/disclosures/{first.pk}/edit/", {"title": "改", "body": "改"}).content.decode()
    assert "已公开的不再修改，如需更正请起草更正" in page
    response = leader.post(
        f"/disclosures/{first.pk}/correct/", {"title": "反馈情况公开（更正）", "body": "更正后。", "reason": "日期有误"}
    )
    fix = Disclosure.objects.get(supersedes=first)
    assert response["Location"] == f"/disclosures/{fix.pk}/" and fix.status == "draft"
    assert "日期有误" in leader.get(f"/disclosures/{fix.pk}/").content.decode()
    assert "已被更正" in leader.get(f"/disclosures/{first.pk}/").content.decode()
