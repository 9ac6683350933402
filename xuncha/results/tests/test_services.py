"""The hearing, the decision and the filing under both rulebooks: guards, events and the obligations they drive."""

from __future__ import annotations

from typing import Any

import pytest

from xuncha.audit.models import Event
from xuncha.conftest import put_on_site
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.obligations.models import Obligation
from xuncha.planning.services import round_end
from xuncha.results import services as svc
from xuncha.results.models import Filing, Meeting, MeetingItem

from .helpers import ARTICLES, DECIDED, ENDED, FILING_ACTION, FILING_RULE, HEARD, D, decide, hear, key, ready


@pytest.fixture(params=["jdz", "nmg"])
def side(request: Any, db: Any) -> Any:
    return request.getfixturevalue(request.param)


def _round_obligation(side: Any, rule: str) -> Obligation:
    return Obligation.objects.get(
        rule_code=rule, subject_type="planning.round", subject_id=str(side.inspection.round_id)
    )


# -- hearing ----------------------------------------------------------------------------------------------------------
def test_hearing_is_refused_while_a_required_report_is_not_final(side: Any) -> None:
    ready(side, final=False)
    with pytest.raises(ServiceError) as exc:
        hear(side)
    assert exc.value.code == "reports_not_final"
    assert ARTICLES[key(side)]["reports"] in exc.value.message and "未起草" in exc.value.message
    assert not Meeting.objects.exists()


def test_hearing_is_refused_for_an_inspection_still_on_site(side: Any) -> None:
    put_on_site(side)
    # The round cannot end while an inspection is still on site (planning.services.round_end), so it is never heard.
    with pytest.raises(ServiceError) as ending:
        round_end(actor=side.office_head, round=side.inspection.round, ended_on=ENDED)
    assert ending.value.code == "round_not_finished" and "进驻了解" in ending.value.message
    side.inspection.refresh_from_db()
    with pytest.raises(ServiceError) as exc:
        hear(side, inspections=[side.inspection])
    assert exc.value.code == "wrong_stage"
    assert "尚未结束" in exc.value.message and ARTICLES[key(side)]["hearing"] in exc.value.message


def test_hearing_is_refused_before_the_round_has_ended(jdz: Any) -> None:
    from xuncha.conftest import finalize_required_reports, put_reporting

    put_reporting(jdz)
    finalize_required_reports(jdz)
    with pytest.raises(ServiceError) as exc:
        hear(jdz, inspections=[jdz.inspection])
    assert exc.value.field == "round" and "尚未结束" in exc.value.message


@pytest.mark.parametrize("who", ["leader", "member", "unit_contact", "receiver", "auditor"])
def test_only_the_office_records_a_hearing(jdz: Any, who: str) -> None:
    ready(jdz)
    with pytest.raises(PermissionDeniedError) as exc:
        hear(jdz, actor=getattr(jdz, who))
    assert "市委巡察工作领导小组办公室" in exc.value.message and "第三十一条" in exc.value.message


def test_a_hearing_needs_attendees_and_minutes(nmg: Any) -> None:
    ready(nmg)
    common = {"actor": nmg.office_clerk, "round": nmg.inspection.round, "held_on": HEARD, "agenda": "听取汇报"}
    items = [(nmg.inspection, "处理意见")]
    with pytest.raises(ServiceError) as exc:
        svc.hearing_hold(**common, attendees=["  "], minutes="记录", items=items)
    assert exc.value.field == "attendees" and "自治区党委巡视工作领导小组" in exc.value.message
    with pytest.raises(ServiceError) as exc:
        svc.hearing_hold(**common, attendees=["张某 组长"], minutes=" ", items=items)
    assert exc.value.field == "minutes" and "第二十七条" in exc.value.message
    with pytest.raises(ServiceError) as exc:
        svc.hearing_hold(**common, attendees=["张某 组长"], minutes="记录", items=[(nmg.inspection, "")])
    assert exc.value.field == "items" and "处理意见" in exc.value.message


