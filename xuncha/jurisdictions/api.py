"""REST API of the jurisdictions (read) and of the rulebooks' data files."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.jurisdictions.models import Jurisdiction
from xuncha.jurisdictions.rulebook import all_rulebooks


class JurisdictionSerializer(serializers.ModelSerializer):
    word = serializers.CharField(read_only=True)

    class Meta:
        model = Jurisdiction
        fields = ["id", "code", "name", "short_name", "rulebook_code", "word", "parent"]


class JurisdictionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = JurisdictionSerializer

    def get_queryset(self) -> Any:
        return Jurisdiction.objects.visible_to(self.request.user)


@extend_schema(
    summary="全部规则（数据文件内容）", responses=inline_serializer("Rulebooks", {"code": serializers.CharField()})
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def rulebooks(request: Request) -> Response:
    return Response([b.model_dump(mode="json") for b in all_rulebooks().values()])
