"""The ledgers (台账) the rulebooks require, read from the records: a ledger is a view of the clues, their transfers
and the receivers' reports, never a second copy to keep in step.

- JDZ-2017 第三十九条第一款 `office_clue_ledger`: the office's ledger of 市管干部 clues (a subject whose
  `management_level` is `jurisdiction`) transferred, or being transferred, to the discipline commission or the
  organization department.
- JDZ-2017 第三十九条第二款 `team_clue_ledger`: each team's ledger of the 乡（科）级及以下 clues it transferred
  (`management_level` `township`), followed through the 纪检监察室.
- NMG-2016 第三十三条 `results_ledger`: 巡视成果运用台账. The article lists no columns: the product's choice is the
  transferred clues with their handling (the same columns) plus, per inspection, the uses of results decided at the
  round's decision meeting (`results.MeetingItem.uses`).

Who sees: the office and the leading group (`LEDGER_ROLES`) every ledger of their jurisdiction; a team member only
the team ledger, only his team's rows; receivers and unit contacts nothing. Never content, evidence or an informant.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from xuncha.core.errors import PermissionDeniedError
from xuncha.core.visibility import viewer_for

from . import rules
from .models import Clue, ClueSubject, HandlingReport
from .selectors import Counts, clue_counts
from .visibility import LEDGER_ROLES

HEADERS = (
    "编号",
    "来源",
    "反映对象",
    "职务",
    "管理权限",
    "问题类别",
    "移交途径",
    "移交日期",
    "接收单位",
    "处置方式",
    "反馈日期",
    "办理状态",
)
OFFICE = "office_clue_ledger"
TEAM = "team_clue_ledger"
RESULTS = "results_ledger"
# The receivers of JDZ-2017 第三十九条第一款: 市纪委、市委组织部.
OFFICE_RECEIVER_KINDS = ("discipline_organ", "organization_department")
HANDLING_RULE = "clue_handling_report"
OVERDUE = "逾期"
FILTERS = ("round", "unit", "receiver", "status", "overdue", "team")


@dataclass(frozen=True)
class Row:
    clue_id: int
    inspection_id: int
    cells: tuple[str, ...]
    overdue: bool


def ledgers(jurisdiction: Any) -> list[Any]:
    """The rulebook's ledgers (`book.ledgers`), each with its code, name, keeper, scope and article."""
    return list(jurisdiction.rulebook.ledgers)


def ledger_item(jurisdiction: Any, code: str) -> Any | None:
    return next((item for item in ledgers(jurisdiction) if item.code == code), None)


def citation(jurisdiction: Any, item: Any) -> str:
    return f"{jurisdiction.rulebook.short_title}{item.article}"


def sees_whole(user: Any, jurisdiction: Any) -> bool:
    viewer = viewer_for(user)
    return any(viewer.has_role(jurisdiction.pk, role) for role in LEDGER_ROLES)


def visible_ledgers(user: Any, jurisdiction: Any) -> list[Any]:
    """The ledgers this user may open: all of them for the office and the leading group; the team ledger for a team
    member of the jurisdiction; none for anyone else."""
    if sees_whole(user, jurisdiction):
        return ledgers(jurisdiction)
    if _team_ids(user, jurisdiction):
        return [item for item in ledgers(jurisdiction) if item.code == TEAM]
    return []


def _team_ids(user: Any, jurisdiction: Any) -> list[int]:
    from xuncha.planning.models import Team

    viewer = viewer_for(user)
    if not viewer.team_ids:
        return []
    return list(
        Team.objects.filter(pk__in=sorted(viewer.team_ids), round__jurisdiction=jurisdiction).values_list(
            "pk", flat=True
        )
    )


def _refuse(jurisdiction: Any, item: Any) -> PermissionDeniedError:
    name = item.name if item is not None else "该台账"
    article = citation(jurisdiction, item) if item is not None else jurisdiction.rulebook.short_title
    return PermissionDeniedError(
        f"无权查看“{name}”：台账仅{jurisdiction.rulebook.body('office').name}、领导小组和本组成员可以查看（{article}）"
    )


