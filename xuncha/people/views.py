"""Inspector pages: the talent pool list, registration, and the inspector's record with one small form per service
(declarations, attestations, secondments, postings, rotations, leader authorizations). Reads start from
`visible_to`; each form posts to its own view, which calls the service. A refusal is shown next to the form that
caused it, with the form as the user filled it; a success redirects back to the section."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from xuncha.core.errors import ServiceError
from xuncha.core.visibility import office_jurisdiction_ids, viewer_for
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.jurisdictions.vocabulary import EXPERTISE
from xuncha.jurisdictions.words import BOTH, speak, user_word
from xuncha.registry.models import Post

from . import services
from .forms import (
    AppraisalForm,
    AttestationForm,
    DeclarationForm,
    InspectorForm,
    LeaderAuthorizationForm,
    RotationForm,
    SecondmentForm,
    TrainingPostingForm,
    WithdrawForm,
)
from .models import (
    Assignment,
    Attestation,
    Declaration,
    Inspector,
    LeaderAuthorization,
    Rotation,
    Secondment,
    SecondmentAppraisal,
    TrainingPosting,
)

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _kind_label(inspector: Inspector) -> str:
    """专职巡察干部 / 专职巡视干部: the kind in the jurisdiction's own word."""
    return speak(inspector.get_kind_display(), inspector.jurisdiction.word)


def _word(jurisdictions: Any, user: Any) -> str:
    words = {j.word for j in jurisdictions}
    return words.pop() if len(words) == 1 else user_word(user) if not words else BOTH


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
        inspector.kind_label = _kind_label(inspector)  # type: ignore[attr-defined]
    office = list(Jurisdiction.objects.visible_to(request.user).filter(pk__in=office_jurisdiction_ids(request.user)))
    word = _word(office or [i.jurisdiction for i in page], request.user)
    return render(
        request,
        "people/inspector_list.html",
        {
            "page": page,
            "kinds": [(v, speak(label, word)) for v, label in Inspector.Kind.choices],
            "kind": kind,
            "can_edit": bool(office),
            "word": word,
        },
    )


# -- registration --------------------------------------------------------------------------------------------------
def _office_jurisdiction(request: HttpRequest, offices: list[Jurisdiction]) -> Jurisdiction | None:
    wanted = request.GET.get("j") or request.POST.get("j") or ""
    return next((j for j in offices if str(j.pk) == wanted), offices[0] if offices else None)


def _into_form(form: forms.Form, exc: ServiceError, rename: dict[str, str] | None = None) -> None:
    field = (rename or {}).get(exc.field or "", exc.field)
    form.add_error(field if field in form.fields else None, exc.message)


