"""Reads for the feedback pages and API: through visible_to, each a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from xuncha.core.visibility import OFFICE_WRITE_ROLES, viewer_for
from xuncha.findings.services import is_team_leader
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.rulebook import Rulebook
from xuncha.jurisdictions.vocabulary import ROLE_KINDS

from . import rules
from .models import FeedbackSession, ReceiptSignature

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def visible_inspections(user: User) -> QuerySet[Inspection]:
    """Inspections whose feedback the user may see: oversight roles, the team, and the inspected unit (its own)."""
    return Inspection.objects.visible_to(user).select_related("jurisdiction", "round", "team__round", "target")


def is_office(user: User, inspection: Inspection) -> bool:
    return inspection.jurisdiction_id in viewer_for(user).jurisdictions_with(OFFICE_WRITE_ROLES)


def sees_working_material(user: User, inspection: Inspection) -> bool:
    """The consent and the 通报 are for the team and the oversight roles, not for the inspected unit."""
    viewer = viewer_for(user)
    return inspection.team_id in viewer.team_ids or inspection.jurisdiction_id in viewer.oversight_jurisdictions


def may_record(user: User, inspection: Inspection) -> bool:
    """Sessions and 通报 are recorded by the team's leader or the office."""
    return is_team_leader(user, inspection.team_id) or is_office(user, inspection)


def signs_as_self(role: str) -> bool:
    """The team leader and the office's own roles sign as the logged-in person; others are recorded by name."""
    return role == "team_leader" or ROLE_KINDS.get(role) == "jurisdiction"


def may_sign(user: User, inspection: Inspection, role: str) -> bool:
    """Who may record a line of the receipt: the team leader his own; a jurisdiction role (巡察办负责人) its holder; the
    inspected unit's principal leader: the unit's contact or the office; any other signer: the office."""
    viewer = viewer_for(user)
    if role == "team_leader":
        return is_team_leader(user, inspection.team_id)
    kind = ROLE_KINDS.get(role, "")
    if kind == "jurisdiction":
        return viewer.has_role(inspection.jurisdiction_id, role)
    if kind == "target":
        return inspection.target_id in viewer.unit_org_ids or is_office(user, inspection)
    return is_office(user, inspection)


def current_principal_name(organization_id: int) -> str:
    """The registry's current principal leader (主要负责人) of the organization, to prefill the receipt's line.

    Read without visible_to on purpose, and only the name: it is shown to whoever may record that line (the unit's
    own contact, who does not see the registry but knows its own principal leader, and the office)."""
    from xuncha.registry.models import Post

    post = (
        Post.objects.filter(organization_id=organization_id, is_principal=True, ended_on__isnull=True)
        .select_related("cadre")
        .first()
    )
    return post.cadre.name if post is not None else ""


@dataclass(frozen=True)
class Problem:
    """A problem as the unit was told it. Never the finding's evidence (talk records, petitions), its persons
    concerned or anything else: the finding itself stays team material."""

    number: int
    title: str
    category: str
    category_name: str
    description: str


def problems_of(sessions: Sequence[FeedbackSession]) -> dict[int, list[Problem]]:
    """The problems each session pointed out. One query; sessions need `inspection__jurisdiction` loaded."""
    names: dict[int, dict[str, str]] = {
        s.pk: {c.code: c.name for c in s.inspection.jurisdiction.rulebook.problem_categories} for s in sessions
    }
    through: Any = FeedbackSession.findings.through
    rows = (
        through.objects.filter(feedbacksession_id__in=list(names)).select_related("finding").order_by("finding__number")
    )
    out: dict[int, list[Problem]] = defaultdict(list)
    for row in rows:
        f = row.finding
        category_name = names[row.feedbacksession_id].get(f.category, f.category)
        out[row.feedbacksession_id].append(Problem(f.number, f.title, f.category, category_name, f.description))
    return out


@dataclass(frozen=True)
class ReceiptLine:
    role: str
    role_name: str
    signature: ReceiptSignature | None
    can_sign: bool
    by_name: bool  # the name is typed (the unit's principal leader), not the signer's own
    prefill: str


def receipt_lines(user: User, inspection: Inspection, book: Rulebook) -> list[ReceiptLine]:
    """The receipt's lines in the form's order, each with its signature (if in) and whether this user may record it."""
    form = rules.receipt_form(book)
    if form is None:
        return []
    signed = {s.role: s for s in ReceiptSignature.objects.visible_to(user).filter(inspection=inspection)}
    principal = None
    lines = []
    for role in form.signers:
        can = role not in signed and may_sign(user, inspection, role)
        prefill = ""
        if can and not signs_as_self(role):
            if principal is None:
                principal = current_principal_name(inspection.target_id)
            prefill = principal if role == "unit_principal_leader" else ""
        lines.append(
            ReceiptLine(role, rules.role_name(book, role), signed.get(role), can, not signs_as_self(role), prefill)
        )
    return lines


def receipt_complete(inspection: Inspection) -> tuple[bool, str]:
    """Whether every line of the receipt is signed (the closure condition “已三方签字”), and what is missing. The date
    the unit signed for the feedback (`receipt_signed_on`) is a different matter: it starts the clock."""
    form = rules.receipt_form(inspection.jurisdiction.rulebook)
    if form is None:
        return (True, "")
    book = inspection.jurisdiction.rulebook
    signed = dict(ReceiptSignature.objects.filter(inspection=inspection).values_list("role", "signed_on"))
    missing = [rules.role_name(book, r) for r in form.signers if r not in signed]
    if missing:
        return (False, f"{form.name}尚缺{'、'.join(missing)}的签字")
    return (True, f"{form.name}已签字（最后一方 {max(signed.values())}）")
