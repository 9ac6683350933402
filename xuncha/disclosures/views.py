"""Pages: an inspection's disclosures with the drafting form, one disclosure with its approval and publication, and
the public page anyone may read without logging in.

Staff pages read through visible_to (the inspected unit sees only what is published; receivers and other teams get
404); writes go through the services, whose refusals are shown as they are. The public pages read only
`selectors.public_disclosures`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xuncha.core.pages import attempt
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.jurisdictions.rulebook import get_rulebook
from xuncha.jurisdictions.words import BOTH

from . import rules, selectors, services
from .forms import ApproveForm, CorrectForm, DraftForm, PublishForm, ReturnForm, TextForm
from .hooks import public_links
from .models import Disclosure

if TYPE_CHECKING:
    from xuncha.accounts.models import User

INSPECTION_RELATED = ("jurisdiction", "round", "team__round", "target")
PUBLIC_PAGE_SIZE = 30


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    return get_object_or_404(Inspection.objects.visible_to(request.user).select_related(*INSPECTION_RELATED), pk=pk)


def _disclosure(request: HttpRequest, pk: int) -> Disclosure:
    disclosure = get_object_or_404(
        Disclosure.objects.visible_to(request.user).select_related("drafted_by", "approved_by", "published_by"), pk=pk
    )
    disclosure.inspection = _inspection(request, disclosure.inspection_id)
    return disclosure


def _roles(request: HttpRequest, inspection: Inspection) -> dict[str, Any]:
    book = inspection.jurisdiction.rulebook
    return {
        "inspection": inspection,
        "book": book,
        "article": rules.disclosure_article(book),
        "may_draft": services.may_draft(cast("User", request.user), inspection),
        "may_approve": services.may_approve(cast("User", request.user), inspection),
        "may_publish": services.may_publish(cast("User", request.user), inspection),
    }


def _stage_names(inspection: Inspection) -> dict[str, str]:
    return {d.stage: d.name for d in inspection.jurisdiction.rulebook.disclosures}


@login_required
def disclosure_list(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    roles = _roles(request, inspection)
    form = DraftForm(request.POST or None, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        drafted = attempt(
            request,
            lambda: services.disclosure_draft(
                actor=cast("User", request.user), inspection=inspection, **form.cleaned_data
            ),
            form=form,
            success=lambda disclosure: f"已起草“{disclosure}”，待{inspection.jurisdiction.word}办主任审批。",
        )
        if drafted:
            return redirect("disclosures:detail", pk=drafted.value.pk)
    items = list(
        Disclosure.objects.visible_to(request.user)
        .filter(inspection=inspection)
        .select_related("supersedes")
        .order_by("stage", "pk")
    )
    names = _stage_names(inspection)
    for d in items:
        d.stage_name = names.get(d.stage, d.stage)  # type: ignore[attr-defined]
    return render(request, "disclosures/list.html", {"items": items, "form": form} | roles)


@login_required
def disclosure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _disclosure(request, pk)
    inspection = disclosure.inspection
    today = timezone.localdate()
    superseded_by = Disclosure.objects.visible_to(request.user).filter(supersedes=disclosure).first()
    return render(
        request,
        "disclosures/detail.html",
        {
            "disclosure": disclosure,
            "stage_name": _stage_names(inspection).get(disclosure.stage, disclosure.stage),
            "superseded_by": superseded_by,
            "approve_form": ApproveForm(initial={"approved_on": today}),
            "publish_form": PublishForm(initial={"published_on": today}),
            "return_form": ReturnForm(),
        }
        | _roles(request, inspection),
    )


@login_required
def disclosure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _disclosure(request, pk)
    inspection = disclosure.inspection
    form = TextForm(request.POST or None, initial={"title": disclosure.title, "body": disclosure.body})
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: services.disclosure_update(
                actor=cast("User", request.user), disclosure=disclosure, **form.cleaned_data
            ),
            form=form,
            success=lambda _: f"已修改“{disclosure}”。",
        )
    ):
        return redirect("disclosures:detail", pk=disclosure.pk)
    return render(
        request,
        "disclosures/form.html",
        {"form": form, "disclosure": disclosure, "heading": "修改公开草稿"} | _roles(request, inspection),
    )


@login_required
def disclosure_correct(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _disclosure(request, pk)
    inspection = disclosure.inspection
    form = CorrectForm(request.POST or None, initial={"title": disclosure.title, "body": disclosure.body})
    if request.method == "POST" and form.is_valid():
        corrected = attempt(
            request,
            lambda: services.disclosure_correct(
                actor=cast("User", request.user), disclosure=disclosure, **form.cleaned_data
            ),
            form=form,
            success=lambda new: f"已起草更正“{new}”；审批并公开后取代原公开内容。",
        )
        if corrected:
            return redirect("disclosures:detail", pk=corrected.value.pk)
    return render(
        request,
        "disclosures/form.html",
        {"form": form, "disclosure": disclosure, "heading": "更正已公开的内容"} | _roles(request, inspection),
    )


def _step(request: HttpRequest, pk: int, form_class: Any, service: Any, label: str) -> HttpResponse:
    disclosure = _disclosure(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        problems = "；".join(f"{form.fields[f].label}：{' '.join(e)}" for f, e in form.errors.items())
        messages.error(request, f"{label}未办理：{problems}")
        return redirect("disclosures:detail", pk=pk)
    attempt(
        request,
        lambda: service(actor=request.user, disclosure=disclosure, **form.cleaned_data),
        success=lambda _: f"已{label}“{disclosure}”。",
        refused=f"{label}未办理",
    )
    return redirect("disclosures:detail", pk=pk)


@login_required
@require_POST
def disclosure_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, ApproveForm, services.disclosure_approve, "审批")


@login_required
@require_POST
def disclosure_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, ReturnForm, services.disclosure_return, "退回")


@login_required
@require_POST
def disclosure_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, PublishForm, services.disclosure_publish, "公开")


# -- public ---------------------------------------------------------------------------------------------------------
def _public(request: HttpRequest, jurisdiction: Jurisdiction | None) -> HttpResponse:
    rows = selectors.public_disclosures(jurisdiction_id=jurisdiction.pk if jurisdiction else None)
    page = Paginator(rows, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    links = public_links([row["inspection_id"] for row in page if row["stage"] == "entry"])
    for row in page:  # each item in its jurisdiction's word (the index shows every jurisdiction)
        row["word"] = get_rulebook(row["inspection__jurisdiction__rulebook_code"]).word
        row["link"] = links.get(row["inspection_id"]) if row["stage"] == "entry" else None
    return render(
        request,
        "disclosures/public.html",
        {
            "page": page,
            "jurisdiction": jurisdiction,
            "jurisdictions": selectors.public_jurisdictions(),
            "word": jurisdiction.word if jurisdiction else BOTH,
        },
    )


def public_index(request: HttpRequest) -> HttpResponse:
    return _public(request, None)


def public_jurisdiction(request: HttpRequest, code: str) -> HttpResponse:
    return _public(
        request, get_object_or_404(Jurisdiction.objects.only("pk", "code", "name", "rulebook_code"), code=code)
    )
