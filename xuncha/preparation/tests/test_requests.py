"""Information requests (情况了解公函): JDZ-2017 第二十六条, NMG-2016 第二十四条."""

from __future__ import annotations

from typing import Any

import pytest

from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.obligations.models import Obligation
from xuncha.preparation import services
from xuncha.preparation.models import InformationRequest
from xuncha.registry.services import organization_create

from .conftest import ANSWERED, SENT, enter, prepare


def _obligations(request: InformationRequest) -> Any:
    return Obligation.objects.filter(subject_type="preparation.informationrequest", subject_id=str(request.pk))


@pytest.mark.parametrize("side_name", ["jdz", "nmg"])
def test_drafting_all_sources_creates_one_request_per_rulebook_source(side_name: str, request: Any) -> None:
    side = request.getfixturevalue(side_name)
    book = side.jurisdiction.rulebook
    created = services.request_all_sources(actor=side.member, inspection=side.inspection)
    assert [r.source for r in created] == [s.code for s in book.information_sources]
    assert len(created) == len(book.information_sources) > 0
    for r, source in zip(created, book.information_sources, strict=True):
        assert r.status == "draft" and r.years == source.years
        assert source.provides in r.requested
        if source.years:
            assert f"近{source.years}年" in r.requested
    # Drafting again adds nothing: every source has its request.
    assert services.request_all_sources(actor=side.office_clerk, inspection=side.inspection) == []
    assert InformationRequest.objects.filter(inspection=side.inspection).count() == len(book.information_sources)
    assert Event.objects.filter(action="info_request.drafted").count() == len(book.information_sources)


def test_jdz_lists_its_nine_entries_and_the_three_year_period(jdz: Any) -> None:
    sources = jdz.jurisdiction.rulebook.information_sources
    assert len(sources) == 9  # 第二十六条（一）six agencies, （二）审计局, （三）组织部抽查核实, （四）纪检监察室对接
    assert {s.years for s in sources if s.code in {"discipline", "organization", "petition"}} == {3}


def test_drafting_all_sources_skips_those_already_requested(jdz: Any) -> None:
    services.information_request_draft(actor=jdz.member, inspection=jdz.inspection, source="audit")
    created = services.request_all_sources(actor=jdz.leader, inspection=jdz.inspection)
    assert "audit" not in [r.source for r in created]
    assert len(created) == len(jdz.jurisdiction.rulebook.information_sources) - 1


def test_a_source_the_rulebook_does_not_list_is_refused(jdz: Any, nmg: Any) -> None:
    with pytest.raises(ServiceError) as err:
        services.information_request_draft(actor=nmg.member, inspection=nmg.inspection, source="sasac")
    assert err.value.field == "source" and err.value.article == "第二十四条" and "sasac" in err.value.message


def test_only_the_team_or_the_office_drafts(jdz: Any) -> None:
    for outsider in (jdz.other_member, jdz.unit_contact, jdz.auditor):
        with pytest.raises(PermissionDeniedError):
            services.request_all_sources(actor=outsider, inspection=jdz.inspection)
    assert not InformationRequest.objects.exists()


def test_sending_under_jdz_opens_the_provision_obligation_and_answering_fulfils_it(jdz: Any) -> None:
    prepare(jdz)
    draft = services.information_request_draft(actor=jdz.member, inspection=jdz.inspection, source="discipline")
    sent = services.information_request_send(
        actor=jdz.office_clerk, request=draft, letter_number="景巡办函〔2026〕1号", sent_on=SENT
    )
    assert sent.status == "sent" and sent.letter_number == "景巡办函〔2026〕1号"
    ob = _obligations(sent).get()
    assert ob.status == "open" and ob.rule_code == "information_provision" and ob.article == "第二十六条"
    assert ob.starts_on == SENT and ob.due_on is None and ob.deadline_label == "及时"
    assert ob.responsible == "supporting_agency" and ob.inspection_id == jdz.inspection.pk
    event = Event.objects.get(action="info_request.sent")
    assert event.article == "第二十六条" and event.occurred_on == SENT and (event.after or {})["agency"] == "市纪委"

    answered = services.information_request_answer(
        actor=jdz.office_head, request=sent, answered_on=ANSWERED, summary="提供问题线索 2 件"
    )
    assert answered.status == "answered"
    ob.refresh_from_db()
    assert ob.status == "fulfilled" and ob.fulfilled_on == ANSWERED
    assert ob.fulfilled_by == Event.objects.get(action="info_request.answered")


