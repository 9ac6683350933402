"""Pages: a round's results (inspections, stage, reports, heard/decided, deadlines), the hearing, decision and filing
forms, a meeting, an inspection's own items (for its team), the filings a parent jurisdiction receives, and the
consultations on cadres. Reads through visible_to and the selectors; writes through services, whose refusals are shown
as they are. The inspected units see none of it (404)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from xuncha.core.errors import PermissionDeniedError
from xuncha.core.pages import attempt
from xuncha.core.visibility import viewer_for
from xuncha.inspections.models import Inspection
from xuncha.planning.models import Round
from xuncha.registry.models import Organization

from . import hooks, rules, services
from .forms import AnswerForm, ConsultationForm, DecisionForm, FilingForm, HearingForm, attendee_lines
from .models import Consultation, Filing, Meeting, MeetingItem
from .selectors import oversight_rounds, round_deadlines, round_rows

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _round(request: HttpRequest, pk: int) -> Round:
    return get_object_or_404(oversight_rounds(cast("User", request.user)), pk=pk)


def _context(request: HttpRequest, rnd: Round) -> dict[str, Any]:
    book = rnd.jurisdiction.rulebook
    return {
        "round": rnd,
        "book": book,
        "is_office": services.is_office(cast("User", request.user), rnd.jurisdiction_id),
        "hearing_body": rules.hearing_body(book),
        "decision_body": rules.decision_body(book),
        "filing_verb": rules.filing_verb(book),
        "filing_to": rules.filing_to_name(book),
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    rounds = list(oversight_rounds(cast("User", request.user)).order_by("jurisdiction__code", "-year", "-number"))
    decided = {f.round_id: f for f in Filing.objects.visible_to(request.user).filter(round__in=rounds)}
    departments = services.departments_of(cast("User", request.user))
    return render(
        request,
        "results/index.html",
        {
            "rounds": [(r, decided.get(r.pk)) for r in rounds],
            "child_filings": Filing.objects.visible_to(request.user)
            .exclude(jurisdiction_id__in=viewer.oversight_jurisdictions)
            .exists(),
            "consultations": bool(departments) or Consultation.objects.visible_to(request.user).exists(),
        },
    )


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    today = timezone.localdate()
    meetings = (
        Meeting.objects.visible_to(request.user)
        .filter(round=rnd)
        .select_related("jurisdiction")
        .prefetch_related("attendees")
        .order_by("held_on", "pk")
    )
    return render(
        request,
        "results/round.html",
        {
            "rows": round_rows(rnd),
            "deadlines": round_deadlines(rnd, today=today),
            "meetings": meetings,
            "filing": Filing.objects.visible_to(request.user).filter(round=rnd).first(),
        }
        | _context(request, rnd),
    )


def _meeting_form(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    rnd = _round(request, pk)
    context = _context(request, rnd)
    if not context["is_office"]:
        raise Http404
    book = context["book"]
    heard = set(
        MeetingItem.objects.filter(inspection__round=rnd, kind=Meeting.Kind.HEARING).values_list(
            "inspection_id", flat=True
        )
    )
    candidates = list(
        Inspection.objects.filter(round=rnd, status=services.RESULTS_STAGE)
        .select_related("jurisdiction", "team__round__jurisdiction", "target")
        .order_by("pk")
    )
    if kind == Meeting.Kind.HEARING:
        inspections = [i for i in candidates if i.pk not in heard]
        form: HearingForm | DecisionForm = HearingForm(
            request.POST or None, initial={"held_on": timezone.localdate()}, inspections=inspections
        )
    else:
        inspections = [i for i in candidates if i.pk in heard and i.results_decided_on is None]
        form = DecisionForm(
            request.POST or None, initial={"held_on": timezone.localdate()}, inspections=inspections, book=book
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def record() -> Meeting:
            if kind == Meeting.Kind.HEARING:
                return services.hearing_hold(
                    actor=cast("User", request.user),
                    round=rnd,
                    held_on=data["held_on"],
                    agenda=data["agenda"],
                    attendees=attendee_lines(data["attendees"]),
                    minutes=data["minutes"],
                    items=form.items(),  # type: ignore[arg-type]
                )
            return services.decision_make(
                actor=cast("User", request.user),
                round=rnd,
                made_on=data["held_on"],
                agenda=data["agenda"],
                attendees=attendee_lines(data["attendees"]),
                minutes=data["minutes"],
                items=form.items(),
            )

        if attempt(request, record, form=form, success=lambda meeting: f"已登记{meeting}。"):
            return redirect("results:round", pk=rnd.pk)
    article = book.procedure.hearing_article if kind == Meeting.Kind.HEARING else book.procedure.decision_article
    return render(
        request,
        "results/meeting_form.html",
        {"form": form, "kind": kind, "article": article, "is_hearing": kind == Meeting.Kind.HEARING} | context,
    )


@login_required
def hearing_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(request, pk, Meeting.Kind.HEARING)


@login_required
def decision_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(request, pk, Meeting.Kind.DECISION)


@login_required
def filing_new(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    context = _context(request, rnd)
    if not context["is_office"]:
        raise Http404
    form = FilingForm(request.POST or None, initial={"filed_on": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: services.decision_file(actor=cast("User", request.user), round=rnd, **form.cleaned_data),
            form=form,
            success=lambda filing: f"已登记{filing}。",
        )
    ):
        return redirect("results:round", pk=rnd.pk)
    return render(request, "results/filing_form.html", {"form": form} | context)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).select_related("jurisdiction", "round"), pk=pk)
    labels = rules.use_labels(meeting.jurisdiction.rulebook)
    items = list(
        meeting.items.visible_to(request.user)
        .select_related("inspection__jurisdiction", "inspection__team__round__jurisdiction", "inspection__target")
        .order_by("inspection_id")
    )
    for item in items:
        item.use_labels = [labels.get(u, u) for u in item.uses]  # type: ignore[attr-defined]
    return render(
        request,
        "results/meeting.html",
        {
            "meeting": meeting,
            "attendees": meeting.attendees.order_by("pk"),
            "items": items,
            "panels": hooks.panels(meeting, request.user),
        }
        | _context(request, meeting.round),
    )


@login_required
def inspection_items(request: HttpRequest, pk: int) -> HttpResponse:
    """One inspection's proposal and decision: for its team (its own item only) and the oversight roles."""
    inspection = get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related(
            "jurisdiction", "team__round__jurisdiction", "target"
        ),
        pk=pk,
    )
    viewer = viewer_for(request.user)
    if inspection.team_id not in viewer.team_ids and inspection.jurisdiction_id not in viewer.oversight_jurisdictions:
        raise Http404
    items = list(
        MeetingItem.objects.visible_to(request.user)
        .filter(inspection=inspection)
        .select_related("meeting__jurisdiction")
        .order_by("meeting__held_on")
    )
    labels = rules.use_labels(inspection.jurisdiction.rulebook)
    for item in items:
        item.use_labels = [labels.get(u, u) for u in item.uses]  # type: ignore[attr-defined]
    return render(
        request,
        "results/inspection.html",
        {"inspection": inspection, "items": items, "book": inspection.jurisdiction.rulebook},
    )


