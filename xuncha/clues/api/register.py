"""Clue API: the register (rows, never content), its steps (create, add a source or a person, merge, correct), the
content through the read door, suggestions to the unit, and informant releases. The same services as the pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import filter_by_inspection, parse_input, visible_inspection
from xuncha.core.errors import ServiceError
from xuncha.inspections.models import Inspection
from xuncha.registry.models import Cadre, Organization, Post

from .. import rules
from ..models import Clue, ClueSource, ClueSubject, InformantRelease, Suggestion
from ..services import informants as informant_services
from ..services import register as services
from ..services import suggestions as suggestion_services

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _user(request: Request) -> User:
    return cast("User", request.user)


def _today(value: Any) -> Any:
    return value or timezone.localdate()


def _day(label: str) -> serializers.DateField:
    return serializers.DateField(
        label=label,
        required=False,
        allow_null=True,
        default=None,
        error_messages={"invalid": f"{label}应为 YYYY-MM-DD"},
    )


# -- output ---------------------------------------------------------------------------------------------------------
class SubjectSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="cadre.name", read_only=True)
    post_title = serializers.CharField(source="post.title", read_only=True, default="")
    management_level = serializers.CharField(source="cadre.management_level", read_only=True)
    management_level_label = serializers.CharField(source="cadre.get_management_level_display", read_only=True)

    class Meta:
        model = ClueSubject
        fields = ["id", "cadre", "name", "post", "post_title", "management_level", "management_level_label"]
        read_only_fields = fields


class SourceSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    record_label = serializers.SerializerMethodField()

    class Meta:
        model = ClueSource
        fields = ["id", "clue", "kind", "kind_label", "record_label", "added_on"]
        read_only_fields = fields

    def get_record_label(self, obj: ClueSource) -> str:  # the record's own name: never its informant or content
        return str(obj.record)


class ClueSerializer(serializers.ModelSerializer):
    """A register row: never the content, the evidence or an informant."""

    code = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    category_label = serializers.SerializerMethodField()
    owner = serializers.SerializerMethodField()
    subjects = SubjectSerializer(many=True, read_only=True)
    sources = SourceSerializer(many=True, read_only=True)

    class Meta:
        model = Clue
        fields = [
            "id", "code", "inspection", "number", "registered_on", "category", "category_label", "status",
            "status_label", "owner", "merged_into", "transfer", "subjects", "sources",
        ]  # fmt: skip
        read_only_fields = fields

    def get_category_label(self, obj: Clue) -> str:
        return rules.category_name(obj.jurisdiction.rulebook, obj.category)

    def get_owner(self, obj: Clue) -> str:
        return rules.owner(obj)


class ClueContentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    content = serializers.CharField()
    evidence = serializers.CharField()


class SuggestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Suggestion
        fields = ["id", "inspection", "number", "issued_on", "text", "answer", "answered_on"]
        read_only_fields = fields


class ReleaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = InformantRelease
        fields = ["id", "source", "receiver", "reason", "released_on"]
        read_only_fields = fields


# -- input ----------------------------------------------------------------------------------------------------------
class SubjectInput(serializers.Serializer):
    cadre = serializers.IntegerField(min_value=1)
    post = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


class SourceInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ClueSource.Kind.choices, error_messages={"invalid_choice": "未知的线索来源"})
    record = serializers.IntegerField(min_value=1)
    added_on = _day("登记日期")


class ClueInput(serializers.Serializer):
    inspection = serializers.IntegerField(min_value=1)
    content = serializers.CharField(allow_blank=True)
    category = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.CharField(required=False, allow_blank=True, default="")
    registered_on = _day("登记日期")
    subjects = SubjectInput(many=True, required=False, default=list)
    sources = SourceInput(many=True, required=False, default=list)


class UpdateInput(serializers.Serializer):
    content = serializers.CharField(required=False, allow_blank=True, default=None)
    category = serializers.CharField(required=False, allow_blank=True, default=None)
    evidence = serializers.CharField(required=False, allow_blank=True, default=None)


class MergeInput(serializers.Serializer):
    into = serializers.IntegerField(min_value=1)
    merged_on = _day("合并日期")


class RemoveSubjectInput(serializers.Serializer):
    subject = serializers.IntegerField(min_value=1)


class SuggestionInput(serializers.Serializer):
    inspection = serializers.IntegerField(min_value=1)
    text = serializers.CharField(allow_blank=True)
    issued_on = _day("提出日期")


class AnswerInput(serializers.Serializer):
    answer = serializers.CharField(allow_blank=True)
    answered_on = _day("答复日期")


class ReleaseInput(serializers.Serializer):
    source = serializers.IntegerField(min_value=1)  # type: ignore[assignment]  # the field named like Field.source
    receiver = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(allow_blank=True)
    released_on = _day("提供日期")


def _subject(jurisdiction_id: int, row: dict[str, Any]) -> tuple[Cadre, Post | None]:
    cadre = Cadre.objects.filter(pk=row["cadre"], jurisdiction_id=jurisdiction_id).first()
    if cadre is None:
        raise ServiceError(f"干部 {row['cadre']} 不存在或不属本党委", field="subjects")
    post = Post.objects.filter(pk=row["post"], cadre=cadre).first() if row.get("post") else None
    if row.get("post") and post is None:
        raise ServiceError(f"任职 {row['post']} 不是{cadre}的任职", field="subjects")
    return cadre, post


def _record(row: dict[str, Any]) -> tuple[str, Any]:
    model = ClueSource._meta.get_field(ClueSource.LINKS[row["kind"]]).related_model
    record = model.objects.filter(pk=row["record"]).first()  # type: ignore[union-attr]
    if record is None:
        raise ServiceError(f"{ClueSource.Kind(row['kind']).label}记录 {row['record']} 不存在", field="sources")
    return row["kind"], record


# -- viewsets -------------------------------------------------------------------------------------------------------
class ClueViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ClueSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = (
            Clue.objects.visible_to(self.request.user)
            .select_related(
                "jurisdiction", "inspection__round", "inspection__team", "transfer__receiver", "merged_into"
            )
            .prefetch_related("subjects__cadre", "subjects__post", "sources")
        )
        return filter_by_inspection(qs, self.request).order_by("inspection_id", "number")

    def _mine(self, pk: Any) -> Clue:
        return cast(Clue, self.get_object())

    @extend_schema(request=ClueInput, responses={201: ClueSerializer}, summary="登记问题线索（本组成员、办公室负责人）")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        f = parse_input(ClueInput, request)
        inspection = visible_inspection(Inspection.objects.visible_to(request.user), f["inspection"])
        clue = services.clue_register(
            actor=_user(request),
            inspection=inspection,
            registered_on=_today(f["registered_on"]),
            content=f["content"],
            category=f["category"],
            evidence=f["evidence"],
            subjects=[_subject(inspection.jurisdiction_id, s) for s in f["subjects"]],
            sources=[_record(s) for s in f["sources"]],
        )
        return Response(ClueSerializer(self.get_queryset().get(pk=clue.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ClueContentSerializer, summary="查阅线索内容（保密；每次查阅记入事件链）")
    @action(detail=True, methods=["get"])
    def content(self, request: Request, pk: Any = None) -> Response:
        clue = services.clue_read(actor=_user(request), pk=self._mine(pk).pk)
        return Response({"id": clue.pk, "code": clue.code, "content": clue.content, "evidence": clue.evidence})

    @extend_schema(request=SourceInput, responses=ClueSerializer, summary="同一问题再次反映：增加来源")
    @action(detail=True, methods=["post"], url_path="add-source")
    def add_source(self, request: Request, pk: Any = None) -> Response:
        clue = self._mine(pk)
        f = parse_input(SourceInput, request)
        kind, record = _record(f)
        services.clue_source_add(
            actor=_user(request), clue=clue, kind=kind, record=record, added_on=_today(f["added_on"])
        )
        return Response(ClueSerializer(self.get_queryset().get(pk=clue.pk)).data)

    @extend_schema(request=SubjectInput, responses=ClueSerializer, summary="增加反映对象")
    @action(detail=True, methods=["post"], url_path="add-subject")
    def add_subject(self, request: Request, pk: Any = None) -> Response:
        clue = self._mine(pk)
        cadre, post = _subject(clue.jurisdiction_id, parse_input(SubjectInput, request))
        services.clue_subject_add(actor=_user(request), clue=clue, cadre=cadre, post=post)
        return Response(ClueSerializer(self.get_queryset().get(pk=clue.pk)).data)

    @extend_schema(request=RemoveSubjectInput, responses=ClueSerializer, summary="删除反映对象")
    @action(detail=True, methods=["post"], url_path="remove-subject")
    def remove_subject(self, request: Request, pk: Any = None) -> Response:
        clue = self._mine(pk)
        subject = clue.subjects.filter(pk=parse_input(RemoveSubjectInput, request)["subject"]).first()
        if subject is None:
            raise ServiceError("该反映对象不属于本线索", field="subject")
        services.clue_subject_remove(actor=_user(request), clue=clue, subject=subject)
        return Response(ClueSerializer(self.get_queryset().get(pk=clue.pk)).data)

    @extend_schema(request=MergeInput, responses=ClueSerializer, summary="重复登记：并入另一条线索")
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: Any = None) -> Response:
        clue = self._mine(pk)
        f = parse_input(MergeInput, request)
        into = Clue.objects.visible_to(request.user).filter(pk=f["into"]).first()
        if into is None:
            raise ServiceError(f"问题线索 {f['into']} 不存在或无权查看", field="into")
        services.clue_merge(actor=_user(request), clue=clue, into=into, merged_on=_today(f["merged_on"]))
        return Response(ClueSerializer(self.get_queryset().get(pk=into.pk)).data)

    @extend_schema(request=UpdateInput, responses=ClueSerializer, summary="修改问题线索（已登记时）")
    @action(detail=True, methods=["post"])
    def update_clue(self, request: Request, pk: Any = None) -> Response:
        clue = self._mine(pk)
        f = parse_input(UpdateInput, request)
        services.clue_update(
            actor=_user(request), clue=clue, content=f["content"], category=f["category"], evidence=f["evidence"]
        )
        return Response(ClueSerializer(self.get_queryset().get(pk=clue.pk)).data)


class SuggestionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SuggestionSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = Suggestion.objects.visible_to(self.request.user)
        return filter_by_inspection(qs, self.request).order_by("inspection_id", "number")

    @extend_schema(
        request=SuggestionInput, responses={201: SuggestionSerializer}, summary="提出处理建议（组长、副组长）"
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        f = parse_input(SuggestionInput, request)
        inspection = visible_inspection(Inspection.objects.visible_to(request.user), f["inspection"])
        s = suggestion_services.suggestion_issue(
            actor=_user(request), inspection=inspection, issued_on=_today(f["issued_on"]), text=f["text"]
        )
        return Response(SuggestionSerializer(s).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AnswerInput, responses=SuggestionSerializer, summary="答复处理建议（被检查单位联系人）")
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: Any = None) -> Response:
        f = parse_input(AnswerInput, request)
        s = suggestion_services.suggestion_answer(
            actor=_user(request), suggestion=self.get_object(), answer=f["answer"], answered_on=_today(f["answered_on"])
        )
        return Response(SuggestionSerializer(s).data)


class InformantReleaseViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ReleaseSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return InformantRelease.objects.visible_to(self.request.user).order_by("-released_on", "pk")

    @extend_schema(
        request=ReleaseInput, responses={201: ReleaseSerializer}, summary="向接收单位提供反映人身份（办公室负责人）"
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        f = parse_input(ReleaseInput, request)
        source = ClueSource.objects.visible_to(request.user).filter(pk=f["source"]).first()
        receiver = Organization.objects.filter(pk=f["receiver"], kind="receiver").first()
        if source is None:
            raise ServiceError(f"线索来源 {f['source']} 不存在或无权查看", field="source")
        if receiver is None:
            raise ServiceError(f"接收单位 {f['receiver']} 不存在", field="receiver")
        release = informant_services.informant_release(
            actor=_user(request),
            source=source,
            receiver=receiver,
            reason=f["reason"],
            released_on=_today(f["released_on"]),
        )
        return Response(ReleaseSerializer(release).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: dict}, summary="查阅所提供的反映人身份（接收单位；记入事件链）")
    @action(detail=True, methods=["post"])
    def identity(self, request: Request, pk: Any = None) -> Response:
        return Response(informant_services.informant_identity(actor=_user(request), release=self.get_object()))


ROUTES: list[tuple[str, Any, str]] = [
    ("clues/register", ClueViewSet, "clue"),
    ("clues/suggestions", SuggestionViewSet, "clue-suggestion"),
    ("clues/informant-releases", InformantReleaseViewSet, "clue-informant-release"),
]
