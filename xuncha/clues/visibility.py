"""Who sees a clue's register row, and who may open its content (see `models`' docstring)."""

from __future__ import annotations

from django.db.models import Q

from xuncha.core.visibility import Viewer

OFFICE_ROLES = ("office_head", "office_staff")
LEDGER_ROLES = ("office_head", "office_staff", "leading_group_head", "leading_group_member", "five_member_group_member")


def register_readers_q(viewer: Viewer, *, clue: str = "") -> Q:
    """The clues whose register row the viewer may see: the inspecting team, the office and the leading group of the
    jurisdiction, and a receiver the clues transferred to it (a transfer not yet complete shows it what it signs)."""
    p = f"{clue}__" if clue else ""
    return (
        Q(**{f"{p}inspection__team_id__in": sorted(viewer.team_ids)})
        | Q(**{f"{p}jurisdiction_id__in": viewer.jurisdictions_with(frozenset(LEDGER_ROLES))})
        | Q(**{f"{p}transfer__receiver_id__in": sorted(viewer.receiver_org_ids)})
    )


def content_readers_q(viewer: Viewer, *, clue: str = "") -> Q:
    """The clues whose content the viewer may open: the team, the office head, and the receiver of a clue whose
    transfer is complete (never another organ's)."""
    p = f"{clue}__" if clue else ""
    return (
        Q(**{f"{p}inspection__team_id__in": sorted(viewer.team_ids)})
        | Q(**{f"{p}jurisdiction_id__in": viewer.jurisdictions_with(frozenset({"office_head"}))})
        | Q(
            **{
                f"{p}transfer__receiver_id__in": sorted(viewer.receiver_org_ids),
                f"{p}transfer__status": "completed",
            }
        )
    )
