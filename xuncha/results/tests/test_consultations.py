"""The organization department hears the inspection body on a cadre (JDZ-2017 第三十八条, NMG-2016 第三十三条): who
may ask, about whom, what the material shows (and never shows), and who answers. Each request and read is an event."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from xuncha.audit.models import Event
from xuncha.conftest import finalize_required_reports, put_on_site, put_reporting
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.findings import services as findings
from xuncha.inspections.services import inspection_end_fieldwork, talk_record_create
from xuncha.results import services as svc
from xuncha.results.models import Consultation

from .helpers import ARTICLES, D, cadre_in_unit_one, client_for, decide, hear, key, org_department

ASKED = D(2026, 6, 1)


@pytest.fixture(params=["jdz", "nmg"])
def side(request: Any, db: Any) -> Any:
    return request.getfixturevalue(request.param)


def _ask(side: Any, user: Any, cadre: Any, **kw: Any) -> Consultation:
    fields: dict[str, Any] = {"occasion": "selection", "purpose": "拟提拔使用，听取意见", "asked_on": ASKED} | kw
    return svc.consultation_request(actor=user, cadre=cadre, **fields)


def _with_material(side: Any) -> Any:
    """Unit one inspected with a leader-approved finding naming the cadre, a talk record and a draft finding naming
    the cadre; both inspections heard and decided."""
    cadre = cadre_in_unit_one(side)
    put_on_site(side)
    talk_record_create(
        actor=side.member,
        inspection=side.inspection,
        interviewee="反映人甲",
        place="谈话室",
        recorder="记录人",
        talked_at=datetime.datetime(2026, 4, 8, 9, 30, tzinfo=datetime.UTC),
        content="秘密内容：反映该干部插手工程。",
    )
    approved = findings.finding_create(
        actor=side.member,
        inspection=side.inspection,
        title="插手工程项目",
        category="integrity_discipline",
        description="该干部违规插手工程项目招投标。",
        drafted_on=D(2026, 4, 10),
        cadre=cadre,
    )
    findings.finding_create(
        actor=side.member,
        inspection=side.inspection,
        title="尚未审定的问题",
        category="integrity_discipline",
        description="草稿内容",
        cadre=cadre,
    )
    findings.team_meeting_hold(
        actor=side.member,
        inspection=side.inspection,
        held_on=D(2026, 4, 10),
        attendees=[side.leader, side.member],
        agenda="研究问题底稿",
        minutes="一致同意。",
        findings=[approved],
    )
    findings.finding_leader_approve(actor=side.leader, finding=approved, on=D(2026, 4, 11))
    inspection_end_fieldwork(actor=side.office_head, inspection=side.inspection, ended_on=D(2026, 4, 24))
    side.inspection.refresh_from_db()
    finalize_required_reports(side, side.inspection)
    put_reporting(side, side.other_inspection)
    finalize_required_reports(side, side.other_inspection)
    from xuncha.planning.services import round_end

    round_end(actor=side.office_head, round=side.inspection.round, ended_on=D(2026, 4, 30))
    side.inspection.refresh_from_db()
    side.other_inspection.refresh_from_db()
    hear(side)
    decide(side, uses=("cadre_use",))
    return cadre


@pytest.mark.parametrize("who", ["office_head", "leader", "unit_contact", "receiver"])
def test_only_a_contact_of_the_organization_department_may_ask(jdz: Any, who: str) -> None:
    cadre = cadre_in_unit_one(jdz)
    put_on_site(jdz)
    with pytest.raises(PermissionDeniedError) as exc:
        _ask(jdz, getattr(jdz, who), cadre)
    assert "组织部门" in exc.value.message and "第三十八条" in exc.value.message
    assert not Consultation.objects.exists()


def test_the_occasion_must_be_one_the_article_names(side: Any) -> None:
    asker = org_department(side)
    cadre = cadre_in_unit_one(side)
    put_on_site(side)
    wrong = {"jdz": "assessment", "nmg": "election"}[key(side)]
    with pytest.raises(ServiceError) as exc:
        _ask(side, asker, cadre, occasion=wrong)
    assert exc.value.code == "wrong_occasion" and ARTICLES[key(side)]["use"] in exc.value.message


def test_jdz_covers_city_managed_cadres_of_inspected_units_and_those_to_be_promoted(jdz: Any) -> None:
    asker = org_department(jdz)
    other = cadre_in_unit_one(jdz, level="other", code="C009")
    put_on_site(jdz)
    with pytest.raises(ServiceError, match="市管干部"):
        _ask(jdz, asker, other)
    from xuncha.registry.services import cadre_create

    unposted = cadre_create(
        actor=None, jurisdiction=jdz.jurisdiction, code="C002", name="拟提任者", management_level="jurisdiction"
    )
    with pytest.raises(ServiceError) as exc:
        _ask(jdz, asker, unposted)
    assert exc.value.code == "not_inspected"
    consultation = _ask(jdz, asker, unposted, to_be_promoted=True, occasion="election")
    assert consultation.to_be_promoted and consultation.department.receiver_kind == "organization_department"


def test_nmg_covers_leaders_of_units_inspected_and_has_no_to_be_promoted_case(nmg: Any) -> None:
    asker = org_department(nmg)
    clerk = cadre_in_unit_one(nmg, level="other", leadership=False, code="N009")
    leader = cadre_in_unit_one(nmg, level="other", code="N001")
    with pytest.raises(ServiceError, match="正在接受巡视"):  # unit one not yet entered
        _ask(nmg, asker, leader, occasion="assessment")
    put_on_site(nmg)
    with pytest.raises(ServiceError, match="领导班子成员职务"):
        _ask(nmg, asker, clerk, occasion="assessment")
    with pytest.raises(ServiceError) as exc:
        _ask(nmg, asker, leader, occasion="assessment", to_be_promoted=True)
    assert exc.value.field == "to_be_promoted"
    assert _ask(nmg, asker, leader, occasion="assessment").cadre == leader


def test_the_material_shows_what_the_rulebook_allows_and_each_read_is_an_event(side: Any) -> None:
    asker = org_department(side)
    cadre = _with_material(side)
    occasion = {"jdz": "selection", "nmg": "assessment"}[key(side)]
    consultation = _ask(side, asker, cadre, occasion=occasion)
    request = Event.objects.get(action="results.consulted")
    assert (
        request.after is not None
        and request.after["step"] == "request"
        and request.article == ARTICLES[key(side)]["use"]
    )

    material = svc.consultation_read(actor=asker, consultation=consultation)
    assert [row.inspection for row in material.inspections] == [side.inspection]  # unit two: no post there
    row = material.inspections[0]
    required = [t.name for t in side.jurisdiction.rulebook.report_types if t.required]
    assert sorted(row.final_reports) == sorted(required)
    assert row.decision is not None and "干部考核评价" in "".join(row.decision_uses)
    assert [f.title for f in material.findings] == ["插手工程项目"]  # not the draft
    reads = Event.objects.filter(action="results.consulted", after__step="read")
    assert reads.count() == 1 and (reads[0].after or {})["findings"] == [material.findings[0].pk]

    html = client_for(asker).get(f"/results/consultations/{consultation.pk}/").content.decode()
    assert "插手工程项目" in html and "尚未审定的问题" not in html
    assert "秘密内容" not in html and "反映人甲" not in html
    assert Event.objects.filter(action="results.consulted", after__step="read").count() == 2


def test_another_department_contact_neither_sees_nor_reads_it(jdz: Any) -> None:
    asker, other = org_department(jdz), org_department(jdz, username="orgdept2")
    cadre = cadre_in_unit_one(jdz)
    put_on_site(jdz)
    consultation = _ask(jdz, asker, cadre)
    assert not Consultation.objects.visible_to(other).exists()
    assert not Consultation.objects.visible_to(jdz.unit_contact).exists()
    with pytest.raises(PermissionDeniedError):
        svc.consultation_read(actor=other, consultation=consultation)
    assert client_for(other).get(f"/results/consultations/{consultation.pk}/").status_code == 404


def test_the_office_or_the_leader_of_the_team_concerned_answers(jdz: Any) -> None:
    asker = org_department(jdz)
    cadre = cadre_in_unit_one(jdz)
    put_on_site(jdz)
    consultation = _ask(jdz, asker, cadre)
    assert Consultation.objects.visible_to(jdz.leader).exists()  # team one inspected the cadre's unit
    for stranger in (jdz.unit_contact, asker, jdz.other_member, jdz.member):
        with pytest.raises(PermissionDeniedError):
            svc.consultation_answer(
                actor=stranger, consultation=consultation, opinion="同意", answered_on=D(2026, 6, 3)
            )
    with pytest.raises(ServiceError) as exc:
        svc.consultation_answer(actor=jdz.leader, consultation=consultation, opinion=" ", answered_on=D(2026, 6, 3))
    assert exc.value.field == "opinion"
    done = svc.consultation_answer(
        actor=jdz.leader, consultation=consultation, opinion="未发现影响使用的问题", answered_on=D(2026, 6, 3)
    )
    assert done.answered_by == jdz.leader and done.opinion == "未发现影响使用的问题"
    with pytest.raises(ServiceError, match="已于 2026-06-03 答复"):
        svc.consultation_answer(
            actor=jdz.office_clerk, consultation=consultation, opinion="x", answered_on=D(2026, 6, 4)
        )
    assert Event.objects.filter(action="results.consultation_answered").count() == 1
    html = client_for(asker).get(f"/results/consultations/{consultation.pk}/").content.decode()
    assert "未发现影响使用的问题" in html


def test_the_department_asks_through_the_page(nmg: Any) -> None:
    asker = org_department(nmg)
    leader = cadre_in_unit_one(nmg, level="other", code="N001")
    put_on_site(nmg)
    client = client_for(asker)
    page = client.get("/results/consultations/").content.decode()
    assert "考察领导班子和领导干部" in page and "换届考察" not in page and "拟提任" not in page
    response = client.post(
        "/results/consultations/",
        {"cadre": leader.pk, "occasion": "assessment", "purpose": "考察班子", "asked_on": "2026-06-01"},
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/results/consultations/{consultation.pk}/"
    assert client_for(nmg.unit_contact).post("/results/consultations/", {}).status_code == 404
