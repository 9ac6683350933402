"""Clue pages: transfers during the inspection, the round's disposal decision, the handover form (printable, with its
approval and signatures), the receivers' inbox and the handling report. Every write goes through a service via
`attempt`; every read through `visible_to`. Clue content is never shown here: the register's read door opens it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_POST

from xuncha.core.pages import attempt
from xuncha.core.visibility import viewer_for
from xuncha.inspections.models import Inspection
from xuncha.registry.models import Organization

from .. import rules
from ..models import Clue, FastTrack, Transfer
from ..services import disposal as disposal_services
from ..services import fast_track as fast_track_services
from ..services import handling as handling_services
from ..services import transfers as transfer_services
from ..services.transfer_guards import decision_meeting, is_leading_group_head, is_office, is_team_leader
from .transfer_forms import (
    ApproveForm,
    CancelForm,
    DecideForm,
    DisposeForm,
    FastTrackForm,
    HandlingForm,
    ReviewMeetingForm,
    SignForm,
)

if TYPE_CHECKING:
    from xuncha.accounts.models import User

PAGE_SIZE = 50


def clue_page_url(clue: Clue) -> str:
    """The register's clue page (its read door), once it exists; empty until then."""
    for name in ("clues:clue_detail", "clues:detail"):
        try:
            return reverse(name, args=[clue.pk])
        except NoReverseMatch:
            continue
    return ""


def route_label(book: Any, code: str) -> str:
    """A route as words: the kind of organ it goes to and its article (never the rulebook's code)."""
    from xuncha.jurisdictions.vocabulary import RECEIVER_KINDS

    item = rules.route(book, code) if code else None
    if item is None:
        return "—"
    return f"移交{RECEIVER_KINDS.get(item.receiver_kind, '')}（{item.article}）"


def condition_text(book: Any, code: str) -> str:
    return next((f"{c.text}（{c.article}）" for c in book.fast_track_conditions if c.code == code), "—")


def _user(request: HttpRequest) -> User:
    return cast("User", request.user)


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    return get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related("jurisdiction", "team", "round", "target"), pk=pk
    )


def _clue(request: HttpRequest, pk: int) -> Clue:
    return get_object_or_404(
        Clue.objects.visible_to(request.user).select_related("jurisdiction", "inspection", "transfer"), pk=pk
    )


def _org(pk: str) -> Organization | None:
    return Organization.objects.filter(pk=pk, kind="receiver").first() if pk and pk.isdigit() else None


def _rows(clues: Any) -> list[dict[str, Any]]:
    out = []
    for clue in clues:
        book = clue.jurisdiction.rulebook
        subjects = [
            {
                "name": s.cadre.name,
                "post": s.post.title if s.post else "",
                "level": s.cadre.get_management_level_display(),
            }
            for s in clue.subjects.all()
        ]
        out.append(
            {
                "clue": clue,
                "subjects": subjects,
                "category": rules.category_name(book, clue.category),
                "owner": rules.owner(clue),
                "url": clue_page_url(clue),
            }
        )
    return out


