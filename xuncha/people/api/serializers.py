"""The people API's serializers: what it shows (model serializers) and what it parses (inputs); the services decide."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from xuncha.core.errors import ServiceError
from xuncha.core.visibility import viewer_for

from ..models import (
    Assignment,
    Attestation,
    Declaration,
    EligibilityException,
    Inspector,
    LeaderAuthorization,
    RecusalWaiver,
    Rotation,
    Secondment,
    SecondmentAppraisal,
    TrainingPosting,
    waiver_reader_jurisdictions,
)

if TYPE_CHECKING:
    pass


def _visible(model: type[Model], user: Any, pk: int | None, *, field: str, label: str) -> Any:
    """The object `pk` of `model` if the user may see it; None for no pk; otherwise a 400 naming the field."""
    if pk is None:
        return None
    obj = model.objects.visible_to(user).filter(pk=pk).first()  # type: ignore[attr-defined]
    if obj is None:
        raise ServiceError(f"{label} {pk} 不存在或无权查看", field=field)
    return obj


def _date_field(label: str, **kwargs: Any) -> serializers.DateField:
    return serializers.DateField(
        label=label, error_messages={"required": f"请填写{label}", "invalid": f"{label}应为 YYYY-MM-DD"}, **kwargs
    )


# -- output ---------------------------------------------------------------------------------------------------------
class InspectorSerializer(serializers.ModelSerializer):
    cadre_code = serializers.CharField(source="cadre.code", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True, allow_null=True)
    expertise = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Inspector
        fields = [
            "id",
            "jurisdiction",
            "cadre",
            "cadre_code",
            "cadre_name",
            "user",
            "username",
            "kind",
            "expertise",
            "in_leader_pool",
            "county_level",
            "active",
        ]
        read_only_fields = fields


class DeclarationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Declaration
        fields = [
            "id",
            "inspector",
            "declared_on",
            "kind",
            "person",
            "person_name",
            "relation",
            "organization",
            "detail",
            "withdrawn_on",
        ]
        read_only_fields = fields


class AttestationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attestation
        fields = ["id", "inspector", "condition", "attested_on", "attested_by", "basis"]
        read_only_fields = fields


class SecondmentAppraisalSerializer(serializers.ModelSerializer):
    class Meta:
        model = SecondmentAppraisal
        fields = ["id", "secondment", "part", "team", "grade", "appraisal", "appraised_on", "recorded_by"]
        read_only_fields = fields


class SecondmentSerializer(serializers.ModelSerializer):
    appraisals = serializers.SerializerMethodField(help_text="鉴定的两部分：办公室（office）和所在组（team）")
    appraisal_complete = serializers.BooleanField(read_only=True, help_text="两部分均已作出，鉴定方为完成")

    class Meta:
        model = Secondment
        fields = [
            "id",
            "inspector",
            "home_organization",
            "round",
            "started_on",
            "ended_on",
            "appraisals",
            "appraisal_complete",
        ]
        read_only_fields = fields

    @extend_schema_field(SecondmentAppraisalSerializer(many=True))
    def get_appraisals(self, obj: Secondment) -> list[dict[str, Any]]:
        # Whoever sees the secondment sees its appraisal (the same visibility); prefetched by the viewset.
        parts = sorted(obj.appraisals.all(), key=lambda a: a.part)
        return list(SecondmentAppraisalSerializer(parts, many=True).data)


class TrainingPostingSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingPosting
        fields = ["id", "inspector", "home_organization", "started_on", "ended_on"]
        read_only_fields = fields


class RotationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rotation
        fields = ["id", "inspector", "rotated_on", "from_position", "to_position"]
        read_only_fields = fields


class LeaderAuthorizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = LeaderAuthorization
        fields = ["id", "inspector", "round", "role", "authorized_on", "authorized_by", "basis"]
        read_only_fields = fields


class AssignmentSerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.__str__", read_only=True)
    inspector_name = serializers.CharField(source="inspector.cadre.name", read_only=True)
    hits = serializers.SerializerMethodField(
        help_text="回避检查结果（回避事实）：只给办公室和规则所定的豁免决定机构；本组成员看到空列表"
    )

    def get_hits(self, assignment: Assignment) -> list[dict[str, Any]]:
        request = self.context.get("request")
        if request is None:  # a service's own result, returned to the office that made it
            return list(assignment.hits or [])
        readers: list[int] | None = getattr(self, "_waiver_readers", None)  # once per list, not per row
        if readers is None:
            readers = self._waiver_readers = waiver_reader_jurisdictions(viewer_for(request.user))
        return list(assignment.hits or []) if assignment.team.round.jurisdiction_id in readers else []

    class Meta:
        model = Assignment
        fields = ["id", "team", "team_name", "inspector", "inspector_name", "role", "assigned_on", "hits"]
        read_only_fields = fields


class RecusalWaiverSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecusalWaiver
        fields = [
            "id",
            "team",
            "inspector",
            "rule",
            "fact",
            "reason",
            "decided_by_body",
            "decided_on",
            "recorded_by",
        ]
        read_only_fields = fields


class EligibilityExceptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = EligibilityException
        fields = ["id", "team", "inspector", "conditions", "decided_by", "decided_on", "reason", "recorded_by"]
        read_only_fields = fields


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    rule_name = serializers.CharField()
    fact = serializers.CharField()
    article = serializers.CharField()


class HitSerializer(FindingSerializer):
    waived = serializers.BooleanField()
    waiver = serializers.IntegerField(allow_null=True)


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    field = serializers.CharField(required=False)
    article = serializers.CharField(required=False)


class PreviewSerializer(serializers.Serializer):
    allowed = serializers.BooleanField()
    hits = HitSerializer(many=True)
    warnings = FindingSerializer(many=True)
    refusals = RefusalSerializer(many=True)
    unattested = serializers.ListField(child=serializers.CharField(), help_text="尚未确认的任职条件（代码）")
    eligibility_exception = serializers.IntegerField(allow_null=True, help_text="准许安排的任职条件例外")


# -- input ----------------------------------------------------------------------------------------------------------
class InspectorInput(serializers.Serializer):
    cadre = serializers.IntegerField(label="干部")
    kind = serializers.CharField(label="类别")
    expertise = serializers.ListField(label="专业领域", child=serializers.CharField(), required=False, default=list)
    username = serializers.CharField(label="登录账号（用户名）", required=False, allow_blank=True, default="")
    in_leader_pool = serializers.BooleanField(label="组长库", required=False, default=False)
    county_level = serializers.BooleanField(label="县级领导干部", required=False, default=False)


class DeclarationInput(serializers.Serializer):
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    kind = serializers.CharField(label="类别")
    declared_on = _date_field("申报日期")
    person = serializers.IntegerField(label="关系人（干部）", required=False, allow_null=True, default=None)
    person_name = serializers.CharField(label="关系人姓名", required=False, allow_blank=True, default="")
    relation = serializers.CharField(label="关系", required=False, allow_blank=True, default="")
    organization = serializers.IntegerField(label="相关单位", required=False, allow_null=True, default=None)
    detail = serializers.CharField(label="说明", required=False, allow_blank=True, default="")


class WithdrawInput(serializers.Serializer):
    withdrawn_on = _date_field("撤回日期")
    reason = serializers.CharField(label="撤回理由", required=False, allow_blank=True, default="")


class AttestationInput(serializers.Serializer):
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    condition = serializers.CharField(label="条件")
    attested_on = _date_field("确认日期")
    basis = serializers.CharField(label="依据", required=False, allow_blank=True, default="")


class SecondmentInput(serializers.Serializer):
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    home_organization = serializers.CharField(label="原单位")
    round = serializers.IntegerField(label="轮次", required=False, allow_null=True, default=None)
    started_on = _date_field("开始日期")
    ended_on = _date_field("结束日期", required=False, allow_null=True, default=None)


class AppraisalInput(serializers.Serializer):
    part = serializers.CharField(
        label="鉴定方",
        error_messages={"required": "请填写鉴定方：office（办公室的部分）或 team（所在组的部分）"},
        help_text="office：办公室的部分；team：所在组的部分（组长）",
    )
    grade = serializers.CharField(label="鉴定等次")
    appraisal = serializers.CharField(label="工作表现鉴定", required=False, allow_blank=True, default="")
    appraised_on = _date_field("鉴定日期")


class TrainingPostingInput(serializers.Serializer):
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    home_organization = serializers.CharField(label="原单位")
    started_on = _date_field("开始日期")
    ended_on = _date_field("结束日期", required=False, allow_null=True, default=None)


class RotationInput(serializers.Serializer):
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    rotated_on = _date_field("轮岗日期")
    from_position = serializers.CharField(label="原岗位", required=False, allow_blank=True, default="")
    to_position = serializers.CharField(label="新岗位", required=False, allow_blank=True, default="")


class LeaderAuthorizationInput(serializers.Serializer):
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    round = serializers.IntegerField(label="轮次")
    role = serializers.CharField(label="授权职务")
    authorized_on = _date_field("授权日期")
    basis = serializers.CharField(label="授权依据", required=False, allow_blank=True, default="")


class AssignmentInput(serializers.Serializer):
    team = serializers.IntegerField(label="巡察（巡视）组")
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    role = serializers.CharField(label="职位")
    assigned_on = _date_field("确定日期", required=False, allow_null=True, default=None)


class EligibilityExceptionInput(serializers.Serializer):
    team = serializers.IntegerField(label="巡察（巡视）组")
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    decided_by = serializers.CharField(label="决定人", required=False, allow_blank=True, default="")
    decided_on = _date_field("决定日期")
    reason = serializers.CharField(label="理由", required=False, allow_blank=True, default="")


class RecusalWaiverInput(serializers.Serializer):
    team = serializers.IntegerField(label="巡察（巡视）组")
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    rule = serializers.CharField(label="回避类别")
    fact = serializers.CharField(label="事实")
    reason = serializers.CharField(label="豁免理由", required=False, allow_blank=True, default="")
    decided_on = _date_field("决定日期")
