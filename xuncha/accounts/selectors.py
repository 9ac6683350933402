"""Reads for the accounts pages and API, each from `visible_to`."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from xuncha.core.visibility import viewer_for
from xuncha.jurisdictions.models import Jurisdiction

from .models import Membership, User

PICK_LIMIT = 20  # a search picker shows at most this many matches, never a whole registry


def may_manage_accounts(user: Any) -> bool:
    """The system administrator, and the office head of some jurisdiction."""
    viewer = viewer_for(user)
    return viewer.is_sysadmin or bool(viewer.jurisdictions_with({"office_head"}))


def managed_jurisdictions(user: Any) -> QuerySet[Jurisdiction]:
    """Where `user` grants roles: every jurisdiction for the system administrator, the own for an office head."""
    viewer = viewer_for(user)
    if viewer.is_sysadmin:
        return Jurisdiction.objects.all().order_by("code")
    return Jurisdiction.objects.filter(pk__in=viewer.jurisdictions_with({"office_head"})).order_by("code")


def account_list(*, user: Any, query: str = "") -> QuerySet[User]:
    active = Membership.objects.filter(active=True).select_related("jurisdiction", "organization")
    qs = (
        User.objects.visible_to(user)
        .select_related("home_jurisdiction")
        .prefetch_related(Prefetch("memberships", queryset=active, to_attr="active_memberships"))
        .order_by("username")
    )
    if query:
        qs = qs.filter(Q(username__icontains=query) | Q(full_name__contains=query))
    return qs


def organization_pick(*, user: Any, jurisdiction: Jurisdiction, query: str) -> list[Any]:
    """Targets and receiving organizations of `jurisdiction` whose name contains `query` (for a contact role)."""
    from xuncha.registry.models import Organization

    query = query.strip()
    if not query:
        return []
    qs = Organization.objects.visible_to(user).filter(
        jurisdiction=jurisdiction, kind__in=["target", "receiver"], status="active", name__contains=query
    )
    return list(qs.order_by("kind", "name")[:PICK_LIMIT])


def inspector_pick(*, user: Any, jurisdiction: Jurisdiction, query: str) -> list[Any]:
    """Inspectors of `jurisdiction` without a login whose name or cadre code contains `query`."""
    from xuncha.people.models import Inspector

    query = query.strip()
    if not query:
        return []
    qs = Inspector.objects.visible_to(user).filter(jurisdiction=jurisdiction, user__isnull=True)
    qs = qs.filter(Q(cadre__name__contains=query) | Q(cadre__code__contains=query)).select_related("cadre")
    return list(qs.order_by("cadre__name")[:PICK_LIMIT])