def test_each_request_gets_its_own_obligation(jdz: Any) -> None:
    prepare(jdz)
    drafts = services.request_all_sources(actor=jdz.member, inspection=jdz.inspection)
    for n, draft in enumerate(drafts[:3]):
        services.information_request_send(actor=jdz.office_clerk, request=draft, letter_number=f"函{n}", sent_on=SENT)
    assert Obligation.objects.filter(rule_code="information_provision", status="open").count() == 3
    services.information_request_answer(actor=jdz.office_clerk, request=drafts[0], answered_on=ANSWERED, summary="有")
    assert Obligation.objects.filter(rule_code="information_provision", status="open").count() == 2


def test_nmg_sets_no_provision_deadline_so_sending_opens_no_obligation(nmg: Any) -> None:
    prepare(nmg)
    draft = services.information_request_draft(actor=nmg.leader, inspection=nmg.inspection, source="discipline")
    sent = services.information_request_send(
        actor=nmg.office_head, request=draft, letter_number="内巡办函1号", sent_on=SENT
    )
    assert sent.status == "sent"
    assert Event.objects.get(action="info_request.sent").article == "第二十四条"
    assert not _obligations(sent).exists()
    services.information_request_answer(actor=nmg.office_clerk, request=sent, answered_on=ANSWERED, summary="已提供")
    assert not Obligation.objects.filter(rule_code="information_provision").exists()


@pytest.mark.parametrize("who", ["member", "leader", "auditor"])
def test_only_the_office_sends_and_the_refusal_says_why(jdz: Any, who: str) -> None:
    prepare(jdz)
    draft = services.information_request_draft(actor=jdz.member, inspection=jdz.inspection, source="audit")
    with pytest.raises(PermissionDeniedError) as err:
        services.information_request_send(actor=getattr(jdz, who), request=draft, letter_number="函1", sent_on=SENT)
    message = err.value.message
    assert "市委巡察办" in message and "公函" in message and "第二十六条" in message
    assert err.value.article == "第二十六条"
    draft.refresh_from_db()
    assert draft.status == "draft" and not Event.objects.filter(action="info_request.sent").exists()
    assert not Obligation.objects.filter(rule_code="information_provision").exists()


def test_only_the_office_records_the_answer(jdz: Any) -> None:
    prepare(jdz)
    draft = services.information_request_draft(actor=jdz.member, inspection=jdz.inspection, source="audit")
    sent = services.information_request_send(actor=jdz.office_clerk, request=draft, letter_number="函1", sent_on=SENT)
    with pytest.raises(PermissionDeniedError, match="市委巡察办"):
        services.information_request_answer(actor=jdz.leader, request=sent, answered_on=ANSWERED, summary="x")
    assert _obligations(sent).get().status == "open"


def test_sending_before_preparation_has_started_is_refused_with_stage_and_article(jdz: Any) -> None:
    # Drafting is allowed while planned; sending only while preparing.
    draft = services.information_request_draft(actor=jdz.member, inspection=jdz.inspection, source="audit")
    with pytest.raises(ServiceError) as err:
        services.information_request_send(actor=jdz.office_clerk, request=draft, letter_number="函1", sent_on=SENT)
    assert "“已计划”阶段" in err.value.message and "“准备”" in err.value.message
    assert err.value.article == "第二十六条" and err.value.code == "wrong_stage"
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_after_entry_letters_cannot_be_sent_but_answers_are_still_recorded(jdz: Any) -> None:
    prepare(jdz)
    a = services.information_request_draft(actor=jdz.member, inspection=jdz.inspection, source="audit")
    b = services.information_request_draft(actor=jdz.member, inspection=jdz.inspection, source="petition")
    services.information_request_send(actor=jdz.office_clerk, request=a, letter_number="函1", sent_on=SENT)
    enter(jdz)
    with pytest.raises(ServiceError, match="处于“进驻了解”阶段，不能发出情况了解公函") as err:
        services.information_request_send(actor=jdz.office_clerk, request=b, letter_number="函2", sent_on=SENT)
    assert err.value.article == "第二十六条"
    with pytest.raises(ServiceError, match="不能起草情况了解公函"):
        services.request_all_sources(actor=jdz.member, inspection=jdz.inspection)
    answered = services.information_request_answer(
        actor=jdz.office_clerk, request=a, answered_on=ANSWERED, summary="有"
    )
    assert answered.status == "answered"


