"""What the rectification app asks of the regulations, in one place (all read from the rulebook's data).

- JDZ-2017 第三十四条: a plan within 10 working days of the receipt, then both reports within 2 months to the team,
  which reviews them and forwards them to the office (`procedure.rectification_via_team: true`; deadlines
  `rectification_plan`, `rectification_reports`).
- NMG-2016 第三十条: no receipt and no separate plan; both reports within 2 months straight to the office, which
  reviews them (`rectification_via_team: false`).
- 督办: JDZ-2017 第四十条, NMG-2016 第三十四条 (`procedure.supervision_article`).
- 整改不力: JDZ-2017 第四十一条 (`poor_rectification_article`, `poor_rectification_measures`); NMG-2016 sets no
  such measure — its 第三十七条（四） (拒不整改) is a matter of discipline, not a step of this procedure.
"""

from __future__ import annotations

from xuncha.jurisdictions.rulebook import Rulebook

MEASURE_LABELS = {"circulated_notice": "通报", "admonitory_talk": "约谈"}


def has_separate_plan(book: Rulebook) -> bool:
    return any(d.code == "rectification_plan" for d in book.deadlines)


def has_receipt(book: Rulebook) -> bool:
    return book.signature_form("feedback_receipt") is not None


def plan_article(book: Rulebook) -> str:
    if has_separate_plan(book):
        return book.deadline("rectification_plan").article
    return book.procedure.rectification_article


def reports_article(book: Rulebook) -> str:
    return book.deadline("rectification_reports").article


def review_article(book: Rulebook) -> str:
    """The article the rulebook's closure condition `rectification_reviewed` cites (JDZ 第三十四条, NMG 第三十四条)."""
    cond = next((c for c in book.procedure.closure_conditions if c.code == "rectification_reviewed"), None)
    return cond.article if cond else book.procedure.rectification_article


def reviewer_code(book: Rulebook) -> str:
    return "team" if book.procedure.rectification_via_team else "office"


def reviewer_name(book: Rulebook) -> str:
    return book.body(reviewer_code(book)).name


def unit_word(book: Rulebook) -> str:
    return f"被{book.word}单位"


def no_poor_measures_message(book: Rulebook) -> str:
    """NMG-2016: refused, pointing to the supervision the rulebook does set."""
    return (
        f"《{book.short_title}》没有规定对整改不力单位提出整改意见、上报后通报或约谈的措施；"
        f"整改落实由{book.body('office').name}会同{book.body('team').name}了解和督促并向领导小组报告"
        f"（{book.procedure.supervision_article}），请登记督办。"
    )
