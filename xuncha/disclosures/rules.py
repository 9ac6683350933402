"""What the rulebook says about disclosures: which stages are made public, through which channels, under which
article (JDZ-2017 第四十二条, NMG-2016 第三十五条), and when each stage has something to disclose."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from xuncha.core.errors import ServiceError
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.rulebook import Disclosure as DisclosureRule
from xuncha.jurisdictions.rulebook import Rulebook


@dataclass(frozen=True)
class Precondition:
    field: str  # the Inspection date field that must be set
    done: str  # what must have happened, as a user reads it
    matter: str  # what is then disclosed


# A stage is disclosed once it has happened: entry after entering, feedback after the feedback was given,
# rectification after the unit submitted its rectification reports.
PRECONDITIONS: dict[str, Precondition] = {
    "entry": Precondition("entered_on", "进驻", "进驻情况"),
    "feedback": Precondition("feedback_given_on", "反馈", "反馈情况"),
    "rectification": Precondition("reports_submitted_on", "报送整改情况报告", "整改情况"),
}


def disclosure_article(book: Rulebook) -> str:
    return book.disclosures[0].article if book.disclosures else ""


def disclosure_rule(book: Rulebook, stage: str) -> DisclosureRule:
    """The rulebook's item for `stage`, or a refusal naming the stages the rulebook lists."""
    found = next((d for d in book.disclosures if d.stage == stage), None)
    if found is not None:
        return found
    article = disclosure_article(book)
    listed = "、".join(f"{d.name}（{d.stage}）" for d in book.disclosures) or "（无）"
    raise ServiceError(
        f"公开事项“{stage}”不在《{book.short_title}》{article}所列公开事项之中；可公开：{listed}",
        field="stage",
        article=article,
        code="unknown_stage",
    )


def stage_ready_on(inspection: Inspection, rule: DisclosureRule) -> datetime.date:
    """The date the stage happened on; a refusal naming the inspection's field and the article if it has not."""
    pre = PRECONDITIONS[rule.stage]
    happened: datetime.date | None = getattr(inspection, pre.field)
    if happened is None:
        label = getattr(Inspection._meta.get_field(pre.field), "verbose_name", pre.field)
        raise ServiceError(
            f"{inspection}尚未{pre.done}（“{label}”未登记），不能办理“{rule.name}”："
            f"{pre.matter}在{pre.done}之后公开（{rule.article}）",
            field="stage",
            article=rule.article,
            code="stage_not_reached",
        )
    return happened
