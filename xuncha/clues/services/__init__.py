"""The clue services, by sub-domain: `register` (clues, sources, persons concerned, merging, the secret read),
`informants` (release of an informant's identity, who has seen it), `suggestions` (处理建议 to the unit),
`fast_track` (transfer during the inspection), `disposal` (the decision after the round), `transfers` (the
handover form and its signatures), `handling` (the receivers' reports)."""
