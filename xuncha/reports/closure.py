"""The closure condition reports contribute to `inspections.closure.CLOSURE_CONDITIONS` (registered from
`ReportsConfig.ready()`): every report the rulebook requires is final."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Report

if TYPE_CHECKING:
    from xuncha.inspections.models import Inspection


def reports_final(inspection: Inspection) -> tuple[bool, str]:
    book = inspection.jurisdiction.rulebook
    missing = []
    for kind in book.report_types:
        if not kind.required:
            continue
        latest = Report.objects.filter(inspection=inspection, type=kind.code).order_by("-version").first()
        if latest is None:
            missing.append(f"{kind.name}（未起草）")
        elif latest.status != Report.Status.FINAL:
            missing.append(f"{kind.name}（第{latest.version}版{latest.get_status_display()}）")
    return (not missing, "、".join(missing) if missing else "必备报告均已定稿")


def register() -> None:
    from xuncha.inspections.closure import CLOSURE_CONDITIONS

    CLOSURE_CONDITIONS.register(reports_final, key="reports_final")