@login_required
def filing_list(request: HttpRequest) -> HttpResponse:
    """Filings the user may see: their own jurisdictions' and, for the oversight roles of a parent jurisdiction, those
    its children filed with it (上下联动)."""
    filings = Filing.objects.visible_to(request.user).select_related("jurisdiction", "round", "recorded_by")
    return render(request, "results/filings.html", {"filings": filings.order_by("-filed_on", "-pk")})


# -- consultations --------------------------------------------------------------------------------------------------
def _department(request: HttpRequest) -> Organization | None:
    return next(iter(services.departments_of(cast("User", request.user))), None)


@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    department = _department(request)
    form = None
    if department is not None:
        form = ConsultationForm(
            request.POST or None, initial={"asked_on": timezone.localdate()}, jurisdiction=department.jurisdiction
        )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            asked = attempt(
                request,
                lambda: services.consultation_request(actor=cast("User", request.user), **data),
                form=form,
                success=lambda consultation: f"已提出{consultation}。",
            )
            if asked:
                return redirect("results:consultation", pk=asked.value.pk)
    elif request.method == "POST":
        raise Http404
    consultations = Consultation.objects.visible_to(request.user).select_related("cadre", "department", "asked_by")
    book = department.jurisdiction.rulebook if department is not None else None
    return render(
        request,
        "results/consultations.html",
        {"consultations": consultations, "form": form, "department": department, "book": book},
    )


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(
        Consultation.objects.visible_to(request.user).select_related(
            "cadre", "department", "jurisdiction", "asked_by", "answered_by"
        ),
        pk=pk,
    )
    book = consultation.jurisdiction.rulebook
    can_answer = consultation.answered_on is None and services.may_answer(cast("User", request.user), consultation)
    form = AnswerForm(request.POST or None, initial={"answered_on": timezone.localdate()}) if can_answer else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid() and attempt(
            request,
            lambda: services.consultation_answer(
                actor=cast("User", request.user), consultation=consultation, **form.cleaned_data
            ),
            form=form,
            success=f"已登记{consultation}的答复。",
        ):
            return redirect("results:consultation", pk=pk)
    material = None
    if services.may_read_material(cast("User", request.user), consultation):
        # Each showing of the material is a read, recorded as `results.consulted`.
        try:
            material = services.consultation_read(actor=cast("User", request.user), consultation=consultation)
        except PermissionDeniedError:
            material = None
    return render(
        request,
        "results/consultation.html",
        {
            "consultation": consultation,
            "book": book,
            "material": material,
            "form": form,
            "occasion": consultation.get_occasion_display(),
        },
    )
