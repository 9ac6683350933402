"""What reporting gives lower apps through their hooks: the link to a team's public reporting page under its entry
announcement on the public disclosure page (disclosures.hooks.PUBLIC_LINKS), while that page is open."""

from __future__ import annotations

from django.urls import reverse

from .models import Channel
from .state import channel_state


def open_channel_links(inspection_ids: list[int]) -> dict[int, tuple[str, str]]:
    channels = Channel.objects.filter(inspection_id__in=inspection_ids).select_related(
        "inspection__jurisdiction", "inspection__team"
    )
    return {
        c.inspection_id: (
            f"向{c.inspection.team}网上反映问题（可匿名）",
            reverse("reporting_public:report", args=[c.token]),
        )
        for c in channels
        if channel_state(c).open
    }
