"""Pages: the list of sheets (templates, exports, uploads) and the job page that polls its progress."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from xuncha.core.pages import attempt
from xuncha.core.visibility import viewer_for
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.planning.models import Team

from . import services
from .columns import SHEETS
from .exports import export_workbook, file_name, template_workbook
from .models import ImportJob

if TYPE_CHECKING:
    from xuncha.accounts.models import User  # the views are behind login: request.user is a User

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

COUNT_LABELS = {
    "rows": "数据行",
    "created": "新增",
    "updated": "更新",
    "unchanged": "未变",
    "cadres_created": "新增干部",
    "cadres_updated": "更新干部信息",
    "posts_created": "新增任职",
    "posts_existing": "已登记的任职（未重复登记）",
}


def reachable_jurisdictions(user: Any) -> QuerySet[Jurisdiction]:
    """The jurisdictions the user sees, and those of the teams they serve on: a team member holds
    no membership in the jurisdiction, yet may export what they see of its registry."""
    viewer = viewer_for(user)
    teams = Team.objects.filter(pk__in=viewer.team_ids).values("round__jurisdiction_id")
    visible = Jurisdiction.objects.visible_to(user).values("pk")
    return Jurisdiction.objects.filter(Q(pk__in=visible) | Q(pk__in=teams)).order_by("code")


def chosen_jurisdiction(user: Any, code: str | None) -> Jurisdiction:
    """The jurisdiction named by `code` if the user reaches it; else the one where they may import,
    else the first one they reach."""
    visible = reachable_jurisdictions(user)
    if code:
        found = visible.filter(code=code).first()
        if found is None:
            raise Http404("没有这个党委，或无权查看")
        return found
    mine = services.import_jurisdictions(user)
    if mine:
        return mine[0]
    first = visible.first()
    if first is None:
        raise Http404("没有可查看的党委")
    return first


def xlsx_response(handle: Any, name: str) -> FileResponse:
    return FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX)


def _kind(kind: str) -> str:
    if kind not in SHEETS:
        raise Http404("没有这种表格")
    return kind


@login_required
def index(request: HttpRequest) -> HttpResponse:
    jurisdiction = chosen_jurisdiction(request.user, request.GET.get("jurisdiction"))
    book = jurisdiction.rulebook
    sheets = [
        {"kind": s.kind, "title": s.sheet_title(book), "rule": s.sheet_rule(book), "headers": s.headers}
        for s in SHEETS.values()
    ]
    jobs = ImportJob.objects.visible_to(request.user).select_related("jurisdiction", "created_by")[:20]
    return render(
        request,
        "spreadsheets/index.html",
        {
            "jurisdiction": jurisdiction,
            "jurisdictions": reachable_jurisdictions(request.user),
            "may_import": services.may_import(request.user, jurisdiction),
            "import_jurisdictions": services.import_jurisdictions(request.user),
            "sheets": sheets,
            "jobs": jobs,
            "book": book,
        },
    )


@login_required
def template_download(request: HttpRequest, kind: str) -> FileResponse:
    jurisdiction = chosen_jurisdiction(request.user, request.GET.get("jurisdiction"))
    handle = template_workbook(kind=_kind(kind), jurisdiction=jurisdiction)
    return xlsx_response(handle, file_name(kind, jurisdiction, template=True))


@login_required
def export_download(request: HttpRequest, kind: str) -> FileResponse:
    jurisdiction = chosen_jurisdiction(request.user, request.GET.get("jurisdiction"))
    handle = export_workbook(user=request.user, kind=_kind(kind), jurisdiction=jurisdiction)
    return xlsx_response(handle, file_name(kind, jurisdiction, template=False))


@login_required
@require_POST
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    _kind(kind)
    jurisdiction = chosen_jurisdiction(request.user, request.POST.get("jurisdiction"))
    back = redirect(f"{reverse('spreadsheets:index')}?jurisdiction={jurisdiction.code}")
    handle = request.FILES.get("file")
    if handle is None:
        messages.error(request, "请选择要导入的 .xlsx 文件")
        return back
    created = attempt(
        request,
        lambda: services.import_job_create(
            actor=cast("User", request.user),
            jurisdiction=jurisdiction,
            kind=kind,
            upload=handle,
            file_name=handle.name or "",
        ),
        refused="未导入",
        denied_page=True,
    )
    if not created:
        return created.response or back
    job = created.value
    return redirect("spreadsheets:job", pk=job.pk)


def _job_context(job: ImportJob) -> dict[str, Any]:
    counts = [(COUNT_LABELS.get(k, k), v) for k, v in job.counts.items()]
    return {"job": job, "counts": counts, "more_errors": max(0, job.error_count - len(job.errors))}


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(
        ImportJob.objects.visible_to(request.user).select_related("jurisdiction", "created_by"), pk=pk
    )
    return render(request, "spreadsheets/job.html", _job_context(job))


@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.visible_to(request.user).select_related("jurisdiction"), pk=pk)
    return render(request, "spreadsheets/_job_status.html", _job_context(job))
