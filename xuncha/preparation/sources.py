"""What the rulebook says about preparation: its information sources (JDZ-2017 第二十六条, NMG-2016 第二十四条).

Two of JDZ-2017's sources are more than a letter: the organization department's spot-check of personal-matters
reports (（三）) and the discipline office's briefing of the team leader (（四）). Their codes are the rulebook's;
a rulebook without them (NMG-2016) provides for neither, and the services say so."""

from __future__ import annotations

from typing import Any

from xuncha.jurisdictions.rulebook import InformationSource

PERSONAL_MATTERS = "personal_matters_verification"
LEADER_BRIEFING = "discipline_office_briefing"
INFORMATION_PROVISION = "information_provision"  # the deadline rule a sent letter opens, where the rulebook has one


def information_source(book: Any, code: str) -> InformationSource | None:
    return next((s for s in book.information_sources if s.code == code), None)


def requested_text(source: InformationSource) -> str:
    """The request, prefilled from the rulebook: what the agency provides, over the years it names (近3年)."""
    period = f"近{source.years}年"
    if source.years and period not in source.provides:
        return f"{period}：{source.provides}"
    return source.provides


def period_label(years: int | None) -> str:
    return f"近{years}年" if years else "—"


def provision_rule(book: Any) -> Any:
    """The rulebook's deadline for the agencies to answer, or None (NMG-2016 sets none)."""
    return next((d for d in book.deadlines if d.code == INFORMATION_PROVISION), None)


def office_name(book: Any) -> str:
    return str(book.body("office").name)


def letter_note(book: Any) -> str:
    """JDZ-2017 第二十六条 末款: 应当通过市委巡察办以公函方式统一协调办理 (from the rulebook's notes, if it has one)."""
    for source in book.information_sources:
        if "公函" in source.note:
            return str(source.note)
    rule = provision_rule(book)
    if rule is not None and "公函" in rule.note:
        return str(rule.note)
    return ""
