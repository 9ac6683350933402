"""Documents API: the same services as the pages.

- `GET documents/` (filters `inspection`, `kind`), `GET documents/<id>/`; `POST documents/` {jurisdiction, code,
  subject, dated_on} prints a new version; `GET documents/<id>/docx/` the file; `GET documents/<id>/pdf/` its PDF
  preview (400 with a Chinese message where LibreOffice is not installed).
- `GET documents/available/?inspection=` the documents an inspection's records can have, with their state.
- `GET document-templates/?jurisdiction=` the templates in use; `POST document-templates/` (multipart: jurisdiction,
  code, file) replaces one; `POST document-templates/reset/` {jurisdiction, code}; `GET document-templates/default/`
  (?jurisdiction=&code=) downloads the shipped template.
- `GET letterheads/`, `POST letterheads/` {jurisdiction, issuer, code, printer} (the office head).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.http import FileResponse, HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import INSPECTION_FILTER, day_field, id_param, inspection_label, parse_input
from xuncha.core.errors import ServiceError
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.models import Jurisdiction

from . import render, selectors, services
from .models import Document, Letterhead

if TYPE_CHECKING:
    from xuncha.accounts.models import User

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocumentSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="number_text", read_only=True, label="发文字号")
    docx_url = serializers.SerializerMethodField(label=".docx 下载地址")
    pdf_url = serializers.SerializerMethodField(label="PDF 预览地址")

    class Meta:
        model = Document
        fields = [
            "id",
            "jurisdiction",
            "kind",
            "builder",
            "subject_type",
            "subject_id",
            "inspection",
            "version",
            "title",
            "number",
            "dated_on",
            "size",
            "sha256",
            "template_sha256",
            "template",
            "generated_by",
            "generated_at",
            "docx_url",
            "pdf_url",
        ]
        read_only_fields = fields

    def get_docx_url(self, obj: Document) -> str:
        return f"/api/documents/{obj.pk}/docx/"

    def get_pdf_url(self, obj: Document) -> str:
        return f"/api/documents/{obj.pk}/pdf/"


class GenerateInput(serializers.Serializer):
    jurisdiction = serializers.IntegerField(label="党委", required=False, min_value=1)
    code = serializers.CharField(label="文书代码（规则文件 documents 的 code）")
    subject = serializers.IntegerField(label="所据记录的编号", min_value=1)
    dated_on = day_field("成文日期")


class AvailableSerializer(serializers.Serializer):
    code = serializers.CharField(label="文书代码")
    name = serializers.CharField(label="文书")
    article = serializers.CharField(label="依据")
    numbered = serializers.BooleanField(label="编号（本办设置）")
    subject_type = serializers.CharField(label="所据记录类别")
    subject = serializers.IntegerField(label="所据记录")
    subject_label = serializers.CharField(label="所据记录名称")
    latest = serializers.IntegerField(label="最新版本的公文编号", allow_null=True)
    may_print = serializers.BooleanField(label="本人可以生成")
    not_ready = serializers.CharField(label="尚不能生成的原因")


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DocumentSerializer

    def get_queryset(self) -> Any:
        qs = Document.objects.visible_to(self.request.user).select_related("number").order_by("-generated_at", "-pk")
        params = self.request.query_params
        inspection = id_param(params, "inspection", label=inspection_label())
        if inspection is not None:
            qs = qs.filter(inspection_id=inspection)
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        return qs

    @extend_schema(summary="可以查看的公文", parameters=[INSPECTION_FILTER, OpenApiParameter("kind", str)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="生成公文（新版本）", request=GenerateInput, responses=DocumentSerializer)
    def create(self, request: Request) -> Response:
        data = parse_input(GenerateInput, request)
        spec, subject = selectors.find_subject(
            cast("User", request.user), data.get("jurisdiction"), data["code"], data["subject"]
        )
        document = services.document_generate(
            actor=cast("User", request.user), code=spec.code, subject=subject, dated_on=data.get("dated_on")
        )
        return Response(DocumentSerializer(document).data, status=201)

    @extend_schema(summary="下载 .docx", responses={(200, DOCX): bytes})
    @action(detail=True, methods=["get"])
    def docx(self, request: Request, pk: str = "") -> Any:
        document = self.get_object()
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=f"document-{document.pk}.docx")

    @extend_schema(summary="PDF 预览（LibreOffice 转换，首次转换后保存）", responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str = "") -> Any:
        document = self.get_object()
        content = services.document_pdf(actor=cast("User", request.user), document=document)
        return HttpResponse(content, content_type="application/pdf")

    @extend_schema(
        summary="某次任务的记录可以生成的公文及其状态",
        parameters=[OpenApiParameter("inspection", int, required=True)],
        responses=AvailableSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def available(self, request: Request) -> Response:
        pk = id_param(request.query_params, "inspection", label=inspection_label(), required=True) or 0
        inspection = Inspection.objects.visible_to(request.user).select_related("jurisdiction").filter(pk=pk).first()
        if inspection is None:
            raise ServiceError(f"任务 {pk} 不存在或无权查看", field="inspection")
        rows = selectors.inspection_rows(cast("User", request.user), inspection)
        data = [
            {
                "code": r.spec.code,
                "name": r.spec.name,
                "article": r.spec.citation,
                "numbered": r.spec.entry.numbered,
                "subject_type": r.spec.kind.subject_type,
                "subject": r.subject.pk,
                "subject_label": r.label,
                "latest": r.latest.pk if r.latest else None,
                "may_print": r.may_print,
                "not_ready": r.not_ready,
            }
            for r in rows
        ]
        return Response({"count": len(data), "results": data})


def _office_jurisdiction(request: Request, raw: Any) -> Jurisdiction:
    mine = selectors.office_jurisdictions(cast("User", request.user))
    pk = id_param({"jurisdiction": raw}, "jurisdiction", label="党委", required=len(mine) != 1)
    pk = pk or (mine[0] if mine else None)
    found = Jurisdiction.objects.filter(pk=pk, pk__in=mine).first() if pk is not None else None
    if found is None:
        raise ServiceError("只有办公室负责人和工作人员可以管理文书设置；请指定本人所在的党委", field="jurisdiction")
    return found


class TemplateRowSerializer(serializers.Serializer):
    code = serializers.CharField(label="文书代码")
    name = serializers.CharField(label="文书")
    article = serializers.CharField(label="依据")
    template = serializers.CharField(label="使用中的模板（default：默认模板）")
    sha256 = serializers.CharField(label="模板 SHA-256")
    fields = serializers.DictField(label="可用字段")  # type: ignore[assignment]


class TemplateUploadInput(serializers.Serializer):
    jurisdiction = serializers.IntegerField(label="党委", required=False, min_value=1)
    code = serializers.CharField(label="文书代码")
    file = serializers.FileField(label="模板文件（.docx）")


class TemplateResetInput(serializers.Serializer):
    jurisdiction = serializers.IntegerField(label="党委", required=False, min_value=1)
    code = serializers.CharField(label="文书代码")


class TemplateViewSet(viewsets.ViewSet):
    serializer_class = TemplateRowSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(summary="本党委各文书使用中的模板", parameters=[OpenApiParameter("jurisdiction", int)])
    def list(self, request: Request) -> Response:
        jurisdiction = _office_jurisdiction(request, request.query_params.get("jurisdiction"))
        data = []
        for row in selectors.template_rows(jurisdiction):
            content, template = services.current_template(jurisdiction, row.spec)
            data.append(
                {
                    "code": row.spec.code,
                    "name": row.spec.name,
                    "article": row.spec.citation,
                    "template": template.original_name if template else "default",
                    "sha256": render.digest(content),
                    "fields": render.COMMON_FIELDS | row.spec.kind.fields,
                }
            )
        return Response({"count": len(data), "results": data})

    @extend_schema(summary="上传模板替换默认模板（办公室负责人）", request=TemplateUploadInput)
    def create(self, request: Request) -> Response:
        data = parse_input(TemplateUploadInput, request)
        jurisdiction = _office_jurisdiction(request, data.get("jurisdiction"))
        upload = data["file"]
        template = services.template_upload(
            actor=cast("User", request.user),
            jurisdiction=jurisdiction,
            code=data["code"],
            content=upload.read(),
            original_name=upload.name,
        )
        return Response({"id": template.pk, "code": template.kind, "sha256": template.sha256}, status=201)

    @extend_schema(summary="恢复默认模板（办公室负责人）", request=TemplateResetInput)
    @action(detail=False, methods=["post"])
    def reset(self, request: Request) -> Response:
        data = parse_input(TemplateResetInput, request)
        jurisdiction = _office_jurisdiction(request, data.get("jurisdiction"))
        services.template_reset(actor=cast("User", request.user), jurisdiction=jurisdiction, code=data["code"])
        return Response({"code": data["code"], "template": "default"})

    @extend_schema(
        summary="下载默认模板",
        parameters=[OpenApiParameter("jurisdiction", int), OpenApiParameter("code", str, required=True)],
        responses={(200, DOCX): bytes},
    )
    @action(detail=False, methods=["get"])
    def default(self, request: Request) -> HttpResponse:
        jurisdiction = _office_jurisdiction(request, request.query_params.get("jurisdiction"))
        spec = services.spec_of(jurisdiction, request.query_params.get("code", ""))
        response = HttpResponse(render.default_template(spec), content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="{spec.code}-default.docx"'
        return response


class LetterheadSerializer(serializers.ModelSerializer):
    class Meta:
        model = Letterhead
        fields = ["id", "jurisdiction", "issuer", "code", "printer", "updated_at"]
        read_only_fields = ["id", "updated_at"]
        validators: list[Any] = []


class LetterheadViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = LetterheadSerializer

    def get_queryset(self) -> Any:
        return Letterhead.objects.visible_to(self.request.user).order_by("jurisdiction_id")

    @extend_schema(summary="设置发文机关标志、代字和印发机关（办公室负责人）", request=LetterheadSerializer)
    def create(self, request: Request) -> Response:
        data = parse_input(LetterheadSerializer, request)
        jurisdiction = data["jurisdiction"]
        if jurisdiction.pk not in selectors.office_jurisdictions(request.user):  # type: ignore[arg-type]
            raise ServiceError(f"党委 {jurisdiction.pk} 不存在或无权设置", field="jurisdiction")
        letterhead = services.letterhead_set(
            actor=cast("User", request.user),
            jurisdiction=jurisdiction,
            issuer=data["issuer"],
            code=data["code"],
            printer=data["printer"],
        )
        return Response(LetterheadSerializer(letterhead).data, status=201)


ROUTES = [
    ("documents", DocumentViewSet, "document"),
    ("document-templates", TemplateViewSet, "document-template"),
    ("letterheads", LetterheadViewSet, "letterhead"),
]
