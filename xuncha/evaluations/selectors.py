"""Reads: who may see an evaluation, and its results.

Results are shown only once the evaluation is closed (a tally watched while it runs would tell each new answer), only
when at least `min_group` ballots came in, and per group only for groups with at least `min_group` ballots; if exactly
one group is withheld, the smallest other group is withheld too, so that the withheld one cannot be had as the total
minus the others. The minimum is the office's setting (`XUNCHA_EVALUATION_MIN_GROUP`): the texts fix none."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q

from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.fieldwork.secrecy import may_read_fieldwork

from .models import Ballot, Evaluation, ParticipantGroup, SlipCode

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def suppressed_note(n: int) -> str:
    return f"不足{n}人，不单独显示（办公室的设定）"


def require_reader(user: User, evaluation: Evaluation) -> None:
    """The team and the jurisdiction's oversight roles (fieldwork_readers_q); units and others are refused."""
    if not may_read_fieldwork(user, evaluation.inspection):
        word = evaluation.inspection.jurisdiction.rulebook.word
        raise PermissionDeniedError(
            f"测评结果只有本{word}组和办公室等可以查看（{evaluation.article}）。", article=evaluation.article
        )


def may_manage(user: User, evaluation: Evaluation) -> bool:
    from xuncha.core.visibility import viewer_for

    return evaluation.inspection.team_id in viewer_for(user).team_ids


@dataclass
class GroupRow:
    pk: int
    name: str
    size: int
    issued: int
    spent: int
    ballots: int
    shown: bool = True


@dataclass
class ItemRow:
    code: str
    text: str
    counts: list[int]  # per option, in the form's order
    answered: int
    rate: float | None
    groups: list[list[int] | None] = field(default_factory=list)  # per group: counts, or None when withheld


@dataclass
class SubjectResult:
    code: str
    name: str
    post: str
    rows: list[ItemRow]

    def chart(self, options: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "items": [r.text for r in self.rows],
            "series": [{"name": o["label"], "data": [r.counts[i] for r in self.rows]} for i, o in enumerate(options)],
        }


@dataclass
class Results:
    total: int
    min_group: int
    groups: list[GroupRow]
    subjects: list[SubjectResult]
    options: list[dict[str, Any]]
    rate_label: str
    note: str

    @property
    def shown_groups(self) -> list[GroupRow]:
        return [g for g in self.groups if g.shown]


def group_rows(evaluation: Evaluation) -> list[GroupRow]:
    slips = Count("slips", distinct=True)
    spent = Count("slips", filter=Q(slips__spent=True), distinct=True)
    rows = ParticipantGroup.objects.filter(evaluation=evaluation).annotate(issued=slips, used=spent).order_by("pk")
    ballots = Counter(Ballot.objects.filter(evaluation=evaluation).values_list("group_id", flat=True))
    return [GroupRow(g.pk, g.name, g.size, g.issued, g.used, ballots.get(g.pk, 0)) for g in rows]


def _suppress(groups: list[GroupRow], n: int) -> None:
    for g in groups:
        g.shown = g.ballots >= n
    withheld = [g for g in groups if not g.shown]
    if len(withheld) == 1:
        others = [g for g in groups if g.shown]
        if others:
            min(others, key=lambda g: (g.ballots, g.pk)).shown = False


def results(user: User, evaluation: Evaluation) -> Results:
    """The tally, for a reader (require_reader), once closed; refusals as ServiceError with the reason."""
    require_reader(user, evaluation)
    return tally(evaluation)


def tally(evaluation: Evaluation) -> Results:
    n = evaluation.min_group
    if evaluation.status != Evaluation.Status.CLOSED:
        raise ServiceError(
            "测评结束后才显示结果：进行中的计数会逐份透露每一份答卷。", field="status", code="not_closed"
        )
    groups = group_rows(evaluation)
    ballots = list(Ballot.objects.filter(evaluation=evaluation).values_list("group_id", "answers"))
    if len(ballots) < n:
        raise ServiceError(
            f"收回答卷{len(ballots)}份，{suppressed_note(n)}：不显示任何结果。", field="total", code="too_few"
        )
    _suppress(groups, n)
    codes = [o["code"] for o in evaluation.options]
    positive = [o["code"] for o in evaluation.options if o.get("positive")]
    subjects = []
    for subject in evaluation.subjects:
        rows = []
        for item in evaluation.items:
            per_group = {g.pk: Counter[str]() for g in groups}
            for group_id, answers in ballots:
                choice = (answers.get(subject["code"]) or {}).get(item["code"])
                if choice and group_id in per_group:
                    per_group[group_id][choice] += 1
            overall: Counter[str] = sum(per_group.values(), Counter())
            answered = sum(overall[c] for c in codes)
            rate = round(100 * sum(overall[c] for c in positive) / answered, 1) if answered else None
            rows.append(
                ItemRow(
                    item["code"],
                    item["text"],
                    [overall[c] for c in codes],
                    answered,
                    rate,
                    [[per_group[g.pk][c] for c in codes] if g.shown else None for g in groups],
                )
            )
        subjects.append(SubjectResult(subject["code"], subject["name"], subject.get("post", ""), rows))
    return Results(
        len(ballots), n, groups, subjects, list(evaluation.options), evaluation.rate_label, suppressed_note(n)
    )


def report_lines(inspection: Any) -> list[str]:
    """Lines for the inspection report (reports.hooks.EVALUATION_REPORT_LINES): closed evaluations only, overall
    figures only, and nothing for one with fewer ballots than its minimum."""
    lines: list[str] = []
    for evaluation in Evaluation.objects.filter(inspection=inspection, status=Evaluation.Status.CLOSED).order_by("pk"):
        try:
            res = tally(evaluation)
        except ServiceError:
            lines.append(f"{evaluation}：收回答卷不足{evaluation.min_group}份，不显示结果（办公室的设定）。")
            continue
        invited = sum(g.size for g in res.groups)
        lines.append(
            f"{evaluation}（{evaluation.get_kind_display()}，{evaluation.opened_on}至{evaluation.closed_on}，"
            f"参评{invited}人，收回{res.total}份）："
        )
        labels = [o["label"] for o in res.options]
        for subject in res.subjects:
            for row in subject.rows:
                counts = "、".join(f"{label}{c}" for label, c in zip(labels, row.counts, strict=True))
                rate = f"，{res.rate_label}{row.rate}%" if row.rate is not None else ""
                lines.append(f"{subject.name} · {row.text}：{counts}{rate}")
    return lines


def issued_counts(evaluation: Evaluation) -> tuple[int, int]:
    """(issued, spent) slips of an evaluation."""
    slips = SlipCode.objects.filter(evaluation=evaluation)
    return slips.count(), slips.filter(spent=True).count()
