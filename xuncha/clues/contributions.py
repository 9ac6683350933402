"""What clues contributes to lower apps' hooks (registered in `apps.CluesConfig.ready`):

- `results.hooks.MEETING_PANELS`: on the round's decision meeting page, the previous round's clues — counts 件/人 by
  status and the overdue ones — which the five-member group hears (JDZ-2017 第三十二条 同时听取上一轮巡察问题线索
  处置…情况汇报; `book.clues.previous_round_article`). No panel where the rulebook has no such hearing (NMG-2016).
- `reports.hooks.CLUE_REPORT_LINES`: the register's lines of the 领导干部问题线索情况报告 (number, persons concerned and
  posts, category, status; never content, evidence or an informant)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Prefetch, Q

from xuncha.core.visibility import viewer_for

from . import rules
from .ledger import overdue_clue_ids
from .models import Clue, ClueSubject
from .selectors import Counts, clue_counts
from .visibility import LEDGER_ROLES


def previous_round(rnd: Any) -> Any | None:
    """The jurisdiction's round just before this one (by year, then number)."""
    from xuncha.planning.models import Round

    return (
        Round.objects.filter(jurisdiction_id=rnd.jurisdiction_id)
        .filter(Q(year__lt=rnd.year) | Q(year=rnd.year, number__lt=rnd.number))
        .order_by("-year", "-number")
        .first()
    )


def status_counts(clues: Any) -> list[tuple[str, Counts]]:
    """件/人 per status, in the order of `Clue.Status` (merged clues are counted in the clue they joined)."""
    live = clues.exclude(status=Clue.Status.MERGED)
    pieces: dict[str, int] = defaultdict(int)
    for status in live.values_list("status", flat=True):
        pieces[status] += 1
    persons: dict[str, set[int]] = defaultdict(set)
    for status, cadre in ClueSubject.objects.filter(clue__in=live.values("pk")).values_list("clue__status", "cadre_id"):
        persons[status].add(cadre)
    return [
        (str(label), Counts(pieces[code], len(persons[code]))) for code, label in Clue.Status.choices if pieces[code]
    ]


def meeting_panel(meeting: Any, user: Any) -> Any:
    from xuncha.results.hooks import Panel

    jurisdiction = meeting.jurisdiction
    book = jurisdiction.rulebook
    article = book.clues.previous_round_article
    if article is None or meeting.kind != "decision":
        return None
    viewer = viewer_for(user)
    if not any(viewer.has_role(jurisdiction.pk, role) for role in LEDGER_ROLES):
        return None  # the register is the office's and the leading group's to read
    citation = f"{book.short_title}{article}：{book.clues.previous_round_text}"
    title = "上一轮问题线索处置情况"
    prev = previous_round(meeting.round)
    if prev is None:
        return Panel(title=title, article=citation, summary="本轮之前没有轮次", testid="previous-round-clues")
    clues = Clue.objects.filter(jurisdiction=jurisdiction, inspection__round=prev)
    overdue = overdue_clue_ids(jurisdiction) & set(clues.values_list("pk", flat=True))
    rows: list[tuple[str, ...]] = [(label, str(c)) for label, c in status_counts(clues)]
    late = clues.filter(pk__in=sorted(overdue)).select_related(
        "inspection__round", "inspection__team", "transfer__receiver"
    )
    rows += [(f"逾期未反馈：{c.code}", str(c.transfer.receiver) if c.transfer is not None else "") for c in late[:50]]
    return Panel(
        title=title,
        article=citation,
        summary=f"{prev}共{clue_counts(clues)}，其中逾期未反馈办理情况{len(overdue)}件",
        headers=("办理状态", "件/人"),
        rows=rows,
        testid="previous-round-clues",
    )


def report_lines(inspection: Any) -> list[str]:
    book = inspection.jurisdiction.rulebook
    clues = Clue.objects.filter(inspection=inspection)
    live = list(
        clues.exclude(status=Clue.Status.MERGED)
        .select_related("inspection__round", "inspection__team")
        .prefetch_related(
            Prefetch("subjects", queryset=ClueSubject.objects.select_related("cadre", "post").order_by("pk"))
        )
        .order_by("number")
    )
    if not live:
        return []
    lines = [f"一、问题线索（{clue_counts(clues)}）"]
    for clue in live:
        persons = "、".join(
            s.cadre.name + (f"（{s.post.title}）" if s.post is not None else "") for s in clue.subjects.all()
        )
        lines.append(
            f"编号 {clue.code}：反映对象 {persons or '—'}；问题类别：{rules.category_name(book, clue.category)}；"
            f"办理状态：{clue.get_status_display()}"
        )
    return lines


def register() -> None:
    from xuncha.reports.hooks import CLUE_REPORT_LINES
    from xuncha.results.hooks import MEETING_PANELS

    MEETING_PANELS.register(meeting_panel, key="clues.previous_round")
    CLUE_REPORT_LINES.register(report_lines, key="clues.register")
