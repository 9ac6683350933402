"""REST API for accounts, roles, team places and jurisdictions: reads through visible_to, writes through the same
services as the pages (which check who acts: 403 with a Chinese message; bad input: 400 naming the field)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import id_param, parse_input
from xuncha.core.errors import ServiceError
from xuncha.jurisdictions import services as jurisdiction_services
from xuncha.jurisdictions.api import JurisdictionSerializer
from xuncha.jurisdictions.api import JurisdictionViewSet as ReadOnlyJurisdictionViewSet
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.people import services as people_services
from xuncha.people.models import Inspector
from xuncha.planning.access import team_membership_revoke
from xuncha.planning.models import TeamMembership
from xuncha.registry.models import Organization

from . import services
from .models import Membership, User
from .selectors import account_list

if TYPE_CHECKING:
    from xuncha.accounts.models import User


class Pages(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


def _text(label: str, **kw: Any) -> serializers.CharField:
    return serializers.CharField(
        label=label, error_messages={"required": f"{label}：必填", "blank": f"{label}：必填"}, **kw
    )


def _date(label: str, **kw: Any) -> serializers.DateField:
    return serializers.DateField(
        label=label, error_messages={"required": f"{label}：必填", "invalid": f"{label}：应为 YYYY-MM-DD"}, **kw
    )


def _visible(qs: Any, pk: Any, label: str, field: str) -> Any:
    obj = qs.filter(pk=pk).first() if str(pk).isdigit() else None
    if obj is None:
        raise ServiceError(f"{label} {pk} 不存在或无权查看", field=field)
    return obj


class MembershipSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True, default=None)

    class Meta:
        model = Membership
        fields = ["id", "user", "jurisdiction", "role", "role_label", "organization", "organization_name", "active"]


class AccountSerializer(serializers.ModelSerializer):
    memberships = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "home_jurisdiction", "is_active", "last_login", "memberships"]

    def get_memberships(self, obj: User) -> list[dict[str, Any]]:
        rows = getattr(obj, "active_memberships", None)
        if rows is None:
            rows = obj.memberships.filter(active=True).select_related("jurisdiction", "organization")
        return [MembershipSerializer(m).data for m in rows]


class AccountCreateSerializer(serializers.Serializer):
    username = _text("用户名", max_length=150)
    full_name = _text("姓名", max_length=40)
    jurisdiction = serializers.IntegerField(label="所属党委", required=False, allow_null=True)
    password = serializers.CharField(label="初始密码", required=False, allow_blank=True, write_only=True, default="")


class AccountCreatedSerializer(AccountSerializer):
    password = serializers.CharField(read_only=True, help_text="只在未提供密码、由系统生成时返回，且只返回这一次")

    class Meta(AccountSerializer.Meta):
        fields = [*AccountSerializer.Meta.fields, "password"]


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(label="原因", required=False, allow_blank=True, default="")


class PasswordSerializer(serializers.Serializer):
    password = serializers.CharField(label="新密码", required=False, allow_blank=True, default="", write_only=True)


class PasswordResultSerializer(serializers.Serializer):
    password = serializers.CharField(required=False, help_text="只在由系统生成时返回，且只返回这一次")
    detail = serializers.CharField()


class LinkSerializer(serializers.Serializer):
    inspector = serializers.IntegerField(label="工作人员档案")


class GrantSerializer(serializers.Serializer):
    user = serializers.IntegerField(label="账号")
    jurisdiction = serializers.IntegerField(label="党委")
    role = serializers.ChoiceField(
        label="角色", choices=Membership.Role.choices, error_messages={"invalid_choice": "角色 {input} 无效"}
    )
    organization = serializers.IntegerField(label="所在单位", required=False, allow_null=True)


class TeamPlaceSerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.__str__", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = TeamMembership
        fields = ["id", "team", "team_name", "user", "username", "role", "ended_on", "end_reason"]


class RevokePlaceSerializer(serializers.Serializer):
    reason = _text("撤销原因")
    on = _date("撤销日期", required=False)


class JurisdictionWriteSerializer(serializers.Serializer):
    code = _text("代码", max_length=40)
    name = _text("党委名称", max_length=100)
    short_name = _text("简称", max_length=40)
    rulebook_code = _text("适用规则", max_length=20)
    parent = serializers.IntegerField(label="上级党委", required=False, allow_null=True)  # type: ignore[assignment]  # the API field is called parent


class JurisdictionUpdateSerializer(serializers.Serializer):
    name = _text("党委名称", max_length=100, required=False)
    short_name = _text("简称", max_length=40, required=False)
    parent = serializers.IntegerField(label="上级党委", required=False, allow_null=True)  # type: ignore[assignment]  # the API field is called parent


SEARCH = OpenApiParameter("q", str, description="用户名或姓名中的字")


class AccountViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Accounts the user may see: oneself; an office head's or auditor's jurisdiction; all for the system admin."""

    serializer_class = AccountSerializer
    pagination_class = Pages

    def get_queryset(self) -> Any:
        return account_list(user=self.request.user, query=self.request.query_params.get("q", "").strip())

    @extend_schema(parameters=[SEARCH])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="建立账号（系统管理员；办公室负责人为本党委建立）",
        request=AccountCreateSerializer,
        responses={201: AccountCreatedSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = parse_input(AccountCreateSerializer, request)
        jurisdiction = None
        if data.get("jurisdiction") is not None:
            jurisdiction = _visible(
                Jurisdiction.objects.visible_to(request.user), data["jurisdiction"], "党委", "jurisdiction"
            )
        generated = not data["password"]
        password = data["password"] or services.generate_password()
        user = services.user_create(
            actor=cast("User", request.user),
            username=data["username"],
            full_name=data["full_name"],
            password=password,
            jurisdiction=jurisdiction,
        )
        body = dict(AccountSerializer(user).data)
        if generated:
            body["password"] = password
        return Response(body, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})

    @extend_schema(summary="停用账号（不能再登录）", request=ReasonSerializer, responses=AccountSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str | None = None) -> Response:
        data = parse_input(ReasonSerializer, request)
        user = services.user_deactivate(actor=cast("User", request.user), user=self.get_object(), reason=data["reason"])
        return Response(AccountSerializer(user).data)

    @extend_schema(summary="重新启用账号", request=None, responses=AccountSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request: Request, pk: str | None = None) -> Response:
        user = services.user_activate(actor=cast("User", request.user), user=self.get_object())
        return Response(AccountSerializer(user).data)

    @extend_schema(
        summary="重置密码（不填则由系统生成，只返回这一次）",
        request=PasswordSerializer,
        responses=PasswordResultSerializer,
    )
    @action(detail=True, methods=["post"], url_path="reset-password")
    def reset_password(self, request: Request, pk: str | None = None) -> Response:
        data = parse_input(PasswordSerializer, request)
        password = data["password"] or services.generate_password()
        user = services.password_reset(actor=cast("User", request.user), user=self.get_object(), password=password)
        body = {"detail": f"已为 {user.username} 设置新密码"}
        if not data["password"]:
            body["password"] = password
        return Response(body, headers={"Cache-Control": "no-store"})

    @extend_schema(summary="关联工作人员档案（办公室负责人）", request=LinkSerializer, responses=AccountSerializer)
    @action(detail=True, methods=["post"], url_path="link-inspector")
    def link_inspector(self, request: Request, pk: str | None = None) -> Response:
        data = parse_input(LinkSerializer, request)
        inspector = _visible(Inspector.objects.visible_to(request.user), data["inspector"], "工作人员档案", "inspector")
        user = self.get_object()
        people_services.inspector_link_user(actor=cast("User", request.user), inspector=inspector, user=user)
        return Response(AccountSerializer(user).data)

    @extend_schema(summary="解除工作人员档案关联（组内查阅权限同时终止）", request=None, responses=AccountSerializer)
    @action(detail=True, methods=["post"], url_path="unlink-inspector")
    def unlink_inspector(self, request: Request, pk: str | None = None) -> Response:
        user = self.get_object()
        inspector = Inspector.objects.visible_to(request.user).filter(user=user).first()
        if inspector is None:
            raise ServiceError(f"账号 {user.username} 未关联工作人员档案", field="inspector")
        people_services.inspector_unlink_user(
            actor=cast("User", request.user), inspector=inspector, on=timezone.localdate()
        )
        return Response(AccountSerializer(user).data)


class MembershipViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Jurisdiction roles. `?user=` and `?jurisdiction=` narrow the list; `?active=true` only the current ones."""

    serializer_class = MembershipSerializer
    pagination_class = Pages

    def get_queryset(self) -> Any:
        qs = Membership.objects.visible_to(self.request.user).select_related("user", "jurisdiction", "organization")
        params = self.request.query_params
        for key, label in (("user", "账号"), ("jurisdiction", "党委")):
            wanted = id_param(params, key, label=label)
            if wanted is not None:
                qs = qs.filter(**{f"{key}_id": wanted})
        if params.get("active") in ("true", "1"):
            qs = qs.filter(active=True)
        return qs.order_by("jurisdiction__code", "user__username", "role")

    @extend_schema(
        summary="授予角色（不能高于本人角色，不能在其他党委）",
        request=GrantSerializer,
        responses={201: MembershipSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = parse_input(GrantSerializer, request)
        user = _visible(User.objects.visible_to(request.user), data["user"], "账号", "user")
        jurisdiction = _visible(
            Jurisdiction.objects.visible_to(request.user), data["jurisdiction"], "党委", "jurisdiction"
        )
        organization = None
        if data.get("organization") is not None:
            organization = _visible(
                Organization.objects.visible_to(request.user), data["organization"], "单位", "organization"
            )
        m = services.membership_grant(
            actor=cast("User", request.user),
            user=user,
            jurisdiction=jurisdiction,
            role=data["role"],
            organization=organization,
        )
        return Response(MembershipSerializer(m).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="撤销角色", request=ReasonSerializer, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        data = parse_input(ReasonSerializer, request)
        m = services.membership_revoke(
            actor=cast("User", request.user), membership=self.get_object(), reason=data["reason"]
        )
        return Response(MembershipSerializer(m).data)


class TeamPlaceViewSet(viewsets.ReadOnlyModelViewSet):
    """Team places (组内职位) and their access. `?team=`, `?user=`; `?active=true` only those still giving access."""

    serializer_class = TeamPlaceSerializer
    pagination_class = Pages

    def get_queryset(self) -> Any:
        qs = TeamMembership.objects.visible_to(self.request.user).select_related("user", "team__round__jurisdiction")
        params = self.request.query_params
        for key, label in (("team", "组"), ("user", "账号")):
            wanted = id_param(params, key, label=label)
            if wanted is not None:
                qs = qs.filter(**{f"{key}_id": wanted})
        if params.get("active") in ("true", "1"):
            qs = qs.filter(ended_on__isnull=True)
        return qs.order_by("team_id", "role", "user__username")

    @extend_schema(
        summary="撤销组成员的查阅权限（办公室负责人）", request=RevokePlaceSerializer, responses=TeamPlaceSerializer
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        data = parse_input(RevokePlaceSerializer, request)
        place = team_membership_revoke(
            actor=cast("User", request.user),
            membership=self.get_object(),
            on=data.get("on") or timezone.localdate(),
            reason=data["reason"],
        )
        return Response(TeamPlaceSerializer(place).data)


class JurisdictionViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadOnlyJurisdictionViewSet):
    """Jurisdictions the user may see; the system administrator creates them and sets the parent (上下联动)."""

    http_method_names = ["get", "post", "patch", "head", "options"]

    def _parent(self, pk: Any) -> Jurisdiction | None:
        return None if pk is None else _visible(Jurisdiction.objects.all(), pk, "上级党委", "parent")

    @extend_schema(
        summary="建立党委（系统管理员）", request=JurisdictionWriteSerializer, responses={201: JurisdictionSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = parse_input(JurisdictionWriteSerializer, request)
        parent = self._parent(data.pop("parent", None))
        j = jurisdiction_services.jurisdiction_create(actor=cast("User", request.user), parent=parent, **data)
        return Response(JurisdictionSerializer(j).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="修改党委名称或上级党委（系统管理员）",
        request=JurisdictionUpdateSerializer,
        responses=JurisdictionSerializer,
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        j = self.get_object()
        data = parse_input(JurisdictionUpdateSerializer, request)
        parent = self._parent(data["parent"]) if "parent" in data else j.parent
        j = jurisdiction_services.jurisdiction_update(
            actor=cast("User", request.user),
            jurisdiction=j,
            name=data.get("name", j.name),
            short_name=data.get("short_name", j.short_name),
            parent=parent,
        )
        return Response(JurisdictionSerializer(j).data)

    @extend_schema(exclude=True)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)
