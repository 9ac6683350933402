"""Fieldwork pages: one inspection's records by working method, a form per method, the petition register and the
document register, attachments. Reads start from `visible_to`; a petition is opened only through `petition_read`;
every write calls a service, whose refusal is shown next to the form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from xuncha.core.pages import attempt
from xuncha.core.visibility import viewer_for
from xuncha.inspections import services as inspection_services
from xuncha.inspections.models import Inspection
from xuncha.registry.models import Cadre

from . import rules, services
from .forms import (
    ApprovalForm,
    AttachmentForm,
    DisposeForm,
    DocumentRetrievalForm,
    FieldworkRecordForm,
    HandlingForm,
    PetitionForm,
    ReturnForm,
    SendForm,
    TalkForm,
)
from .models import DocumentRetrieval, FieldworkRecord, Petition
from .secrecy import may_read_fieldwork, may_read_secrets

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    return get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related(
            "jurisdiction", "round", "team__round__jurisdiction", "target"
        ),
        pk=pk,
    )


def _fieldwork_refusal(inspection: Inspection) -> str:
    word = inspection.jurisdiction.word
    return f"{word}了解工作记录是{word}组的工作材料，只有本{word}组和{word}机构可以查阅。"


def _petition_refusal(inspection: Inspection) -> str:
    book = inspection.jurisdiction.rulebook
    return (
        f"来信、来电、来访及反映人信息属{book.word}工作秘密，只有本{book.word}组成员和{book.word}办主任可以查阅"
        f"（泄露{book.word}工作秘密的依{rules.secrecy_article(book)}追究）。"
    )


def _is_team(request: HttpRequest, inspection: Inspection) -> bool:
    return inspection.team_id in viewer_for(request.user).team_ids


def _is_recorder(request: HttpRequest, inspection: Inspection) -> bool:
    """The team, or the office (head and staff) for non-secret material. The services check again."""
    viewer = viewer_for(request.user)
    office = viewer.jurisdictions_with({"office_head", "office_staff"})
    return inspection.team_id in viewer.team_ids or inspection.jurisdiction_id in office


def _can_record(request: HttpRequest, inspection: Inspection) -> bool:
    return inspection.status == Inspection.Status.ON_SITE and _is_recorder(request, inspection)


# -- overview -------------------------------------------------------------------------------------------------------
@login_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    if not may_read_fieldwork(cast("User", request.user), inspection):
        return render(request, "core/refused.html", {"message": _fieldwork_refusal(inspection)}, status=403)
    book = inspection.jurisdiction.rulebook
    records = list(
        FieldworkRecord.objects.visible_to(request.user)
        .filter(inspection=inspection)
        .select_related("recorded_by")
        .annotate(n_attachments=Count("attachments"))
        .order_by("-held_on", "-id")
    )
    by_method: dict[str, list[FieldworkRecord]] = {}
    for record in records:
        by_method.setdefault(record.method, []).append(record)
    secret_reader = may_read_secrets(cast("User", request.user), inspection)
    # Secret registers are not even counted for those who may not read them: “—”, not a misleading 0.
    counts: dict[str, int | None] = {
        "talk": inspection.talks.visible_to(request.user).count() if secret_reader else None,
        "petition": Petition.objects.visible_to(request.user).filter(inspection=inspection).count()
        if secret_reader
        else None,
        "document_retrieval": DocumentRetrieval.objects.visible_to(request.user).filter(inspection=inspection).count(),
    }
    own_urls = {"talk": "talk", "petition": "petitions", "document_retrieval": "documents"}
    can_record = _can_record(request, inspection)
    is_team = _is_team(request, inspection)
    methods = [
        {
            "method": m,
            "label": rules.method_label(m),
            "count": counts[m.code] if m.code in rules.OWN_RECORDS else len(by_method.get(m.code, [])),
            "records": by_method.get(m.code, []),
            "own": own_urls.get(m.code),
            # A method whose record names an informant is secret material: only the team records it.
            "may_record": can_record and (is_team or not rules.has_secret_details(m.code)),
            "approval_body": rules.approval_body_name(book, m),
            "approval_article": rules.approval_articles(book, m) if m.approval_by else "",
        }
        for m in book.working_methods
    ]
    return render(
        request,
        "fieldwork/overview.html",
        {
            "inspection": inspection,
            "book": book,
            "methods": methods,
            "total": len(records) + sum(n for n in counts.values() if n is not None),
            "can_record": can_record,
            "secret_reader": secret_reader,
            "entry_article": rules.entry_article(book),
            "methods_article": rules.methods_article(book),
        },
    )


# -- working methods ------------------------------------------------------------------------------------------------
@login_required
def record_new(request: HttpRequest, pk: int, method: str) -> HttpResponse:
    inspection = _inspection(request, pk)
    book = inspection.jurisdiction.rulebook
    wm = next((m for m in book.working_methods if m.code == method), None)
    if wm is None or wm.code in rules.OWN_RECORDS:  # not a method of this rulebook, or one with its own page
        raise Http404
    form = FieldworkRecordForm(request.POST or None, book=book, method=wm)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.fieldwork_record_create(
                actor=cast("User", request.user), inspection=inspection, method=wm.code, **form.service_kwargs()
            ),
            form=form,
            success=f"已记录{wm.name}。",
        )
        if done:
            return redirect("fieldwork:record", pk=done.value.pk)
    return render(
        request,
        "fieldwork/record_form.html",
        {
            "inspection": inspection,
            "book": book,
            "wm": wm,
            "label": rules.method_label(wm),
            "form": form,
            "approval_body": rules.approval_body_name(book, wm),
            "approval_article": rules.approval_articles(book, wm) if wm.approval_by else "",
        },
    )


def _record(request: HttpRequest, pk: int) -> FieldworkRecord:
    return get_object_or_404(
        FieldworkRecord.objects.visible_to(request.user).select_related(
            "inspection__jurisdiction", "inspection__team__round__jurisdiction", "inspection__target", "recorded_by"
        ),
        pk=pk,
    )


@login_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _record(request, pk)  # 404 for a record the user may not see
    # The informant of an inquiry: only on a recorded read by the team or the office head; others see “（保密）”.
    record = services.fieldwork_record_read(actor=cast("User", request.user), pk=pk)
    book = record.inspection.jurisdiction.rulebook
    wm = record.working_method
    details = []
    for d in rules.details_for(record.method):
        value = record.details.get(d.key)
        if value is None:
            continue
        if d.secret and not record.secret_revealed:
            value = rules.WITHHELD
        elif d.kind == "choice":
            value = dict(d.choices).get(value, value)
        details.append((d, value))
    can_record = _can_record(request, record.inspection)
    return render(
        request,
        "fieldwork/record_detail.html",
        {
            "record": record,
            "inspection": record.inspection,
            "book": book,
            "wm": wm,
            "label": rules.method_label(wm) if wm else record.method,
            "details": details,
            "secret_revealed": record.secret_revealed,
            "secrecy_article": rules.secrecy_article(book),
            "attachments": record.attachments.all(),
            "can_record": can_record,
            "approval_form": ApprovalForm()
            if can_record and wm and wm.approval_by and not record.approved_on
            else None,
            "send_form": SendForm()
            if can_record and record.method == "assistance_request" and not record.sent_on
            else None,
            "approval_body": rules.approval_body_name(book, wm) if wm else "",
            "approval_article": rules.approval_article(book, wm, record.details) if wm and wm.approval_by else "",
            "upload_form": AttachmentForm() if can_record else None,
        },
    )


@login_required
@require_POST
def record_approve(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    form = ApprovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, "批准未登记：请填写批准日期和依据。")
        return redirect("fieldwork:record", pk=pk)
    attempt(
        request,
        lambda: services.fieldwork_record_approve(actor=cast("User", request.user), record=record, **form.cleaned_data),
        success="已登记批准。",
        refused="批准未登记",
    )
    return redirect("fieldwork:record", pk=pk)


@login_required
@require_POST
def record_send(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, "未标记提请：请填写提请日期。")
        return redirect("fieldwork:record", pk=pk)
    attempt(
        request,
        lambda: services.assistance_request_send(actor=cast("User", request.user), record=record, **form.cleaned_data),
        success="已标记为已提请协助。",
        refused="未标记提请",
    )
    return redirect("fieldwork:record", pk=pk)


# -- talks (the record lives in inspections) ------------------------------------------------------------------------
@login_required
def talk_new(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = TalkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: inspection_services.talk_record_create(
                actor=cast("User", request.user), inspection=inspection, **form.cleaned_data
            ),
            form=form,
            success=lambda record: f"已记录个别谈话（#{record.pk}）。",
        )
        if done:
            return redirect("fieldwork:overview", pk=inspection.pk)
    book = inspection.jurisdiction.rulebook
    return render(
        request,
        "fieldwork/talk_form.html",
        {"inspection": inspection, "book": book, "wm": rules.method(book, "talk"), "form": form},
    )


# -- petitions ------------------------------------------------------------------------------------------------------
@login_required
def petition_register(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    if not may_read_secrets(cast("User", request.user), inspection):
        return render(request, "core/refused.html", {"message": _petition_refusal(inspection)}, status=403)
    book = inspection.jurisdiction.rulebook
    # The register: number, date, channel, classification. Never the petitioner or the content.
    rows = (
        Petition.objects.visible_to(request.user)
        .filter(inspection=inspection)
        .only("id", "inspection_id", "number", "received_on", "channel", "classification")
        .order_by("number")
    )
    categories = {c.code: c for c in book.problem_categories}
    register = [(p, categories.get(p.classification)) for p in rows]
    form = None
    if inspection.status == Inspection.Status.ON_SITE and _is_team(request, inspection):
        cadres = Cadre.objects.visible_to(request.user).filter(jurisdiction=inspection.jurisdiction)
        form = PetitionForm(request.POST or None, book=book, cadres=cadres)
        if request.method == "POST" and form.is_valid():
            done = attempt(
                request,
                lambda: services.petition_register(
                    actor=cast("User", request.user), inspection=inspection, **form.cleaned_data
                ),
                form=form,
                success=lambda petition: f"已登记第{petition.number}号。",
            )
            if done:
                return redirect("fieldwork:petitions", pk=inspection.pk)
    elif request.method == "POST":
        messages.error(request, f"只有本{book.word}组成员可以在{book.word}期间登记来信、来电、来访。")
    return render(
        request,
        "fieldwork/petition_register.html",
        {
            "inspection": inspection,
            "book": book,
            "wm": rules.method(book, "petition"),
            "register": register,
            "form": form,
            "secrecy_article": rules.secrecy_article(book),
        },
    )


@login_required
def petition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opened = attempt(request, lambda: services.petition_read(actor=cast("User", request.user), pk=pk), denied_page=True)
    if opened.response is not None:
        return opened.response
    petition = opened.value
    inspection = petition.inspection
    book = inspection.jurisdiction.rulebook
    category = next((c for c in book.problem_categories if c.code == petition.classification), None)
    is_team = _is_team(request, inspection)
    return render(
        request,
        "fieldwork/petition_detail.html",
        {
            "petition": petition,
            "inspection": inspection,
            "book": book,
            "category": category,
            "attachments": petition.attachments.all(),
            "handling_form": HandlingForm(initial={"handling": petition.handling}) if is_team else None,
            "upload_form": AttachmentForm() if is_team and inspection.status == Inspection.Status.ON_SITE else None,
        },
    )


@login_required
@require_POST
def petition_handle(request: HttpRequest, pk: int) -> HttpResponse:
    petition = get_object_or_404(Petition.objects.visible_to(request.user).select_related("inspection"), pk=pk)
    form = HandlingForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.petition_handle(
                actor=cast("User", request.user), petition=petition, handling=form.cleaned_data["handling"]
            ),
            success="已更改处理方式。",
            refused="处理方式未更改",
        )
    return redirect("fieldwork:petitions", pk=petition.inspection_id)


# -- document retrievals --------------------------------------------------------------------------------------------
@login_required
def document_register(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    if not may_read_fieldwork(cast("User", request.user), inspection):
        return render(request, "core/refused.html", {"message": _fieldwork_refusal(inspection)}, status=403)
    book = inspection.jurisdiction.rulebook
    rows = (
        DocumentRetrieval.objects.visible_to(request.user)
        .filter(inspection=inspection)
        .select_related("recorded_by")
        .prefetch_related("attachments")
        .order_by("-taken_on", "-id")
    )
    can_record = _can_record(request, inspection)
    form = DocumentRetrievalForm(request.POST or None) if can_record else None
    if form is not None and request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.document_retrieval_record(
                actor=cast("User", request.user), inspection=inspection, **form.cleaned_data
            ),
            form=form,
            success="已登记调阅、复制资料。",
        )
        if done:
            return redirect("fieldwork:documents", pk=inspection.pk)
    # Borrowed material is returned, and copies kept or destroyed, also after fieldwork has ended.
    may_close = inspection.status not in (Inspection.Status.PLANNED, Inspection.Status.PREPARING) and _is_recorder(
        request, inspection
    )
    return render(
        request,
        "fieldwork/document_register.html",
        {
            "inspection": inspection,
            "book": book,
            "wm": rules.method(book, "document_retrieval"),
            "rows": rows,
            "form": form,
            "may_close": may_close,
            "return_form": ReturnForm(),
            "dispose_form": DisposeForm(),
            "upload_form": AttachmentForm() if may_close else None,
        },
    )


def _retrieval(request: HttpRequest, pk: int) -> DocumentRetrieval:
    return get_object_or_404(DocumentRetrieval.objects.visible_to(request.user).select_related("inspection"), pk=pk)


@login_required
@require_POST
def document_return(request: HttpRequest, pk: int) -> HttpResponse:
    retrieval = _retrieval(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "未登记归还：请填写归还日期。")
    else:
        attempt(
            request,
            lambda: services.document_return(
                actor=cast("User", request.user), retrieval=retrieval, **form.cleaned_data
            ),
            success=f"已登记归还《{retrieval.title}》。",
            refused="未登记归还",
        )
    return redirect("fieldwork:documents", pk=retrieval.inspection_id)


@login_required
@require_POST
def document_dispose(request: HttpRequest, pk: int) -> HttpResponse:
    retrieval = _retrieval(request, pk)
    form = DisposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "未登记处理：请选择留存或销毁并填写日期。")
    else:
        attempt(
            request,
            lambda: services.document_copy_dispose(
                actor=cast("User", request.user), retrieval=retrieval, **form.cleaned_data
            ),
            success=f"已登记复制件《{retrieval.title}》的处理。",
            refused="未登记处理",
        )
    return redirect("fieldwork:documents", pk=retrieval.inspection_id)


# -- attachments ----------------------------------------------------------------------------------------------------
PARENTS: dict[str, tuple[Any, str]] = {
    "record": (FieldworkRecord, "fieldwork:record"),
    "petition": (Petition, "fieldwork:petition"),
    "document": (DocumentRetrieval, "fieldwork:documents"),
}


@login_required
@require_POST
def attachment_upload(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in PARENTS:
        raise Http404
    model, back = PARENTS[kind]
    parent = get_object_or_404(model.objects.visible_to(request.user).select_related("inspection"), pk=pk)
    target = parent.inspection_id if kind == "document" else parent.pk
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "附件未上传：请选择文件。")
        return redirect(back, pk=target)
    attempt(
        request,
        lambda: services.attachment_upload(
            actor=cast("User", request.user), parent=parent, upload=form.cleaned_data["file"]
        ),
        success=lambda attachment: f"已上传附件（SHA-256 {attachment.sha256[:12]}…）。",
        refused="附件未上传",
    )
    return redirect(back, pk=target)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    opened = attempt(
        request, lambda: services.attachment_open(actor=cast("User", request.user), pk=pk), denied_page=True
    )
    if opened.response is not None:
        return opened.response
    attachment = opened.value
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)
