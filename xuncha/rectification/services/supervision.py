"""Supervision of the rectification (督办), and poor rectification (JDZ-2017 第四十一条)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from xuncha.audit.actions import Action
from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.inspections.locking import lock_inspection
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.rulebook import Rulebook

from .. import rules
from ..actions import (
    RECTIFICATION_NOTICE_CIRCULATED,
    RECTIFICATION_OPINION_GIVEN,
    RECTIFICATION_REPORTED_TO_LEADING_GROUP,
    RECTIFICATION_SUPERVISED,
    RECTIFICATION_TALK_HELD,
)
from ..models import (
    PoorRectificationStep,
    Supervision,
)
from .common import _is_leader, _is_office, _require_rectifying, _text

if TYPE_CHECKING:
    from xuncha.accounts.models import User

Step = PoorRectificationStep


# -- supervision ----------------------------------------------------------------------------------------------------
def supervision_record(
    *,
    actor: User,
    inspection: Inspection,
    supervised_on: datetime.date | None = None,
    way: str,
    content: str,
    participants: str = "",
    reported_to_leading_group: bool = False,
    reported_on: datetime.date | None = None,
) -> Supervision:
    """督办 (JDZ-2017 第四十条, NMG-2016 第三十四条): the office, with the team, learns about and urges the unit's
    rectification and reports to the leading group."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        article = book.procedure.supervision_article
        office, team = book.body("office").name, book.body("team").name
        if not (_is_office(actor, inspection) or _is_leader(actor, inspection)):
            raise PermissionDeniedError(
                f"督办由{office}会同{team}开展（{article}）；只有{office}工作人员或本组组长可以登记。", article=article
            )
        _require_rectifying(inspection, what="督办整改", field="supervised_on", article=article)
        if way not in Supervision.Way.values:
            raise ServiceError(f"督办方式“{way}”不存在", field="way", article=article)
        content = _text(content, label="督办内容", field="content", article=article)
        supervised_on = supervised_on or timezone.localdate()
        check_past_date(supervised_on, field="supervised_on", label="督办日期", not_before=inspection.feedback_given_on)
        if reported_to_leading_group:
            if reported_on is None:
                raise ServiceError(
                    f"已向{book.body('leading_group').name}报告的，须填写报告日期（{article}）",
                    field="reported_on",
                    article=article,
                )
            check_past_date(reported_on, field="reported_on", label="报告日期", not_before=supervised_on)
        else:
            reported_on = None
        supervision = Supervision(
            inspection=inspection,
            supervised_on=supervised_on,
            way=way,
            content=content,
            participants=participants.strip(),
            reported_to_leading_group=reported_to_leading_group,
            reported_on=reported_on,
            recorded_by=actor,
        )
        full_clean_or_raise(supervision)
        supervision.save()
        event_record(
            actor=actor,
            action=RECTIFICATION_SUPERVISED,
            obj=supervision,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"way": way, "reported_to_leading_group": reported_to_leading_group, "reported_on": reported_on},
            article=article,
            occurred_on=supervised_on,
        )
    return supervision


# -- poor rectification (JDZ-2017 第四十一条) --------------------------------------------------------------------------
def _require_poor_measures(book: Rulebook) -> str:
    article = book.procedure.poor_rectification_article
    if not book.procedure.poor_rectification_measures or article is None:
        raise ServiceError(
            rules.no_poor_measures_message(book), code="not_in_rulebook", article=book.procedure.supervision_article
        )
    return article


def _open_step(inspection: Inspection, kind: str) -> PoorRectificationStep | None:
    """The latest step of `kind` that no later step follows yet."""
    return (
        Step.objects.filter(inspection=inspection, kind=kind, next_steps__isnull=True)
        .order_by("-occurred_on", "-id")
        .first()
    )


def _step(
    *,
    actor: User,
    inspection: Inspection,
    kind: str,
    follows: Step | None,
    on: datetime.date,
    content: str,
    article: str,
    action: Action,
    **extra: str,
) -> Step:
    step = Step(
        inspection=inspection, kind=kind, follows=follows, occurred_on=on, content=content, recorded_by=actor, **extra
    )
    full_clean_or_raise(step)
    step.save()
    event_record(
        actor=actor,
        action=action,
        obj=step,
        inspection=inspection,
        jurisdiction=inspection.jurisdiction,
        after={"kind": kind, "follows": follows.pk if follows else None, **extra},
        article=article,
        occurred_on=on,
    )
    return step


