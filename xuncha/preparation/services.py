"""Writes for preparation. Each is one transaction with its event; the obligation engine does the rest.

Who may act (JDZ-2017 第二十六条 末款: 市委巡察组收集上述情况和问题，应当通过市委巡察办以公函方式统一协调办理):
the team (or the office) drafts requests; only the office (office head, office staff) sends them and records the
answers. Personal-matters results and briefing topics are recorded and read by the team and the office head only.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xuncha.audit.secrecy import secret_read
from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.core.visibility import OFFICE_WRITE_ROLES, viewer_for
from xuncha.inspections.locking import lock_inspection
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.rulebook import InformationSource
from xuncha.registry.models import Cadre, Organization, Post

from .actions import (
    BRIEFING_RECORDED,
    INFO_REQUEST_ANSWERED,
    INFO_REQUEST_DRAFTED,
    INFO_REQUEST_SENT,
    PERSONAL_MATTERS_CHECKED,
)
from .models import InformationRequest, LeaderBriefing, PersonalMattersCheck
from .sources import LEADER_BRIEFING, PERSONAL_MATTERS, information_source, letter_note, office_name, requested_text

if TYPE_CHECKING:
    from xuncha.accounts.models import User

S = Inspection.Status
DRAFT_STAGES = (S.PLANNED, S.PREPARING)
SEND_STAGES = (S.PREPARING,)
ANSWER_STAGES = (S.PREPARING, S.ON_SITE)
RECORD_STAGES = (S.PREPARING, S.ON_SITE)


# -- guards -----------------------------------------------------------------------------------------------------------


def _article(book: Any) -> str:
    return book.information_sources[0].article if book.information_sources else ""


def _stage(inspection: Inspection, allowed: Iterable[str], *, what: str, article: str) -> None:
    if inspection.status in allowed:
        return
    labels = "、".join(f"“{S(s).label}”" for s in allowed)
    raise ServiceError(
        f"{inspection}处于“{S(inspection.status).label}”阶段，不能{what}：{what}只能在{labels}阶段进行（{article}）",
        field="status",
        article=article,
        code="wrong_stage",
    )


def _is_team(actor: User, inspection: Inspection) -> bool:
    return inspection.team_id in viewer_for(actor).team_ids


def _is_office(actor: User, inspection: Inspection, roles: Iterable[str] = OFFICE_WRITE_ROLES) -> bool:
    return inspection.jurisdiction_id in viewer_for(actor).jurisdictions_with(set(roles))


def _require_team_or_office(actor: User, inspection: Inspection, *, what: str, article: str) -> None:
    if _is_team(actor, inspection) or _is_office(actor, inspection):
        return
    book = inspection.jurisdiction.rulebook
    raise PermissionDeniedError(
        f"只有本{book.word}组成员或{office_name(book)}可以{what}（{article}）。", article=article
    )


def _require_office(actor: User, inspection: Inspection, *, what: str, article: str) -> None:
    if _is_office(actor, inspection):
        return
    book = inspection.jurisdiction.rulebook
    # JDZ-2017 第二十六条 末款 says the letters go through the office; a rulebook that does not (NMG-2016 第二十四条)
    # leaves it to the office's setting, and the refusal says so instead of putting it in the article's mouth.
    why = (
        letter_note(book)
        or f"本办设置：《{book.short_title}》{article}未规定由谁发函，情况了解公函由{office_name(book)}统一发出"
    ).rstrip("。")
    raise PermissionDeniedError(
        f"只有{office_name(book)}（办公室负责人、工作人员）可以{what}：{why}（{article}）。"
        f"{book.word}组可以起草，由办公室以公函方式发出。",
        article=article,
    )


def is_addressee_contact(actor: User, request: InformationRequest) -> bool:
    """A contact of the agency the letter is addressed to (an `agency_contact` membership for that organization)."""
    return request.agency_id is not None and request.agency_id in viewer_for(actor).agency_org_ids


def _require_office_or_addressee(actor: User, request: InformationRequest, *, what: str, article: str) -> None:
    """The agency the letter was sent to answers it through its own contact (JDZ-2017 第二十六条: 有关部门和单位应当
    全面、客观、准确、及时提供; NMG-2016 第二十四条); the office may record an answer given outside the system."""
    inspection = request.inspection
    if _is_office(actor, inspection) or is_addressee_contact(actor, request):
        return
    book = inspection.jurisdiction.rulebook
    to = request.agency.name if request.agency else "受函单位"
    raise PermissionDeniedError(
        f"只有{to}的联系人（有关部门和单位联系人）或{office_name(book)}（办公室负责人、工作人员）可以{what}（{article}）。",
        article=article,
    )


def _require_secret_keeper(actor: User, inspection: Inspection, *, what: str, article: str) -> None:
    if _is_team(actor, inspection) or _is_office(actor, inspection, {"office_head"}):
        return
    book = inspection.jurisdiction.rulebook
    raise PermissionDeniedError(
        f"只有本{book.word}组成员和{office_name(book)}负责人可以{what}（{article}；内容属于{book.word}工作秘密）。",
        article=article,
    )


def _source(book: Any, code: str) -> InformationSource:
    source = information_source(book, code)
    if source is None:
        known = "、".join(f"{s.code}（{s.agency}）" for s in book.information_sources) or "（无）"
        raise ServiceError(
            f"情况来源 {code!r} 不在《{book.short_title}》{_article(book)}所列的有关部门和单位中；可选：{known}",
            field="source",
            article=_article(book),
        )
    return source


def _special_source(book: Any, code: str, *, what: str) -> InformationSource:
    source = information_source(book, code)
    if source is None:
        raise ServiceError(
            f"《{book.short_title}》{_article(book)}没有规定{what}，不能登记。",
            code="not_in_rulebook",
            article=_article(book),
        )
    return source


def _agency(inspection: Inspection, agency: Organization | None) -> Organization | None:
    if agency is None:
        return None
    if agency.jurisdiction_id != inspection.jurisdiction_id or agency.kind not in ("agency", "receiver"):
        raise ServiceError(f"{agency} 不是本党委登记的有关部门或接收单位", field="agency")
    return agency


# -- information requests ---------------------------------------------------------------------------------------------
def _draft(
    actor: User, inspection: Inspection, source: InformationSource, *, agency: Any, requested: str | None
) -> InformationRequest:
    if InformationRequest.objects.filter(inspection=inspection, source=source.code).exists():
        raise ServiceError(
            f"本次{inspection.jurisdiction.word}已有向{source.agency}了解情况的公函",
            field="source",
            article=source.article,
        )
    request = InformationRequest(
        inspection=inspection,
        source=source.code,
        agency=_agency(inspection, agency),
        years=source.years,
        requested=(requested if requested and requested.strip() else requested_text(source)).strip(),
    )
    full_clean_or_raise(request)
    request.save()
    event_record(
        actor=actor,
        action=INFO_REQUEST_DRAFTED,
        obj=request,
        inspection=inspection,
        jurisdiction=inspection.jurisdiction,
        article=source.article,
        after={"source": source.code, "agency": source.agency, "years": source.years},
    )
    return request


def information_request_draft(
    *,
    actor: User,
    inspection: Inspection,
    source: str,
    agency: Organization | None = None,
    requested: str | None = None,
) -> InformationRequest:
    """Draft the letter to one source. What is requested is prefilled from the rulebook unless given."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        item = _source(book, source)
        _require_team_or_office(actor, inspection, what="起草情况了解公函", article=item.article)
        _stage(inspection, DRAFT_STAGES, what="起草情况了解公函", article=item.article)
        return _draft(actor, inspection, item, agency=agency, requested=requested)


