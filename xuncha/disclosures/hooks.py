"""What higher apps add to the public disclosure page (`core.hooks.Hook`).

- `PUBLIC_LINKS` (reporting): called with the ids of the inspections whose entry announcement is on the page;
  returns, for those whose public reporting page is open today, `{inspection_id: (label, path)}` — the link shown
  under the announcement."""

from __future__ import annotations

from collections.abc import Callable

from xuncha.core.hooks import Hook

PUBLIC_LINKS: Hook[Callable[[list[int]], dict[int, tuple[str, str]]]] = Hook(
    "public_links", "公开页面进驻公告下的链接（网上反映），由 reporting 提供"
)


def public_links(inspection_ids: list[int]) -> dict[int, tuple[str, str]]:
    links: dict[int, tuple[str, str]] = {}
    for contribute in PUBLIC_LINKS:
        links.update(contribute(inspection_ids))
    return links
