"""The ledgers (台账) the regulations require, as views of the clue records — never a second copy to keep in step.

- JDZ-2017 第三十九条 `office_clue_ledger`: the office's ledger of 市管干部 clues (a person concerned of
  management level 本级管理干部) handed to the discipline commission or the organization department.
- JDZ-2017 第三十九条 `team_clue_ledger`: each team's ledger of the 乡（科）级及以下 clues it handed over.
- NMG-2016 第三十三条 `results_ledger` (巡视成果运用台账): the article names the ledger and no columns; the product
  shows every transferred clue with its handling, and beside it the decisions on the use of results per inspection
  (`results_uses`). Both choices are the product's, said so on the page.

Every ledger has the same twelve columns (`COLUMNS`), the filters round, unit, receiver, status and overdue, and the
counts 件/人. The office and the leading group see their jurisdiction's ledgers; a team member only his team's own
team ledger; no one else."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import CharField, Exists, OuterRef, Prefetch, QuerySet

from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.visibility import viewer_for
from xuncha.jurisdictions.vocabulary import RECEIVER_KINDS
from xuncha.obligations.models import Obligation

from . import rules
from .models import Clue, ClueSubject, HandlingReport
from .selectors import Counts, clue_counts
from .visibility import LEDGER_ROLES

if TYPE_CHECKING:
    from xuncha.accounts.models import User

COLUMNS = (
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
TEAM_LEDGERS = {"team_clue_ledger"}
# What each ledger holds: the management level of a person concerned, and the kinds of receiver (None: any).
SCOPES: dict[str, tuple[str | None, tuple[str, ...] | None]] = {
    "office_clue_ledger": ("jurisdiction", ("discipline_organ", "organization_department")),
    "team_clue_ledger": ("township", None),
    "results_ledger": (None, None),
}


@dataclass(frozen=True)
class Filters:
    round: int | None = None
    unit: int | None = None
    receiver: int | None = None
    status: str = ""
    overdue: bool = False

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        def number(key: str, label: str) -> int | None:
            value = (query.get(key) or "").strip()
            if not value:
                return None
            if not value.isdigit():
                raise ServiceError(f"{label}应为编号：{value}", field=key)
            return int(value)

        status = (query.get("status") or "").strip()
        if status and status not in Clue.Status.values:
            raise ServiceError(f"办理状态应为：{'、'.join(Clue.Status.labels)}", field="status")
        return cls(
            number("round", "轮次"),
            number("unit", "被检查单位"),
            number("receiver", "接收单位"),
            status,
            (query.get("overdue") or "") in ("1", "true", "on"),
        )


@dataclass(frozen=True)
class Row:
    clue: Clue
    cells: tuple[str, ...]
    overdue: bool


def ledgers(jurisdiction: Any) -> list[Any]:
    return list(jurisdiction.rulebook.ledgers)


def ledger(jurisdiction: Any, code: str) -> Any:
    found = next((item for item in jurisdiction.rulebook.ledgers if item.code == code), None)
    if found is None or code not in SCOPES:
        names = "、".join(item.name for item in jurisdiction.rulebook.ledgers)
        raise ServiceError(f"{jurisdiction.rulebook.short_title}规定的台账是：{names}", field="ledger")
    return found


def may_see(actor: User | None, jurisdiction: Any, code: str) -> bool:
    viewer = viewer_for(actor)
    if jurisdiction.pk in viewer.jurisdictions_with(frozenset(LEDGER_ROLES)):
        return True
    return code in TEAM_LEDGERS and bool(viewer.team_ids)


def _overdue_q(today: datetime.date) -> Any:
    return Exists(
        Obligation.objects.filter(
            subject_type="clues.clue",
            subject_id=OuterRef("pk_text"),
            rule_code="clue_handling_report",
            status=Obligation.Status.OPEN,
            due_on__lt=today,
        )
    )


def ledger_clues(
    *, actor: User | None, jurisdiction: Any, code: str, filters: Filters, today: datetime.date
) -> QuerySet[Clue, Any]:
    """The clues of one ledger, filtered; refused to whoever may not see it."""
    item = ledger(jurisdiction, code)
    if not may_see(actor, jurisdiction, code):
        office = jurisdiction.rulebook.body("office").name
        raise PermissionDeniedError(
            f"{item.name}（{jurisdiction.rulebook.short_title}{item.article}）只有{office}、领导小组和本组可以查看。",
            article=item.article,
        )
    from django.db.models.functions import Cast

    level, kinds = SCOPES[code]
    qs = Clue.objects.filter(jurisdiction=jurisdiction, transfer__isnull=False).exclude(transfer__status="cancelled")
    if level is not None:
        qs = qs.filter(subjects__cadre__management_level=level)
    if kinds is not None:
        qs = qs.filter(transfer__receiver__receiver_kind__in=kinds)
    viewer = viewer_for(actor)
    if code in TEAM_LEDGERS and jurisdiction.pk not in viewer.jurisdictions_with(frozenset(LEDGER_ROLES)):
        qs = qs.filter(inspection__team_id__in=sorted(viewer.team_ids))
    if filters.round is not None:
        qs = qs.filter(inspection__round_id=filters.round)
    if filters.unit is not None:
        qs = qs.filter(inspection__target_id=filters.unit)
    if filters.receiver is not None:
        qs = qs.filter(transfer__receiver_id=filters.receiver)
    if filters.status:
        qs = qs.filter(status=filters.status)
    qs = qs.annotate(pk_text=Cast("pk", output_field=CharField())).annotate(is_overdue=_overdue_q(today))
    if filters.overdue:
        qs = qs.filter(is_overdue=True)
    return qs.distinct().order_by(
        "inspection__round__year", "inspection__round__number", "inspection__team__number", "number"
    )


def counts(clues: QuerySet[Clue, Any]) -> Counts:
    return clue_counts(Clue.objects.filter(pk__in=clues.values("pk")))


def rows(clues: Any) -> list[Row]:
    """The twelve cells of each clue, in the order of `COLUMNS`, from prefetched records (no query per row)."""
    clues = clues.select_related(
        "jurisdiction", "inspection__round", "inspection__team", "transfer__receiver"
    ).prefetch_related(
        Prefetch("subjects", queryset=ClueSubject.objects.select_related("cadre", "post")),
        "sources",
        Prefetch("handling_reports", queryset=HandlingReport.objects.order_by("reported_on", "pk")),
    )
    out = []
    for clue in clues:
        book = clue.jurisdiction.rulebook
        subjects = list(clue.subjects.all())
        reports = list(clue.handling_reports.all())
        latest = reports[-1] if reports else None
        transfer = clue.transfer
        route = rules.route(book, transfer.route) if transfer else None
        overdue = bool(getattr(clue, "is_overdue", False))
        status = clue.get_status_display() + ("（逾期）" if overdue else "")
        out.append(
            Row(
                clue,
                (
                    clue.code,
                    "、".join(dict.fromkeys(str(s.get_kind_display()) for s in clue.sources.all())),
                    "、".join(s.cadre.name for s in subjects),
                    "、".join(s.post.title if s.post else "" for s in subjects),
                    "、".join(dict.fromkeys(str(s.cadre.get_management_level_display()) for s in subjects)),
                    rules.category_name(book, clue.category),
                    f"{RECEIVER_KINDS.get(route.receiver_kind, '')}（{route.article}）" if route else "",
                    transfer.receiver_signed_on.isoformat() if transfer and transfer.receiver_signed_on else "",
                    str(transfer.receiver) if transfer else "",
                    latest.get_disposition_display() if latest else "",
                    latest.reported_on.isoformat() if latest else "",
                    status,
                ),
                overdue,
            )
        )
    return out


def results_uses(*, jurisdiction: Any, filters: Filters) -> list[tuple[Any, str, str]]:
    """NMG-2016 第三十三条's other half: the decisions on the use of results, per inspection (meeting, inspection,
    uses)."""
    from xuncha.results.models import MeetingItem

    items = MeetingItem.objects.filter(meeting__jurisdiction=jurisdiction, kind="decision").select_related(
        "meeting", "inspection__target"
    )
    if filters.round is not None:
        items = items.filter(meeting__round_id=filters.round)
    if filters.unit is not None:
        items = items.filter(inspection__target_id=filters.unit)
    return [(i.meeting, str(i.inspection), i.text) for i in items.order_by("meeting__held_on", "pk")[:200]]


def workbook(*, item: Any, jurisdiction: Any, table: list[Row]) -> bytes:
    """The ledger as .xlsx: a title row (the ledger, its article), the twelve headers, one row per clue."""
    import io

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(item.name[:31])
    ws.append([f"{item.name}（{jurisdiction.rulebook.short_title}{item.article}）"])
    ws.append(list(COLUMNS))
    for row in table:
        ws.append(list(row.cells))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
