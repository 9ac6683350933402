"""Nothing secret goes public by mistake.

Before a disclosure is approved, and again before it is published, its title and body are compared with the secret
material of its inspection (and of the inspection a “回头看” returns to): talk records, petitions, informants named in
inquiry records, findings not yet fed back, 请示报告 (the team's escalations, where clues go), personal-matters checks
and leader briefings (巡察工作秘密; leaking them is sanctioned by JDZ-2017 第四十六条（三）, NMG-2016 第三十六条（三）;
what is disclosed is the entry, feedback and rectification, JDZ-2017 第四十二条, NMG-2016 第三十五条). The comparison is
the system's, not a user's read: it writes no `secret.read` event and the refusal never repeats the secret — it names
where in the disclosure the match is and what kind of secret it matched (the record's number only for those who may
read the record).

Two kinds of secret text:
- identities match wherever they occur as a whole: names of interviewees, petitioners and informants, a petitioner's
  contact, whom a petition is about (被反映人或事项 and the cadre), the cadre whose personal matters were checked, the
  cadres and persons a finding not fed back concerns, and every cadre of the jurisdiction's registry whose name occurs
  in secret content (a talk, a petition, a finding not fed back, an escalation, a briefing) — except the team's own;
- content (what was said in a talk or a petition, a finding not fed back, an escalation and its answer, a briefing's
  topics, a discrepancy found in personal matters) matches when the disclosure shares a run of `shared_run()`
  characters with it (系统设置, not an article: `XUNCHA_DISCLOSURE_SHARED_RUN`, default 10), or repeats a whole clause
  of at least `FRAGMENT_MIN` characters. Punctuation, spaces and full-width forms are ignored on both sides.
Text the rulebook itself uses (the regulation's own words) and the names of the jurisdiction, the team and the
inspected unit are public and never count as a match.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings

from xuncha.audit.secrecy import SECRET_KINDS, Secret
from xuncha.core.errors import ServiceError
from xuncha.fieldwork.rules import secrecy_article
from xuncha.fieldwork.secrecy import may_read_secrets
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.rulebook import get_rulebook

from .rules import disclosure_article

if TYPE_CHECKING:
    from xuncha.accounts.models import User

FRAGMENT_MIN = 8  # a shorter clause (“反映了问题”) is ordinary wording, not a sign of copying
SHARED_RUN = 10  # 系统设置: a run this long shared with secret content counts as copied (no article fixes it)
# Working methods whose record names an informant (询问知情人: JDZ-2017 第十九条, NMG-2016 第二十条), by detail key.
FIELDS = {"title": "标题", "body": "内容"}
_BREAK = re.compile(r"[\W_]+")


def shared_run() -> int:
    """How many characters in a row a disclosure may share with secret content: the system's setting."""
    return max(2, int(getattr(settings, "XUNCHA_DISCLOSURE_SHARED_RUN", SHARED_RUN)))


def setting_label() -> str:
    return f"系统设置：与秘密材料连续{shared_run()}个字相同即视为引用，非条文规定"


@dataclass(frozen=True)
class Leak:
    field: str  # title / body
    start: int  # 1-based character positions in the field, inclusive
    end: int
    secret: Secret

    def sentence(self, *, name_record: bool) -> str:
        where = f"{FIELDS[self.field]}第{self.start}至{self.end}字"
        source = self.secret.record if name_record else self.secret.source
        return f"{where}与{source}的{self.secret.what}相同"


