"""Templates and exports. Both are the same workbook: the data sheet (Chinese header row, then
rows) and a “说明” sheet generated from the column definitions and the jurisdiction's rulebook.
An export is therefore a valid import file. Written with openpyxl's write-only mode; every
export reads through `visible_to(user)`."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from xuncha.jurisdictions.models import Jurisdiction
from xuncha.jurisdictions.rulebook import Rulebook
from xuncha.people.models import Inspector
from xuncha.registry.models import Cadre, Organization, Post

from .columns import NO, SHEETS, YES, Sheet, expertise_choices, inspector_kind_label

NOTES_TITLE = "说明"
_HEADER_FONT = Font(bold=True)
_REQUIRED_FONT = Font(bold=True, color="9B1C1C")
_HEADER_FILL = PatternFill("solid", fgColor="F3E8E8")


def _yes_no(value: bool) -> str:
    return YES if value else NO


def _list_validation(choices: list[str], column: int) -> DataValidation | None:
    formula = ",".join(choices)
    if any("," in c or '"' in c for c in choices) or len(formula) > 250:
        return None  # Excel's inline lists are limited; the 说明 sheet lists the values anyway
    letter = get_column_letter(column)
    dv = DataValidation(type="list", formula1=f'"{formula}"', allow_blank=True, showErrorMessage=True)
    dv.error = "请从下拉列表中选择，或见“说明”工作表"
    dv.add(f"{letter}2:{letter}1048576")
    return dv


def _write_workbook(sheet: Sheet, jurisdiction: Jurisdiction, rows: Iterable[Iterable[Any]]) -> IO[bytes]:
    book = jurisdiction.rulebook
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet.sheet_title(book))
    ws.freeze_panes = "A2"
    for i, col in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
        if col.choices is not None and col.key != "expertise":
            dv = _list_validation(col.choices(book), i)
            if dv is not None:
                ws.data_validations.append(dv)
    header = []
    for col in sheet.columns:
        cell = WriteOnlyCell(ws, value=col.header)
        cell.font = _REQUIRED_FONT if col.required else _HEADER_FONT
        cell.fill = _HEADER_FILL
        header.append(cell)
    ws.append(header)
    date_columns = [i for i, col in enumerate(sheet.columns) if col.key in ("started_on", "ended_on", "status_on")]
    for row in rows:
        values: list[Any] = list(row)
        for i in date_columns:
            if values[i] is not None:
                cell = WriteOnlyCell(ws, value=values[i])
                cell.number_format = "yyyy-mm-dd"
                values[i] = cell
        ws.append(values)
    _write_notes(wb, sheet, jurisdiction, book)
    out = tempfile.TemporaryFile()  # noqa: SIM115  (the response closes it, which deletes it)
    wb.save(out)
    out.seek(0)
    return out


def _write_notes(wb: Workbook, sheet: Sheet, jurisdiction: Jurisdiction, book: Rulebook) -> None:
    ns = wb.create_sheet(NOTES_TITLE)
    for letter, width in zip("ABCDE", (16, 8, 60, 50, 12), strict=True):
        ns.column_dimensions[letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")

    def cell(value: str, *, bold: bool = False) -> WriteOnlyCell:
        c = WriteOnlyCell(ns, value=value)
        c.alignment = wrap
        if bold:
            c.font = _HEADER_FONT
        return c

    ns.append([cell(f"{jurisdiction.name} · {sheet.sheet_title(book)}导入表", bold=True)])
    ns.append([cell(f"依据《{book.title}》（{book.code}）。第一个工作表的第 1 行为列名，数据从第 2 行起，一行一条。")])
    ns.append([cell("更新规则"), cell(""), cell(sheet.sheet_rule(book))])
    ns.append(
        [
            cell("校验"),
            cell(""),
            cell("导入前逐行校验整个文件；只要有一处问题，就不写入任何数据，并按“第 N 行，某列：规则”列出全部问题。"),
        ]
    )
    ns.append([])
    ns.append([cell(h, bold=True) for h in ("列名", "必填", "说明", "可填的值", "依据")])
    for col in sheet.columns:
        choices = "、".join(col.choices(book)) if col.choices is not None else ""
        article = col.article(book) if col.article is not None else ""
        cite = f"《{book.short_title}》{article}" if article else ""
        ns.append(
            [
                cell(col.header, bold=True),
                cell("是" if col.required else "否"),
                cell(col.note),
                cell(choices),
                cell(cite),
            ]
        )


# -- rows ------------------------------------------------------------------------------------


def _target_rows(user: Any, j: Jurisdiction) -> Iterator[tuple[Any, ...]]:
    names = {c.code: c.name for c in j.rulebook.target_categories}
    statuses = {s.value: str(s.label) for s in Organization.Status}
    qs = (
        Organization.objects.visible_to(user)
        .filter(jurisdiction=j, kind=Organization.Kind.TARGET)
        .order_by("name")
        .values_list("name", "target_category", "region", "parent__name", "status", "status_on", "successor__name")
    )
    for name, category, region, parent, status, status_on, successor in qs.iterator(chunk_size=2000):
        yield (name, names.get(category, category), region, parent, statuses[status], status_on, successor)


def _leadership_rows(user: Any, j: Jurisdiction) -> Iterator[tuple[Any, ...]]:
    qs = (
        Post.objects.visible_to(user)
        .filter(cadre__jurisdiction=j, is_leadership=True)
        .order_by("organization__name", "-is_principal", "started_on", "id")
        .values_list(
            "organization__name", "title", "cadre__code", "cadre__name", "is_principal", "started_on", "ended_on"
        )
    )
    for org, title, code, name, principal, started_on, ended_on in qs.iterator(chunk_size=2000):
        yield (org, title, code, name, _yes_no(principal), started_on, ended_on)


def _cadre_rows(user: Any, j: Jurisdiction) -> Iterator[tuple[Any, ...]]:
    """One row per post, cadres without posts on a row of their own. Two ordered streams
    (cadres, posts) merged by cadre, so memory does not grow with the registry."""
    levels = {lv.value: str(lv.label) for lv in Cadre.Level}
    cadres = Cadre.objects.visible_to(user).filter(jurisdiction=j).order_by("code", "id")
    posts = (
        Post.objects.visible_to(user)
        .filter(cadre__in=cadres.values("id"))
        .order_by("cadre__code", "cadre_id", "started_on", "id")
        .values_list(
            "cadre_id", "organization__name", "title", "is_leadership", "is_principal", "started_on", "ended_on"
        )
        .iterator(chunk_size=2000)
    )
    pending = next(posts, None)
    for cadre_id, code, name, native, level in cadres.values_list(
        "id", "code", "name", "native_place", "management_level"
    ).iterator(chunk_size=2000):
        person = (code, name, native, levels.get(level, level))
        if pending is None or pending[0] != cadre_id:
            yield (*person, None, None, None, None, None, None)
            continue
        while pending is not None and pending[0] == cadre_id:
            _, org, title, leadership, principal, started_on, ended_on = pending
            yield (*person, org, title, _yes_no(leadership), _yes_no(principal), started_on, ended_on)
            pending = next(posts, None)


def _inspector_rows(user: Any, j: Jurisdiction) -> Iterator[tuple[Any, ...]]:
    book = j.rulebook
    areas = expertise_choices(book)
    qs = (
        Inspector.objects.visible_to(user)
        .filter(jurisdiction=j)
        .order_by("cadre__code")
        .values_list("cadre__code", "cadre__name", "kind", "expertise", "in_leader_pool", "county_level")
    )
    for code, name, kind, expertise, pool, county in qs.iterator(chunk_size=2000):
        yield (
            code,
            name,
            inspector_kind_label(book, kind),
            "、".join(areas.get(a, a) for a in expertise or []),
            _yes_no(pool),
            _yes_no(county),
        )


ROWS = {"targets": _target_rows, "leadership": _leadership_rows, "cadres": _cadre_rows, "inspectors": _inspector_rows}


def template_workbook(*, kind: str, jurisdiction: Jurisdiction) -> IO[bytes]:
    """An empty sheet with the header row and the “说明” sheet for this jurisdiction's rulebook."""
    return _write_workbook(SHEETS[kind], jurisdiction, [])


def export_workbook(*, user: Any, kind: str, jurisdiction: Jurisdiction) -> IO[bytes]:
    """What `user` may see of this sheet in `jurisdiction`, in the import layout."""
    return _write_workbook(SHEETS[kind], jurisdiction, ROWS[kind](user, jurisdiction))


def file_name(kind: str, jurisdiction: Jurisdiction, *, template: bool) -> str:
    title = SHEETS[kind].sheet_title(jurisdiction.rulebook)
    return f"{jurisdiction.short_name}-{title}{'-模板' if template else ''}.xlsx"
