"""Reads for the disclosure pages and API.

Staff pages read through `visible_to`. The public page is the one read made for anonymous visitors: it starts from
`public_disclosures`, which returns published, current disclosures as plain rows of the five public fields and
nothing else, so a template cannot reach a draft, a person or any other field by accident."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Disclosure

# Title, body, publication date, channels and the inspected unit; the jurisdiction only to group and link them.
PUBLIC_FIELDS = ("title", "body", "published_on", "channels", "inspection__target__name", "stage", "inspection_id")


def public_disclosures(*, jurisdiction_id: int | None = None) -> QuerySet[Disclosure, dict[str, Any]]:
    """Published disclosures a later published correction has not replaced, newest first."""
    qs = Disclosure.objects.filter(status=Disclosure.Status.PUBLISHED).exclude(
        superseded_by__status=Disclosure.Status.PUBLISHED
    )
    if jurisdiction_id is not None:
        qs = qs.filter(inspection__jurisdiction_id=jurisdiction_id)
    return qs.order_by("-published_on", "-pk").values(
        *PUBLIC_FIELDS, "inspection__jurisdiction__name", "inspection__jurisdiction__rulebook_code"
    )


def public_jurisdictions() -> list[dict[str, Any]]:
    """The jurisdictions with something published: code and name, for the public index."""
    from xuncha.jurisdictions.models import Jurisdiction

    ids = public_disclosures().values("inspection__jurisdiction_id")
    rows = Jurisdiction.objects.filter(pk__in=ids).order_by("code").values_list("code", "name")
    return [{"code": code, "name": name} for code, name in rows]
