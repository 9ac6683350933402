"""REST API for fieldwork: reads through `visible_to`, a petition's detail only through `petition_read` (a recorded
read), writes through the services. Inputs are plain serializers that only parse; objects named in a request are
looked up through `visible_to(request.user)`, so what the user cannot see is “不存在或无权查看”."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import Model, QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import (
    INSPECTION_FILTER,
    as_id,
    filter_by_inspection,
    id_param,
    inspection_label,
    parse_input,
)
from xuncha.core.errors import ServiceError
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.words import user_word
from xuncha.registry.models import Cadre

from . import rules, services
from .models import Attachment, DocumentRetrieval, FieldworkRecord, Petition

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _visible(model: type[Model], user: User, pk: int | None, *, field: str, label: str) -> Any:
    if pk is None:
        return None
    obj = model.objects.visible_to(user).filter(pk=pk).first()  # type: ignore[attr-defined]
    if obj is None:
        raise ServiceError(f"{label} {pk} 不存在或无权查看", field=field)
    return obj


def _date(label: str, **kwargs: Any) -> serializers.DateField:
    return serializers.DateField(
        label=label, error_messages={"required": f"请填写{label}", "invalid": f"{label}应为 YYYY-MM-DD"}, **kwargs
    )


def _method(record: FieldworkRecord) -> Any:
    return next((m for m in record.inspection.jurisdiction.rulebook.working_methods if m.code == record.method), None)


# -- output ---------------------------------------------------------------------------------------------------------
class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = [
            "id",
            "fieldwork_record",
            "petition",
            "document_retrieval",
            "original_name",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
        ]
        read_only_fields = fields


class FieldworkRecordSerializer(serializers.ModelSerializer):
    """A record. Its secret details (the informant of 询问知情人) are given only by a recorded read of the one record
    by the team or the office head (`services.fieldwork_record_read`); lists and everyone else get them withheld."""

    method_name = serializers.SerializerMethodField()
    article = serializers.SerializerMethodField()
    details = serializers.SerializerMethodField(
        help_text="具体情况（按工作方式）；知情人等秘密项只在本组成员或办公室主任查看单条记录时给出，且记入事件链"
    )
    withheld = serializers.SerializerMethodField(help_text="未给出的秘密项代码（如 informant：知情人，保密）")
    recorded_by_name = serializers.CharField(source="recorded_by.__str__", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = FieldworkRecord
        fields = [
            "id",
            "inspection",
            "method",
            "method_name",
            "article",
            "held_on",
            "place",
            "participants",
            "summary",
            "details",
            "withheld",
            "approved_on",
            "approval_basis",
            "approval_body",
            "sent_on",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
            "attachments",
        ]
        read_only_fields = fields

    def get_method_name(self, record: FieldworkRecord) -> str:
        wm = _method(record)
        return wm.name if wm else record.method

    def get_article(self, record: FieldworkRecord) -> str:
        wm = _method(record)
        return wm.article if wm else ""

    def get_details(self, record: FieldworkRecord) -> dict[str, Any]:
        if record.secret_revealed:
            return dict(record.details or {})
        return rules.public_details(record.method, record.details)

    def get_withheld(self, record: FieldworkRecord) -> list[str]:
        if record.secret_revealed:
            return []
        return sorted(rules.secret_detail_keys(record.method) & set(record.details or {}))


class PetitionRegisterSerializer(serializers.ModelSerializer):
    """A register row: never the petitioner, whom it is about, or what was said."""

    classification_name = serializers.SerializerMethodField()
    classification_article = serializers.SerializerMethodField()

    class Meta:
        model = Petition
        fields = [
            "id",
            "inspection",
            "number",
            "received_on",
            "channel",
            "classification",
            "classification_name",
            "classification_article",
        ]
        read_only_fields = fields

    def _category(self, petition: Petition) -> Any:
        book = petition.inspection.jurisdiction.rulebook
        return next((c for c in book.problem_categories if c.code == petition.classification), None)

    def get_classification_name(self, petition: Petition) -> str:
        category = self._category(petition)
        return category.name if category else ("" if petition.classification else "未分类")

    def get_classification_article(self, petition: Petition) -> str:
        category = self._category(petition)
        return category.article if category else ""


class PetitionSerializer(PetitionRegisterSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta(PetitionRegisterSerializer.Meta):
        fields = [
            *PetitionRegisterSerializer.Meta.fields,
            "anonymous",
            "petitioner_name",
            "petitioner_contact",
            "about",
            "about_cadre",
            "content",
            "handling",
            "recorded_by",
            "recorded_at",
            "attachments",
        ]
        read_only_fields = fields


class DocumentRetrievalSerializer(serializers.ModelSerializer):
    # A plain string (borrowed / copied): a second enum named "kind" would collide in the schema with registry's.
    kind = serializers.CharField(read_only=True, help_text="borrowed 调阅 / copied 复制")
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = DocumentRetrieval
        fields = [
            "id",
            "inspection",
            "title",
            "kind",
            "source_unit",
            "source_person",
            "quantity",
            "taken_on",
            "returned_on",
            "disposition",
            "disposed_on",
            "recorded_by",
            "recorded_at",
            "attachments",
        ]
        read_only_fields = fields


# -- input ----------------------------------------------------------------------------------------------------------
class FieldworkRecordInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    method = serializers.CharField(label="工作方式", help_text="规则 working_methods 中的代码，如 forum、special_check")
    held_on = _date("日期")
    place = serializers.CharField(label="地点", required=False, allow_blank=True, default="")
    participants = serializers.CharField(label="参加人员", required=False, allow_blank=True, default="")
    summary = serializers.CharField(label="主要情况")
    details = serializers.DictField(label="具体情况（按工作方式）", required=False, default=dict)
    approved_on = _date("批准日期", required=False, allow_null=True, default=None)
    approval_basis = serializers.CharField(label="批准依据", required=False, allow_blank=True, default="")


class ApprovalInput(serializers.Serializer):
    approved_on = _date("批准日期")
    approval_basis = serializers.CharField(label="批准依据")


class SendInput(serializers.Serializer):
    sent_on = _date("提请日期")


class PetitionInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    channel = serializers.ChoiceField(label="方式", choices=Petition.Channel.choices)
    received_on = _date("受理日期")
    petitioner_name = serializers.CharField(
        label="反映人姓名（不填为匿名）", required=False, allow_blank=True, default=""
    )
    petitioner_contact = serializers.CharField(label="反映人联系方式", required=False, allow_blank=True, default="")
    about = serializers.CharField(label="被反映人或事项", required=False, allow_blank=True, default="")
    about_cadre = serializers.IntegerField(label="被反映干部", required=False, allow_null=True, default=None)
    classification = serializers.CharField(
        label="问题类别（规则 problem_categories 中的代码；不填为未分类）", required=False, allow_blank=True, default=""
    )
    content = serializers.CharField(label="反映内容")
    handling = serializers.ChoiceField(
        label="处理方式", choices=Petition.Handling.choices, required=False, default=Petition.Handling.PENDING
    )


class HandlingInput(serializers.Serializer):
    handling = serializers.ChoiceField(label="处理方式", choices=Petition.Handling.choices)


class DocumentRetrievalInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    title = serializers.CharField(label="资料名称")
    kind = serializers.CharField(label="调阅或复制", help_text="borrowed 调阅 / copied 复制")
    source_unit = serializers.CharField(label="提供单位")
    source_person = serializers.CharField(label="经手人", required=False, allow_blank=True, default="")
    quantity = serializers.CharField(label="数量", required=False, allow_blank=True, default="")
    taken_on = _date("调取日期")


class ReturnInput(serializers.Serializer):
    returned_on = _date("归还日期")


class DisposeInput(serializers.Serializer):
    disposition = serializers.ChoiceField(label="复制件处理", choices=DocumentRetrieval.Disposition.choices)
    disposed_on = _date("处理日期")


class AttachmentInput(serializers.Serializer):
    file = serializers.FileField(label="文件")
    fieldwork_record = serializers.IntegerField(label="了解工作记录", required=False, allow_null=True, default=None)
    petition = serializers.IntegerField(label="来信来电来访登记", required=False, allow_null=True, default=None)
    document_retrieval = serializers.IntegerField(label="调阅复制登记", required=False, allow_null=True, default=None)


def _inspection(request: Request, pk: int) -> Inspection:
    user = cast("User", request.user)
    inspection: Inspection = _visible(Inspection, user, pk, field="inspection", label=f"{user_word(user)}")
    return inspection


# -- viewsets -------------------------------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(
        summary="了解工作记录列表（听取汇报、座谈会、民主测评等；仅限有权查看的记录）",
        parameters=[INSPECTION_FILTER, OpenApiParameter("method", str, description="工作方式代码")],
    ),
    retrieve=extend_schema(
        summary="查看一条了解工作记录（知情人属工作秘密：只对本组成员和办公室主任给出，查阅记入事件链）"
    ),
)
class FieldworkRecordViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = FieldworkRecordSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.get_object()  # 404 for a record the user may not see
        record = services.fieldwork_record_read(actor=cast("User", request.user), pk=int(kwargs["pk"]))
        return Response(FieldworkRecordSerializer(record).data)

    def get_queryset(self) -> QuerySet[Any]:
        qs = (
            FieldworkRecord.objects.visible_to(self.request.user)
            .select_related("inspection__jurisdiction", "recorded_by")
            .prefetch_related("attachments")
            .order_by("-held_on", "-id")
        )
        method = self.request.query_params.get("method", "")
        qs = qs.filter(method=method) if method else qs
        return filter_by_inspection(qs, self.request)

    @extend_schema(
        request=FieldworkRecordInput,
        responses={201: FieldworkRecordSerializer},
        summary="记录一次工作方式的运用（须在进驻后、了解工作结束前；方式须为规则所列）",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(FieldworkRecordInput, request)
        inspection = _inspection(request, fields.pop("inspection"))
        record = services.fieldwork_record_create(actor=cast("User", request.user), inspection=inspection, **fields)
        return Response(FieldworkRecordSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ApprovalInput, responses=FieldworkRecordSerializer, summary="登记规则要求的批准（如领导小组同意）"
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        record = self.get_object()
        updated = services.fieldwork_record_approve(
            actor=cast("User", request.user), record=record, **parse_input(ApprovalInput, request)
        )
        return Response(FieldworkRecordSerializer(updated).data)

    @extend_schema(
        request=SendInput, responses=FieldworkRecordSerializer, summary="标记提请协助已提出（须经批准的，先登记批准）"
    )
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str) -> Response:
        record = self.get_object()
        updated = services.assistance_request_send(
            actor=cast("User", request.user), record=record, **parse_input(SendInput, request)
        )
        return Response(FieldworkRecordSerializer(updated).data)


@extend_schema_view(
    list=extend_schema(
        summary="来信、来电、来访登记簿（只含登记号、日期、方式、类别；仅限本组成员和办公室主任）",
        parameters=[INSPECTION_FILTER],
    ),
)
class PetitionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return PetitionRegisterSerializer if self.action == "list" else PetitionSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = (
            Petition.objects.visible_to(self.request.user)
            .select_related("inspection__jurisdiction")
            .order_by("inspection_id", "number")
        )
        return filter_by_inspection(qs, self.request)

    @extend_schema(
        summary="查阅一件来信、来电、来访（秘密；含反映人和内容，查阅记入事件链）", responses=PetitionSerializer
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        petition = services.petition_read(
            actor=cast("User", request.user), pk=as_id(kwargs["pk"], field="id", label="来信来电来访编号") or 0
        )
        return Response(PetitionSerializer(petition).data)

    @extend_schema(
        request=PetitionInput,
        responses={201: PetitionRegisterSerializer},
        summary="登记来信、来电、来访（本组成员；不填姓名为匿名；登记号按本次巡察（巡视）顺序编排）",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(PetitionInput, request)
        inspection = _inspection(request, fields.pop("inspection"))
        fields["about_cadre"] = _visible(
            Cadre, cast("User", request.user), fields["about_cadre"], field="about_cadre", label="被反映干部"
        )
        petition = services.petition_register(actor=cast("User", request.user), inspection=inspection, **fields)
        return Response(PetitionRegisterSerializer(petition).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=HandlingInput, responses=PetitionRegisterSerializer, summary="更改处理方式（转办、留存、作为问题线索）"
    )
    @action(detail=True, methods=["post"])
    def handling(self, request: Request, pk: str) -> Response:
        petition = self.get_object()
        updated = services.petition_handle(
            actor=cast("User", request.user), petition=petition, **parse_input(HandlingInput, request)
        )
        return Response(PetitionRegisterSerializer(updated).data)


@extend_schema_view(
    list=extend_schema(summary="调阅、复制资料登记簿（仅限有权查看的记录）", parameters=[INSPECTION_FILTER]),
    retrieve=extend_schema(summary="查看一条调阅、复制资料登记"),
)
class DocumentRetrievalViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = DocumentRetrievalSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = (
            DocumentRetrieval.objects.visible_to(self.request.user)
            .prefetch_related("attachments")
            .order_by("-taken_on", "-id")
        )
        return filter_by_inspection(qs, self.request)

    @extend_schema(
        request=DocumentRetrievalInput, responses={201: DocumentRetrievalSerializer}, summary="登记调阅或复制资料"
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(DocumentRetrievalInput, request)
        inspection = _inspection(request, fields.pop("inspection"))
        retrieval = services.document_retrieval_record(
            actor=cast("User", request.user), inspection=inspection, **fields
        )
        return Response(DocumentRetrievalSerializer(retrieval).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReturnInput, responses=DocumentRetrievalSerializer, summary="登记归还调阅的资料（复制件不归还）"
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str) -> Response:
        retrieval = self.get_object()
        updated = services.document_return(
            actor=cast("User", request.user), retrieval=retrieval, **parse_input(ReturnInput, request)
        )
        return Response(DocumentRetrievalSerializer(updated).data)

    @extend_schema(request=DisposeInput, responses=DocumentRetrievalSerializer, summary="登记复制件留存归档或销毁")
    @action(detail=True, methods=["post"])
    def dispose(self, request: Request, pk: str) -> Response:
        retrieval = self.get_object()
        updated = services.document_copy_dispose(
            actor=cast("User", request.user), retrieval=retrieval, **parse_input(DisposeInput, request)
        )
        return Response(DocumentRetrievalSerializer(updated).data)


@extend_schema_view(
    list=extend_schema(
        summary="附件列表（了解工作记录和调阅复制登记的附件；来信来电来访的附件只在查阅该件时列出）",
        parameters=[INSPECTION_FILTER],
    ),
)
class AttachmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AttachmentSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Any]:
        # A petition's files are listed only inside a recorded read of the petition: their names may identify someone.
        qs = Attachment.objects.visible_to(self.request.user).filter(petition__isnull=True).order_by("id")
        pk = id_param(self.request.query_params, "inspection", label=inspection_label())
        if pk is not None:
            qs = qs.filter(fieldwork_record__inspection_id=pk) | qs.filter(document_retrieval__inspection_id=pk)
        return qs

    @extend_schema(summary="查看附件信息（来信来电来访的附件按秘密查阅，记入事件链）")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        attachment = services.attachment_open(
            actor=cast("User", request.user), pk=as_id(kwargs["pk"], field="id", label="附件编号") or 0
        )
        return Response(AttachmentSerializer(attachment).data)

    @extend_schema(
        request={"multipart/form-data": AttachmentInput},
        responses={201: AttachmentSerializer},
        summary="上传附件（计算 SHA-256；必须且只能属于一条记录、一件来信来电来访或一条调阅复制登记）",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(AttachmentInput, request)
        parents = [
            _visible(model, cast("User", request.user), fields[key], field=key, label=label)
            for key, model, label in (
                ("fieldwork_record", FieldworkRecord, "了解工作记录"),
                ("petition", Petition, "来信来电来访登记"),
                ("document_retrieval", DocumentRetrieval, "调阅复制登记"),
            )
        ]
        given = [p for p in parents if p is not None]
        if len(given) != 1:
            raise ServiceError(
                "附件必须且只能属于一条记录、一件来信来电来访或一条调阅复制登记", field="fieldwork_record"
            )
        attachment = services.attachment_upload(
            actor=cast("User", request.user), parent=given[0], upload=fields["file"]
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="下载附件（来信来电来访的附件按秘密查阅，记入事件链）", responses={(200, "*/*"): OpenApiTypes.BINARY}
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str) -> FileResponse:
        attachment = services.attachment_open(
            actor=cast("User", request.user), pk=as_id(pk, field="id", label="附件编号") or 0
        )
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)
