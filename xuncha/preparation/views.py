"""The inspection's preparation page: information requests per source, the personal-matters spot-check list and the
team leader's briefings. Posts call services; refusals come back as messages naming the rule and article."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from xuncha.core.pages import attempt
from xuncha.inspections.models import Inspection
from xuncha.planning.models import TeamMembership
from xuncha.registry.models import Organization

from . import selectors, services
from .forms import AnswerForm, BriefingForm, CheckForm, DraftForm, SendForm, first_error
from .models import InformationRequest, PersonalMattersCheck
from .sources import LEADER_BRIEFING, PERSONAL_MATTERS, information_source, letter_note, provision_rule

if TYPE_CHECKING:
    from xuncha.accounts.models import User


class _NotPreparationViewerError(Exception):
    pass


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    """The inspection, if the user may see it and its preparation (the team and the oversight roles)."""
    inspection = get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related("jurisdiction", "round", "team__round", "target"),
        pk=pk,
    )
    if not selectors.may_view_preparation(cast("User", request.user), inspection):
        raise _NotPreparationViewerError(_page_refusal(inspection))
    return inspection


def _guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _NotPreparationViewerError as exc:
            return render(request, "core/refused.html", {"message": str(exc)}, status=403)

    return wrapper


def _page_refusal(inspection: Inspection) -> str:
    word = inspection.jurisdiction.word
    return f"{word}准备阶段的情况了解、抽查核实和对接通报属于{word}组和{word}办的工作，您无权查看。"


@login_required
@_guarded
def preparation_page(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    book = inspection.jurisdiction.rulebook
    may_write_secret = selectors.may_read_secrets(cast("User", request.user), inspection)
    team = list(
        TeamMembership.objects.visible_to(request.user)
        .filter(team_id=inspection.team_id)
        .select_related("user")
        .order_by("id")
    )
    personal = information_source(book, PERSONAL_MATTERS)
    briefing = information_source(book, LEADER_BRIEFING)
    return render(
        request,
        "preparation/page.html",
        {
            "inspection": inspection,
            "book": book,
            "rows": selectors.request_rows(cast("User", request.user), inspection),
            "provision_rule": provision_rule(book),
            "letter_note": letter_note(book),
            "agencies": list(
                Organization.objects.visible_to(request.user)
                .filter(jurisdiction_id=inspection.jurisdiction_id, kind__in=["agency", "receiver"])
                .only("id", "name")
            ),
            "personal_source": personal,
            "leadership": selectors.leadership_rows(cast("User", request.user), inspection) if personal else [],
            "briefing_source": briefing,
            "briefings": list(selectors.briefings_visible(cast("User", request.user)).filter(inspection=inspection))
            if briefing
            else [],
            "team": team,
            "items": PersonalMattersCheck.Item.choices,
            "results": PersonalMattersCheck.Result.choices,
            "can_draft": inspection.status in services.DRAFT_STAGES,
            "can_send": selectors.may_send(cast("User", request.user), inspection)
            and inspection.status in services.SEND_STAGES,
            "can_answer": selectors.may_send(cast("User", request.user), inspection)
            and inspection.status in services.ANSWER_STAGES,
            "can_record": may_write_secret and inspection.status in services.RECORD_STAGES,
            "may_read_secrets": may_write_secret,
            "today": timezone.localdate(),
        },
    )


def _invalid(request: HttpRequest, inspection_pk: int, label: str, form: Any) -> HttpResponse:
    messages.error(request, f"{label}未完成：{first_error(form)}")
    return redirect(reverse("preparation:page", args=[inspection_pk]))


@login_required
@require_POST
@_guarded
def draft_all(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    attempt(
        request,
        lambda: services.request_all_sources(actor=cast("User", request.user), inspection=inspection),
        success="已起草全部情况了解公函。",
        refused="起草全部情况了解公函未完成",
    )
    return redirect(reverse("preparation:page", args=[pk]))


@login_required
@require_POST
@_guarded
def draft_one(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = DraftForm(request.POST)
    if not form.is_valid():
        return _invalid(request, pk, "起草情况了解公函", form)
    attempt(
        request,
        lambda: services.information_request_draft(
            actor=cast("User", request.user), inspection=inspection, source=form.cleaned_data["source"]
        ),
        success="已起草情况了解公函。",
        refused="起草情况了解公函未完成",
    )
    return redirect(reverse("preparation:page", args=[pk]))


def _request(request: HttpRequest, pk: int) -> InformationRequest:
    return get_object_or_404(InformationRequest.objects.visible_to(request.user), pk=pk)


@login_required
@require_POST
@_guarded
def request_send(request: HttpRequest, pk: int) -> HttpResponse:
    info = _request(request, pk)
    form = SendForm(request.POST)
    if not form.is_valid():
        return _invalid(request, info.inspection_id, "发出公函", form)
    agency = None
    if form.cleaned_data["agency"]:
        agency = Organization.objects.visible_to(request.user).filter(pk=form.cleaned_data["agency"]).first()
        if agency is None:
            messages.error(request, "发出公函未完成：受函单位不存在或无权查看")
            return redirect(reverse("preparation:page", args=[info.inspection_id]))
    attempt(
        request,
        lambda: services.information_request_send(
            actor=cast("User", request.user),
            request=info,
            letter_number=form.cleaned_data["letter_number"],
            sent_on=form.cleaned_data["sent_on"],
            agency=agency,
        ),
        success="已发出公函。",
        refused="发出公函未完成",
    )
    return redirect(reverse("preparation:page", args=[info.inspection_id]))


@login_required
@require_POST
@_guarded
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The office (from the preparation page) or the addressed agency's contact (from the letter page) answers."""
    info = _request(request, pk)
    inspection = info.inspection
    back = (
        reverse("preparation:page", args=[inspection.pk])
        if selectors.may_view_preparation(cast("User", request.user), inspection)
        else reverse("preparation:letter", args=[info.pk])
    )
    label = "登记提供情况" if selectors.may_send(cast("User", request.user), inspection) else "答复公函"
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"{label}未完成：{first_error(form)}")
        return redirect(back)
    attempt(
        request,
        lambda: services.information_request_answer(
            actor=cast("User", request.user),
            request=info,
            answered_on=form.cleaned_data["answered_on"],
            summary=form.cleaned_data["summary"],
        ),
        success=f"已{label}。",
        refused=f"{label}未完成",
    )
    return redirect(back)


