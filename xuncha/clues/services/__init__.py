"""The clue services, by sub-domain: `register` (clues, sources, persons concerned, merging, the secret read),
`informants` (release of an informant's identity, who has seen it), `suggestions` (处理建议 to the unit),
`fast_track` (transfer during the inspection), `disposal` (the decision after the round), `transfers` (the
handover form and its signatures), `handling` (the receivers' reports)."""

# fast track, disposal, transfers, handling (the transfers helper's part)
from .disposal import clue_dispose
from .fast_track import fast_track_decide, fast_track_propose
from .handling import handling_report, review_meeting_record
from .transfers import transfer_approve, transfer_cancel, transfer_draft, transfer_sign

__all__ = [
    "clue_dispose",
    "fast_track_decide",
    "fast_track_propose",
    "handling_report",
    "review_meeting_record",
    "transfer_approve",
    "transfer_cancel",
    "transfer_draft",
    "transfer_sign",
]
