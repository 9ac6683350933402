"""Clue pages: an inspection's register (counts 件/人), registering a clue (cadres found by search, sources from the
inspection's own records), the clue page with its read door, adding a source or a person, merging a duplicate, the
suggestions to the unit, and the office head's informant pages. Writes through `attempt`; reads through
`visible_to`; the content only through `clue_read`."""

from __future__ import annotations

import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from xuncha.core.pages import attempt
from xuncha.core.visibility import viewer_for
from xuncha.inspections.models import Inspection
from xuncha.registry.models import Cadre, Post

from .. import rules
from ..models import Clue, ClueSource, ClueSubject
from ..selectors import clue_counts
from ..services import register as services
from ..services.transfer_guards import is_team_leader_or_deputy
from .transfers import _rows

if TYPE_CHECKING:
    from xuncha.accounts.models import User

PAGE_SIZE = 50
SEARCH_LIMIT = 20
SOURCE_LIMIT = 50


def _user(request: HttpRequest) -> User:
    return cast("User", request.user)


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    return get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related("jurisdiction", "team", "round", "target"), pk=pk
    )


def _clue(request: HttpRequest, pk: int) -> Clue:
    return get_object_or_404(
        Clue.objects.visible_to(request.user).select_related(
            "jurisdiction", "inspection__round", "inspection__team", "transfer__receiver", "merged_into"
        ),
        pk=pk,
    )


