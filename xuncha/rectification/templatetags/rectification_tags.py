"""`{% rectification_section inspection %}`: the way to the rectification pages from an inspection's page — the
portal for the inspected unit's contact, the review and supervision page for the office, leading group and team."""

from __future__ import annotations

from typing import Any

from django import template

from xuncha.core.visibility import viewer_for
from xuncha.rectification.selectors import PORTAL_STAGES, is_staff_of, is_unit_of

register = template.Library()


@register.inclusion_tag("rectification/_inspection_section.html", takes_context=True)
def rectification_section(context: Any, inspection: Any) -> dict[str, Any]:
    viewer = viewer_for(context["request"].user)
    return {
        "show": inspection.status in PORTAL_STAGES,
        "inspection": inspection,
        "unit": is_unit_of(viewer, inspection),
        "staff": is_staff_of(viewer, inspection),
    }