def request_all_sources(*, actor: User, inspection: Inspection) -> list[InformationRequest]:
    """Draft one request for each information source of the rulebook not yet requested for this inspection."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        article = _article(book)
        _require_team_or_office(actor, inspection, what="起草情况了解公函", article=article)
        _stage(inspection, DRAFT_STAGES, what="起草情况了解公函", article=article)
        done = set(InformationRequest.objects.filter(inspection=inspection).values_list("source", flat=True))
        return [
            _draft(actor, inspection, source, agency=None, requested=None)
            for source in book.information_sources
            if source.code not in done
        ]


def _locked_request(request: InformationRequest) -> InformationRequest:
    return lock_row(request, "inspection__jurisdiction", "inspection__team", "inspection__target", "agency")


def information_request_send(
    *,
    actor: User,
    request: InformationRequest,
    letter_number: str,
    sent_on: datetime.date,
    agency: Organization | None = None,
) -> InformationRequest:
    """The office sends the letter (公函). Under a rulebook with a provision deadline (JDZ-2017 第二十六条: 及时提供)
    the event opens the agency's obligation on this request; NMG-2016 sets none."""
    with transaction.atomic():
        request = _locked_request(request)
        inspection = lock_inspection(request.inspection)
        book = inspection.jurisdiction.rulebook
        item = _source(book, request.source)
        _require_office(actor, inspection, what="发出情况了解公函", article=item.article)
        _stage(inspection, SEND_STAGES, what="发出情况了解公函", article=item.article)
        if not InformationRequest.flow.may(request, InformationRequest.Status.SENT):
            raise ServiceError(
                f"该公函已于 {request.sent_on} 以 {request.letter_number} 发出，不能重复发出",
                field="letter_number",
                article=item.article,
            )
        if not letter_number.strip():
            raise ServiceError(
                f"公函文号：必须填写（应当以公函方式统一协调办理，{item.article}）",
                field="letter_number",
                article=item.article,
            )
        check_past_date(sent_on, field="sent_on", label="发函日期")
        if agency is not None:
            request.agency = _agency(inspection, agency)
        InformationRequest.flow.move(request, InformationRequest.Status.SENT, article=item.article)
        request.letter_number, request.sent_on = letter_number.strip(), sent_on
        full_clean_or_raise(request)
        request.save()
        event_record(
            actor=actor,
            action=INFO_REQUEST_SENT,
            obj=request,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            article=item.article,
            occurred_on=sent_on,
            before={"status": "draft"},
            after={
                "status": "sent",
                "source": item.code,
                "agency": request.agency.name if request.agency else item.agency,
                "letter_number": request.letter_number,
                "sent_on": sent_on,
            },
        )
    return request