def _date(value: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return timezone.localdate()


def source_label(source: ClueSource) -> str:
    """A source as the register shows it: its kind and the record's own name (e.g. 来信来电来访登记 第3号)."""
    return f"{source.get_kind_display()}：{source.record}"


def _source_choices(inspection: Inspection) -> list[tuple[str, str, list[tuple[int, str]]]]:
    """(kind, label, [(id, name)]) of the inspection's own records a clue may come from, each list bounded."""
    out = []
    for kind, label in ClueSource.Kind.choices:
        field = ClueSource._meta.get_field(ClueSource.LINKS[kind])
        model = field.related_model
        rows = model.objects.filter(inspection=inspection).order_by("-pk")[:SOURCE_LIMIT]  # type: ignore[union-attr]
        out.append((kind, str(label), [(r.pk, str(r)) for r in rows]))
    return out


def _cadre_search(inspection: Inspection, q: str) -> list[tuple[Cadre, list[Post]]]:
    if not q.strip():
        return []
    found = (
        Cadre.objects.filter(jurisdiction=inspection.jurisdiction)
        .filter(Q(name__icontains=q.strip()) | Q(code__icontains=q.strip()))
        .prefetch_related("posts__organization")
        .order_by("code")[:SEARCH_LIMIT]
    )
    return [(c, [p for p in c.posts.all() if p.ended_on is None]) for c in found]


def _subjects_from(request: HttpRequest, inspection: Inspection) -> list[tuple[Cadre, Post | None]]:
    """`subject` values "cadre_id:post_id" (post optional) of the inspection's jurisdiction."""
    out: list[tuple[Cadre, Post | None]] = []
    for value in request.POST.getlist("subject"):
        cadre_id, _, post_id = value.partition(":")
        cadre = (
            Cadre.objects.filter(pk=cadre_id, jurisdiction=inspection.jurisdiction).first()
            if cadre_id.isdigit()
            else None
        )
        if cadre is None:
            continue
        post = Post.objects.filter(pk=post_id, cadre=cadre).first() if post_id.isdigit() else None
        out.append((cadre, post))
    return out


def _sources_from(request: HttpRequest) -> list[tuple[str, Any]]:
    out = []
    for value in request.POST.getlist("source"):
        kind, _, pk = value.partition(":")
        if kind not in ClueSource.LINKS or not pk.isdigit():
            continue
        model = ClueSource._meta.get_field(ClueSource.LINKS[kind]).related_model
        record = model.objects.filter(pk=pk).first()  # type: ignore[union-attr]
        if record is not None:
            out.append((kind, record))
    return out


def _may_register(request: HttpRequest, inspection: Inspection) -> bool:
    viewer = viewer_for(request.user)
    return inspection.team_id in viewer.team_ids or viewer.has_role(inspection.jurisdiction_id, "office_head")


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    book = inspection.jurisdiction.rulebook
    clues = Clue.objects.visible_to(request.user).filter(inspection=inspection)
    page = Paginator(
        clues.select_related(
            "jurisdiction", "transfer__receiver", "inspection__round", "inspection__team", "merged_into"
        ).prefetch_related("subjects__cadre", "subjects__post", "sources"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    rows = _rows(page.object_list)
    for row in rows:
        row["sources"] = [s.get_kind_display() for s in row["clue"].sources.all()]
    return render(
        request,
        "clues/register_list.html",
        {
            "inspection": inspection,
            "book": book,
            "word": inspection.jurisdiction.word,
            "counts": clue_counts(clues),
            "rows": rows,
            "page": page,
            "may_register": _may_register(request, inspection),
            "suggestions": inspection.suggestions.all()[:PAGE_SIZE],
            "may_suggest": is_team_leader_or_deputy(_user(request), inspection),
        },
    )


@login_required
def register_new(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    book = inspection.jurisdiction.rulebook
    errors = ""
    if request.method == "POST":
        outcome = attempt(
            request,
            lambda: services.clue_register(
                actor=_user(request),
                inspection=inspection,
                registered_on=_date(request.POST.get("registered_on")),
                content=request.POST.get("content", ""),
                category=request.POST.get("category", ""),
                evidence=request.POST.get("evidence", ""),
                subjects=_subjects_from(request, inspection),
                sources=_sources_from(request),
            ),
            success=lambda c: f"已登记{c}",
        )
        if outcome.ok:
            return redirect("clues:clue_detail", outcome.value.pk)
        errors = outcome.error.message if outcome.error else ""
    q = request.GET.get("q", "")
    return render(
        request,
        "clues/register_new.html",
        {
            "inspection": inspection,
            "book": book,
            "word": inspection.jurisdiction.word,
            "categories": rules.categories(book),
            "q": q,
            "found": _cadre_search(inspection, q),
            "sources": _source_choices(inspection),
            "posted": request.POST,
            "error": errors,
            "today": timezone.localdate(),
        },
        status=400 if errors else 200,
    )


@login_required
def clue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    clue = _clue(request, pk)
    book = clue.jurisdiction.rulebook
    opened = None
    if request.method == "POST" and request.POST.get("open") == "1":
        outcome = attempt(request, lambda: services.clue_read(actor=_user(request), pk=clue.pk))
        opened = outcome.value if outcome.ok else None
    subjects = list(clue.subjects.select_related("cadre", "post__organization"))
    sources = list(clue.sources.all())
    viewer = viewer_for(request.user)
    others = (
        Clue.objects.visible_to(request.user)
        .filter(inspection=clue.inspection, status="registered")
        .exclude(pk=clue.pk)
    )
    return render(
        request,
        "clues/register_detail.html",
        {
            "clue": clue,
            "book": book,
            "word": clue.jurisdiction.word,
            "row": _rows([clue])[0],
            "subjects": subjects,
            "sources": [(s, source_label(s)) for s in sources],
            "opened": opened,
            "may_edit": _may_register(request, clue.inspection) and clue.status == "registered",
            "may_release": viewer.has_role(clue.jurisdiction_id, "office_head"),
            "merge_targets": others[:SOURCE_LIMIT],
            "source_choices": _source_choices(clue.inspection),
            "q": request.GET.get("q", ""),
            "found": _cadre_search(clue.inspection, request.GET.get("q", "")),
            "today": timezone.localdate(),
        },
    )


@require_POST
@login_required
def clue_add_source(request: HttpRequest, pk: int) -> HttpResponse:
    clue = _clue(request, pk)
    picked = _sources_from(request)
    if not picked:
        attempt(
            request,
            lambda: services.clue_source_add(
                actor=_user(request), clue=clue, kind="", record=None, added_on=timezone.localdate()
            ),
        )
    added_on = _date(request.POST.get("added_on"))
    for kind, record in picked:
        attempt(
            request,
            partial(
                services.clue_source_add, actor=_user(request), clue=clue, kind=kind, record=record, added_on=added_on
            ),
            success="已增加线索来源",
        )
    return redirect("clues:clue_detail", clue.pk)


@require_POST
@login_required
def clue_add_subject(request: HttpRequest, pk: int) -> HttpResponse:
    clue = _clue(request, pk)
    for cadre, post in _subjects_from(request, clue.inspection):
        attempt(
            request,
            partial(services.clue_subject_add, actor=_user(request), clue=clue, cadre=cadre, post=post),
            success=f"已增加反映对象{cadre}",
        )
    return redirect("clues:clue_detail", clue.pk)


@require_POST
@login_required
def clue_remove_subject(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(ClueSubject.objects.visible_to(request.user), pk=pk)
    clue = _clue(request, subject.clue_id)
    attempt(
        request,
        lambda: services.clue_subject_remove(actor=_user(request), clue=clue, subject=subject),
        success="已删除反映对象",
    )
    return redirect("clues:clue_detail", clue.pk)


@require_POST
@login_required
def clue_merge(request: HttpRequest, pk: int) -> HttpResponse:
    clue = _clue(request, pk)
    into_pk = request.POST.get("into", "")
    into = Clue.objects.visible_to(request.user).filter(pk=into_pk).first() if into_pk.isdigit() else None
    if into is None:
        attempt(
            request,
            lambda: services.clue_merge(actor=_user(request), clue=clue, into=clue, merged_on=timezone.localdate()),
        )
        return redirect("clues:clue_detail", clue.pk)
    outcome = attempt(
        request,
        lambda: services.clue_merge(
            actor=_user(request), clue=clue, into=into, merged_on=_date(request.POST.get("merged_on"))
        ),
        success=f"已并入{into}",
    )
    return redirect("clues:clue_detail", into.pk if outcome.ok else clue.pk)


urlpatterns: list[Any] = [
    path("inspections/<int:pk>/register/", register, name="register"),
    path("inspections/<int:pk>/register/new/", register_new, name="register_new"),
    path("<int:pk>/", clue_detail, name="clue_detail"),
    path("<int:pk>/sources/", clue_add_source, name="clue_add_source"),
    path("<int:pk>/subjects/", clue_add_subject, name="clue_add_subject"),
    path("subjects/<int:pk>/remove/", clue_remove_subject, name="clue_remove_subject"),
    path("<int:pk>/merge/", clue_merge, name="clue_merge"),
]