@login_required
def inspection_transfers(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    clues = Clue.objects.visible_to(request.user).filter(inspection=inspection).prefetch_related("subjects__cadre")
    page = Paginator(clues.select_related("jurisdiction", "transfer", "inspection"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    transfers = Transfer.objects.visible_to(request.user).filter(inspection=inspection).select_related("receiver")
    fast_tracks = (
        FastTrack.objects.visible_to(request.user)
        .filter(clue__inspection=inspection)
        .select_related("clue", "receiver")
    )
    return render(
        request,
        "clues/transfer_inspection.html",
        {
            "inspection": inspection,
            "book": inspection.jurisdiction.rulebook,
            "word": inspection.jurisdiction.word,
            "rows": _rows(page.object_list),
            "page": page,
            "transfers": transfers[:PAGE_SIZE],
            "fast_tracks": [
                {"ft": f, "route": route_label(f.clue.jurisdiction.rulebook, f.route)} for f in fast_tracks[:PAGE_SIZE]
            ],
            "meeting": decision_meeting(inspection),
        },
    )


@login_required
def fast_track_propose(request: HttpRequest, pk: int) -> HttpResponse:
    clue = _clue(request, pk)
    book = clue.jurisdiction.rulebook
    form = FastTrackForm(request.POST or None, book=book, jurisdiction=clue.jurisdiction)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: fast_track_services.fast_track_propose(
                actor=_user(request),
                clue=clue,
                route=data["route"],
                receiver=_org(data["receiver"]),
                reason=data["reason"],
                proposed_on=data["proposed_on"],
                condition=data.get("condition") or "",
                interwoven=bool(data.get("interwoven")),
            ),
            form=form,
            success=f"已提出期间移交{clue}，待审批。",
        )
        if done:
            return redirect("clues:inspection_transfers", pk=clue.inspection_id)
    return render(
        request,
        "clues/transfer_fast_track.html",
        {
            "clue": clue,
            "form": form,
            "book": book,
            "word": clue.jurisdiction.word,
            "routes": rules.routes(book, rules.DURING),
        },
    )


@login_required
def fast_track_decide(request: HttpRequest, pk: int) -> HttpResponse:
    fast_track = get_object_or_404(
        FastTrack.objects.visible_to(request.user).select_related("clue__jurisdiction"), pk=pk
    )
    clue = fast_track.clue
    book = clue.jurisdiction.rulebook
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: fast_track_services.fast_track_decide(
                actor=_user(request),
                fast_track=fast_track,
                approved=data["approved"] == "yes",
                decided_on=data["decided_on"],
                approver=data["approver"],
                note=data["note"],
            ),
            form=form,
            success="已登记审批。",
        )
        if done:
            return redirect("clues:inspection_transfers", pk=clue.inspection_id)
    return render(
        request,
        "clues/transfer_decide.html",
        {
            "fast_track": fast_track,
            "clue": clue,
            "form": form,
            "book": book,
            "word": clue.jurisdiction.word,
            "route": route_label(book, fast_track.route),
            "condition": condition_text(book, fast_track.condition) if fast_track.condition else "—",
        },
    )


@login_required
def round_disposal(request: HttpRequest, pk: int) -> HttpResponse:
    """The disposal decision of the round's decision meeting, clue by clue, and the transfers to draft."""
    inspection = _inspection(request, pk)
    book = inspection.jurisdiction.rulebook
    if request.method == "POST":
        clue = _clue(request, int(request.POST.get("clue", "0") or 0))
        form = DisposeForm(request.POST, book=book, jurisdiction=inspection.jurisdiction, prefix=f"c{clue.pk}")
        if form.is_valid():
            data = form.cleaned_data
            done = attempt(
                request,
                lambda: disposal_services.clue_dispose(
                    actor=_user(request),
                    clue=clue,
                    route=data["route"],
                    receiver=_org(data["receiver"]),
                    change_reason=data["change_reason"],
                    not_transferred_reason=data["not_transferred_reason"],
                    recorded_on=data["recorded_on"],
                ),
                success=f"已登记{clue}的分类处置决定。",
                refused="未登记",
            )
            if done:
                return redirect("clues:round_disposal", pk=inspection.pk)
    clues = (
        Clue.objects.visible_to(request.user)
        .filter(inspection=inspection)
        .exclude(status=Clue.Status.MERGED)
        .select_related("jurisdiction", "transfer", "inspection", "disposal__receiver", "disposal__proposed_receiver")
        .prefetch_related("subjects__cadre")
    )
    page = Paginator(clues, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _rows(page.object_list)
    for row in rows:
        clue = row["clue"]
        row["form"] = DisposeForm(book=book, jurisdiction=inspection.jurisdiction, prefix=f"c{clue.pk}")
        row["proposals"] = [
            (route_label(book, r.code), rules.proposed_receiver(clue, r)) for r in rules.routes(book, rules.AFTER)
        ]
        disposal = getattr(clue, "disposal", None)
        row["disposal_route"] = route_label(book, disposal.route) if disposal else ""
    groups: dict[tuple[str, int | None], list[Clue]] = {}
    for clue in clues.filter(status=Clue.Status.DISPOSED):
        groups.setdefault((clue.disposal.route, clue.disposal.receiver_id), []).append(clue)
    drafts = [
        {
            "route": rules.route(book, route),
            "label": route_label(book, route),
            "receiver": cs[0].disposal.receiver,
            "clues": cs,
        }
        for (route, _), cs in groups.items()
    ]
    return render(
        request,
        "clues/transfer_disposal.html",
        {
            "inspection": inspection,
            "book": book,
            "word": inspection.jurisdiction.word,
            "meeting": decision_meeting(inspection),
            "bodies": "和".join(book.body(b).name for b in book.clues.disposal_by),
            "rows": rows,
            "page": page,
            "drafts": drafts,
            "not_transferred_note": disposal_services.NOT_TRANSFERRED_NOTE,
            "is_office": is_office(_user(request), inspection.jurisdiction),
        },
    )


@login_required
@require_POST
def transfer_draft(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    ids = [int(i) for i in request.POST.getlist("clues") if i.isdigit()]
    clues = list(Clue.objects.visible_to(request.user).filter(inspection=inspection, pk__in=ids))
    receiver = _org(request.POST.get("receiver", ""))
    from django.utils import timezone

    done = attempt(
        request,
        lambda: transfer_services.transfer_draft(
            actor=_user(request),
            inspection=inspection,
            receiver=receiver,  # type: ignore[arg-type]
            clues=clues,
            drafted_on=timezone.localdate(),
        ),
        success=lambda t: f"已拟制{t}。",
        refused="未拟制",
    )
    if done:
        return redirect("clues:transfer_detail", pk=done.value.pk)
    return redirect("clues:round_disposal", pk=inspection.pk)


def _transfer(request: HttpRequest, pk: int) -> Transfer:
    return get_object_or_404(
        Transfer.objects.visible_to(request.user).select_related("jurisdiction", "inspection__team", "receiver"), pk=pk
    )


@login_required
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The handover form, printable: the clues (编号, 反映对象, 问题类别 — never content or informant), the approval and
    the signature boxes, with the sign button of the party the user is."""
    transfer = _transfer(request, pk)
    book = transfer.jurisdiction.rulebook
    user = _user(request)
    clues = (
        Clue.objects.visible_to(user).filter(transfer=transfer).prefetch_related("subjects__cadre", "subjects__post")
    )
    parties = transfer_services.signing_parties(transfer)
    mine = {
        "team": is_team_leader(user, transfer.inspection),
        "office": is_office(user, transfer.jurisdiction),
        "receiver": transfer.receiver_id in viewer_for(user).receiver_org_ids,
    }
    boxes = [
        {
            "party": p,
            "label": transfer_services.party_label(transfer, p),
            "signed_on": getattr(transfer, f"{p}_signed_on"),
            "signed_by": getattr(transfer, f"{p}_signed_by"),
            "can_sign": mine[p]
            and transfer.status == Transfer.Status.APPROVED
            and not getattr(transfer, f"{p}_signed_on"),
        }
        for p in parties
    ]
    form = book.signature_form(transfer.handover_form) if transfer.handover_form else None
    return render(
        request,
        "clues/transfer_detail.html",
        {
            "transfer": transfer,
            "book": book,
            "word": transfer.jurisdiction.word,
            "rows": _rows(clues.select_related("jurisdiction", "transfer", "inspection")[:PAGE_SIZE]),
            "boxes": boxes,
            "form_rule": form,
            "route": rules.route(book, transfer.route),
            "head_title": book.role("leading_group_head").name,
            "can_approve": transfer.status == Transfer.Status.DRAFTED
            and (is_leading_group_head(user, transfer.jurisdiction) or is_office(user, transfer.jurisdiction)),
            "can_cancel": transfer.status in (Transfer.Status.DRAFTED, Transfer.Status.APPROVED)
            and is_office(user, transfer.jurisdiction),
            "approve_form": ApproveForm(),
            "sign_form": SignForm(),
            "cancel_form": CancelForm(),
        },
    )


def _transfer_step(
    request: HttpRequest, pk: int, form_class: Any, service: Any, *, success: str, refused: str, invalid: str
) -> HttpResponse:
    """One step on a handover form (approve, sign, cancel): the form's fields go to the service; back to the form."""
    transfer = _transfer(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: service(actor=_user(request), transfer=transfer, **form.cleaned_data),
            success=success,
            refused=refused,
        )
    else:
        messages.error(request, f"{refused}：{invalid}")
    return redirect("clues:transfer_detail", pk=transfer.pk)


@login_required
@require_POST
def transfer_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _transfer_step(
        request,
        pk,
        ApproveForm,
        transfer_services.transfer_approve,
        success="已登记交接单的审批。",
        refused="未审批",
        invalid="请填写审批日期（YYYY-MM-DD）",
    )


@login_required
@require_POST
def transfer_sign(request: HttpRequest, pk: int) -> HttpResponse:
    return _transfer_step(
        request,
        pk,
        SignForm,
        transfer_services.transfer_sign,
        success="已签字。",
        refused="未签字",
        invalid="请填写签字日期（YYYY-MM-DD）",
    )


@login_required
@require_POST
def transfer_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _transfer_step(
        request,
        pk,
        CancelForm,
        transfer_services.transfer_cancel,
        success="已撤回。",
        refused="未撤回",
        invalid="请填写撤回理由和撤回日期",
    )


@login_required
def receiver_inbox(request: HttpRequest) -> HttpResponse:
    """What was transferred to the user's receiving organs: the transfers, and the clues with their due dates."""
    from xuncha.obligations.queue import open_obligations

    viewer = viewer_for(request.user)
    orgs = sorted(viewer.receiver_org_ids)
    transfers = (
        Transfer.objects.visible_to(request.user)
        .filter(receiver_id__in=orgs)
        .select_related("receiver", "jurisdiction")
    )
    page = Paginator(transfers, PAGE_SIZE).get_page(request.GET.get("page"))
    clues = (
        Clue.objects.visible_to(request.user)
        .filter(transfer__receiver_id__in=orgs, transfer__status=Transfer.Status.COMPLETED)
        .select_related("jurisdiction", "transfer__receiver", "inspection")
        .prefetch_related("subjects__cadre")
        .order_by("transfer__receiver_signed_on", "pk")
    )
    clue_page = Paginator(clues, PAGE_SIZE).get_page(request.GET.get("clue_page"))
    rows = _rows(clue_page.object_list)
    obs = open_obligations(
        subject_type="clues.clue",
        subject_ids=[r["clue"].pk for r in rows],
        rule_codes=["clue_handling_report", "fast_track_handling"],
    )
    for row in rows:
        pk = str(row["clue"].pk)
        row["obligations"] = [ob for (code, sid), ob in obs.items() if sid == pk]
        clue = row["clue"]
        book = clue.jurisdiction.rulebook
        row["review"] = bool(
            book.clues.priority_article
            and clue.status in (Clue.Status.TRANSFERRED, Clue.Status.HANDLING)
            and clue.transfer is not None
            and clue.transfer.receiver.receiver_kind == "discipline_organ"
            and any(s.cadre.management_level == "jurisdiction" for s in clue.subjects.all())
        )
        row["priority_article"] = book.clues.priority_article
    return render(
        request,
        "clues/transfer_inbox.html",
        {"page": page, "rows": rows, "clue_page": clue_page, "review_form": ReviewMeetingForm()},
    )


@login_required
def handling_report(request: HttpRequest, pk: int) -> HttpResponse:
    clue = _clue(request, pk)
    book = clue.jurisdiction.rulebook
    form = HandlingForm(request.POST or None, book=book)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: handling_services.handling_report(actor=_user(request), clue=clue, **form.cleaned_data),
            form=form,
            success=f"已反馈{clue}的办理情况。",
        )
        if done:
            return redirect("clues:receiver_inbox")
    reports = clue.handling_reports.all()[:PAGE_SIZE]
    return render(
        request,
        "clues/transfer_handling.html",
        {"clue": clue, "form": form, "book": book, "word": clue.jurisdiction.word, "reports": reports,
         "choices": rules.disposition_choices(book), "url": clue_page_url(clue)},
    )  # fmt: skip


@login_required
@require_POST
def review_meeting(request: HttpRequest) -> HttpResponse:
    form = ReviewMeetingForm(request.POST)
    if form.is_valid():
        ids = [int(i) for i in form.cleaned_data["clues"].split(",") if i.strip().isdigit()]
        clues = list(Clue.objects.visible_to(request.user).filter(pk__in=ids))
        attempt(
            request,
            lambda: handling_services.review_meeting_record(
                actor=_user(request), clues=clues, held_on=form.cleaned_data["held_on"], note=form.cleaned_data["note"]
            ),
            success="已登记专题排查会。",
            refused="未登记",
        )
    return redirect("clues:receiver_inbox")


urlpatterns: list[Any] = [
    path("inspections/<int:pk>/transfers/", inspection_transfers, name="inspection_transfers"),
    path("inspections/<int:pk>/disposal/", round_disposal, name="round_disposal"),
    path("inspections/<int:pk>/transfers/draft/", transfer_draft, name="transfer_draft"),
    path("<int:pk>/fast-track/", fast_track_propose, name="fast_track_propose"),
    path("fast-tracks/<int:pk>/decide/", fast_track_decide, name="fast_track_decide"),
    path("transfers/<int:pk>/", transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/approve/", transfer_approve, name="transfer_approve"),
    path("transfers/<int:pk>/sign/", transfer_sign, name="transfer_sign"),
    path("transfers/<int:pk>/cancel/", transfer_cancel, name="transfer_cancel"),
    path("receiver/", receiver_inbox, name="receiver_inbox"),
    path("receiver/review-meeting/", review_meeting, name="review_meeting"),
    path("<int:pk>/handling/", handling_report, name="handling_report"),
]
