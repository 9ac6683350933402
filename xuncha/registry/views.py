from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from xuncha.core.pages import attempt
from xuncha.core.visibility import office_jurisdiction_ids
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.jurisdictions.words import request_word

from . import services
from .forms import CadreForm, PostForm, ReorganizeForm, TargetForm
from .models import Cadre, Organization, Post
from .selectors import cadre_list, target_list

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _office_jurisdiction(request: HttpRequest) -> Jurisdiction | None:
    ids = office_jurisdiction_ids(request.user)
    wanted = request.GET.get("j") or request.POST.get("j")
    if wanted and wanted.isdigit() and int(wanted) in ids:
        return Jurisdiction.objects.get(pk=int(wanted))
    return Jurisdiction.objects.filter(pk__in=ids).order_by("pk").first()


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    items = target_list(user=request.user)
    page = Paginator(items, 100).get_page(request.GET.get("page"))
    for target in page:  # the category's name in the target's own rulebook (no query: rulebooks are in memory)
        names = {c.code: c.name for c in target.jurisdiction.rulebook.target_categories}
        target.category_name = names.get(target.target_category, target.target_category)  # type: ignore[attr-defined]
    return render(
        request, "registry/target_list.html", {"page": page, "can_edit": bool(office_jurisdiction_ids(request.user))}
    )


@login_required
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(
        Organization.objects.visible_to(request.user).select_related("jurisdiction", "parent", "successor"), pk=pk
    )
    posts = Post.objects.visible_to(request.user).filter(organization=target).select_related("cadre")
    children = Organization.objects.visible_to(request.user).filter(parent=target)
    can_edit = target.jurisdiction_id in office_jurisdiction_ids(request.user)
    form = ReorganizeForm(organization=target) if can_edit and target.status == "active" else None
    return render(
        request,
        "registry/target_detail.html",
        {
            "target": target,
            "leadership": [p for p in posts if p.is_leadership and p.ended_on is None],
            "posts": posts,
            "children": children,
            "form": form,
            "category": next(
                (c for c in target.jurisdiction.rulebook.target_categories if c.code == target.target_category), None
            ),
        },
    )


@login_required
def target_create(request: HttpRequest) -> HttpResponse:
    jurisdiction = _office_jurisdiction(request)
    if jurisdiction is None:
        messages.error(request, f"只有办公室人员可以登记{request_word(request)}对象。")
        return redirect("registry:targets")
    form = TargetForm(request.POST or None, jurisdiction=jurisdiction)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.organization_create(
                actor=cast("User", request.user), jurisdiction=jurisdiction, kind="target", **form.cleaned_data
            ),
            form=form,
            success=lambda target: f"已登记{target}。",
        )
        if done:
            return redirect("registry:target", pk=done.value.pk)
    return render(
        request,
        "registry/form.html",
        {"form": form, "title": f"登记{jurisdiction.word}对象", "jurisdiction": jurisdiction},
    )


@login_required
def target_reorganize(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)
    if target.jurisdiction_id not in office_jurisdiction_ids(request.user):
        messages.error(request, "只有办公室人员可以登记单位合并或撤销。")
        return redirect("registry:target", pk=pk)
    form = ReorganizeForm(request.POST, organization=target)
    if form.is_valid():
        attempt(
            request,
            lambda: services.organization_reorganize(
                actor=cast("User", request.user), organization=target, **form.cleaned_data
            ),
            success="已登记。",
        )
    else:
        messages.error(
            request, "；".join(f"{form.fields[f].label}：{e[0]}" for f, e in form.errors.items() if f in form.fields)
        )
    return redirect("registry:target", pk=pk)


@login_required
def cadres(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    page = Paginator(cadre_list(user=request.user, query=query), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/cadre_list.html",
        {"page": page, "q": query, "can_edit": bool(office_jurisdiction_ids(request.user))},
    )


@login_required
def cadre_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cadre = get_object_or_404(Cadre.objects.visible_to(request.user).select_related("jurisdiction"), pk=pk)
    posts = cadre.posts.select_related("organization").order_by("-started_on")
    can_edit = cadre.jurisdiction_id in office_jurisdiction_ids(request.user)
    form = PostForm(request.POST or None, jurisdiction=cadre.jurisdiction) if can_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.post_create(actor=cast("User", request.user), cadre=cadre, **form.cleaned_data),
            form=form,
            success="已登记任职。",
        )
        if done:
            return redirect("registry:cadre", pk=pk)
    return render(request, "registry/cadre_detail.html", {"cadre": cadre, "posts": posts, "form": form})


@login_required
def cadre_create(request: HttpRequest) -> HttpResponse:
    jurisdiction = _office_jurisdiction(request)
    if jurisdiction is None:
        messages.error(request, "只有办公室人员可以登记干部。")
        return redirect("registry:cadres")
    form = CadreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.cadre_create(
                actor=cast("User", request.user), jurisdiction=jurisdiction, **form.cleaned_data
            ),
            form=form,
            success=lambda cadre: f"已登记干部{cadre}。",
        )
        if done:
            return redirect("registry:cadre", pk=done.value.pk)
    return render(request, "registry/form.html", {"form": form, "title": "登记干部", "jurisdiction": jurisdiction})
