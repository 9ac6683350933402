"""Steps the disclosure tests share: bring the fixture inspection to a stage, walk a disclosure, record secrets."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client

from xuncha.conftest import Side, put_in_rectification, put_on_site
from xuncha.disclosures import services as svc
from xuncha.disclosures.models import Disclosure
from xuncha.fieldwork.models import FieldworkRecord, Petition
from xuncha.inspections.models import Inspection, TalkRecord
from xuncha.preparation.models import LeaderBriefing, PersonalMattersCheck
from xuncha.registry.services import cadre_create, post_create

D = datetime.date
ENTRY = D(2026, 3, 16)  # put_on_site
FED_BACK = D(2026, 5, 25)  # put_in_rectification
REPORTS = D(2026, 7, 20)

# The article on disclosure and the one sanctioning leaks of secrets, per rulebook.
ARTICLES = {
    "jdz": {"disclosure": "第四十二条", "secrecy": "第四十六条", "word": "巡察"},
    "nmg": {"disclosure": "第三十五条", "secrecy": "第三十六条", "word": "巡视"},
}


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def key(side: Side) -> str:
    return side.jurisdiction.code


def fed_back(side: Side) -> Inspection:
    put_in_rectification(side)
    return side.inspection


def reports_submitted(side: Side, on: datetime.date = REPORTS) -> Inspection:
    """After `fed_back`: the unit's rectification reports submitted on `on`. Only the date matters to disclosures; the
    submission itself (report texts, review) belongs to the rectification app, so the date is set directly."""
    assert side.inspection.feedback_given_on is not None
    Inspection.objects.filter(pk=side.inspection.pk).update(reports_submitted_on=on)
    side.inspection.refresh_from_db()
    return side.inspection


def draft(
    side: Side,
    stage: str = "feedback",
    *,
    title: str = "反馈情况公开",
    body: str = "巡察组向被巡察单位党组织反馈了巡察情况，指出了存在的问题，提出了整改意见。",
    actor: Any = None,
) -> Disclosure:
    return svc.disclosure_draft(
        actor=actor or side.leader, inspection=side.inspection, stage=stage, title=title, body=body
    )


def approved(side: Side, disclosure: Disclosure, on: datetime.date | None = None) -> Disclosure:
    return svc.disclosure_approve(actor=side.office_head, disclosure=disclosure, approved_on=on or FED_BACK)


def published(side: Side, disclosure: Disclosure, on: datetime.date | None = None, *, actor: Any = None) -> Disclosure:
    if disclosure.status == Disclosure.Status.DRAFT:
        disclosure = approved(side, disclosure, on)
    return svc.disclosure_publish(actor=actor or side.office_clerk, disclosure=disclosure, published_on=on or FED_BACK)


def entry_notice(side: Side) -> Disclosure:
    """The entry announcement drafted when the team entered."""
    return Disclosure.objects.get(inspection=side.inspection, stage="entry", supersedes__isnull=True)


def publish_entry_notice(side: Side) -> Disclosure:
    """The office head approves the entry announcement and the office publishes it, on the entry date."""
    return published(side, entry_notice(side), ENTRY)


def on_site(side: Side, *, actor: Any = None) -> Inspection:
    """On site from ENTRY; `actor` (default the office head) records the preparation and the entry."""
    if actor is None:
        put_on_site(side)
        return side.inspection
    from xuncha.inspections.services import inspection_enter, inspection_prepare

    inspection_prepare(actor=actor, inspection=side.inspection, on=ENTRY - datetime.timedelta(days=14))
    inspection_enter(
        actor=actor,
        inspection=side.inspection,
        entered_on=ENTRY,
        principal_notified_on=ENTRY,
        mobilization_on=ENTRY,
        contact_phone="0000-0000000",
        contact_mailbox="测试信箱",
        contact_address="测试地址",
        planned_end=ENTRY + datetime.timedelta(days=60),
    )
    side.inspection.refresh_from_db()
    return side.inspection


# -- secret material, as rows (the recording services only work in earlier stages) -----------------------------------
def talk(side: Side, *, interviewee: str = "某干部", content: str = "谈话内容。") -> TalkRecord:
    # A row as talk_record_create leaves it; that service records talks only while on site, and these tests check
    # disclosures made after the feedback.
    return TalkRecord.objects.create(
        inspection=side.inspection,
        interviewee=interviewee,
        place="谈话室",
        recorder="记录人",
        talked_at=datetime.datetime(2026, 4, 8, 9, 30, tzinfo=datetime.UTC),
        content=content,
    )


def petition(
    side: Side, *, name: str = "", contact: str = "", content: str = "反映问题。", inspection: Inspection | None = None
) -> Petition:
    inspection = inspection or side.inspection
    number = Petition.objects.filter(inspection=inspection).count() + 1
    return Petition.objects.create(
        inspection=inspection,
        number=number,
        channel=Petition.Channel.LETTER,
        received_on=D(2026, 4, 1),
        anonymous=not name,
        petitioner_name=name,
        petitioner_contact=contact,
        about="某单位领导",
        classification="integrity_discipline",
        content=content,
        recorded_by=side.member,
    )


def informant(side: Side, who: str) -> FieldworkRecord:
    return FieldworkRecord.objects.create(
        inspection=side.inspection,
        method="inquiry",
        held_on=D(2026, 4, 2),
        summary="询问知情人。",
        details={"informant": who, "matter": "专项资金使用"},
        recorded_by=side.member,
    )


def personal_matters(side: Side, *, cadre_name: str, discrepancy: str = "") -> PersonalMattersCheck:
    cadre = cadre_create(
        actor=side.office_head, jurisdiction=side.jurisdiction, code=f"C-{cadre_name}", name=cadre_name
    )
    post = post_create(
        actor=side.office_head,
        cadre=cadre,
        organization=side.inspection.target,
        title="副局长",
        started_on=D(2024, 1, 1),
        is_leadership=True,
    )
    return PersonalMattersCheck.objects.create(
        inspection=side.inspection,
        cadre=cadre,
        post=post,
        items=["housing"],
        checked_by="组织部",
        checked_on=D(2026, 3, 10),
        result="discrepancy" if discrepancy else "consistent",
        discrepancy=discrepancy,
    )


def briefing(side: Side, topics: str) -> LeaderBriefing:
    return LeaderBriefing.objects.create(
        inspection=side.inspection, briefed_on=D(2026, 3, 9), by="纪检监察室", topics=topics
    )
