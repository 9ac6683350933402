"""What the findings app asks of the regulations, in one place.

Read from the rulebook (data, per jurisdiction):
- the problems a team looks for (JDZ-2017 第十七条, NMG-2016 第十八条): `book.problem_categories`;
- 组长负责制 and 组务会: both regulations state them in one article, which the rulebook records on its
  `team_meeting` body (JDZ-2017 第七条, NMG-2016 第十条);
- the addressees of 请示报告: the `leading_group` body, and the secretary of the `party_committee` body.

- 请示报告 (JDZ-2017 第二十一条, NMG-2016 第二十二条) and the quorum of a 组务会: the rulebook's `procedure`
  section. The texts say only “按照民主集中制原则研究决定组内重要事项”; that more than half of the team's members
  must attend before a meeting can approve a finding is the encoding's choice, stated in `meeting_quorum_note`.
"""

from __future__ import annotations

from dataclasses import dataclass

from xuncha.core.errors import ServiceError
from xuncha.jurisdictions.rulebook import Category, Rulebook


@dataclass(frozen=True)
class EscalationRule:
    article: str
    text: str  # quoted from the regulation


# 民主集中制 (JDZ-2017 第七条, NMG-2016 第十条): the rulebook's `procedure.meeting_quorum` says how many must attend;
# both texts fix no quorum, so both rulebooks encode “more than half” and say so in `meeting_quorum_note`.
QUORUM_RULE = "出席人数超过本组成员半数"


def has_quorum(attending: int, members: int) -> bool:
    return members > 0 and attending * 2 > members


def quorum_note(book: Rulebook) -> str:
    return book.procedure.meeting_quorum_note


def escalation_rule(book: Rulebook) -> EscalationRule:
    """请示报告 (JDZ-2017 第二十一条, NMG-2016 第二十二条), from the rulebook's `procedure` section."""
    return EscalationRule(article=book.procedure.escalation_article, text=book.procedure.escalation_text)


def team_article(book: Rulebook) -> str:
    """组长负责制 and 组务会 (JDZ-2017 第七条, NMG-2016 第十条)."""
    return str(book.body("team_meeting").article)


def problem_article(book: Rulebook) -> str:
    """The article listing the problems a team looks for (JDZ-2017 第十七条, NMG-2016 第十八条)."""
    return book.problem_categories[0].article if book.problem_categories else ""


def problem_category(book: Rulebook, code: str) -> Category:
    for category in book.problem_categories:
        if category.code == code:
            return category
    article = problem_article(book)
    names = "、".join(f"{c.name}（{c.code}）" for c in book.problem_categories)
    raise ServiceError(
        f"问题类别“{code}”不在《{book.short_title}》{article}所列问题之中；应为：{names}",
        field="category",
        article=article,
    )


def secretary_title(book: Rulebook) -> str:
    """市委书记 / 自治区党委书记: the secretary of the committee that sends the teams."""
    return f"{book.body('party_committee').name}书记"
