"""`{% load findings_tags %}`: lets other apps' templates show the findings section only to those who may read it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from xuncha.core.visibility import viewer_for
from xuncha.findings.selectors import can_read

if TYPE_CHECKING:
    from xuncha.accounts.models import User

register = template.Library()


@register.filter
def findings_readable(inspection: Any, user: User) -> bool:
    """The team, the office, the leading group and auditors; not the inspected unit, not receivers."""
    return can_read(viewer_for(user), inspection)