def test_a_partial_hearing_does_not_fulfil_the_round_deadline_until_every_inspection_is_heard(side: Any) -> None:
    ready(side)
    first = hear(side, inspections=[side.inspection])
    assert [str(a) for a in first.attendees.order_by("pk")] == ["张某（领导小组组长）", "李某（领导小组副组长）"]
    assert _round_obligation(side, "hearing").status == Obligation.Status.OPEN
    assert not Event.objects.filter(action="hearing.held").exists()
    with pytest.raises(ServiceError, match="已听取过汇报"):
        hear(side, inspections=[side.inspection])
    hear(side, held_on=D(2026, 5, 14), inspections=[side.other_inspection])
    ob = _round_obligation(side, "hearing")
    assert ob.status == Obligation.Status.FULFILLED and ob.fulfilled_on == D(2026, 5, 14)
    held = Event.objects.get(action="hearing.held")
    assert held.object_type == "planning.round" and held.article == ARTICLES[key(side)]["hearing"]
    decision = _round_obligation(side, "decision")
    assert decision.status == Obligation.Status.OPEN and decision.starts_on == D(2026, 5, 14)
    assert Event.objects.filter(action="inspection.heard").count() == 2


# The round ends on 2026-09-25 (中秋节, itself a holiday). Counting from the next day: 09-28, 09-29, 09-30, then
# 国庆 10-01..10-07 are skipped, 10-08, 10-09, 10-10 (a Saturday made a working day) … the 15th working day is 10-22.
AUTUMN_END, AUTUMN_DUE = D(2026, 9, 25), D(2026, 10, 22)


def test_jdz_hearing_within_fifteen_working_days_across_national_day_is_on_time(jdz: Any) -> None:
    ready(jdz, ended_on=AUTUMN_END)
    ob = _round_obligation(jdz, "hearing")
    assert (ob.due_on, ob.deadline_label, ob.article) == (AUTUMN_DUE, "15个工作日", "第三十一条")
    hear(jdz, held_on=AUTUMN_DUE)
    ob.refresh_from_db()
    assert ob.status == Obligation.Status.FULFILLED and ob.fulfilled_on == AUTUMN_DUE == ob.due_on


def test_jdz_late_hearing_is_recorded_and_the_obligation_shows_it_late(jdz: Any) -> None:
    from xuncha.results.selectors import round_deadlines

    ready(jdz, ended_on=AUTUMN_END)
    hear(jdz, held_on=D(2026, 10, 26))  # Monday after the due Thursday: 10-23 and 10-26 are two working days late
    ob = _round_obligation(jdz, "hearing")
    assert ob.status == Obligation.Status.FULFILLED
    assert ob.fulfilled_on == D(2026, 10, 26) and ob.due_on == AUTUMN_DUE
    states = {s.obligation.rule_code: s for s in round_deadlines(jdz.inspection.round, today=D(2026, 11, 1))}
    assert states["hearing"].late_by == 2


def test_nmg_hearing_is_owed_timely_without_a_fixed_date(nmg: Any) -> None:
    ready(nmg)
    ob = _round_obligation(nmg, "hearing")
    assert ob.due_on is None and ob.deadline_label == "及时" and ob.article == "第二十七条"
    hear(nmg)
    ob.refresh_from_db()
    assert ob.status == Obligation.Status.FULFILLED


# -- decision ---------------------------------------------------------------------------------------------------------
def test_decision_is_refused_before_the_hearing(side: Any) -> None:
    ready(side)
    hear(side, inspections=[side.inspection])
    with pytest.raises(ServiceError) as exc:
        decide(side, inspections=[side.other_inspection])
    assert exc.value.code == "not_heard" and ARTICLES[key(side)]["hearing"] in exc.value.message
    assert side.other_inspection.results_decided_on is None
    assert not Event.objects.filter(action="inspection.results_decided").exists()