@login_required
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One letter as its addressee sees it: what is asked, by which letter, the deadline, and the answer form for the
    agency's contact (JDZ-2017 第二十六条, NMG-2016 第二十四条). Drafts are nobody's but the team's and the office's."""
    info = get_object_or_404(
        InformationRequest.objects.visible_to(request.user).select_related(
            "inspection__jurisdiction", "inspection__target", "agency"
        ),
        pk=pk,
    )
    inspection = info.inspection
    book = inspection.jurisdiction.rulebook
    may_answer = (
        info.status == InformationRequest.Status.SENT
        and inspection.status in services.ANSWER_STAGES
        and (
            services.is_addressee_contact(cast("User", request.user), info)
            or selectors.may_send(cast("User", request.user), inspection)
        )
    )
    return render(
        request,
        "preparation/letter.html",
        {
            "info": info,
            "inspection": inspection,
            "book": book,
            "source": information_source(book, info.source),
            "obligation": selectors.obligations_for(cast("User", request.user), [info]).get(info.pk),
            "provision_rule": provision_rule(book),
            "may_answer": may_answer,
            "may_view_preparation": selectors.may_view_preparation(cast("User", request.user), inspection),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
@_guarded
def check_record(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = CheckForm(request.POST)
    if not form.is_valid():
        return _invalid(request, pk, "登记抽查核实结果", form)
    data = form.cleaned_data
    attempt(
        request,
        lambda: services.personal_matters_check_record(
            actor=cast("User", request.user),
            inspection=inspection,
            cadre=selectors.leadership_cadre(cast("User", request.user), inspection, data["cadre"]),
            items=data["items"],
            checked_by=data["checked_by"],
            checked_on=data["checked_on"],
            result=data["result"],
            discrepancy=data["discrepancy"],
        ),
        success="已登记抽查核实结果。",
        refused="登记抽查核实结果未完成",
    )
    return redirect(reverse("preparation:page", args=[pk]))


@login_required
@require_POST
@_guarded
def briefing_record(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    members = {
        m.user_id: m.user
        for m in TeamMembership.objects.visible_to(request.user)
        .filter(team_id=inspection.team_id)
        .select_related("user")
    }
    form = BriefingForm(request.POST, member_ids=list(members))
    if not form.is_valid():
        return _invalid(request, pk, "登记组长对接通报", form)
    data = form.cleaned_data
    attempt(
        request,
        lambda: services.leader_briefing_record(
            actor=cast("User", request.user),
            inspection=inspection,
            briefed_on=data["briefed_on"],
            by=data["by"],
            attendees=[members[i] for i in data["attendees"]],
            topics=data["topics"],
        ),
        success="已登记组长对接通报。",
        refused="登记组长对接通报未完成",
    )
    return redirect(reverse("preparation:page", args=[pk]))


@login_required
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opened = attempt(
        request, lambda: services.personal_matters_check_read(actor=cast("User", request.user), pk=pk), denied_page=True
    )
    if opened.response is not None:
        return opened.response
    record = opened.value
    return render(request, "preparation/check_detail.html", {"record": record})


@login_required
def briefing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opened = attempt(
        request, lambda: services.leader_briefing_read(actor=cast("User", request.user), pk=pk), denied_page=True
    )
    if opened.response is not None:
        return opened.response
    record = opened.value
    attendees = list(record.attendees.order_by("id"))
    return render(request, "preparation/briefing_detail.html", {"record": record, "attendees": attendees})