def test_send_and_answer_guards(jdz: Any) -> None:
    prepare(jdz)
    draft = services.information_request_draft(actor=jdz.member, inspection=jdz.inspection, source="audit")
    with pytest.raises(ServiceError, match="尚未发出"):
        services.information_request_answer(actor=jdz.office_clerk, request=draft, answered_on=ANSWERED, summary="x")
    with pytest.raises(ServiceError, match="公函文号"):
        services.information_request_send(actor=jdz.office_clerk, request=draft, letter_number=" ", sent_on=SENT)
    sent = services.information_request_send(actor=jdz.office_clerk, request=draft, letter_number="函1", sent_on=SENT)
    with pytest.raises(ServiceError, match="不能重复发出"):
        services.information_request_send(actor=jdz.office_clerk, request=sent, letter_number="函2", sent_on=SENT)
    with pytest.raises(ServiceError, match="提供日期不能早于"):
        services.information_request_answer(
            actor=jdz.office_clerk, request=sent, answered_on=SENT.replace(day=1), summary="x"
        )
    with pytest.raises(ServiceError, match="提供情况摘要"):
        services.information_request_answer(actor=jdz.office_clerk, request=sent, answered_on=ANSWERED, summary="")


def test_the_agency_must_be_a_registered_agency_or_receiver_of_the_jurisdiction(jdz: Any, nmg: Any) -> None:
    prepare(jdz)
    foreign = organization_create(actor=None, jurisdiction=nmg.jurisdiction, name="外地审计厅", kind="agency")
    with pytest.raises(ServiceError) as err:
        services.information_request_draft(actor=jdz.member, inspection=jdz.inspection, source="audit", agency=foreign)
    assert err.value.field == "agency"
    with pytest.raises(ServiceError):
        services.information_request_draft(
            actor=jdz.member, inspection=jdz.inspection, source="audit", agency=jdz.other_inspection.target
        )
    audit = organization_create(actor=None, jurisdiction=jdz.jurisdiction, name="景德镇市审计局", kind="agency")
    draft = services.information_request_draft(
        actor=jdz.member, inspection=jdz.inspection, source="audit", agency=audit
    )
    assert draft.agency == audit


def test_who_sees_requests(jdz: Any) -> None:
    prepare(jdz)
    organ = jdz.receiver.memberships.get().organization  # the receiver contact's 纪委
    draft = services.information_request_draft(
        actor=jdz.member, inspection=jdz.inspection, source="discipline", agency=organ
    )
    other = services.information_request_draft(actor=jdz.member, inspection=jdz.inspection, source="audit")

    def seen(user: Any) -> set[int]:
        return set(InformationRequest.objects.visible_to(user).values_list("pk", flat=True))

    for user in (jdz.leader, jdz.member, jdz.office_head, jdz.office_clerk, jdz.auditor):
        assert seen(user) == {draft.pk, other.pk}
    for user in (jdz.other_member, jdz.unit_contact, jdz.other_unit_contact, jdz.receiver):
        assert seen(user) == set()
    services.information_request_send(actor=jdz.office_clerk, request=draft, letter_number="函1", sent_on=SENT)
    assert seen(jdz.receiver) == {draft.pk}  # the addressed organ sees the letter sent to it, nothing else
    assert seen(jdz.unit_contact) == set()