def information_request_answer(
    *, actor: User, request: InformationRequest, answered_on: datetime.date, summary: str
) -> InformationRequest:
    """The addressed agency answers through its contact, or the office records the answer the agency gave; the event
    fulfils the open obligation (JDZ-2017 `information_provision`)."""
    with transaction.atomic():
        request = _locked_request(request)
        inspection = lock_inspection(request.inspection)
        book = inspection.jurisdiction.rulebook
        item = _source(book, request.source)
        _require_office_or_addressee(actor, request, what="答复情况了解公函、提供情况", article=item.article)
        _stage(inspection, ANSWER_STAGES, what="登记有关单位提供的情况", article=item.article)
        if not InformationRequest.flow.may(request, InformationRequest.Status.ANSWERED):
            if request.status == InformationRequest.Status.DRAFT:
                raise ServiceError("该公函尚未发出，不能登记提供情况", field="answered_on", article=item.article)
            raise ServiceError(f"已于 {request.answered_on} 登记提供情况", field="answered_on", article=item.article)
        if not summary.strip():
            raise ServiceError("提供情况摘要：必须填写", field="answer_summary", article=item.article)
        check_past_date(answered_on, field="answered_on", label="提供日期", not_before=request.sent_on)
        InformationRequest.flow.move(request, InformationRequest.Status.ANSWERED, article=item.article)
        request.answered_on, request.answer_summary = answered_on, summary.strip()
        full_clean_or_raise(request)
        request.save()
        event_record(
            actor=actor,
            action=INFO_REQUEST_ANSWERED,
            obj=request,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            article=item.article,
            occurred_on=answered_on,
            before={"status": "sent"},
            after={
                "status": "answered",
                "answered_on": answered_on,
                "answered_by": "office" if _is_office(actor, inspection) else "agency",
                "agency": request.agency.name if request.agency else item.agency,
            },
        )
    return request


# -- personal-matters spot-checks (JDZ-2017 第二十六条（三）) ----------------------------------------------------------
def current_leadership_post(inspection: Inspection, cadre: Cadre) -> Post | None:
    return (
        Post.objects.filter(
            cadre=cadre, organization_id=inspection.target_id, is_leadership=True, ended_on__isnull=True
        )
        .order_by("-is_principal", "-started_on")
        .first()
    )


