"""REST API for the registry: reads through visible_to, writes through services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.visibility import office_jurisdiction_ids
from xuncha.jurisdictions.models import Jurisdiction

from . import services
from .models import Cadre, Organization, Post

if TYPE_CHECKING:
    from xuncha.accounts.models import User


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = [
            "id",
            "jurisdiction",
            "name",
            "kind",
            "target_category",
            "receiver_kind",
            "region",
            "parent",
            "status",
            "status_on",
            "successor",
        ]
        read_only_fields = ["status", "status_on", "successor"]


class PostSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Post
        fields = [
            "id",
            "cadre",
            "organization",
            "organization_name",
            "title",
            "is_leadership",
            "is_principal",
            "started_on",
            "ended_on",
        ]


class CadreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cadre
        fields = ["id", "jurisdiction", "code", "name", "native_place", "management_level"]


def _office_jurisdiction(user: Any, jurisdiction: Jurisdiction) -> Jurisdiction:
    if jurisdiction.pk not in office_jurisdiction_ids(user):
        raise PermissionDeniedError(f"只有{jurisdiction}的办公室人员可以修改其登记数据。")
    return jurisdiction


class OrganizationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganizationSerializer

    def get_queryset(self) -> Any:
        return Organization.objects.visible_to(self.request.user).order_by("jurisdiction", "name")

    @extend_schema(summary="登记单位（巡察（巡视）对象、接收单位、有关部门）")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = OrganizationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        jurisdiction = _office_jurisdiction(request.user, fields.pop("jurisdiction"))
        org = services.organization_create(actor=cast("User", request.user), jurisdiction=jurisdiction, **fields)
        return Response(OrganizationSerializer(org).data, status=status.HTTP_201_CREATED)


class CadreViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CadreSerializer

    def get_queryset(self) -> Any:
        return Cadre.objects.visible_to(self.request.user).order_by("jurisdiction", "code")

    @extend_schema(summary="登记干部")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = CadreSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        jurisdiction = _office_jurisdiction(request.user, fields.pop("jurisdiction"))
        cadre = services.cadre_create(actor=cast("User", request.user), jurisdiction=jurisdiction, **fields)
        return Response(CadreSerializer(cadre).data, status=status.HTTP_201_CREATED)


class PostViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PostSerializer

    def get_queryset(self) -> Any:
        return (
            Post.objects.visible_to(self.request.user).select_related("organization").order_by("cadre", "-started_on")
        )

    @extend_schema(summary="登记任职（一个单位只有一名现任主要负责人）")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = PostSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        cadre = fields.pop("cadre")
        if not Cadre.objects.visible_to(request.user).filter(pk=cadre.pk).exists():
            raise ServiceError("干部不存在或无权查看", field="cadre")
        _office_jurisdiction(request.user, cadre.jurisdiction)
        post = services.post_create(actor=cast("User", request.user), cadre=cadre, **fields)
        return Response(PostSerializer(post).data, status=status.HTTP_201_CREATED)
