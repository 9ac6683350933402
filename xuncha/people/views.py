from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from xuncha.core.visibility import office_jurisdiction_ids
from xuncha.jurisdictions.vocabulary import EXPERTISE

from .models import Assignment, Attestation, Declaration, Inspector, LeaderAuthorization, Rotation, Secondment


@login_required
def inspector_list(request: HttpRequest) -> HttpResponse:
    qs = (
        Inspector.objects.visible_to(request.user)
        .select_related("jurisdiction", "cadre")
        .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.select_related("team__round")))
        .order_by("jurisdiction", "cadre__name")
    )
    kind = request.GET.get("kind", "")
    if kind in Inspector.Kind.values:
        qs = qs.filter(kind=kind)
    if request.GET.get("leader_pool") == "1":
        qs = qs.filter(in_leader_pool=True)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    for inspector in page:
        inspector.expertise_labels = [EXPERTISE.get(c, c) for c in inspector.expertise]  # type: ignore[attr-defined]
    return render(
        request,
        "people/inspector_list.html",
        {
            "page": page,
            "kinds": Inspector.Kind.choices,
            "kind": kind,
            "can_edit": bool(office_jurisdiction_ids(request.user)),
        },
    )


@login_required
def inspector_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspector = get_object_or_404(
        Inspector.objects.visible_to(request.user).select_related("jurisdiction", "cadre", "user"), pk=pk
    )
    book = inspector.jurisdiction.rulebook
    conditions = {c.code: c for c in book.eligibility_conditions}
    attestations = (
        Attestation.objects.filter(inspector=inspector).select_related("attested_by").order_by("-attested_on")
    )
    latest: dict[str, Attestation] = {}
    for a in attestations:
        latest.setdefault(a.condition, a)
    return render(
        request,
        "people/inspector_detail.html",
        {
            "inspector": inspector,
            "book": book,
            "expertise": [EXPERTISE.get(c, c) for c in inspector.expertise],
            "posts": inspector.cadre.posts.select_related("organization").order_by("-started_on"),
            "eligibility": [(c, latest.get(c.code)) for c in conditions.values()],
            "declarations": Declaration.objects.filter(inspector=inspector).select_related("person", "organization"),
            "secondments": Secondment.objects.filter(inspector=inspector).select_related("round"),
            "authorizations": LeaderAuthorization.objects.filter(inspector=inspector).select_related("round"),
            "rotations": Rotation.objects.filter(inspector=inspector).order_by("-rotated_on"),
            "assignments": inspector.assignments.select_related("team__round").order_by("-team__round__starts_on"),
            "can_edit": inspector.jurisdiction_id in office_jurisdiction_ids(request.user),
        },
    )
