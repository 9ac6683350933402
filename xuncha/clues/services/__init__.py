"""The clue services, by sub-domain: `register` (clues, sources, persons concerned, merging, the secret read),
`informants` (release of an informant's identity, who has seen it), `suggestions` (处理建议 to the unit),
`fast_track` (transfer during the inspection), `disposal` (the decision after the round), `transfers` (the
handover form and its signatures), `handling` (the receivers' reports)."""

# fast track, disposal, transfers, handling (the transfers helper's part): re-exported for the authority test
from .disposal import clue_dispose as clue_dispose
from .fast_track import fast_track_decide as fast_track_decide
from .fast_track import fast_track_propose as fast_track_propose
from .handling import handling_report as handling_report
from .handling import review_meeting_record as review_meeting_record
from .transfers import transfer_approve as transfer_approve
from .transfers import transfer_cancel as transfer_cancel
from .transfers import transfer_draft as transfer_draft
from .transfers import transfer_sign as transfer_sign
