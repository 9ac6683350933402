"""Reads of the public's reports that are more than a filter."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from .models import PublicMessage, PublicReport


def with_last_message(reports: QuerySet[PublicReport]) -> Any:  # annotated: the stubs cannot name the result
    """Each report with who spoke last in its thread (`last_from_team`: True, False, or None without a thread) and
    the day of that message (`last_on`)."""
    last = PublicMessage.objects.filter(report=OuterRef("pk")).order_by("-position")
    return reports.annotate(
        last_from_team=Subquery(last.values("from_team")[:1]), last_on=Subquery(last.values("on")[:1])
    )


def register_rows(user: Any) -> Any:
    """The reports the user may see, as the inbox and the API list them: newest day first, then by register number."""
    reports = PublicReport.objects.visible_to(user).select_related("petition")
    return with_last_message(reports).order_by("-submitted_on", "petition__number", "id")
