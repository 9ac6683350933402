"""The word a page speaks: 巡察 (a city's or county's rulebook) or 巡视 (a province's), as the rulebook says.

Code never writes the word (xuncha/core/tests/test_no_literal_word.py holds it). A page about one inspection,
round or jurisdiction takes `jurisdiction.word`; a page about none of them takes the word of the user's
jurisdictions (`user_word`), which the `word` context processor gives every template. Labels that the schema
stores in the schema word (model verbose names and choices, the vocabulary's Chinese names) are shown through
`speak`, which puts the rulebook's word in their place.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from xuncha.jurisdictions.vocabulary import SCHEMA_WORD

# Both words together, for text that belongs to no one jurisdiction (the public index, the system administrator,
# the API's description) — never for a page of one jurisdiction.
BOTH = "巡视巡察"

_SCHEMA = re.compile(rf"《[^》]*》|{BOTH}|{SCHEMA_WORD}")


def speak(text: str, word: str) -> str:
    """`text` (written in the schema word) in `word`; titles in 《》 and the two words together are left as they are."""
    if not text or word == SCHEMA_WORD:
        return text
    return _SCHEMA.sub(lambda m: word if m.group(0) == SCHEMA_WORD else m.group(0), text)


def user_word(user: Any) -> str:
    """The word of the jurisdictions where `user` holds a role or a team place (or held one, if none now); both
    words if they differ, or if the user has none (not signed in)."""
    from xuncha.core.visibility import viewer_for
    from xuncha.jurisdictions.models import Jurisdiction
    from xuncha.jurisdictions.rulebook import get_rulebook

    viewer = viewer_for(user)
    if not viewer.authenticated:
        return BOTH
    cached = getattr(user, "_xuncha_word", None)
    if cached is not None:
        return str(cached)
    ids = set(viewer.roles)
    if getattr(user, "home_jurisdiction_id", None):
        ids.add(user.home_jurisdiction_id)
    held = Q(pk__in=ids) | Q(rounds__teams__pk__in=sorted(viewer.team_ids))  # one query for roles and team places
    if not ids and not viewer.team_ids:  # no role held now (a place revoked, an account suspended): where it held one
        held = Q(memberships__user=user) | Q(rounds__teams__memberships__user=user)
    codes = set(Jurisdiction.objects.filter(held).order_by().values_list("rulebook_code", flat=True).distinct())
    words = {get_rulebook(code).word for code in codes}
    word = words.pop() if len(words) == 1 else BOTH
    user._xuncha_word = word
    return word


def request_word(request: HttpRequest) -> str:
    return user_word(getattr(request, "user", None))