@login_required
def inspector_create(request: HttpRequest) -> HttpResponse:
    offices = list(
        Jurisdiction.objects.visible_to(request.user)
        .filter(pk__in=office_jurisdiction_ids(request.user))
        .order_by("pk")
    )
    jurisdiction = _office_jurisdiction(request, offices)
    if jurisdiction is None:
        messages.error(request, f"只有办公室负责人、办公室工作人员可以登记{user_word(request.user)}工作人员。")
        return redirect("people:inspectors")
    book = jurisdiction.rulebook
    form = InspectorForm(request.POST or None, jurisdiction=jurisdiction, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspector = services.inspector_create(
                actor=cast("User", request.user),
                cadre=data["cadre"],
                kind=data["kind"],
                expertise=data["expertise"],
                user=data["username"],
                in_leader_pool=data.get("in_leader_pool", False),
                county_level=data.get("county_level", False),
            )
        except ServiceError as exc:
            _into_form(form, exc, {"user": "username"})
        else:
            messages.success(request, f"已将{inspector}登记为{book.word}工作人员。")
            return redirect("people:inspector", pk=inspector.pk)
    return render(
        request,
        "people/inspector_form.html",
        {"form": form, "jurisdiction": jurisdiction, "offices": offices, "book": book},
    )


# -- the inspector's record ----------------------------------------------------------------------------------------
def _visible_inspector(request: HttpRequest, pk: int) -> Inspector:
    return get_object_or_404(
        Inspector.objects.visible_to(request.user).select_related("jurisdiction", "cadre", "user"), pk=pk
    )


def _make_form(key: str, request: HttpRequest, inspector: Inspector, data: Any = None) -> forms.Form:
    """The form for one section (`declaration`) or one row (`withdraw-12`), unbound or bound to `data`."""
    kind = key.partition("-")[0]
    user, auto_id = request.user, f"{key}-%s"
    if kind == "declaration":
        return DeclarationForm(data, inspector=inspector, user=user, auto_id=auto_id)
    if kind == "attestation":
        return AttestationForm(data, book=inspector.jurisdiction.rulebook, auto_id=auto_id)
    if kind == "secondment":
        return SecondmentForm(data, inspector=inspector, user=user, auto_id=auto_id)
    if kind == "authorization":
        return LeaderAuthorizationForm(data, inspector=inspector, user=user, auto_id=auto_id)
    if kind.startswith("appraise_"):  # appraise_office-12 / appraise_team-12: one part of a joint appraisal
        return AppraisalForm(data, initial={"part": kind.removeprefix("appraise_")}, auto_id=auto_id)
    simple: dict[str, type[forms.Form]] = {
        "withdraw": WithdrawForm,
        "posting": TrainingPostingForm,
        "rotation": RotationForm,
    }
    return simple[kind](data, auto_id=auto_id)


def _errors(form: forms.Form) -> list[str]:
    out = [str(e) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name in form.fields:
            label = str(form.fields[name].label)
            out += [str(e) if label in str(e) else f"{label}：{e}" for e in errors]
    return out


def _detail(request: HttpRequest, inspector: Inspector, bound: dict[str, forms.Form] | None = None) -> HttpResponse:
    bound = bound or {}
    user = request.user
    placed: set[str] = set()
    book = inspector.jurisdiction.rulebook
    st = book.staffing
    can_edit = inspector.jurisdiction_id in office_jurisdiction_ids(user)
    is_self = inspector.user_id is not None and inspector.user_id == user.pk
    can_declare = can_edit or is_self

    def form(key: str, shown: bool) -> forms.Form | None:
        if not shown:
            return None
        placed.add(key)
        return bound[key] if key in bound else _make_form(key, request, inspector)

    attestations = (
        Attestation.objects.visible_to(user)
        .filter(inspector=inspector)
        .select_related("attested_by")
        .order_by("-attested_on", "-pk")
    )
    latest: dict[str, Attestation] = {}
    for a in attestations:
        latest.setdefault(a.condition, a)
    declarations = list(
        Declaration.objects.visible_to(user).filter(inspector=inspector).select_related("person", "organization")
    )
    for d in declarations:
        d.withdraw_form = form(f"withdraw-{d.pk}", can_declare and d.withdrawn_on is None)  # type: ignore[attr-defined]
    secondments = list(
        Secondment.objects.visible_to(user)
        .filter(inspector=inspector)
        .select_related("round")
        .prefetch_related("appraisals__team__round__jurisdiction")
        .order_by("-started_on")
    )
    led = set(
        Assignment.objects.filter(inspector=inspector, team_id__in=viewer_for(user).led_team_ids).values_list(
            "team__round_id", flat=True
        )
    )
    for s in secondments:
        parts = s.appraisal_parts()
        leads = bool(led) and (s.round_id is None or s.round_id in led)
        s.parts = [  # type: ignore[attr-defined]
            (
                code,
                label,
                parts.get(code),
                form(
                    f"appraise_{code}-{s.pk}",
                    st.secondment_appraisal and code not in parts and (can_edit if code == "office" else leads),
                ),
            )
            for code, label in (("office", book.body("office").name), ("team", f"所在{book.word}组（组长）"))
        ]
    forms_ = {
        "declaration": form("declaration", can_declare),
        "attestation": form("attestation", can_edit),
        "secondment": form("secondment", can_edit and st.secondment_article is not None),
        "posting": form("posting", can_edit and st.training_posting_article is not None),
        "rotation": form("rotation", can_edit),
        "authorization": form(
            "authorization", can_edit and st.leader_selection == "leader_pool_per_round" and inspector.in_leader_pool
        ),
    }
    # A refusal for a form the page does not show (a rulebook without secondments, a withdrawn declaration)
    # is shown at the top instead.
    page_errors = [e for key, f in bound.items() if key not in placed for e in _errors(f)]
    eligibility_articles = "、".join(sorted({c.article for c in book.eligibility_conditions}))
    return render(
        request,
        "people/inspector_detail.html",
        {
            "inspector": inspector,
            "kind_label": _kind_label(inspector),
            "book": book,
            "staffing": st,
            "expertise": [EXPERTISE.get(c, c) for c in inspector.expertise],
            # Post history is registry data: the oversight roles see it, the inspector's own login does not.
            "posts": Post.objects.visible_to(user).filter(cadre=inspector.cadre_id).select_related("organization"),
            "sees_posts": inspector.jurisdiction_id in viewer_for(user).oversight_jurisdictions,
            "eligibility": [(c, latest.get(c.code)) for c in book.eligibility_conditions],
            "eligibility_articles": eligibility_articles,
            "attestations": attestations,
            "declarations": declarations,
            "secondments": secondments,
            "postings": TrainingPosting.objects.visible_to(user).filter(inspector=inspector).order_by("-started_on"),
            "authorizations": LeaderAuthorization.objects.visible_to(user)
            .filter(inspector=inspector)
            .select_related("round"),
            "rotations": Rotation.objects.visible_to(user).filter(inspector=inspector).order_by("-rotated_on"),
            "assignments": Assignment.objects.visible_to(user)
            .filter(inspector=inspector)
            .select_related("team__round__jurisdiction")
            .order_by("-team__round__starts_on"),
            "can_edit": can_edit,
            "is_self": is_self,
            "forms": forms_,
            "page_errors": page_errors,
            "leader_pool_per_round": st.leader_selection == "leader_pool_per_round",
            "office_name": book.body("office").name,
            "office_head_name": book.role("office_head").name,
        },
    )


@login_required
def inspector_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible_inspector(request, pk))


Action = Callable[[dict[str, Any]], Any]


def _submit(
    request: HttpRequest,
    inspector: Inspector,
    key: str,
    act: Action,
    done: str,
    *,
    anchor: str,
    rename: dict[str, str] | None = None,
) -> HttpResponse:
    """Validate the section's form, call the service, and either go back to the section or show the refusal
    next to the form (re-rendering the page with the form as filled in)."""
    form = _make_form(key, request, inspector, request.POST)
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ServiceError as exc:
            _into_form(form, exc, rename)
        else:
            messages.success(request, done)
            return redirect(reverse("people:inspector", args=[inspector.pk]) + f"#{anchor}")
    return _detail(request, inspector, {key: form})


@login_required
@require_POST
def declaration_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspector = _visible_inspector(request, pk)
    return _submit(
        request,
        inspector,
        "declaration",
        lambda d: services.declaration_create(actor=cast("User", request.user), inspector=inspector, **d),
        "已登记回避事项申报。",
        anchor="declarations",
    )


@login_required
@require_POST
def declaration_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = get_object_or_404(Declaration.objects.visible_to(request.user), pk=pk)
    inspector = _visible_inspector(request, declaration.inspector_id)
    return _submit(
        request,
        inspector,
        f"withdraw-{declaration.pk}",
        lambda d: services.declaration_withdraw(actor=cast("User", request.user), declaration=declaration, **d),
        "已撤回申报（原申报保留）。",
        anchor="declarations",
    )


@login_required
@require_POST
def attestation_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspector = _visible_inspector(request, pk)
    return _submit(
        request,
        inspector,
        "attestation",
        lambda d: services.attestation_record(actor=cast("User", request.user), inspector=inspector, **d),
        "已确认任职条件。",
        anchor="eligibility",
    )


@login_required
@require_POST
def secondment_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspector = _visible_inspector(request, pk)
    return _submit(
        request,
        inspector,
        "secondment",
        lambda d: services.secondment_create(actor=cast("User", request.user), inspector=inspector, **d),
        "已登记借调、抽调。",
        anchor="secondments",
    )


@login_required
@require_POST
def secondment_appraise(request: HttpRequest, pk: int) -> HttpResponse:
    secondment = get_object_or_404(Secondment.objects.visible_to(request.user), pk=pk)
    inspector = _visible_inspector(request, secondment.inspector_id)
    part = request.POST.get("part", "")
    if part not in SecondmentAppraisal.Part.values:
        part = "office"  # the form is then bound with the bad value and the service names the field
    return _submit(
        request,
        inspector,
        f"appraise_{part}-{secondment.pk}",
        lambda d: services.secondment_appraise(actor=cast("User", request.user), secondment=secondment, **d),
        "已作出工作表现鉴定的这一部分（两部分均作出方为完成）。",
        anchor="secondments",
    )


@login_required
@require_POST
def posting_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspector = _visible_inspector(request, pk)
    return _submit(
        request,
        inspector,
        "posting",
        lambda d: services.training_posting_create(actor=cast("User", request.user), inspector=inspector, **d),
        "已登记挂职锻炼。",
        anchor="postings",
    )


@login_required
@require_POST
def rotation_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspector = _visible_inspector(request, pk)
    return _submit(
        request,
        inspector,
        "rotation",
        lambda d: services.rotation_record(actor=cast("User", request.user), inspector=inspector, **d),
        "已登记轮岗交流。",
        anchor="rotations",
    )


@login_required
@require_POST
def authorization_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspector = _visible_inspector(request, pk)
    return _submit(
        request,
        inspector,
        "authorization",
        lambda d: services.leader_authorize(actor=cast("User", request.user), inspector=inspector, **d),
        "已登记组长授权。",
        anchor="authorizations",
    )
