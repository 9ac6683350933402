"""What the rulebook says about clues, read in one place: routes by stage, the conditions a route needs, the
categories a clue may have, the dispositions a receiver may report and where each comes from, the receiver a route
proposes, and who owns a clue now."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xuncha.jurisdictions.rulebook import Rulebook

from .models import Clue, HandlingReport

DURING = "during_inspection"
AFTER = "after_decision"
NOT_IN_TEXTS = "两部办法均未列此处置方式；系纪检监察机关处置问题线索的规定所列方式，本系统照录，不属本办法条文。"


def routes(book: Rulebook, stage: str) -> list[Any]:
    """The rulebook's transfer routes of one stage (`during_inspection` or `after_decision`)."""
    return [r for r in book.transfer_routes if r.stage == stage]


def route(book: Rulebook, code: str, *, stage: str | None = None) -> Any | None:
    found = next((r for r in book.transfer_routes if r.code == code), None)
    if found is None or (stage is not None and found.stage != stage):
        return None
    return found


def conditions_for(book: Rulebook, route_item: Any) -> list[Any]:
    """The fast-track conditions of the route's article (JDZ-2017 第二十二条's four, 第二十三条's one); none where the
    article sets none (NMG-2016 第二十三条): then no condition is asked for."""
    return [c for c in book.fast_track_conditions if c.article == route_item.article]


@dataclass(frozen=True)
class CategoryChoice:
    code: str
    name: str
    article: str


def categories(book: Rulebook) -> list[CategoryChoice]:
    """The problem categories of the rulebook, then the clue categories of its own (打击报复, JDZ-2017 第四十八条)."""
    return [CategoryChoice(c.code, c.name, c.article) for c in book.problem_categories] + [
        CategoryChoice(c.code, c.name, c.article) for c in book.clues.categories
    ]


def category_name(book: Rulebook, code: str) -> str:
    if not code:
        return "未分类"
    return next((c.name for c in categories(book) if c.code == code), code)


IN_ARTICLE = {"talk_inquiry", "preliminary", "case", "organizational"}


def disposition_source(book: Rulebook, code: str) -> str:
    """Where a disposition comes from: the handling article for the four it lists, otherwise the note that neither
    regulation lists it."""
    if code in IN_ARTICLE:
        return f"{book.short_title}{book.clues.handling_article}"
    return NOT_IN_TEXTS


def disposition_choices(book: Rulebook) -> list[tuple[str, str, str]]:
    """(code, label, source) for every disposition a receiver may report."""
    return [(c, str(label), disposition_source(book, c)) for c, label in HandlingReport.Disposition.choices]


def receivers_of_kind(jurisdiction: Any, receiver_kind: str) -> Any:
    from xuncha.registry.models import Organization

    return Organization.objects.filter(
        jurisdiction=jurisdiction, kind=Organization.Kind.RECEIVER, receiver_kind=receiver_kind, status="active"
    ).order_by("name")


def proposed_receiver(clue: Clue, route_item: Any) -> Any | None:
    """The receiver the route proposes: the jurisdiction's one receiving organ of the route's kind (纪检监察机关,
    组织部门, 相关单位, 政法机关). Where the registry holds several or none of that kind, nothing is proposed and the
    office chooses; the texts name organs by kind and by 干部管理权限, never by name."""
    candidates = list(receivers_of_kind(clue.jurisdiction, route_item.receiver_kind)[:2])
    return candidates[0] if len(candidates) == 1 else None


def owner(clue: Clue) -> str:
    """Who holds the clue now, in words: one owner at every moment."""
    word = clue.jurisdiction.word
    book = clue.jurisdiction.rulebook
    s = Clue.Status
    if clue.status == s.REGISTERED:
        return f"{word}组"
    if clue.status == s.PROPOSED:
        return book.body("leading_group").name + "（审批）"
    if clue.status in (s.DISPOSED, s.RETAINED):
        return book.body("office").name
    transfer = clue.transfer
    if clue.status == s.IN_TRANSFER and transfer is not None:
        if transfer.status == "drafted":
            return book.body("leading_group").name + "（审批交接单）"
        waiting = []
        if transfer.handover_form and transfer.team_signed_on is None:
            waiting.append(f"{word}组")
        if transfer.handover_form and transfer.office_signed_on is None:
            waiting.append(book.body("office").name)
        if transfer.receiver_signed_on is None:
            waiting.append(str(transfer.receiver))
        return "、".join(waiting) + "（签字）"
    if clue.status in (s.TRANSFERRED, s.HANDLING, s.CONCLUDED) and transfer is not None:
        return str(transfer.receiver)
    if clue.status == s.MERGED and clue.merged_into is not None:
        return f"见{clue.merged_into}"
    return ""
