"""Fieldwork pages and endpoints: a form per working method, the registers, and a fixed number of queries
however many rows there are."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xuncha.audit.models import Event
from xuncha.fieldwork import services
from xuncha.fieldwork.models import FieldworkRecord
from xuncha.fieldwork.rules import DETAILS, OWN_RECORDS

from .conftest import on_site
from .factories import petition, record

D = datetime.date


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


FORM_VALUES: dict[str, dict[str, str]] = {
    "briefing": {"d_kind": "topical", "d_reporting_body": "审计局", "d_topic": ""},
    "personal_matters_check": {"d_cadres_checked": "4", "d_items": "住房", "d_discrepancies": ""},
    "inquiry": {"d_informant": "原科长", "d_matter": "资金"},
    "forum": {"d_attendees": "15", "d_attendee_scope": "中层干部", "d_topic": ""},
    "meeting_attendance": {"d_meeting": "党委会", "d_convened_by": "党委"},
    "democratic_evaluation": {
        "d_kind": "evaluation",
        "d_subject": "领导班子",
        "d_distributed": "50",
        "d_respondents": "48",
        "d_items": "总体评价：88\n选人用人：80",
    },
    "subordinate_visit": {"d_unit": "二分厂", "d_manner": ""},
    "special_check": {"d_subject": "公务接待", "d_scope": "2025年"},
    "assistance_request": {"d_kind": "detainee_interview", "d_addressee": "市看守所", "d_matter": "约谈询问"},
    "other_approved": {"d_method_name": "暗访", "approved_on": "2026-03-18", "approval_basis": "市委批复"},
}


@pytest.mark.parametrize("method", sorted(DETAILS))
def test_each_methods_form_asks_for_its_details_and_records(jdz: Any, method: str) -> None:
    on_site(jdz)
    client = _client(jdz.member)
    url = f"/fieldwork/{jdz.inspection.pk}/methods/{method}/new/"
    form = client.get(url).content.decode()
    for detail in DETAILS[method]:
        assert detail.label in form, detail.label
    response = client.post(
        url, {"held_on": "2026-03-20", "place": "", "participants": "", "summary": "情况", **FORM_VALUES[method]}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = FieldworkRecord.objects.get()
    assert saved.method == method
    page = client.get(response["Location"]).content.decode()
    assert "情况" in page
    overview = client.get(f"/fieldwork/{jdz.inspection.pk}/").content.decode()
    assert f'data-testid="count-{method}">1<' in overview


def test_a_refusal_is_shown_on_the_form(jdz: Any) -> None:
    client = _client(jdz.member)  # not yet on site
    response = client.post(
        f"/fieldwork/{jdz.inspection.pk}/methods/forum/new/",
        {"held_on": "2026-03-20", "summary": "x", **FORM_VALUES["forum"]},
    )
    assert response.status_code == 200
    assert "“已计划”阶段" in response.content.decode() and "第二十七条" in response.content.decode()
    assert client.get(f"/fieldwork/{jdz.inspection.pk}/methods/talk/new/").status_code == 404
    assert client.get(f"/fieldwork/{jdz.inspection.pk}/methods/nonsense/new/").status_code == 404


def test_the_assistance_request_page_refuses_sending_before_approval(jdz: Any) -> None:
    on_site(jdz)
    r = record(jdz, "assistance_request")
    client = _client(jdz.member)
    page = client.post(f"/fieldwork/records/{r.pk}/send/", {"sent_on": "2026-03-23"}, follow=True).content.decode()
    assert "第二十九条" in page and "未标记提请" in page
    client.post(f"/fieldwork/records/{r.pk}/approve/", {"approved_on": "2026-03-21", "approval_basis": "第5次会议"})
    client.post(f"/fieldwork/records/{r.pk}/send/", {"sent_on": "2026-03-23"})
    r.refresh_from_db()
    assert (r.approved_on, r.sent_on) == (D(2026, 3, 21), D(2026, 3, 23))


def test_the_talk_form_records_a_secret_talk(jdz: Any) -> None:
    on_site(jdz)
    client = _client(jdz.member)
    response = client.post(
        f"/fieldwork/{jdz.inspection.pk}/talks/new/",
        {
            "interviewee": "某干部",
            "talked_at": "2026-03-20T09:30",
            "place": "谈话室",
            "recorder": "记录人",
            "content": "谈话",
        },
    )
    assert response.status_code == 302
    assert Event.objects.filter(action="talk.recorded").count() == 1
    overview = client.get(f"/fieldwork/{jdz.inspection.pk}/").content.decode()
    assert 'data-testid="count-talk">1<' in overview
    refused = _client(jdz.other_member).post(
        f"/fieldwork/{jdz.inspection.pk}/talks/new/",
        {"interviewee": "x", "talked_at": "2026-03-20T09:30", "place": "x", "recorder": "x", "content": "x"},
    )
    assert refused.status_code == 404  # another team does not even see the inspection


def test_the_inspection_page_links_to_fieldwork_for_those_who_may_read_it(jdz: Any) -> None:
    on_site(jdz)
    url = f"/inspections/{jdz.inspection.pk}/"
    member = _client(jdz.member).get(url).content.decode()
    assert f"/fieldwork/{jdz.inspection.pk}/" in member and f"/fieldwork/{jdz.inspection.pk}/petitions/" in member
    assert f"/fieldwork/{jdz.inspection.pk}/talks/new/" in member
    clerk = _client(jdz.office_clerk).get(url).content.decode()
    assert f"/fieldwork/{jdz.inspection.pk}/" in clerk and "/petitions/" not in clerk
    unit = _client(jdz.unit_contact).get(url).content.decode()
    assert "/fieldwork/" not in unit
    assert _client(jdz.unit_contact).get(f"/fieldwork/{jdz.inspection.pk}/").status_code == 403


def test_every_method_of_the_rulebook_is_listed_with_its_article(nmg: Any) -> None:
    page = _client(nmg.office_head).get(f"/fieldwork/{nmg.inspection.pk}/").content.decode()
    for m in nmg.jurisdiction.rulebook.working_methods:
        assert m.name in page
    assert "第二十条" in page and "第二十五条" in page  # the methods, and fieldwork after entry
    main = page[page.index("<main") :]
    assert "巡视了解工作" in main and "巡察" not in main  # the interface speaks the rulebook's word


def _fill(side: Any, n: int) -> None:
    upload = SimpleUploadedFile
    for k in range(n):
        forum = record(side, "forum")
        services.attachment_upload(actor=side.member, parent=forum, upload=upload(f"f{k}.txt", b"f"))
        record(side, "assistance_request")
        p = petition(side)
        services.attachment_upload(actor=side.member, parent=p, upload=upload(f"p{k}.txt", b"p"))
        d = services.document_retrieval_record(
            actor=side.member,
            inspection=side.inspection,
            title=f"资料{k}",
            kind="borrowed",
            source_unit="办公室",
            taken_on=D(2026, 3, 20),
        )
        services.attachment_upload(actor=side.member, parent=d, upload=upload(f"d{k}.txt", b"d"))


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("office_head", "/fieldwork/{pk}/"),
        ("member", "/fieldwork/{pk}/"),
        ("member", "/fieldwork/{pk}/petitions/"),
        ("office_head", "/fieldwork/{pk}/petitions/"),
        ("member", "/fieldwork/{pk}/documents/"),
        ("office_head", "/inspections/{pk}/"),
        ("member", "/api/fieldwork-records/"),
        ("member", "/api/petitions/"),
        ("office_head", "/api/petitions/?inspection={pk}"),
        ("member", "/api/document-retrievals/"),
        ("member", "/api/attachments/"),
    ],
)
def test_list_pages_do_a_fixed_number_of_queries(jdz: Any, who: str, url: str) -> None:
    on_site(jdz)
    url = url.format(pk=jdz.inspection.pk)
    client = _client(getattr(jdz, who))
    _fill(jdz, 1)
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _fill(jdz, 5)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
        assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    if url.startswith("/api/"):
        assert response.json()["count"] >= 6


def test_methods_with_their_own_record_are_not_in_the_details(jdz: Any) -> None:
    assert not set(OWN_RECORDS) & set(DETAILS)


def test_the_overview_leads_to_the_online_channels(jdz: Any) -> None:
    """The petition row leads the team to the online reports (网上来信), the evaluation row to the online evaluations;
    the office staff, who may not read petitions, see only the second."""
    from .conftest import on_site

    on_site(jdz)
    team, staff = Client(), Client()
    team.force_login(jdz.member)
    staff.force_login(jdz.office_clerk)
    page = team.get(f"/fieldwork/{jdz.inspection.pk}/").content.decode()
    assert f'href="/reporting/inspections/{jdz.inspection.pk}/inbox/" data-testid="online-petitions"' in page
    assert f'href="/evaluations/inspections/{jdz.inspection.pk}/" data-testid="online-evaluations"' in page
    page = staff.get(f"/fieldwork/{jdz.inspection.pk}/").content.decode()
    assert "online-petitions" not in page and "online-evaluations" in page
