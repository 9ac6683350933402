"""Every API list pages, and no `limit` fetches more than the maximum page size."""

from __future__ import annotations

from typing import Any

from django.test import Client

from xuncha.core.api import MAX_PAGE_SIZE
from xuncha.registry.models import Organization


def test_a_list_never_returns_more_than_the_maximum_page_size(jdz: Any) -> None:
    # Volume for the test only: many targets at once (the registry service records one event each).
    Organization.objects.bulk_create(
        Organization(
            jurisdiction=jdz.jurisdiction, name=f"批量对象{i}", kind="target", target_category="local_leadership"
        )
        for i in range(MAX_PAGE_SIZE + 5)
    )
    client = Client()
    client.force_login(jdz.office_head)
    body = client.get("/api/organizations/", {"limit": 100000}).json()
    assert body["count"] >= MAX_PAGE_SIZE + 5
    assert len(body["results"]) == MAX_PAGE_SIZE and f"limit={MAX_PAGE_SIZE}" in body["next"]
    default = client.get("/api/organizations/").json()
    assert len(default["results"]) == 100
