from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from xuncha.core.visibility import viewer_for
from xuncha.jurisdictions.words import request_word

from .work_queue import queue_rows


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the navigation bar shows depends on the roles the user holds."""
    user = getattr(request, "user", None)
    viewer = viewer_for(user)
    if not viewer.authenticated:
        return {"nav": None}
    roles = {r for held in viewer.roles.values() for r in held}
    return {
        "nav": {
            "oversight": bool(viewer.oversight_jurisdictions),
            "audit": bool(roles & {"office_head", "auditor"}),
            "teams": bool(viewer.team_ids),
            "unit": bool(viewer.unit_org_ids),
            "receiver": bool(viewer.receiver_org_ids),
            "calendar_admin": viewer.is_sysadmin,  # the national holiday calendar: the system administrator only
            "inspections": bool(viewer.oversight_jurisdictions or viewer.team_ids or viewer.unit_org_ids),
            "own_inspector": _own_inspector_id(user),
            "accounts": viewer.is_sysadmin or "office_head" in roles or "auditor" in roles,
            "sysadmin": viewer.is_sysadmin,
            # 问题线索台账: the office and the leading group; a team member where his rulebook has a team ledger.
            "ledgers": SimpleLazyObject(lambda: _sees_ledgers(request, roles, viewer.team_ids)),
            # 我的待办's count: computed only when the bar is drawn, and shared with the dashboard (once per request).
            "queue_count": SimpleLazyObject(lambda: len(queue_rows(request))),
            # The menu's name for the inspections: the user's word, whatever the page's own `word` is.
            "word": SimpleLazyObject(lambda: request_word(request)),
        }
    }


def _sees_ledgers(request: HttpRequest, roles: set[str], team_ids: frozenset[int]) -> bool:
    """The office and the leading group (no query); a team member where his team's rulebook keeps a team ledger —
    one query, remembered in the session for as long as his team places stay the same."""
    from xuncha.clues.visibility import LEDGER_ROLES
    from xuncha.jurisdictions.rulebook import get_rulebook
    from xuncha.planning.models import Team

    if roles & set(LEDGER_ROLES):
        return True
    if not team_ids:
        return False
    session = getattr(request, "session", None)
    key = sorted(team_ids)
    remembered = session.get("xuncha_ledger_nav") if session is not None else None
    if isinstance(remembered, list) and len(remembered) == 2 and remembered[0] == key:
        return bool(remembered[1])
    codes = set(Team.objects.filter(pk__in=key).values_list("round__jurisdiction__rulebook_code", flat=True))
    sees = any(item.keeper == "team" for code in codes for item in get_rulebook(code).ledgers)
    if session is not None:
        session["xuncha_ledger_nav"] = [key, sees]
    return sees


def _own_inspector_id(user: Any) -> int | None:
    from xuncha.people.models import Inspector

    return Inspector.objects.filter(user=user).values_list("pk", flat=True).first()


def word(request: HttpRequest) -> dict[str, Any]:
    """`word`: 巡察 or 巡视, for pages not tied to one jurisdiction (a view that is passes its own `word`)."""
    return {"word": SimpleLazyObject(lambda: request_word(request))}
