"""API: start an import, follow its job, export a sheet. Reads go through visible_to(user);
the import goes through the service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.errors import ServiceError
from xuncha.jurisdictions.models import Jurisdiction

from . import services
from .columns import SHEETS
from .exports import export_workbook, file_name
from .models import ImportJob
from .views import XLSX, chosen_jurisdiction, xlsx_response

if TYPE_CHECKING:
    from xuncha.accounts.models import User  # the views are behind login: request.user is a User


class ImportJobSerializer(serializers.ModelSerializer):
    jurisdiction_code = serializers.CharField(source="jurisdiction.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    rows_done = serializers.IntegerField(source="live_rows_done", read_only=True)
    percent = serializers.IntegerField(read_only=True)
    finished = serializers.BooleanField(read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "jurisdiction",
            "jurisdiction_code",
            "kind",
            "file_name",
            "sha256",
            "status",
            "status_label",
            "finished",
            "rows_total",
            "rows_done",
            "percent",
            "error_count",
            "errors",
            "counts",
            "message",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


KIND = OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(SHEETS), description="表格")
JURISDICTION = OpenApiParameter("jurisdiction", str, description="党委代码；不填为本人可导入的党委")


def _kind(kind: str) -> str:
    if kind not in SHEETS:
        raise Http404("没有这种表格")
    return kind


def _import_jurisdiction(user: Any, code: str) -> Jurisdiction:
    if code:
        return chosen_jurisdiction(user, code)
    mine = services.import_jurisdictions(user)
    if len(mine) == 1:
        return mine[0]
    if not mine:
        raise services.refusal(chosen_jurisdiction(user, None))
    raise ServiceError(
        f"您在多个党委可以导入，请用 jurisdiction 指定：{'、'.join(j.code for j in mine)}", field="jurisdiction"
    )


@extend_schema(
    summary="导入一个 Excel 表（先逐行校验整个文件，全部无误才在一个事务中写入）",
    parameters=[KIND],
    request={
        "multipart/form-data": inline_serializer(
            "SheetUpload", {"file": serializers.FileField(), "jurisdiction": serializers.CharField(required=False)}
        )
    },
    responses={202: ImportJobSerializer},
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
@parser_classes([MultiPartParser])
def import_sheet(request: Request, kind: str) -> Response:
    _kind(kind)
    handle = request.FILES.get("file")
    if handle is None:
        raise ServiceError("请以 multipart 字段 file 上传 .xlsx 文件", field="file")
    jurisdiction = _import_jurisdiction(request.user, request.POST.get("jurisdiction", ""))
    job = services.import_job_create(
        actor=cast("User", request.user),
        jurisdiction=jurisdiction,
        kind=kind,
        upload=handle,
        file_name=handle.name or "",
    )
    job = ImportJob.objects.select_related("jurisdiction").get(pk=job.pk)  # inline runs finish before this
    return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(summary="导入任务的进度与结果（校验问题按行、列列出）", responses=ImportJobSerializer)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def job(request: Request, pk: int) -> Response:
    found = ImportJob.objects.visible_to(request.user).select_related("jurisdiction").filter(pk=pk).first()
    if found is None:
        raise Http404("没有这个导入任务，或无权查看")
    return Response(ImportJobSerializer(found).data)


@extend_schema(
    summary="导出一个 Excel 表（只含本人可见的数据；格式与导入模板相同）",
    parameters=[KIND, JURISDICTION],
    responses={(200, XLSX): OpenApiTypes.BINARY},
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def export(request: Request, kind: str) -> FileResponse:
    jurisdiction = chosen_jurisdiction(request.user, request.query_params.get("jurisdiction"))
    handle = export_workbook(user=request.user, kind=_kind(kind), jurisdiction=jurisdiction)
    return xlsx_response(handle, file_name(kind, jurisdiction, template=False))
