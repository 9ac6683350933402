"""`{% fieldwork_section inspection %}`: the fieldwork entry on an inspection's page, for those who may read it."""

from __future__ import annotations

from typing import Any

from django import template

from xuncha.core.visibility import viewer_for
from xuncha.fieldwork import rules
from xuncha.fieldwork.secrecy import may_read_fieldwork, may_read_secrets

register = template.Library()


@register.inclusion_tag("fieldwork/_inspection_section.html", takes_context=True)
def fieldwork_section(context: Any, inspection: Any) -> dict[str, Any]:
    user = context["request"].user
    if not may_read_fieldwork(user, inspection):
        return {"show": False}
    book = inspection.jurisdiction.rulebook
    on_site = inspection.status == "on_site"
    return {
        "show": True,
        "inspection": inspection,
        "book": book,
        "methods_article": rules.methods_article(book),
        "secret_reader": may_read_secrets(user, inspection),
        "can_talk": on_site and inspection.team_id in viewer_for(user).team_ids,
    }