def ledger_clues(user: Any, jurisdiction: Any, code: str) -> QuerySet[Clue, Any]:
    """The clues of one ledger the user may see, unfiltered; refused (PermissionDeniedError) otherwise."""
    item = ledger_item(jurisdiction, code)
    if item is None or item not in visible_ledgers(user, jurisdiction):
        raise _refuse(jurisdiction, item)
    qs = Clue.objects.filter(jurisdiction=jurisdiction, transfer__isnull=False).exclude(transfer__status="cancelled")
    if code == OFFICE:
        qs = qs.filter(
            subjects__cadre__management_level="jurisdiction",
            transfer__receiver__receiver_kind__in=OFFICE_RECEIVER_KINDS,
        )
    elif code == TEAM:
        qs = qs.filter(subjects__cadre__management_level="township")
        if not sees_whole(user, jurisdiction):
            qs = qs.filter(inspection__team_id__in=_team_ids(user, jurisdiction))
    return Clue.objects.filter(pk__in=qs.values("pk"))


def overdue_clue_ids(jurisdiction: Any, today: datetime.date | None = None) -> set[int]:
    """Clues whose open 3-month handling duty (`clue_handling_report`) is past its due date."""
    from xuncha.obligations.models import Obligation

    today = today or timezone.localdate()
    ids = Obligation.objects.filter(
        subject_type="clues.clue",
        rule_code=HANDLING_RULE,
        status=Obligation.Status.OPEN,
        due_on__lt=today,
    ).values_list("subject_id", flat=True)
    pks = {int(i) for i in ids if str(i).isdigit()}
    return set(Clue.objects.filter(pk__in=pks, jurisdiction=jurisdiction).values_list("pk", flat=True))


def apply_filters(
    qs: QuerySet[Clue, Any], params: Any, overdue_ids: set[int]
) -> tuple[QuerySet[Clue, Any], dict[str, str]]:
    """Filter by round, unit (the inspected target), receiver, status, overdue and team; returns the used values."""
    used: dict[str, str] = {}
    for name in FILTERS:
        value = str(params.get(name, "") or "").strip()
        if value:
            used[name] = value
    if used.get("round", "").isdigit():
        qs = qs.filter(inspection__round_id=int(used["round"]))
    if used.get("unit", "").isdigit():
        qs = qs.filter(inspection__target_id=int(used["unit"]))
    if used.get("team", "").isdigit():
        qs = qs.filter(inspection__team_id=int(used["team"]))
    if used.get("receiver", "").isdigit():
        qs = qs.filter(transfer__receiver_id=int(used["receiver"]))
    if "status" in used:
        qs = qs.filter(status=used["status"])
    if used.get("overdue") in ("1", "true", "yes", "on"):
        qs = qs.filter(pk__in=sorted(overdue_ids))
    return qs, used


def with_related(qs: QuerySet[Clue, Any]) -> QuerySet[Clue, Any]:
    return (
        qs.select_related(
            "jurisdiction",
            "inspection__round",
            "inspection__team",
            "inspection__target",
            "transfer__receiver",
        )
        .prefetch_related(
            Prefetch("subjects", queryset=ClueSubject.objects.select_related("cadre", "post").order_by("pk")),
            "sources",
            Prefetch("handling_reports", queryset=HandlingReport.objects.order_by("reported_on", "pk")),
        )
        .order_by("inspection__round__year", "inspection__round__number", "inspection__team__number", "number")
    )


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def row(book: Any, clue: Clue, overdue_ids: set[int]) -> Row:
    """One ledger row: the 12 columns of `HEADERS` (never content, evidence or an informant)."""
    from xuncha.registry.models import Cadre

    levels = dict(Cadre.Level.choices)
    subjects = list(clue.subjects.all())
    kinds = dict(clue.sources.model.Kind.choices)
    source_kinds: list[str] = []
    for source in clue.sources.all():
        label = str(kinds.get(source.kind, source.kind))
        if label not in source_kinds:
            source_kinds.append(label)
    transfer = clue.transfer
    route_item = rules.route(book, transfer.route) if transfer is not None else None
    reports = list(clue.handling_reports.all())
    latest = reports[-1] if reports else None
    overdue = clue.pk in overdue_ids
    status = str(clue.get_status_display()) + (f"（{OVERDUE}）" if overdue else "")
    cells = (
        clue.code,
        "、".join(source_kinds),
        "、".join(s.cadre.name for s in subjects),
        "、".join(s.post.title if s.post is not None else "" for s in subjects).strip("、"),
        "、".join(dict.fromkeys(str(levels.get(s.cadre.management_level, "")) for s in subjects)),
        rules.category_name(book, clue.category),
        route_item.matter if route_item is not None else "",
        _date(transfer.receiver_signed_on if transfer is not None else None),
        str(transfer.receiver) if transfer is not None else "",
        str(latest.get_disposition_display()) if latest is not None else "",
        _date(latest.reported_on if latest is not None else None),
        status,
    )
    return Row(clue.pk, clue.inspection_id, cells, overdue)


