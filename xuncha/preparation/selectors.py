"""Reads for the preparation page and API. Everything starts from `visible_to`; a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from xuncha.core.visibility import Viewer, viewer_for
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.rulebook import InformationSource
from xuncha.obligations.models import Obligation
from xuncha.registry.models import Post

from .models import InformationRequest, LeaderBriefing, PersonalMattersCheck

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def may_view_preparation(user: User, inspection: Inspection) -> bool:
    """Preparation is the team's and the oversight's work; the inspected unit does not see whom was asked what."""
    viewer = viewer_for(user)
    return inspection.team_id in viewer.team_ids or inspection.jurisdiction_id in viewer.oversight_jurisdictions


def may_read_secrets(user: User, inspection: Inspection) -> bool:
    viewer = viewer_for(user)
    return inspection.team_id in viewer.team_ids or inspection.jurisdiction_id in viewer.jurisdictions_with(
        {"office_head"}
    )


def may_send(user: User, inspection: Inspection) -> bool:
    return inspection.jurisdiction_id in viewer_for(user).jurisdictions_with({"office_head", "office_staff"})


@dataclass
class SourceRow:
    source: InformationSource
    request: InformationRequest | None
    obligation: Obligation | None


def request_rows(user: User, inspection: Inspection) -> list[SourceRow]:
    """One row per information source of the rulebook, with its request (if any) and the obligation it opened."""
    book = inspection.jurisdiction.rulebook
    requests = {
        r.source: r
        for r in InformationRequest.objects.visible_to(user).filter(inspection=inspection).select_related("agency")
    }
    obligations = obligations_for(user, requests.values())
    rows = []
    for source in book.information_sources:
        request = requests.get(source.code)
        rows.append(SourceRow(source, request, obligations.get(request.pk) if request else None))
    return rows


def obligations_for(user: User, requests: Any) -> dict[int, Obligation]:
    """The latest obligation each request opened (one query)."""
    ids = [str(r.pk) for r in requests]
    if not ids:
        return {}
    found = (
        Obligation.objects.visible_to(user)
        .filter(subject_type=InformationRequest._meta.label_lower, subject_id__in=ids)
        .order_by("id")
    )
    return {int(ob.subject_id): ob for ob in found}


def current_leadership(user: User, inspection: Inspection) -> QuerySet[Post]:
    """The target's current leadership (领导班子成员, registry posts without an end date).

    The registry shows posts to the oversight roles only (`Post.visibility_q`); the inspection's own team must see
    the leadership of the unit it inspects to follow the spot-checks of JDZ-2017 第二十六条（三）, as
    `Organization.visibility_q` already lets it see the unit. Everyone else reads through `Post.visible_to`."""
    viewer: Viewer = viewer_for(user)
    posts = Post.objects.filter(organization_id=inspection.target_id, is_leadership=True, ended_on__isnull=True)
    if inspection.team_id not in viewer.team_ids:
        posts = posts.filter(pk__in=Post.objects.visible_to(viewer).values("pk"))
    return posts.select_related("cadre").order_by("-is_principal", "started_on", "id")


@dataclass
class LeadershipRow:
    post: Post
    check: PersonalMattersCheck | None


def leadership_rows(user: User, inspection: Inspection) -> list[LeadershipRow]:
    """The spot-check list: each current leadership member with the check recorded for them (if any)."""
    checks = {c.cadre_id: c for c in checks_visible(user).filter(inspection=inspection)}
    seen: set[int] = set()
    rows = []
    for post in current_leadership(user, inspection):
        if post.cadre_id in seen:  # two current leadership posts: one row per person
            continue
        seen.add(post.cadre_id)
        rows.append(LeadershipRow(post, checks.get(post.cadre_id)))
    return rows


def leadership_cadre(user: User, inspection: Inspection, cadre_id: int) -> Any:
    """The cadre named by a spot-check form or request, from the spot-check list the user sees; anyone else is refused
    with the article (the service checks the same against the registry)."""
    from xuncha.core.errors import ServiceError

    from .sources import PERSONAL_MATTERS, information_source

    post = current_leadership(user, inspection).filter(cadre_id=cadre_id).first()
    if post is None:
        book = inspection.jurisdiction.rulebook
        source = information_source(book, PERSONAL_MATTERS)
        article = source.article if source else ""
        raise ServiceError(
            f"干部 {cadre_id} 不是{inspection.target}现任领导班子成员（或不存在、无权查看），不能抽查核实其个人有关事项"
            + (f"（{article}）" if article else ""),
            field="cadre",
            article=article,
        )
    return post.cadre


def checks_visible(user: User) -> QuerySet[PersonalMattersCheck]:
    return PersonalMattersCheck.objects.visible_to(user).select_related("cadre", "post").defer("result", "discrepancy")


def briefings_visible(user: User) -> QuerySet[LeaderBriefing]:
    return LeaderBriefing.objects.visible_to(user).defer("topics").prefetch_related("attendees")
