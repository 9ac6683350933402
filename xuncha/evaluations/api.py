"""Evaluations API (login): the same services as the pages.

- `GET evaluations/?inspection=`, `GET evaluations/<id>/`; `POST evaluations/` {inspection, template, title,
  min_group}.
- actions on `evaluations/<id>/`: `POST groups/` {name, size} (or {remove: group id}); `POST subjects/`
  {persons: [[name, post], …]}; `POST open/`; `POST slips/` {group, count} → the codes, returned ONCE (only their
  hashes are kept); `POST void/` {group}; `POST paper/` {code, answers}; `POST close/`; `GET results/` (closed
  evaluations only, suppressed cells absent).
The participant's JSON (no login) is `public_api.py`, under `/p/e/<token>/api/`."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import INSPECTION_FILTER, filter_by_inspection, parse_input, visible_inspection
from xuncha.core.errors import ServiceError
from xuncha.inspections.models import Inspection

from . import selectors, services
from .models import Evaluation, ParticipantGroup

if TYPE_CHECKING:
    from xuncha.accounts.models import User


class GroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = ParticipantGroup
        fields = ["id", "name", "size"]
        read_only_fields = fields


class EvaluationSerializer(serializers.ModelSerializer):
    groups = GroupSerializer(many=True, read_only=True)
    public_path = serializers.SerializerMethodField(label="参评地址")

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "inspection",
            "template",
            "kind",
            "subject_kind",
            "title",
            "article",
            "items",
            "options",
            "rate_label",
            "subjects",
            "status",
            "min_group",
            "created_on",
            "opened_on",
            "closed_on",
            "groups",
            "public_path",
        ]
        read_only_fields = fields

    def get_public_path(self, obj: Evaluation) -> str:
        return f"/p/e/{obj.token}/"


class CreateInput(serializers.Serializer):
    inspection = serializers.IntegerField(min_value=1)
    template = serializers.CharField(label="表式代码")
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    min_group = serializers.IntegerField(required=False, min_value=2, label="最少人数（办公室的设定，只可提高）")


class GroupInput(serializers.Serializer):
    name = serializers.CharField(required=False, max_length=60)
    size = serializers.IntegerField(required=False, min_value=1)
    remove = serializers.IntegerField(required=False, min_value=1, label="删除的类别")


class SubjectsInput(serializers.Serializer):
    persons = serializers.ListField(child=serializers.ListField(child=serializers.CharField(allow_blank=True)))


class SlipsInput(serializers.Serializer):
    group = serializers.IntegerField(min_value=1)
    count = serializers.IntegerField(min_value=1, required=False)


class PaperInput(serializers.Serializer):
    code = serializers.CharField()
    answers = serializers.DictField()


class EvaluationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = EvaluationSerializer

    def get_queryset(self) -> Any:
        qs = Evaluation.objects.visible_to(self.request.user).prefetch_related("groups").order_by("pk")
        return filter_by_inspection(qs, cast(Request, self.request))

    def _actor(self) -> User:
        return cast("User", self.request.user)

    def _done(self, evaluation: Evaluation) -> Response:
        evaluation = Evaluation.objects.prefetch_related("groups").get(pk=evaluation.pk)
        return Response(EvaluationSerializer(evaluation).data)

    def _group(self, evaluation: Evaluation, pk: int) -> ParticipantGroup:
        group = ParticipantGroup.objects.filter(pk=pk, evaluation=evaluation).first()
        if group is None:
            raise ServiceError(f"本测评没有参评人员类别 {pk}", field="group")
        return group

    @extend_schema(summary="可以查看的民主测评和问卷调查", parameters=[INSPECTION_FILTER])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="按表式新建", request=CreateInput, responses=EvaluationSerializer)
    def create(self, request: Request) -> Response:
        data = parse_input(CreateInput, request)
        inspection = visible_inspection(Inspection.objects.visible_to(request.user), data["inspection"])
        evaluation = services.evaluation_create(
            actor=self._actor(),
            inspection=inspection,
            template=data["template"],
            title=data.get("title", ""),
            min_group=data.get("min_group"),
        )
        return Response(EvaluationSerializer(evaluation).data, status=201)

    @extend_schema(summary="添加（或删除）参评人员类别", request=GroupInput, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def groups(self, request: Request, pk: str = "") -> Response:
        evaluation = self.get_object()
        data = parse_input(GroupInput, request)
        if data.get("remove"):
            services.group_remove(actor=self._actor(), group=self._group(evaluation, data["remove"]))
        else:
            services.group_add(
                actor=self._actor(), evaluation=evaluation, name=data.get("name", ""), size=data.get("size") or 0
            )
        return self._done(evaluation)

    @extend_schema(
        summary="列出测评对象（领导干部：姓名、职务）", request=SubjectsInput, responses=EvaluationSerializer
    )
    @action(detail=True, methods=["post"])
    def subjects(self, request: Request, pk: str = "") -> Response:
        evaluation = self.get_object()
        data = parse_input(SubjectsInput, request)
        persons = [(row[0], row[1] if len(row) > 1 else "") for row in data["persons"] if row]
        services.evaluation_subjects_set(actor=self._actor(), evaluation=evaluation, persons=persons)
        return self._done(evaluation)

    @extend_schema(summary="开始测评", request=None, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"], url_path="open")
    def open_(self, request: Request, pk: str = "") -> Response:
        return self._done(services.evaluation_open(actor=self._actor(), evaluation=self.get_object()))

    @extend_schema(summary="印制测评码（只返回这一次）", request=SlipsInput)
    @action(detail=True, methods=["post"])
    def slips(self, request: Request, pk: str = "") -> Response:
        evaluation = self.get_object()
        data = parse_input(SlipsInput, request)
        group = self._group(evaluation, data["group"])
        issued = services.slips_issue(actor=self._actor(), group=group, count=data.get("count") or group.size)
        response = Response({"group": group.pk, "public_path": f"/p/e/{evaluation.token}/", "codes": issued})
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(summary="作废某类别未使用的测评码", request=SlipsInput)
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: str = "") -> Response:
        evaluation = self.get_object()
        data = parse_input(SlipsInput, request)
        n = services.slips_void(actor=self._actor(), group=self._group(evaluation, data["group"]))
        return Response({"voided": n})

    @extend_schema(summary="录入纸质测评表", request=PaperInput)
    @action(detail=True, methods=["post"])
    def paper(self, request: Request, pk: str = "") -> Response:
        data = parse_input(PaperInput, request)
        services.paper_ballot_enter(
            actor=self._actor(), evaluation=self.get_object(), code=data["code"], answers=data["answers"]
        )
        return Response({"entered": 1}, status=201)

    @extend_schema(summary="结束测评", request=None, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str = "") -> Response:
        return self._done(services.evaluation_close(actor=self._actor(), evaluation=self.get_object()))

    @extend_schema(summary="测评结果（结束后；不足最少人数的类别不列出）")
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str = "") -> Response:
        res = selectors.results(self._actor(), self.get_object())
        groups = [{"name": g.name, "size": g.size, "ballots": g.ballots if g.shown else None} for g in res.groups]
        shown = [i for i, g in enumerate(res.groups) if g.shown]
        subjects = []
        for s in res.subjects:
            rows = []
            for r in s.rows:
                row = asdict(r)
                row["groups"] = {res.groups[i].name: r.groups[i] for i in shown}
                rows.append(row)
            subjects.append({"code": s.code, "name": s.name, "post": s.post, "rows": rows})
        return Response(
            {
                "total": res.total,
                "min_group": res.min_group,
                "setting": res.note,
                "options": res.options,
                "rate_label": res.rate_label,
                "groups": groups,
                "subjects": subjects,
            }
        )


ROUTES: list[tuple[str, Any, str]] = [("evaluations", EvaluationViewSet, "evaluation")]
