"""Accounts and roles: the system administrator and the office heads. Every write calls a service in
accounts/services.py, jurisdictions/services.py, people/services.py or planning/access.py, which checks who acts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xuncha.core.api_support import as_id
from xuncha.core.errors import ServiceError
from xuncha.core.pages import attempt
from xuncha.core.views import bad_request_page
from xuncha.core.visibility import viewer_for
from xuncha.jurisdictions import services as jurisdiction_services
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.people import services as people_services
from xuncha.people.models import Inspector
from xuncha.planning.access import team_membership_revoke
from xuncha.planning.models import TeamMembership
from xuncha.registry.models import Organization

from . import services
from .forms import AccountForm, GrantForm, JurisdictionForm, PasswordForm
from .models import Membership, User
from .selectors import account_list, inspector_pick, managed_jurisdictions, may_manage_accounts, organization_pick

if TYPE_CHECKING:
    from xuncha.accounts.models import User

PAGE_SIZE = 50


def _where(m: Membership) -> str:
    return f"（{m.organization}）" if m.organization else ""


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "core/refused.html", {"message": message}, status=403)


def _shown_once(request: HttpRequest, account: User, password: str, what: str) -> HttpResponse:
    """The generated password, in this one response only (never stored, never in an event, not cached)."""
    response = render(request, "accounts/password_shown.html", {"account": account, "password": password, "what": what})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_list_view(request: HttpRequest) -> HttpResponse:
    if not may_manage_accounts(request.user) and not viewer_for(request.user).jurisdictions_with({"auditor"}):
        return _refused(request, "只有系统管理员、办公室负责人和审计员可以查看账号。")
    query = request.GET.get("q", "").strip()
    page = Paginator(account_list(user=request.user, query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/account_list.html",
        {"page": page, "q": query, "can_create": may_manage_accounts(request.user)},
    )


@login_required
def account_create(request: HttpRequest) -> HttpResponse:
    jurisdictions = managed_jurisdictions(request.user)
    if not may_manage_accounts(request.user):
        return _refused(request, "只有系统管理员和办公室负责人可以建立账号。")
    form = AccountForm(request.POST or None, jurisdictions=jurisdictions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        generated = not data["password"]
        password = data["password"] or services.generate_password()
        done = attempt(
            request,
            lambda: services.user_create(
                actor=cast("User", request.user),
                username=data["username"],
                full_name=data["full_name"],
                password=password,
                jurisdiction=data["jurisdiction"],
            ),
            form=form,
        )
        if done:
            account = done.value
            if generated:
                return _shown_once(request, account, password, "建立账号")
            messages.success(request, f"已建立账号 {account.username}。")
            return redirect("accounts:detail", pk=account.pk)
    return render(request, "accounts/form.html", {"form": form, "title": "建立账号"})


def _account_for(request: HttpRequest, pk: int) -> User:
    return get_object_or_404(User.objects.visible_to(request.user).select_related("home_jurisdiction"), pk=pk)


@login_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account_for(request, pk)
    jurisdictions = list(managed_jurisdictions(request.user))
    wanted = request.GET.get("j", "")
    grant_in = next((j for j in jurisdictions if str(j.pk) == wanted), None)
    if grant_in is None and jurisdictions:
        grant_in = next((j for j in jurisdictions if j.pk == account.home_jurisdiction_id), jurisdictions[0])
    roles = services.grantable_roles(cast("User", request.user), grant_in) if grant_in else []
    memberships = (
        Membership.objects.visible_to(request.user)
        .filter(user=account)
        .select_related("jurisdiction", "organization")
        .order_by("-active", "jurisdiction__code", "role")
    )
    for m in memberships:
        m.may_revoke = m.active and m.role in services.grantable_roles(cast("User", request.user), m.jurisdiction)  # type: ignore[attr-defined]
    places = (
        TeamMembership.objects.visible_to(request.user)
        .filter(user=account)
        .select_related("team__round__jurisdiction")
        .order_by("ended_on", "-team__round__year")
    )
    office_head_of = set(viewer_for(request.user).jurisdictions_with({"office_head"}))
    sysadmin = viewer_for(request.user).is_sysadmin
    for p in places:
        p.may_revoke = p.ended_on is None and (sysadmin or p.team.round.jurisdiction_id in office_head_of)  # type: ignore[attr-defined]
    inspector = Inspector.objects.visible_to(request.user).filter(user=account).select_related("cadre").first()
    manage_refusal = services.manage_refusal(cast("User", request.user), account, what="管理")
    return render(
        request,
        "accounts/account_detail.html",
        {
            "account": account,
            "memberships": memberships,
            "places": places,
            "inspector": inspector,
            "jurisdictions": jurisdictions,
            "grant_in": grant_in,
            "grant_form": GrantForm(roles=roles, jurisdiction=grant_in) if roles else None,
            "password_form": PasswordForm(),
            "may_manage": manage_refusal is None,
            "manage_refusal": manage_refusal.message if manage_refusal else "",
            "may_link": grant_in is not None and (sysadmin or grant_in.pk in office_head_of),
            "today": timezone.localdate(),
        },
    )


def _back(account: User, jurisdiction_id: Any = None) -> HttpResponse:
    response = redirect("accounts:detail", pk=account.pk)
    if jurisdiction_id:
        response["Location"] += f"?j={jurisdiction_id}"
    return response


@login_required
@require_POST
def account_grant(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account_for(request, pk)
    try:
        chosen = as_id(request.POST.get("j"), field="j", label="党委")
        org_id = as_id(request.POST.get("organization"), field="organization", label="单位", required=False)
    except ServiceError as exc:
        return bad_request_page(request, exc)
    jurisdiction = get_object_or_404(managed_jurisdictions(request.user), pk=chosen)
    organization = Organization.objects.filter(pk=org_id).first() if org_id else None
    attempt(
        request,
        lambda: services.membership_grant(
            actor=cast("User", request.user),
            user=account,
            jurisdiction=jurisdiction,
            role=request.POST.get("role", ""),
            organization=organization,
        ),
        success=lambda m: (
            f"已授予{account}“{m.role_label}”" + (f"（{m.organization}）" if m.organization else "") + "。"
        ),
    )
    return _back(account, jurisdiction.pk)


@login_required
@require_POST
def membership_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    m = get_object_or_404(Membership.objects.visible_to(request.user).select_related("user", "jurisdiction"), pk=pk)
    attempt(
        request,
        lambda: services.membership_revoke(
            actor=cast("User", request.user), membership=m, reason=request.POST.get("reason", "")
        ),
        success=f"已撤销{m.user}的“{m.role_label}”。",
    )
    return _back(m.user)


@login_required
@require_POST
def account_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account_for(request, pk)
    if request.POST.get("activate"):
        attempt(
            request,
            lambda: services.user_activate(actor=cast("User", request.user), user=account),
            success=f"已启用账号 {account.username}。",
        )
    else:
        attempt(
            request,
            lambda: services.user_deactivate(
                actor=cast("User", request.user), user=account, reason=request.POST.get("reason", "")
            ),
            success=f"已停用账号 {account.username}：该账号不能再登录。",
        )
    return _back(account)


@login_required
@require_POST
def account_password(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account_for(request, pk)
    form = PasswordForm(request.POST)
    typed = form.cleaned_data["password"] if form.is_valid() else ""
    password = typed or services.generate_password()
    if not attempt(
        request, lambda: services.password_reset(actor=cast("User", request.user), user=account, password=password)
    ):
        return _back(account)
    if typed:
        messages.success(request, f"已为 {account.username} 设置新密码。")
        return _back(account)
    return _shown_once(request, account, password, "重置密码")


@login_required
@require_POST
def account_link(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account_for(request, pk)
    try:
        chosen = as_id(request.POST.get("inspector"), field="inspector", label="工作人员")
    except ServiceError as exc:
        return bad_request_page(request, exc)
    inspector = get_object_or_404(Inspector.objects.visible_to(request.user), pk=chosen)
    attempt(
        request,
        lambda: people_services.inspector_link_user(
            actor=cast("User", request.user), inspector=inspector, user=account
        ),
        success=f"已将{inspector}的工作人员档案关联到账号 {account.username}。",
    )
    return _back(account)


@login_required
@require_POST
def account_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account_for(request, pk)
    inspector = get_object_or_404(Inspector.objects.visible_to(request.user), user=account)
    attempt(
        request,
        lambda: people_services.inspector_unlink_user(
            actor=cast("User", request.user), inspector=inspector, on=timezone.localdate()
        ),
        success=f"已解除{inspector}与账号 {account.username} 的关联。",
    )
    return _back(account)


@login_required
@require_POST
def team_place_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_object_or_404(
        TeamMembership.objects.visible_to(request.user).select_related("user", "team__round__jurisdiction"), pk=pk
    )
    attempt(
        request,
        lambda: team_membership_revoke(
            actor=cast("User", request.user),
            membership=place,
            on=timezone.localdate(),
            reason=request.POST.get("reason", ""),
        ),
        success=f"已撤销{place.user}在{place.team}的查阅权限。",
    )
    if request.POST.get("next") == "places":
        return redirect("accounts:team_places")
    return _back(place.user)


@login_required
def team_places(request: HttpRequest) -> HttpResponse:
    """Team places still giving access, in the jurisdictions the user heads (the system administrator: all)."""
    viewer = viewer_for(request.user)
    headed = viewer.jurisdictions_with({"office_head"})
    if not viewer.is_sysadmin and not headed:
        return _refused(request, "只有办公室负责人和系统管理员可以管理组成员的查阅权限。")
    qs = TeamMembership.objects.filter(ended_on__isnull=True).select_related("user", "team__round__jurisdiction")
    if not viewer.is_sysadmin:
        qs = qs.filter(team__round__jurisdiction_id__in=headed)
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(user__full_name__contains=query) | qs.filter(user__username__icontains=query)
    qs = qs.order_by("-team__round__year", "team__round__number", "team__number", "role", "user__username")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/team_places.html", {"page": page, "q": query})


@login_required
def organization_search(request: HttpRequest) -> HttpResponse:
    """htmx: the matching targets and receiving organizations of one managed jurisdiction, as radio buttons."""
    try:
        wanted = as_id(request.GET.get("j"), field="j", label="党委", required=False)
    except ServiceError as exc:
        return bad_request_page(request, exc)
    jurisdiction = managed_jurisdictions(request.user).filter(pk=wanted).first() if wanted else None
    found = (
        organization_pick(user=request.user, jurisdiction=jurisdiction, query=request.GET.get("q", ""))
        if jurisdiction
        else []
    )
    return render(request, "accounts/_pick.html", {"items": found, "name": "organization", "kind": "organization"})


@login_required
def inspector_search(request: HttpRequest) -> HttpResponse:
    try:
        wanted = as_id(request.GET.get("j"), field="j", label="党委", required=False)
    except ServiceError as exc:
        return bad_request_page(request, exc)
    jurisdiction = managed_jurisdictions(request.user).filter(pk=wanted).first() if wanted else None
    found = (
        inspector_pick(user=request.user, jurisdiction=jurisdiction, query=request.GET.get("q", ""))
        if jurisdiction
        else []
    )
    return render(request, "accounts/_pick.html", {"items": found, "name": "inspector", "kind": "inspector"})


@login_required
def jurisdiction_list(request: HttpRequest) -> HttpResponse:
    if not viewer_for(request.user).is_sysadmin:
        return _refused(request, "只有系统管理员可以建立和修改党委。")
    query = request.GET.get("q", "").strip()
    qs = Jurisdiction.objects.visible_to(request.user).select_related("parent").order_by("code")
    if query:
        qs = qs.filter(name__contains=query) | qs.filter(code__icontains=query)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    form = JurisdictionForm(request.POST or None, parents=Jurisdiction.objects.order_by("code"))
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: jurisdiction_services.jurisdiction_create(actor=cast("User", request.user), **form.cleaned_data),
            form=form,
            success=lambda j: f"已建立{j}（{j.rulebook.short_title}）。",
        )
        if done:
            return redirect("accounts:jurisdictions")
    return render(request, "accounts/jurisdiction_list.html", {"page": page, "q": query, "form": form})


@login_required
def jurisdiction_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not viewer_for(request.user).is_sysadmin:
        return _refused(request, "只有系统管理员可以建立和修改党委。")
    j = get_object_or_404(Jurisdiction.objects.select_related("parent"), pk=pk)
    initial = {"code": j.code, "name": j.name, "short_name": j.short_name, "rulebook_code": j.rulebook_code}
    form = JurisdictionForm(
        request.POST or None,
        initial={**initial, "parent": j.parent},
        parents=Jurisdiction.objects.exclude(pk=j.pk).order_by("code"),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: jurisdiction_services.jurisdiction_update(
                actor=cast("User", request.user),
                jurisdiction=j,
                name=data["name"],
                short_name=data["short_name"],
                parent=data["parent"],
            ),
            form=form,
            success=lambda _: f"已保存{j.name}。",
        )
        if done:
            return redirect("accounts:jurisdictions")
    return render(request, "accounts/form.html", {"form": form, "title": f"修改党委：{j.name}"})
