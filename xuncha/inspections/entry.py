"""What happens at entry besides the inspection's own step (`services.inspection_enter`), contributed by higher apps.

`ENTERED` is called in the entry's transaction, right after the `inspection.entered` event, once per contribution as
`contribution(actor=..., inspection=..., entered_on=...)`: disclosures drafts the entry announcement there
(JDZ-2017 第四十二条: 进驻情况应当公开; `disclosures.apps`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xuncha.core.hooks import Hook

ENTERED: Hook[Callable[..., Any]] = Hook("inspection_entered", "进驻记录后在同一事务内被调用的函数（起草进驻公告等）")
