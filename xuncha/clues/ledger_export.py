"""The ledgers as .xlsx: a title row (the ledger's name, its article and the counts), the header row, the rows.
Written with openpyxl's write-only mode, like `xuncha.spreadsheets.exports`."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

SHEET_TITLE = "台账"
_BOLD = Font(bold=True)


def workbook_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_TITLE)
    ws.freeze_panes = "A3"
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 14 if header not in ("移交途径", "接收单位") else 24
    title_cell = WriteOnlyCell(ws, value=title)
    title_cell.font = _BOLD
    ws.append([title_cell])
    header_row = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = _BOLD
        header_row.append(cell)
    ws.append(header_row)
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
