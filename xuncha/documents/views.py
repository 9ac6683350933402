"""Pages: an inspection's documents (print, open, regenerate), one document with its versions and PDF preview,
the list of documents the user may read, and the office's settings (letterhead, templates)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from xuncha.core.api_support import as_id
from xuncha.core.errors import ServiceError
from xuncha.core.pages import attempt
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.models import Jurisdiction

from . import pdf, selectors, services
from . import render as rendering
from .forms import GenerateForm, LetterheadForm, TemplateUploadForm
from .kinds import spec_for
from .models import Document, Template

if TYPE_CHECKING:
    from xuncha.accounts.models import User

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return cast("User", request.user)


def _reset(request: HttpRequest, jurisdiction: Jurisdiction) -> None:
    services.template_reset(actor=_user(request), jurisdiction=jurisdiction, code=request.POST.get("code", ""))


def _download_name(document: Document, suffix: str) -> str:
    number = f"（{document.number_text}）" if document.number_id else ""
    return f"{document.title}{number}第{document.version}版.{suffix}"


@login_required
def inspection_documents(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related("jurisdiction", "team__round", "target"), pk=pk
    )
    rows = selectors.inspection_rows(_user(request), inspection)
    return render(
        request,
        "documents/inspection.html",
        {"inspection": inspection, "rows": rows, "form": GenerateForm(), "word": inspection.jurisdiction.word},
    )


@login_required
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    form = GenerateForm(request.POST)
    back = request.POST.get("next") or reverse("documents:list")
    if not back.startswith("/"):
        back = reverse("documents:list")
    try:
        jurisdiction_id = as_id(request.POST.get("j"), field="j", label="党委", required=False)
        subject_id = as_id(request.POST.get("subject"), field="subject", label="所据记录") or 0
        spec, subject = selectors.find_subject(
            _user(request), jurisdiction_id, request.POST.get("code", ""), subject_id
        )
    except ServiceError as exc:
        from django.contrib import messages

        messages.error(request, f"未能生成：{exc.message}")
        return redirect(back)
    dated_on = form.cleaned_data.get("dated_on") if form.is_valid() else None
    done = attempt(
        request,
        lambda: services.document_generate(actor=_user(request), code=spec.code, subject=subject, dated_on=dated_on),
        refused=f"未能生成“{spec.name}”",
        success=lambda d: f"已生成“{d.title}”第{d.version}版{('，' + d.number_text) if d.number_id else ''}。",
    )
    if done:
        return redirect("documents:detail", pk=done.value.pk)
    return redirect(back)


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    docs = Document.objects.visible_to(request.user).select_related("number", "inspection__target", "jurisdiction")
    inspection = request.GET.get("inspection", "")
    if inspection.isdigit():
        docs = docs.filter(inspection_id=int(inspection))
    kind = request.GET.get("kind", "")
    if kind:
        docs = docs.filter(kind=kind)
    page = Paginator(docs.order_by("-generated_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "documents/list.html", {"page": page, "kind": kind, "inspection_filter": inspection})


def _visible_document(request: HttpRequest, pk: int) -> Document:
    return get_object_or_404(
        Document.objects.visible_to(request.user).select_related(
            "number", "jurisdiction", "inspection__target", "generated_by", "template"
        ),
        pk=pk,
    )


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _visible_document(request, pk)
    book = document.jurisdiction.rulebook
    entry = book.document(document.kind)
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "entry": entry,
            "book": book,
            "versions": selectors.versions(_user(request), document)[:20],
            "pdf_available": pdf.soffice_path() is not None,
            "form": GenerateForm(),
        },
    )


@login_required
def document_docx(request: HttpRequest, pk: int) -> FileResponse:
    document = _visible_document(request, pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=_download_name(document, "docx"),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@login_required
def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = _visible_document(request, pk)
    try:
        content = services.document_pdf(actor=_user(request), document=document)
    except ServiceError as exc:
        return render(request, "documents/pdf_unavailable.html", {"message": exc.message, "document": document})
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = "inline"
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


# ---- the office's settings ----


def _office_jurisdiction(request: HttpRequest) -> Jurisdiction:
    mine = selectors.office_jurisdictions(_user(request))
    raw = request.GET.get("j") or request.POST.get("j") or ""
    if raw.isdigit() and int(raw) in mine:
        return Jurisdiction.objects.get(pk=int(raw))
    if not mine:
        raise Http404("只有办公室可以设置文书")
    return Jurisdiction.objects.get(pk=mine[0])


@login_required
def office_settings(request: HttpRequest) -> HttpResponse:
    mine = selectors.office_jurisdictions(_user(request))
    if not mine:
        return render(
            request, "core/refused.html", {"message": "只有办公室负责人和工作人员可以查看文书设置。"}, status=403
        )
    jurisdiction = _office_jurisdiction(request)
    letterhead = services.letterhead_of(jurisdiction)
    initial: dict[str, Any] = (
        {"issuer": letterhead.issuer, "code": letterhead.code, "printer": letterhead.printer} if letterhead else {}
    )
    return render(
        request,
        "documents/settings.html",
        {
            "jurisdiction": jurisdiction,
            "jurisdictions": Jurisdiction.objects.filter(pk__in=mine),
            "letterhead": letterhead,
            "letterhead_form": LetterheadForm(initial=initial),
            "rows": selectors.template_rows(jurisdiction),
            "upload_form": TemplateUploadForm(),
            "fields": rendering.COMMON_FIELDS,
            "ledger_specs": [s for s in selectors.specs(jurisdiction.rulebook) if s.kind.code == "ledger"],
        },
    )


def _settings_url(jurisdiction: Jurisdiction) -> str:
    return f"{reverse('documents:settings')}?j={jurisdiction.pk}"


@login_required
@require_POST
def letterhead_save(request: HttpRequest) -> HttpResponse:
    jurisdiction = _office_jurisdiction(request)
    form = LetterheadForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.letterhead_set(actor=_user(request), jurisdiction=jurisdiction, **form.cleaned_data),
            refused="未能保存文书设置",
            success="已保存发文机关标志、代字和印发机关。",
        )
    else:
        from django.contrib import messages

        messages.error(request, "未能保存文书设置：" + "；".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(_settings_url(jurisdiction))


@login_required
@require_POST
def template_upload(request: HttpRequest) -> HttpResponse:
    jurisdiction = _office_jurisdiction(request)
    code = request.POST.get("code", "")
    upload = request.FILES.get("template")
    attempt(
        request,
        lambda: services.template_upload(
            actor=_user(request),
            jurisdiction=jurisdiction,
            code=code,
            content=upload.read() if upload else b"",
            original_name=(upload.name or "") if upload else "",
        ),
        refused="模板未更换",
        success="已更换模板；此后生成的文书使用新模板，已生成的文书不变。",
    )
    return redirect(_settings_url(jurisdiction))


@login_required
@require_POST
def template_reset(request: HttpRequest) -> HttpResponse:
    jurisdiction = _office_jurisdiction(request)
    attempt(
        request,
        lambda: services.template_reset(
            actor=_user(request), jurisdiction=jurisdiction, code=request.POST.get("code", "")
        ),
        refused="未能恢复默认模板",
        success="已恢复默认模板。",
    )
    return redirect(_settings_url(jurisdiction))


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    """The default template of a document (`which=default`) or the office's current one, to edit in Word or WPS."""
    jurisdiction = _office_jurisdiction(request)
    try:
        spec = spec_for(jurisdiction.rulebook, request.GET.get("code", ""))
    except ServiceError as exc:
        return render(request, "core/refused.html", {"message": exc.message}, status=400)
    content, template = services.current_template(jurisdiction, spec)
    if request.GET.get("which") == "default":
        content, template = rendering.default_template(spec), None
    name = f"{spec.name}-{'办公室模板' if template else '默认模板'}.docx"
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = _attachment(name)
    return response


def _attachment(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(name)}"


@login_required
def template_file(request: HttpRequest, pk: int) -> FileResponse:
    """An earlier uploaded template, kept after it was replaced."""
    template = get_object_or_404(Template.objects.visible_to(request.user), pk=pk)
    return FileResponse(template.file.open("rb"), as_attachment=True, filename=template.original_name)
