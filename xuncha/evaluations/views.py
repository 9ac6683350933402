"""The team's pages: an inspection's evaluations (list, create from a template), one evaluation (groups, subjects,
open, issue slips — the printable slips are the POST's answer, shown once —, void, paper entry, close, results).
Readers: the team and the jurisdiction's oversight roles; only the team acts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from xuncha.core.anonymity import codes, public_address, qr
from xuncha.core.api_support import as_id
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.pages import attempt
from xuncha.fieldwork.secrecy import may_read_fieldwork
from xuncha.inspections.models import Inspection

from . import selectors, services
from .models import Evaluation, ParticipantGroup

if TYPE_CHECKING:
    from xuncha.accounts.models import User

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return cast("User", request.user)


def public_url(request: HttpRequest, evaluation: Evaluation) -> str:
    return public_address(reverse("evaluations_public:page", args=[evaluation.token]), request)


def answers_from(post: Any, evaluation: Evaluation) -> dict[str, dict[str, str]]:
    """The radio buttons `a:<subject>:<item>` of the form (the public page and the paper entry share it)."""
    answers: dict[str, dict[str, str]] = {}
    for subject in evaluation.subjects:
        for item in evaluation.items:
            value = post.get(f"a:{subject['code']}:{item['code']}", "")
            if value:
                answers.setdefault(subject["code"], {})[item["code"]] = value
    return answers


@login_required
def inspection_evaluations(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related("jurisdiction", "team__round", "target"), pk=pk
    )
    if not may_read_fieldwork(_user(request), inspection):
        word = inspection.jurisdiction.word
        message = f"民主测评和问卷调查是{word}组的工作材料，只有本{word}组和办公室等可以查看。"
        return render(request, "core/refused.html", {"message": message}, status=403)
    rows = Evaluation.objects.visible_to(request.user).filter(inspection=inspection).order_by("pk")
    book = inspection.jurisdiction.rulebook
    member = inspection.team_id in _team_ids(request)
    if request.method == "POST":
        done = attempt(
            request,
            lambda: services.evaluation_create(
                actor=_user(request),
                inspection=inspection,
                template=request.POST.get("template", ""),
                title=request.POST.get("title", ""),
                min_group=_int(request.POST.get("min_group"), "min_group", "最少人数"),
            ),
            success="已创建，请添加参评人员类别及人数。",
            refused="未能创建",
        )
        if done:
            return redirect("evaluations:detail", done.value.pk)
    return render(
        request,
        "evaluations/inspection.html",
        {
            "inspection": inspection,
            "rows": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "templates": book.evaluation_templates,
            "member": member,
            "word": book.word,
            "book": book,
            "floor": services.settings.XUNCHA_EVALUATION_MIN_GROUP,
        },
    )


def _team_ids(request: HttpRequest) -> frozenset[int]:
    from xuncha.core.visibility import viewer_for

    return viewer_for(_user(request)).team_ids


def _int(raw: Any, field: str, label: str) -> int | None:
    return as_id(raw, field=field, label=label, required=False)


def _evaluation(request: HttpRequest, pk: int) -> Evaluation:
    return get_object_or_404(
        Evaluation.objects.visible_to(request.user).select_related(
            "inspection__jurisdiction", "inspection__team__round", "inspection__target"
        ),
        pk=pk,
    )


@login_required
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    inspection = evaluation.inspection
    book = inspection.jurisdiction.rulebook
    results, withheld = None, ""
    if evaluation.status == Evaluation.Status.CLOSED:
        try:
            results = selectors.results(_user(request), evaluation)
        except ServiceError as exc:
            withheld = exc.message
    form = book.evaluation_template(evaluation.template)
    issued, spent = selectors.issued_counts(evaluation)
    charts = [{"name": s.name, "data": s.chart(evaluation.options)} for s in results.subjects] if results else []
    return render(
        request,
        "evaluations/detail.html",
        {
            "evaluation": evaluation,
            "inspection": inspection,
            "book": book,
            "word": book.word,
            "form_note": form.note if form else "",
            "groups": selectors.group_rows(evaluation),
            "member": selectors.may_manage(_user(request), evaluation),
            "results": results,
            "withheld": withheld,
            "charts": charts,
            "issued": issued,
            "spent": spent,
            "public_url": public_url(request, evaluation),
            "persons_text": "\n".join(f"{s['name']}，{s['post']}" for s in evaluation.subjects)
            if evaluation.subject_kind == "persons"
            else "",
            "setting_note": services.setting_note(evaluation.min_group),
        },
    )


def _persons(text: str) -> list[tuple[str, str]]:
    rows = []
    for line in text.splitlines():
        name, _, post = line.replace(",", "，").partition("，")
        rows.append((name.strip(), post.strip()))
    return rows


def _group(request: HttpRequest, evaluation: Evaluation) -> ParticipantGroup:
    pk = as_id(request.POST.get("group"), field="group", label="参评人员类别")
    return get_object_or_404(ParticipantGroup, pk=pk, evaluation=evaluation)


@login_required
@require_POST
def evaluation_act(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    actor = _user(request)
    post = request.POST
    if step == "slips":
        return _slips(request, evaluation)
    calls = {
        "group_add": (
            lambda: services.group_add(
                actor=actor, evaluation=evaluation, name=post.get("name", ""), size=_size(post.get("size"))
            ),
            "已添加参评人员类别。",
        ),
        "group_remove": (lambda: services.group_remove(actor=actor, group=_group(request, evaluation)), "已删除。"),
        "subjects": (
            lambda: services.evaluation_subjects_set(
                actor=actor, evaluation=evaluation, persons=_persons(post.get("persons", ""))
            ),
            "已保存测评对象。",
        ),
        "open": (lambda: services.evaluation_open(actor=actor, evaluation=evaluation), "测评已开始，可以印制测评码。"),
        "void": (
            lambda: services.slips_void(actor=actor, group=_group(request, evaluation)),
            "已作废该类别未使用的测评码。",
        ),
        "paper": (
            lambda: services.paper_ballot_enter(
                actor=actor, evaluation=evaluation, code=post.get("code", ""), answers=answers_from(post, evaluation)
            ),
            "已录入一份纸质测评表。",
        ),
        "close": (lambda: services.evaluation_close(actor=actor, evaluation=evaluation), "测评已结束。"),
    }
    if step not in calls:
        raise Http404
    call, success = calls[step]
    attempt(request, call, success=success, refused="未完成")
    return redirect("evaluations:detail", evaluation.pk)


def _size(raw: Any) -> int:
    value = as_id(raw, field="size", label="人数")
    return int(value or 0)


def _slips(request: HttpRequest, evaluation: Evaluation) -> HttpResponse:
    """Issue slips and answer with the printable sheet: the codes exist only in this response."""
    try:
        group = _group(request, evaluation)
        count = _size(request.POST.get("count"))
        issued = services.slips_issue(actor=_user(request), group=group, count=count)
    except PermissionDeniedError as exc:
        return render(request, "core/refused.html", {"message": exc.message}, status=403)
    except ServiceError as exc:
        messages.error(request, f"未能印制：{exc.message}")
        return redirect("evaluations:detail", evaluation.pk)
    address = public_url(request, evaluation)
    slips = [
        {"code": codes.grouped(code), "qr": qr.svg(f"{address}#{code}", size_mm=32, title="扫码参加测评")}
        for code in issued
    ]
    response = render(
        request,
        "evaluations/slips.html",
        {"evaluation": evaluation, "group": group, "slips": slips, "address": address},
    )
    response["Cache-Control"] = "no-store"
    return response