def normalized(text: str) -> tuple[str, list[int]]:
    """Letters and digits only, NFKC-folded and lower-cased, with each one's index in `text`."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).lower():
            if c.isalnum():
                chars.append(c)
                where.append(i)
    return "".join(chars), where


def _match(secret: Secret, norm: str, grams: dict[str, int], public: str, n: int) -> tuple[int, int] | None:
    """Where (normalized start, end) the field `norm` repeats the secret, if it does."""
    text = normalized(secret.text)[0]
    if secret.whole:
        if len(text) < 2 or text in public:
            return None
        at = norm.find(text)
        return (at, at + len(text)) if at >= 0 else None
    # Content: the first run of n characters shared with the field (and not the regulation's own words), as long as
    # the two go on agreeing.
    for i in range(len(text) - n + 1):
        gram = text[i : i + n]
        at = grams.get(gram, -1)
        if at < 0 or gram in public:
            continue
        end, j = at + n, i + n
        while end < len(norm) and j < len(text) and norm[end] == text[j]:
            end, j = end + 1, j + 1
        return (at, end)
    # A whole clause shorter than the run but long enough not to be ordinary wording.
    for clause in _BREAK.split(secret.text):
        piece = normalized(clause)[0]
        if FRAGMENT_MIN <= len(piece) < n and piece not in public:
            at = norm.find(piece)
            if at >= 0:
                return (at, at + len(piece))
    return None


def _inspection_ids(inspection: Inspection) -> list[int]:
    """The inspection and, for a “回头看”, the earlier ones it returns to: their secrets are no less secret."""
    ids = [inspection.pk]
    follows = inspection.follows_id
    while follows is not None and follows not in ids:
        ids.append(follows)
        follows = Inspection.objects.filter(pk=follows).values_list("follows_id", flat=True).first()
    return ids


def secrets_of(inspection: Inspection) -> Iterator[Secret]:
    """The secret texts of every registered kind (`audit.secrecy.SECRET_KINDS`), for the inspection and the ones a
    “回头看” returns to. A system check, not a user's read: the rows are compared, never shown, so `visible_to` does
    not apply."""
    ids = _inspection_ids(inspection)
    for kind in SECRET_KINDS:
        yield from kind.texts(ids)


def _cadre_names(inspection: Inspection) -> set[str]:
    """The registry's cadres of the jurisdiction, but the inspecting team's own (its members are named in public)."""
    from xuncha.people.models import Assignment
    from xuncha.registry.models import Cadre

    team = Assignment.objects.filter(team_id=inspection.team_id).values("inspector__cadre_id")
    names = Cadre.objects.filter(jurisdiction_id=inspection.jurisdiction_id).exclude(pk__in=team)
    return {n.strip() for n in names.values_list("name", flat=True) if len(n.strip()) >= 2}


def all_secrets(inspection: Inspection) -> list[Secret]:
    """`secrets_of`, and every registry cadre named in secret content as an identity of its own."""
    secrets = [s for s in secrets_of(inspection) if s.text and s.text.strip()]
    names = _cadre_names(inspection)
    named: list[Secret] = []
    for secret in secrets:
        if secret.whole or not names:
            continue
        for name in sorted(_names_in(secret.text, names)):
            named.append(Secret(secret.source, secret.record, f"{secret.what}中提及的干部姓名", name, True))
    return secrets + named


def _names_in(text: str, names: set[str]) -> set[str]:
    """The names that occur in `text`: each stretch of the text as long as some name is looked up in the set, so the
    cost follows the text's length, not the size of a province's cadre registry."""
    lengths = {len(n) for n in names}
    return {text[i : i + size] for size in lengths for i in range(len(text) - size + 1)} & names


@functools.cache
def _rulebook_text(code: str) -> str:
    parts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)

    walk(get_rulebook(code).model_dump(mode="json"))
    return "\n".join(normalized(p)[0] for p in parts)


def public_text(inspection: Inspection) -> str:
    names = (str(inspection.jurisdiction), str(inspection.target), str(inspection.team))
    return "\n".join([_rulebook_text(inspection.jurisdiction.rulebook_code), *(normalized(n)[0] for n in names)])


def find_leaks(inspection: Inspection, *, title: str, body: str) -> list[Leak]:
    """Every secret the title or body repeats: at most one leak per secret field of a record and disclosure field."""
    public = public_text(inspection)
    n = shared_run()
    fields = {name: normalized(text) for name, text in (("title", title), ("body", body))}
    # Every run of n characters of each field, to its first position: content is looked up a run at a time.
    grams = {
        name: {norm[i : i + n]: i for i in reversed(range(len(norm) - n + 1))} for name, (norm, _) in fields.items()
    }
    leaks: list[Leak] = []
    seen: set[tuple[str, str, str, str]] = set()
    for secret in all_secrets(inspection):
        for name, (norm, where) in fields.items():
            span = _match(secret, norm, grams[name], public, n)
            key = (name, secret.record, secret.what, normalized(secret.text)[0])
            if span is None or key in seen:
                continue
            seen.add(key)
            leaks.append(Leak(name, where[span[0]] + 1, where[span[1] - 1] + 1, secret))
    return leaks


def check_no_secrets(*, actor: User, inspection: Inspection, title: str, body: str, step: str) -> None:
    """Refuse `step` (审批, 公开) when the title or body repeats a secret; the refusal names where and what kind."""
    leaks = find_leaks(inspection, title=title, body=body)
    if not leaks:
        return
    book = inspection.jurisdiction.rulebook
    word = book.word
    sanction = secrecy_article(book)
    named = may_read_secrets(actor, inspection)
    found = "；".join(leak.sentence(name_record=named) for leak in leaks[:5])
    more = f"等{len(leaks)}处" if len(leaks) > 5 else ""
    setting = f"（{setting_label()}）" if any(not leak.secret.whole for leak in leaks) else ""
    raise ServiceError(
        f"不能{step}：公开的{'、'.join(FIELDS[f] for f in dict.fromkeys(leak.field for leak in leaks))}含有"
        f"{word}工作秘密——{found}{more}{setting}。{word}工作秘密不得公开（{sanction}：泄露{word}工作秘密的追究责任；"
        f"{disclosure_article(book)}只公开进驻、反馈、整改等情况），请修改后再{step}",
        field=leaks[0].field,
        article=sanction,
        code="secret_in_disclosure",
    )
