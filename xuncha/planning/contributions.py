"""What planning contributes to the steps of an inspection (`inspections.hooks`), registered
when `PlanningConfig.ready()` imports it: once all of a team's inspections are closed or withdrawn, its access
ends."""

from __future__ import annotations

from xuncha.inspections.hooks import INSPECTION_ENDED

from .access import team_access_close

INSPECTION_ENDED.register(team_access_close, key="planning.team_access")
