"""Plan → preparation → entry → fieldwork end, with the guards of both rulebooks, and coverage per term."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from xuncha.audit.models import Event
from xuncha.core.errors import ServiceError
from xuncha.disclosures.models import Disclosure
from xuncha.inspections import services as insp
from xuncha.inspections.models import Inspection
from xuncha.obligations.models import Obligation
from xuncha.planning.services import term_start
from xuncha.registry.services import organization_reorganize

D = datetime.date


ENTRY = D(2026, 3, 16)


def _enter(side: Any, on: datetime.date = ENTRY) -> Inspection:
    insp.inspection_prepare(actor=side.leader, inspection=side.inspection, on=D(2026, 3, 2))
    return insp.inspection_enter(
        actor=side.leader,
        inspection=side.inspection,
        entered_on=on,
        principal_notified_on=on,
        mobilization_on=on,
        contact_phone="0798-0000000",
        contact_mailbox="景德镇市第001号信箱",
        contact_address="某宾馆三楼",
        planned_end=D(2026, 5, 15),
    )


def test_entry_drafts_an_announcement_naming_phone_mailbox_and_address(jdz: Any) -> None:
    inspection = _enter(jdz)
    assert inspection.status == "on_site"
    disclosure = Disclosure.objects.get(inspection=inspection)
    assert disclosure.stage == "entry" and "0798-0000000" in disclosure.body and "某宾馆三楼" in disclosure.body
    entered = Event.objects.get(action="inspection.entered")
    assert entered.article == "第二十七条" and entered.occurred_on == D(2026, 3, 16)
    # A draft: public only after the office head's approval and the office's publication (xuncha/disclosures).
    assert disclosure.status == "draft" and disclosure.published_on is None
    assert Event.objects.get(action="disclosure.drafted").article == "第四十二条"
    assert not Event.objects.filter(action="disclosure.published").exists()


def test_entry_without_the_public_contacts_is_refused(jdz: Any) -> None:
    insp.inspection_prepare(actor=jdz.leader, inspection=jdz.inspection, on=D(2026, 3, 2))
    with pytest.raises(ServiceError) as err:
        insp.inspection_enter(
            actor=jdz.leader,
            inspection=jdz.inspection,
            entered_on=D(2026, 3, 16),
            principal_notified_on=D(2026, 3, 16),
            mobilization_on=None,
            contact_phone="",
            contact_mailbox="信箱",
            contact_address="",
            planned_end=D(2026, 5, 15),
        )
    assert "值班电话、接待地址" in err.value.message and err.value.article == "第四十二条"
    jdz.inspection.refresh_from_db()
    assert jdz.inspection.status == "preparing"


def test_a_wrong_move_is_refused_with_the_stage_it_is_in(jdz: Any) -> None:
    with pytest.raises(ServiceError, match="处于“已计划”阶段，不能转入“进驻了解”"):
        insp.inspection_enter(
            actor=jdz.leader,
            inspection=jdz.inspection,
            entered_on=D(2026, 3, 16),
            principal_notified_on=D(2026, 3, 16),
            mobilization_on=None,
            contact_phone="1",
            contact_mailbox="2",
            contact_address="3",
            planned_end=D(2026, 5, 15),
        )


def test_jdz_refuses_ending_fieldwork_before_twenty_working_days_without_approval(jdz: Any) -> None:
    _enter(jdz, on=D(2026, 3, 16))  # Monday
    # 03-16 .. 04-10: 4 weeks = 20 working days, but 04-06 (清明 Monday) is a holiday → 19.
    with pytest.raises(ServiceError) as err:
        insp.inspection_end_fieldwork(actor=jdz.leader, inspection=jdz.inspection, ended_on=D(2026, 4, 10))
    assert "在驻 19 个工作日，少于20个工作日" in err.value.message and err.value.article == "第十六条"
    assert "巡察工作领导小组同意" in err.value.message
    ended = insp.inspection_end_fieldwork(actor=jdz.leader, inspection=jdz.inspection, ended_on=D(2026, 4, 13))
    assert ended.status == "reporting" and ended.shortened_basis == ""


def test_jdz_shortened_fieldwork_records_the_leading_groups_approval(jdz: Any) -> None:
    _enter(jdz, on=D(2026, 3, 16))
    ended = insp.inspection_end_fieldwork(
        actor=jdz.leader,
        inspection=jdz.inspection,
        ended_on=D(2026, 4, 3),
        shortened_approved_on=D(2026, 4, 1),
        shortened_basis="第3次领导小组会议",
    )
    assert ended.shortened_basis.startswith("市委巡察工作领导小组同意")
    after = Event.objects.get(action="inspection.fieldwork_ended").after
    assert after is not None and after["shortened"] == ended.shortened_basis


def test_nmg_sets_no_minimum_time_on_site(nmg: Any) -> None:
    _enter(nmg, on=D(2026, 3, 16))
    ended = insp.inspection_end_fieldwork(actor=nmg.leader, inspection=nmg.inspection, ended_on=D(2026, 3, 20))
    assert ended.status == "reporting"
    assert Event.objects.get(action="inspection.entered").article == "第二十五条"


def test_a_term_opens_coverage_per_target_that_entry_fulfils_and_reorganization_lapses(jdz: Any) -> None:
    term_start(
        actor=jdz.office_head,
        jurisdiction=jdz.jurisdiction,
        name="第十四届",
        starts_on=D(2026, 1, 1),
        ends_on=D(2030, 12, 31),
    )
    coverage = Obligation.objects.filter(rule_code="coverage")
    assert coverage.count() == 2 and {o.article for o in coverage} == {"第十六条"}
    assert {o.due_on for o in coverage} == {D(2030, 12, 31)}
    _enter(jdz)
    assert coverage.get(subject_id=str(jdz.inspection.target_id)).status == "fulfilled"
    organization_reorganize(
        actor=jdz.office_head, organization=jdz.other_inspection.target, status="abolished", on=D(2026, 6, 1)
    )
    assert coverage.get(subject_id=str(jdz.other_inspection.target_id)).status == "lapsed"
    from xuncha.registry.services import organization_create

    late = organization_create(
        actor=jdz.office_head,
        jurisdiction=jdz.jurisdiction,
        name="新设单位",
        kind="target",
        target_category="other_units",
    )
    assert coverage.get(subject_id=str(late.pk)).status == "open"


def test_terms_may_not_overlap(jdz: Any) -> None:
    term_start(
        actor=jdz.office_head,
        jurisdiction=jdz.jurisdiction,
        name="第十四届",
        starts_on=D(2026, 1, 1),
        ends_on=D(2030, 12, 31),
    )
    with pytest.raises(ServiceError, match="重叠"):
        term_start(
            actor=jdz.office_head,
            jurisdiction=jdz.jurisdiction,
            name="第十五届",
            starts_on=D(2030, 6, 1),
            ends_on=D(2035, 5, 31),
        )


def test_special_and_follow_up_refusals_cite_the_rulebooks_article(jdz: Any, nmg: Any) -> None:
    from xuncha.planning.services import round_create, team_create

    for side, article in ((jdz, "第十八条"), (nmg, "第十九条")):
        later = round_create(
            actor=side.office_head, jurisdiction=side.jurisdiction, year=2026, number=9, starts_on=D(2026, 9, 1)
        )
        team = team_create(actor=side.office_head, round=later, number=1)
        with pytest.raises(ServiceError) as err:
            insp.inspection_create(
                actor=side.office_head,
                round=later,
                team=team,
                target=side.inspection.target,
                kind="special",
            )
        assert err.value.field == "focus" and err.value.article == article and article in err.value.message
        with pytest.raises(ServiceError) as err:
            insp.inspection_create(
                actor=side.office_head,
                round=later,
                team=team,
                target=side.inspection.target,
                kind="follow_up",
            )
        assert err.value.field == "follows" and article in err.value.message
