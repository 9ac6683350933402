from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from .models import Cadre, Organization, Post


def target_list(*, user: Any, include_inactive: bool = True) -> QuerySet[Organization]:
    """Targets the user may see, each with its current principal leader prefetched (fixed query count)."""
    principals = Post.objects.filter(is_principal=True, ended_on__isnull=True).select_related("cadre")
    qs = (
        Organization.objects.visible_to(user)
        .filter(kind=Organization.Kind.TARGET)
        .select_related("jurisdiction", "parent", "successor")
        .prefetch_related(Prefetch("posts", queryset=principals, to_attr="current_principals"))
        .order_by("jurisdiction", "name")
    )
    return qs if include_inactive else qs.filter(status=Organization.Status.ACTIVE)


def cadre_list(*, user: Any, query: str = "") -> QuerySet[Cadre]:
    current = Post.objects.filter(ended_on__isnull=True).select_related("organization")
    qs = (
        Cadre.objects.visible_to(user)
        .select_related("jurisdiction")
        .prefetch_related(Prefetch("posts", queryset=current, to_attr="current_posts"))
        .order_by("jurisdiction", "code")
    )
    if query:
        qs = qs.filter(name__contains=query) | qs.filter(code__contains=query)
    return qs


def subordinate_ids(organization: Organization) -> set[int]:
    """The unit and every unit below it, breadth first (one query per level)."""
    found, frontier = {organization.pk}, {organization.pk}
    while frontier:
        frontier = set(Organization.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found