@dataclass
class LedgerView:
    item: Any
    article: str
    clues: QuerySet[Clue, Any]
    filters: dict[str, str]
    counts: Counts
    overdue_ids: set[int]

    def rows(self, clues: Any = None) -> list[Row]:
        book = self.item_book
        return [row(book, c, self.overdue_ids) for c in (clues if clues is not None else self.clues)]

    item_book: Any = None


def ledger_view(user: Any, jurisdiction: Any, code: str, params: Any) -> LedgerView:
    """The ledger the user asked for, filtered like the page (refused when he may not see it)."""
    qs = ledger_clues(user, jurisdiction, code)
    overdue_ids = overdue_clue_ids(jurisdiction)
    qs, used = apply_filters(qs, params, overdue_ids)
    item = ledger_item(jurisdiction, code)
    return LedgerView(
        item=item,
        article=citation(jurisdiction, item),
        clues=with_related(qs),
        filters=used,
        counts=clue_counts(qs),
        overdue_ids=overdue_ids,
        item_book=jurisdiction.rulebook,
    )


@dataclass(frozen=True)
class UseLine:
    inspection: str
    uses: str


def results_uses(jurisdiction: Any, params: Any, limit: int = 200) -> list[UseLine]:
    """NMG-2016 第三十三条's part beyond the clues: the uses of results decided per inspection (the product's choice
    of what the ledger shows; the article lists no columns)."""
    from xuncha.results import rules as result_rules
    from xuncha.results.models import MeetingItem

    items = MeetingItem.objects.filter(inspection__jurisdiction=jurisdiction, kind="decision").select_related(
        "inspection__round", "inspection__team__round__jurisdiction", "inspection__target", "inspection__jurisdiction"
    )
    if str(params.get("round", "")).isdigit():
        items = items.filter(inspection__round_id=int(params["round"]))
    if str(params.get("unit", "")).isdigit():
        items = items.filter(inspection__target_id=int(params["unit"]))
    labels = result_rules.use_labels(jurisdiction.rulebook)
    return [
        UseLine(str(i.inspection), "；".join(str(labels.get(u, u)) for u in i.uses) or "—")
        for i in items.order_by("inspection_id")[:limit]
    ]


def filter_choices(user: Any, jurisdiction: Any, code: str) -> dict[str, list[tuple[str, str]]]:
    """Short lists for the filter form, drawn from the ledger's own clues (never a whole registry)."""
    qs = ledger_clues(user, jurisdiction, code)
    rounds = (
        qs.order_by()
        .values_list("inspection__round_id", "inspection__round__year", "inspection__round__number")
        .distinct()
    )
    units = qs.order_by().values_list("inspection__target_id", "inspection__target__name").distinct()
    receivers = qs.order_by().values_list("transfer__receiver_id", "transfer__receiver__name").distinct()
    teams = qs.order_by().values_list("inspection__team_id", "inspection__team__number").distinct()
    word = jurisdiction.word
    return {
        "round": sorted((str(pk), f"{y}年第{n}轮") for pk, y, n in rounds),
        "unit": sorted((str(pk), name) for pk, name in units),
        "receiver": sorted((str(pk), name) for pk, name in receivers),
        "team": sorted((str(pk), f"第{n}{word}组") for pk, n in teams),
        "status": [(c, str(label)) for c, label in Clue.Status.choices if c != Clue.Status.MERGED],
    }


def ledger_jurisdictions(user: Any) -> list[Any]:
    """The jurisdictions where this user may open at least one ledger."""
    from xuncha.jurisdictions.models import Jurisdiction
    from xuncha.planning.models import Team

    viewer = viewer_for(user)
    ids = set(viewer.jurisdictions_with(frozenset(LEDGER_ROLES)))
    if viewer.team_ids:
        ids |= set(Team.objects.filter(pk__in=sorted(viewer.team_ids)).values_list("round__jurisdiction_id", flat=True))
    found = Jurisdiction.objects.filter(pk__in=sorted(ids)).order_by("pk")
    return [j for j in found if visible_ledgers(user, j)]


def find_ledger(user: Any, code: str, jurisdiction_id: str = "") -> Any:
    """The jurisdiction whose ledger `code` the user asked for (the `j` parameter, else the first that has it);
    refused when none of his has it."""
    candidates = [j for j in ledger_jurisdictions(user) if ledger_item(j, code) is not None]
    if jurisdiction_id.isdigit():
        candidates = [j for j in candidates if j.pk == int(jurisdiction_id)]
    if not candidates:
        raise PermissionDeniedError("无权查看该台账：台账仅办公室、领导小组和本组成员可以查看")
    return candidates[0]
