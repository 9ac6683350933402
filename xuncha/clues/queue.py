"""The work-queue providers of clues: `queue_register` (the team's and the unit's steps) and `queue_transfers`
(approvals, signatures, the receivers' handling and its escalation when overdue)."""

from . import queue_register, queue_transfers  # noqa: F401  # each registers its providers with @provider
