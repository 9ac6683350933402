"""What the results app asks of the regulations, in one place.

Read from the rulebook's `procedure` section (data, per jurisdiction):
- the leading group hears the teams and proposes handling: `hearing_article` (JDZ-2017 第三十一条, NMG-2016 第二十七条);
- the five-member group decides the use of results: `decision_article` (JDZ-2017 第三十二条, NMG-2016 第二十八条);
- the decision goes upward: `filing_to`, `filing_action`, `filing_article` (JDZ-2017 第三十二条第二款 备案,
  NMG-2016 第二十八条第二款 报告);
- the organization department hears the inspection body on cadres: `results_use_article`, `results_use_text`
  (JDZ-2017 第三十八条, NMG-2016 第三十三条).

The uses a decision may choose are the steps the same chapter names after the decision; each carries the article
the rulebook gives for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from xuncha.jurisdictions.rulebook import Rulebook

from .actions import DECISION_FILED

# Who records the two meetings, the decision's filing and answers a consultation: the office (巡察办 / 巡视办),
# which serves the leading group (JDZ-2017 第六条, NMG-2016 第七条).
OFFICE_ROLES = frozenset({"office_head", "office_staff"})


@dataclass(frozen=True)
class Use:
    code: str
    label: str
    article: str
    fixed: bool = False  # part of every decision: the regulation says 应当


def uses(book: Rulebook) -> list[Use]:
    """The uses of results a decision records, with the articles this rulebook gives for them."""
    proc = book.procedure
    thematic = next((t for t in book.report_types if t.code == "thematic_report"), None)
    transfer = book.transfer_routes[0].article if book.transfer_routes else proc.decision_article
    return [
        # 应当及时反馈 (JDZ-2017 第三十三条, NMG-2016 第二十九条): every decided inspection is fed back.
        Use("feedback", "反馈问题、提出整改意见并督促整改", proc.feedback_article, fixed=True),
        Use("notify", "通报有关分管领导及职能部门", proc.notification_article),
        Use("transfer", "问题线索分类处置、按权限移交", transfer),
        Use("cadre_use", "作为干部考核评价、选拔任用的依据（干部监督）", proc.results_use_article),
        Use("thematic_report", "形成专题报告或建议", thematic.article if thematic else proc.decision_article),
        Use("follow_up", f"开展专项{book.word}或“回头看”", proc.special_inspection_article),
    ]


def use_labels(book: Rulebook) -> dict[str, str]:
    return {u.code: u.label for u in uses(book)}


def hearing_body(book: Rulebook) -> str:
    return str(book.body("leading_group").name)


def decision_body(book: Rulebook) -> str:
    return str(book.body("five_member_group").name)


def filing_verb(book: Rulebook) -> str:
    """备案 (JDZ-2017 第三十二条) or 报告 (NMG-2016 第二十八条)."""
    return "备案" if book.procedure.filing_action == DECISION_FILED.code else "报告"


def filing_to_name(book: Rulebook) -> str:
    return str(book.body(book.procedure.filing_to).name)


# -- consultation on cadres (JDZ-2017 第三十八条, NMG-2016 第三十三条) -------------------------------------------------
# The rulebook quotes the article in `results_use_text`; what a consultation may be about is read from the quoted
# words, so a third rulebook states its own occasions by the words its article uses.
@dataclass(frozen=True)
class Occasion:
    code: str
    label: str
    words: tuple[str, ...]  # the occasion is offered when the article's text contains one of these


OCCASIONS = (
    Occasion("election", "换届考察", ("换届考察",)),
    Occasion("appraisal", "干部考核（考核评价）", ("干部考核", "考核评价")),
    Occasion("adjustment", "班子调整", ("班子调整",)),
    Occasion("selection", "干部选任（选拔任用）", ("干部选任", "选拔任用")),
    Occasion("assessment", "考察领导班子和领导干部", ("进行考察",)),
)


def occasions(book: Rulebook) -> list[Occasion]:
    text = book.procedure.results_use_text
    return [o for o in OCCASIONS if any(w in text for w in o.words)]


def allows_to_be_promoted(book: Rulebook) -> bool:
    """JDZ-2017 第三十八条 also covers 拟提任的市管干部, who need not hold a post in an inspected unit."""
    return "拟提任" in book.procedure.results_use_text


def jurisdiction_managed_only(book: Rulebook) -> bool:
    """JDZ-2017 第三十八条 speaks of 市管干部 only; NMG-2016 第三十三条 of 领导班子和领导干部."""
    return "市管干部" in book.procedure.results_use_text


def leadership_only(book: Rulebook) -> bool:
    return "领导干部" in book.procedure.results_use_text and not jurisdiction_managed_only(book)