def test_decision_opens_feedback_per_inspection_and_decision_made_when_the_round_is_decided(side: Any) -> None:
    ready(side)
    hear(side)
    decide(side, inspections=[side.inspection])
    assert side.inspection.results_decided_on == DECIDED and side.other_inspection.results_decided_on is None
    feedback = Obligation.objects.filter(rule_code="feedback", status=Obligation.Status.OPEN)
    assert [ob.inspection_id for ob in feedback] == [side.inspection.pk]
    assert feedback[0].article == ARTICLES[key(side)]["feedback"] and feedback[0].starts_on == DECIDED
    assert _round_obligation(side, "decision").status == Obligation.Status.OPEN
    assert not Event.objects.filter(action="decision.made").exists()

    decide(side, made_on=D(2026, 5, 21), inspections=[side.other_inspection])
    feedback_for = set(Obligation.objects.filter(rule_code="feedback").values_list("inspection_id", flat=True))
    assert feedback_for == {side.inspection.pk, side.other_inspection.pk}
    decision = _round_obligation(side, "decision")
    assert decision.status == Obligation.Status.FULFILLED and decision.fulfilled_on == D(2026, 5, 21)
    filing = _round_obligation(side, FILING_RULE[key(side)])
    assert filing.status == Obligation.Status.OPEN and filing.starts_on == D(2026, 5, 21)
    made = Event.objects.get(action="decision.made")
    assert made.article == ARTICLES[key(side)]["decision"] and made.occurred_on == D(2026, 5, 21)


def test_feedback_is_always_among_the_uses_and_unknown_uses_are_refused(jdz: Any) -> None:
    ready(jdz)
    hear(jdz)
    with pytest.raises(ServiceError) as exc:
        decide(jdz, uses=("promote_everyone",))
    assert exc.value.field == "uses" and "promote_everyone" in exc.value.message
    decide(jdz, uses=("cadre_use", "transfer"))
    item = MeetingItem.objects.get(kind="decision", inspection=jdz.inspection)
    assert item.uses == ["feedback", "transfer", "cadre_use"]


def test_an_inspection_is_decided_once_and_not_before_its_hearing_date(jdz: Any) -> None:
    ready(jdz)
    hear(jdz)
    with pytest.raises(ServiceError) as exc:
        decide(jdz, made_on=D(2026, 5, 12))
    assert exc.value.field == "made_on"
    decide(jdz, inspections=[jdz.inspection])
    with pytest.raises(ServiceError, match="已于 2026-05-20 研究决定"):
        decide(jdz, made_on=D(2026, 5, 22))


# -- filing -----------------------------------------------------------------------------------------------------------
def test_filing_is_refused_before_every_inspection_is_decided(side: Any) -> None:
    ready(side)
    hear(side)
    decide(side, inspections=[side.inspection])
    with pytest.raises(ServiceError) as exc:
        svc.decision_file(
            actor=side.office_clerk,
            round=side.inspection.round,
            filed_on=D(2026, 5, 22),
            document_number="1",
            summary="x",
        )
    assert exc.value.code == "not_decided" and ARTICLES[key(side)]["filing"] in exc.value.message


def test_filing_records_the_rulebooks_action_and_fulfils_its_deadline(side: Any) -> None:
    ready(side)
    hear(side)
    decide(side)
    with pytest.raises(PermissionDeniedError):
        svc.decision_file(
            actor=side.leader, round=side.inspection.round, filed_on=D(2026, 5, 22), document_number="1", summary="x"
        )
    with pytest.raises(ServiceError) as exc:
        svc.decision_file(
            actor=side.office_clerk,
            round=side.inspection.round,
            filed_on=D(2026, 5, 19),
            document_number="1",
            summary="x",
        )
    assert exc.value.field == "filed_on"
    filing = svc.decision_file(
        actor=side.office_clerk,
        round=side.inspection.round,
        filed_on=D(2026, 5, 22),
        document_number="〔2026〕12号",
        summary="本轮两个单位的成果运用决定",
    )
    assert filing.action == FILING_ACTION[key(side)] and filing.to_body == "superior_inspection_body"
    assert filing.to_name == side.jurisdiction.rulebook.body("superior_inspection_body").name
    ob = _round_obligation(side, FILING_RULE[key(side)])
    assert ob.status == Obligation.Status.FULFILLED and ob.fulfilled_on == D(2026, 5, 22)
    assert Event.objects.get(action=FILING_ACTION[key(side)]).article == ARTICLES[key(side)]["filing"]
    with pytest.raises(ServiceError, match="不能重复登记"):
        svc.decision_file(
            actor=side.office_clerk,
            round=side.inspection.round,
            filed_on=D(2026, 5, 23),
            document_number="2",
            summary="y",
        )
    assert Filing.objects.count() == 1