def personal_matters_check_record(
    *,
    actor: User,
    inspection: Inspection,
    cadre: Cadre,
    items: list[str],
    checked_on: datetime.date,
    result: str,
    discrepancy: str = "",
    checked_by: str = "",
) -> PersonalMattersCheck:
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        source = _special_source(book, PERSONAL_MATTERS, what="抽查核实领导干部个人有关事项报告")
        what = "登记个人有关事项抽查核实结果"
        _require_secret_keeper(actor, inspection, what=what, article=source.article)
        _stage(inspection, RECORD_STAGES, what=what, article=source.article)
        post = (
            current_leadership_post(inspection, cadre) if cadre.jurisdiction_id == inspection.jurisdiction_id else None
        )
        if post is None:
            raise ServiceError(
                f"{cadre}不是{inspection.target}现任领导班子成员（以干部登记的任职为准），不能抽查核实其个人有关事项"
                f"（{source.article}：抽查核实被{book.word}单位领导班子成员填写的《领导干部个人有关事项报告表》）",
                field="cadre",
                article=source.article,
            )
        if PersonalMattersCheck.objects.filter(inspection=inspection, cadre=cadre).exists():
            raise ServiceError(f"已登记{cadre}的抽查核实结果，不能重复登记", field="cadre", article=source.article)
        allowed = dict(PersonalMattersCheck.Item.choices)
        unknown = [i for i in items if i not in allowed]
        if not items or unknown:
            raise ServiceError(
                f"核查事项：请从{'、'.join(str(v) for v in allowed.values())}中选择（{source.article}）",
                field="items",
                article=source.article,
            )
        check_past_date(checked_on, field="checked_on", label="核查日期")
        check = PersonalMattersCheck(
            inspection=inspection,
            cadre=cadre,
            post=post,
            items=[code for code in allowed if code in items],  # the article's order, no repeats
            checked_by=(checked_by or source.agency).strip(),
            checked_on=checked_on,
            result=result,
            discrepancy=discrepancy.strip(),
        )
        full_clean_or_raise(check)
        check.save()
        # The event says who was checked on what, never the result (personal information).
        event_record(
            actor=actor,
            action=PERSONAL_MATTERS_CHECKED,
            obj=check,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            article=source.article,
            occurred_on=checked_on,
            after={"cadre": cadre.pk, "items": check.items, "checked_by": check.checked_by},
        )
    return check


def _secret_read(model: Any, *, actor: User, pk: int, refusal: str) -> Any:
    """Open a secret record: through visible_to and the model's secret rule; the read itself is an event."""
    return secret_read(
        actor=actor,
        queryset=model.objects.filter(model.secret_q(viewer_for(actor))).select_related(
            "inspection__jurisdiction", "inspection__team", "inspection__target"
        ),
        pk=pk,
        refusal=refusal,
    )


def personal_matters_check_read(*, actor: User, pk: int) -> PersonalMattersCheck:
    record: PersonalMattersCheck = _secret_read(
        PersonalMattersCheck,
        actor=actor,
        pk=pk,
        refusal="个人有关事项抽查核实结果属于个人信息和工作秘密，只有本组成员和办公室负责人可以查阅；您无权查阅。",
    )
    return record


# -- the team leader's briefing (JDZ-2017 第二十六条（四）) ------------------------------------------------------------
def leader_briefing_record(
    *,
    actor: User,
    inspection: Inspection,
    briefed_on: datetime.date,
    by: str,
    attendees: Iterable[Any],
    topics: str,
) -> LeaderBriefing:
    from xuncha.planning.models import TeamMembership

    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        source = _special_source(book, LEADER_BRIEFING, what="纪检监察室与组长单独对接")
        what = "登记组长对接通报"
        _require_secret_keeper(actor, inspection, what=what, article=source.article)
        _stage(inspection, RECORD_STAGES, what=what, article=source.article)
        people = {u.pk: u for u in attendees}
        team = dict(TeamMembership.objects.filter(team=inspection.team).values_list("user_id", "role"))
        leader_ids = [uid for uid, role in team.items() if role == TeamMembership.Role.LEADER]
        if not leader_ids or leader_ids[0] not in people:
            raise ServiceError(
                f"参加人员必须包括{book.word}组组长（{source.article}：直接与{book.word}组组长单独对接）",
                field="attendees",
                article=source.article,
            )
        outsiders = [str(u) for uid, u in people.items() if uid not in team]
        if outsiders:
            raise ServiceError(
                f"参加人员只能是本{book.word}组成员：{'、'.join(outsiders)}不是（通报内容属于{book.word}工作秘密）",
                field="attendees",
                article=source.article,
            )
        if not topics.strip():
            raise ServiceError("通报内容：必须填写", field="topics", article=source.article)
        check_past_date(briefed_on, field="briefed_on", label="对接日期")
        briefing = LeaderBriefing(
            inspection=inspection, briefed_on=briefed_on, by=(by or source.agency).strip(), topics=topics.strip()
        )
        full_clean_or_raise(briefing)
        briefing.save()
        briefing.attendees.set(list(people.values()))
        event_record(
            actor=actor,
            action=BRIEFING_RECORDED,
            obj=briefing,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            article=source.article,
            occurred_on=briefed_on,
            after={"by": briefing.by, "attendees": sorted(people)},
        )
    return briefing


def leader_briefing_read(*, actor: User, pk: int) -> LeaderBriefing:
    record: LeaderBriefing = _secret_read(
        LeaderBriefing,
        actor=actor,
        pk=pk,
        refusal="组长对接通报的内容属于工作秘密，只有本组成员和办公室负责人可以查阅；您无权查阅。",
    )
    return record
