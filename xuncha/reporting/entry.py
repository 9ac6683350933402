"""The channel is opened at entry: reporting contributes to `inspections.entry.ENTERED` (apps.py), in the entry's
transaction, after its `inspection.entered` event. Whoever may record the entry opens it (`inspection_enter`
checks the actor); the page itself stays closed until the entry announcement is published (`state.py`)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from xuncha.inspections.models import Inspection

from .models import Channel
from .services.channels import _open_channel

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def channel_open_at_entry(*, actor: User, inspection: Inspection, entered_on: datetime.date) -> Channel:
    return _open_channel(actor=actor, inspection=inspection, on=entered_on)
