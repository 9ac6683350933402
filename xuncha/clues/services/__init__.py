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
from .informants import informant_identity as informant_identity
from .informants import informant_release as informant_release
from .informants import informant_seen_by as informant_seen_by
from .register import clue_merge as clue_merge
from .register import clue_read as clue_read
from .register import clue_register as clue_register
from .register import clue_source_add as clue_source_add
from .register import clue_subject_add as clue_subject_add
from .register import clue_subject_remove as clue_subject_remove
from .register import clue_update as clue_update
from .suggestions import suggestion_answer as suggestion_answer
from .suggestions import suggestion_issue as suggestion_issue
from .transfers import transfer_approve as transfer_approve
from .transfers import transfer_cancel as transfer_cancel
from .transfers import transfer_draft as transfer_draft
from .transfers import transfer_sign as transfer_sign
