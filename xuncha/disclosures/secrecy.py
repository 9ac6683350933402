"""Nothing secret goes public by mistake.

Before a disclosure is approved, and again before it is published, its title and body are compared with the secret
material of its inspection (and of the inspection a “回头看” returns to): talk records, petitions, informants named in
inquiry records, personal-matters checks and leader briefings (巡察工作秘密; leaking them is sanctioned by JDZ-2017
第四十六条（三）, NMG-2016 第三十六条（三）). The comparison is the system's, not a user's read: it writes no
`secret.read` event and the refusal never repeats the secret — it names where in the disclosure the match is and what
kind of secret it matched (the record's number only for those who may read the record).

Two kinds of secret text:
- identities (names of interviewees, petitioners and informants, a petitioner's contact, the cadre whose personal
  matters were checked) match wherever they occur as a whole;
- content (what was said in a talk or a petition, a briefing's topics, a discrepancy found in personal matters) matches
  by distinctive fragments: a clause of at least `FRAGMENT_MIN` characters, or a run of `FRAGMENT_WINDOW` characters
  of a longer clause, copied verbatim. Punctuation, spaces and full-width forms are ignored on both sides.
Text the rulebook itself uses (the regulation's own words) and the names of the jurisdiction, the team and the
inspected unit are public and never count as a match.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from xuncha.core.errors import ServiceError
from xuncha.fieldwork.models import FieldworkRecord, Petition
from xuncha.fieldwork.rules import SECRET_DETAILS, secrecy_article
from xuncha.fieldwork.secrecy import may_read_secrets
from xuncha.inspections.models import Inspection, TalkRecord
from xuncha.jurisdictions.rulebook import get_rulebook
from xuncha.preparation.models import LeaderBriefing, PersonalMattersCheck

from .rules import disclosure_article

FRAGMENT_MIN = 8  # a shorter clause (“反映了问题”) is ordinary wording, not a sign of copying
FRAGMENT_WINDOW = 16
# Working methods whose record names an informant (询问知情人: JDZ-2017 第十九条, NMG-2016 第二十条), by detail key.
INFORMANT_DETAILS = SECRET_DETAILS
FIELDS = {"title": "标题", "body": "内容"}
_BREAK = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Secret:
    source: str  # the kind of record: 个别谈话记录
    record: str  # the record: 个别谈话记录 #12
    what: str  # the secret field: 谈话对象
    text: str
    whole: bool  # an identity (matched as a whole) or content (matched by fragments)


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


def needles(secret: Secret) -> Iterator[str]:
    """What of a secret would show it was copied: the whole identity, or its distinctive fragments."""
    if secret.whole:
        text = normalized(secret.text)[0]
        if len(text) >= 2:
            yield text
        return
    for clause in _BREAK.split(secret.text):
        text = normalized(clause)[0]
        if len(text) < FRAGMENT_MIN:
            continue
        if len(text) <= FRAGMENT_WINDOW:
            yield text
            continue
        for i in range(len(text) - FRAGMENT_WINDOW + 1):
            yield text[i : i + FRAGMENT_WINDOW]


def _inspection_ids(inspection: Inspection) -> list[int]:
    """The inspection and, for a “回头看”, the earlier ones it returns to: their secrets are no less secret."""
    ids = [inspection.pk]
    follows = inspection.follows_id
    while follows is not None and follows not in ids:
        ids.append(follows)
        follows = Inspection.objects.filter(pk=follows).values_list("follows_id", flat=True).first()
    return ids


def secrets_of(inspection: Inspection) -> Iterator[Secret]:
    # A system check, not a read by the user: the rows are compared, never shown, so visible_to does not apply.
    ids = _inspection_ids(inspection)
    for pk, interviewee, content in TalkRecord.objects.filter(inspection_id__in=ids).values_list(
        "pk", "interviewee", "content"
    ):
        record = f"个别谈话记录 #{pk}"
        yield Secret("个别谈话记录", record, "谈话对象", interviewee, True)
        yield Secret("个别谈话记录", record, "谈话内容", content, False)
    for number, name, contact, content in Petition.objects.filter(inspection_id__in=ids).values_list(
        "number", "petitioner_name", "petitioner_contact", "content"
    ):
        record = f"来信来电来访登记 第{number}号"
        yield Secret("来信来电来访登记", record, "反映人姓名", name, True)
        yield Secret("来信来电来访登记", record, "反映人联系方式", contact, True)
        yield Secret("来信来电来访登记", record, "反映内容", content, False)
    for method, key in INFORMANT_DETAILS:
        for pk, details in FieldworkRecord.objects.filter(inspection_id__in=ids, method=method).values_list(
            "pk", "details"
        ):
            informant = (details or {}).get(key)
            if isinstance(informant, str):
                yield Secret("了解工作记录", f"了解工作记录 #{pk}", "知情人", informant, True)
    for pk, cadre, discrepancy in PersonalMattersCheck.objects.filter(inspection_id__in=ids).values_list(
        "pk", "cadre__name", "discrepancy"
    ):
        record = f"个人有关事项抽查核实 #{pk}"
        yield Secret("个人有关事项抽查核实", record, "被抽查干部", cadre, True)
        yield Secret("个人有关事项抽查核实", record, "核查结果（不一致情况）", discrepancy, False)
    for pk, topics in LeaderBriefing.objects.filter(inspection_id__in=ids).values_list("pk", "topics"):
        yield Secret("组长对接通报", f"组长对接通报 #{pk}", "通报内容", topics, False)


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
    fields = {name: normalized(text) for name, text in (("title", title), ("body", body))}
    # Every run of FRAGMENT_WINDOW characters of each field, to its first position: long secrets are looked up in O(1).
    windows = {
        name: {norm[i : i + FRAGMENT_WINDOW]: i for i in reversed(range(len(norm) - FRAGMENT_WINDOW + 1))}
        for name, (norm, _) in fields.items()
    }
    leaks: list[Leak] = []
    for secret in secrets_of(inspection):
        for name, (norm, where) in fields.items():
            for needle in needles(secret):
                at = windows[name].get(needle, -1) if len(needle) == FRAGMENT_WINDOW else norm.find(needle)
                if at < 0 or needle in public:
                    continue
                leaks.append(Leak(name, where[at] + 1, where[at + len(needle) - 1] + 1, secret))
                break
    return leaks


def check_no_secrets(*, actor: Any, inspection: Inspection, title: str, body: str, step: str) -> None:
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
    raise ServiceError(
        f"不能{step}：公开的{'、'.join(FIELDS[f] for f in dict.fromkeys(leak.field for leak in leaks))}含有"
        f"{word}工作秘密——{found}{more}。{word}工作秘密不得公开（{sanction}：泄露{word}工作秘密的追究责任；"
        f"{disclosure_article(book)}只公开进驻、反馈、整改等情况），请修改后再{step}",
        field=leaks[0].field,
        article=sanction,
        code="secret_in_disclosure",
    )