def rectification_opinion_give(*, actor: User, inspection: Inspection, given_on: datetime.date, content: str) -> Step:
    """整改意见: where supervision finds the unit's rectification poor, the team gives it opinions."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        article = _require_poor_measures(book)
        if not _is_leader(actor, inspection):
            raise PermissionDeniedError(
                f"整改意见由{book.body('team').name}提出（{article}）；只有本组组长可以登记。", article=article
            )
        _require_rectifying(inspection, what="提出整改意见", field="given_on", article=article)
        first = Supervision.objects.filter(inspection=inspection).order_by("supervised_on").first()
        if first is None or first.supervised_on > given_on:
            raise ServiceError(
                f"在督办过程中发现整改不力的，才由{book.body('team').name}提出整改意见（{article}）；"
                f"{given_on} 之前本{book.word}尚无督办记录（{book.procedure.supervision_article}）",
                field="given_on",
                article=article,
                code="supervision_first",
            )
        content = _text(content, label="整改意见", field="content", article=article)
        check_past_date(given_on, field="given_on", label="提出日期", not_before=first.supervised_on)
        return _step(
            actor=actor,
            inspection=inspection,
            kind=Step.Kind.OPINION,
            follows=None,
            on=given_on,
            content=content,
            article=article,
            action=RECTIFICATION_OPINION_GIVEN,
        )


def poor_rectification_report(*, actor: User, inspection: Inspection, reported_on: datetime.date, content: str) -> Step:
    """Still poor after the opinions (仍整改不到位或敷衍塞责): the office reports to the leading group."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        article = _require_poor_measures(book)
        office, group = book.body("office").name, book.body("leading_group").name
        if not _is_office(actor, inspection):
            raise PermissionDeniedError(
                f"由{office}上报{group}（{article}）；只有{office}工作人员可以登记。", article=article
            )
        _require_rectifying(inspection, what=f"上报{group}", field="reported_on", article=article)
        opinion = _open_step(inspection, Step.Kind.OPINION)
        if opinion is None:
            raise ServiceError(
                f"须先由{book.body('team').name}提出整改意见；提出整改意见后仍整改不到位或敷衍塞责的，"
                f"才由{office}上报{group}（{article}）",
                field="reported_on",
                article=article,
                code="opinion_first",
            )
        content = _text(content, label="仍整改不到位或敷衍塞责的情况", field="content", article=article)
        check_past_date(reported_on, field="reported_on", label="上报日期", not_before=opinion.occurred_on)
        return _step(
            actor=actor,
            inspection=inspection,
            kind=Step.Kind.REPORT,
            follows=opinion,
            on=reported_on,
            content=content,
            article=article,
            action=RECTIFICATION_REPORTED_TO_LEADING_GROUP,
        )


def poor_rectification_measure(
    *,
    actor: User,
    inspection: Inspection,
    kind: str,
    taken_on: datetime.date,
    content: str,
    talk_leader: str = "",
    principal: str = "",
) -> Step:
    """After the report to the leading group: 通报, or 约谈 of the unit's principal leader by a leader of the leading
    group — one of the two per report."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        article = _require_poor_measures(book)
        office, group = book.body("office").name, book.body("leading_group").name
        if kind not in book.procedure.poor_rectification_measures:
            listed = "、".join(rules.MEASURE_LABELS[m] for m in book.procedure.poor_rectification_measures)
            raise ServiceError(
                f"“{kind}”不是{book.short_title}规定的措施（{article}：{listed}）", field="kind", article=article
            )
        label = rules.MEASURE_LABELS[kind]
        if not _is_office(actor, inspection):
            raise PermissionDeniedError(f"{label}由{office}登记（{article}）；您无权登记。", article=article)
        _require_rectifying(inspection, what=label, field="taken_on", article=article)
        report = _open_step(inspection, Step.Kind.REPORT)
        if report is None:
            raise ServiceError(
                f"须先由{office}上报{group}，才能{label}（{article}：上报{group}后进行通报或约谈）",
                field="taken_on",
                article=article,
                code="report_first",
            )
        content = _text(content, label=f"{label}内容", field="content", article=article)
        extra: dict[str, str] = {}
        if kind == Step.Kind.ADMONITORY_TALK:
            extra = {
                "talk_leader": _text(talk_leader, label=f"约谈的{group}领导", field="talk_leader", article=article),
                "principal": _text(
                    principal,
                    label=f"被约谈的{rules.unit_word(book)}党委（党组）主要负责人",
                    field="principal",
                    article=article,
                ),
            }
        check_past_date(taken_on, field="taken_on", label=f"{label}日期", not_before=report.occurred_on)
        action = RECTIFICATION_NOTICE_CIRCULATED if kind == Step.Kind.CIRCULATED_NOTICE else RECTIFICATION_TALK_HELD
        return _step(
            actor=actor,
            inspection=inspection,
            kind=kind,
            follows=report,
            on=taken_on,
            content=content,
            article=article,
            action=action,
            **extra,
        )
