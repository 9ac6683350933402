"""What higher apps contribute to the steps of an inspection (`core.hooks.Hook`): inspections sits below planning
and people, so the team's staffing, the recusal of its people and the end of its access are theirs to say.

- `TEAM_STAFFING` (people): whether a team has its leader and how many other members, counted from its accounts and
  its staffing alike — read at entry (组长负责制).
- `TARGET_ASSIGNED` (people): called when a target is given to a team, with the team and the round's first day;
  refuses the step when someone already staffed must recuse from the target without a recorded waiver.
- `INSPECTION_ENDED` (planning): called in the same transaction when an inspection is closed or withdrawn, with the
  actor, the team and the day; ends the team's access once all its inspections are finished."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from xuncha.core.hooks import Hook

TEAM_STAFFING: Hook[Callable[[Any], tuple[bool, int]]] = Hook(
    "team_staffing", "返回组是否配备组长及其他成员人数的函数，由 people 提供"
)
TARGET_ASSIGNED: Hook[Callable[[Any, datetime.date], None]] = Hook(
    "target_assigned", "对象安排给组时调用、检查已配备人员是否须回避的函数，由 people 提供"
)
INSPECTION_ENDED: Hook[Callable[..., Any]] = Hook(
    "inspection_ended", "对象办结或撤出后在同一事务内调用的函数（终止组成员查阅权限），由 planning 提供"
)
