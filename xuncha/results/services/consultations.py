"""Consultations on cadres (成果运用): asked by the organization department, read, answered."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.errors import (
    PermissionDeniedError,
    ServiceError,
    check_past_date,
    full_clean_or_raise,
)
from xuncha.core.locking import lock_row
from xuncha.core.visibility import viewer_for
from xuncha.registry.models import Cadre, Organization, Post

from .. import rules
from ..actions import (
    RESULTS_CONSULTATION_ANSWERED,
    RESULTS_CONSULTED,
)
from ..models import Consultation

if TYPE_CHECKING:
    from xuncha.accounts.models import User
from ..selectors import ENTERED_STAGES, cadre_inspections, consultation_material
from .common import _text, is_office


# -- consultations on cadres (成果运用) -------------------------------------------------------------------------------
def departments_of(actor: User) -> list[Organization]:
    """The organization departments (receiver_kind 组织部门) whose contact the actor is."""
    return list(
        Organization.objects.filter(
            kind=Organization.Kind.RECEIVER,
            receiver_kind="organization_department",
            pk__in=viewer_for(actor).receiver_org_ids,
        )
        .select_related("jurisdiction")
        .order_by("pk")
    )


def department_of(actor: User, jurisdiction_id: int) -> Organization | None:
    return next((d for d in departments_of(actor) if d.jurisdiction_id == jurisdiction_id), None)


def eligible_cadres(jurisdiction: Any) -> Any:
    """Cadres a consultation may be about: under JDZ-2017 第三十八条 every 市管干部 (拟提任的 among them need no post
    in an inspected unit); under NMG-2016 第三十三条 the leaders of units that have been or are being inspected."""
    book = jurisdiction.rulebook
    qs = Cadre.objects.filter(jurisdiction=jurisdiction)
    if rules.jurisdiction_managed_only(book):
        qs = qs.filter(management_level=Cadre.Level.JURISDICTION)
    if not rules.allows_to_be_promoted(book):
        posts = Post.objects.filter(
            organization__inspections__status__in=ENTERED_STAGES, organization__jurisdiction=jurisdiction
        )
        if rules.leadership_only(book):
            posts = posts.filter(is_leadership=True)
        qs = qs.filter(pk__in=posts.values("cadre_id"))
    return qs.order_by("code")


def consultation_request(
    *,
    actor: User,
    cadre: Cadre,
    occasion: str,
    purpose: str,
    asked_on: datetime.date | None = None,
    to_be_promoted: bool = False,
) -> Consultation:
    """The organization department asks to hear the inspection body's opinion on a cadre (JDZ-2017 第三十八条,
    NMG-2016 第三十三条). Recorded as `results.consulted` (step “request”)."""
    with transaction.atomic():
        jurisdiction = cadre.jurisdiction
        book = jurisdiction.rulebook
        proc = book.procedure
        article = proc.results_use_article
        department = department_of(actor, jurisdiction.pk)
        if department is None:
            raise PermissionDeniedError(
                f"只有{jurisdiction}组织部门（接收单位类别为“组织部门”）的经办人可以听取{book.word}意见（{article}）。",
                article=article,
            )
        offered = rules.occasions(book)
        if occasion not in {o.code for o in offered}:
            names = "、".join(f"{o.label}（{o.code}）" for o in offered)
            raise ServiceError(
                f"事由应为{article}所列情形之一：{names}", field="occasion", article=article, code="wrong_occasion"
            )
        if to_be_promoted and not rules.allows_to_be_promoted(book):
            raise ServiceError(
                f"《{book.short_title}》{article}未规定对拟提任干部听取{book.word}意见",
                field="to_be_promoted",
                article=article,
            )
        if rules.jurisdiction_managed_only(book) and cadre.management_level != Cadre.Level.JURISDICTION:
            raise ServiceError(
                f"{cadre}不是{Cadre.Level.JURISDICTION.label}；{article}只规定对市管干部听取{book.word}组意见",
                field="cadre",
                article=article,
            )
        if not to_be_promoted and not cadre_inspections(cadre, leadership_only=rules.leadership_only(book)):
            held = "领导班子成员职务" if rules.leadership_only(book) else "职务"
            raise ServiceError(
                f"{cadre}未在已经过或正在接受{book.word}的单位担任{held}（{article}：{proc.results_use_text}）",
                field="cadre",
                article=article,
                code="not_inspected",
            )
        asked_on = asked_on or timezone.localdate()
        check_past_date(asked_on, field="asked_on", label="提出日期")
        consultation = Consultation(
            jurisdiction=jurisdiction,
            cadre=cadre,
            department=department,
            occasion=occasion,
            to_be_promoted=to_be_promoted,
            purpose=_text(purpose, field="purpose", label="听取意见的目的", article=article),
            asked_by=actor,
            asked_on=asked_on,
        )
        full_clean_or_raise(consultation)
        consultation.save()
        event_record(
            actor=actor,
            action=RESULTS_CONSULTED,
            obj=consultation,
            jurisdiction=jurisdiction,
            after={
                "step": "request",
                "cadre": cadre.code,
                "occasion": occasion,
                "to_be_promoted": to_be_promoted,
                "department": department.name,
            },
            article=article,
            occurred_on=asked_on,
        )
    return consultation


def may_read_material(actor: User, consultation: Consultation) -> bool:
    """The asker and the office: the material names findings of several teams."""
    return consultation.asked_by_id == getattr(actor, "pk", None) or is_office(actor, consultation.jurisdiction_id)


def may_answer(actor: User, consultation: Consultation) -> bool:
    if is_office(actor, consultation.jurisdiction_id):
        return True
    led = viewer_for(actor).led_team_ids
    return any(i.team_id in led for i in cadre_inspections(consultation.cadre))


def consultation_read(*, actor: User, consultation: Consultation) -> Any:
    """What the department gets: the material the rulebook allows (see selectors.consultation_material). Each read is
    a `results.consulted` event (step “read”) naming what was shown."""
    with transaction.atomic():
        consultation = Consultation.objects.select_related("cadre", "jurisdiction").get(pk=consultation.pk)
        article = consultation.jurisdiction.rulebook.procedure.results_use_article
        if not may_read_material(actor, consultation):
            raise PermissionDeniedError(
                f"只有提出人和办公室可以查阅{consultation}的材料（{article}）。", article=article
            )
        material = consultation_material(consultation)
        event_record(
            actor=actor,
            action=RESULTS_CONSULTED,
            obj=consultation,
            jurisdiction=consultation.jurisdiction,
            after={
                "step": "read",
                "inspections": [e.inspection.pk for e in material.inspections],
                "findings": [f.pk for f in material.findings],
            },
            article=article,
        )
    return material


def consultation_answer(
    *, actor: User, consultation: Consultation, opinion: str, answered_on: datetime.date | None = None
) -> Consultation:
    """The office, or the leader of a team concerned, records the opinion given to the department."""
    with transaction.atomic():
        consultation = lock_row(consultation, "cadre", "jurisdiction")
        book = consultation.jurisdiction.rulebook
        article = book.procedure.results_use_article
        if not may_answer(actor, consultation):
            raise PermissionDeniedError(
                f"只有{book.body('office').name}或{book.word}过该干部任职单位的{book.word}组组长可以答复（{article}）。",
                article=article,
            )
        if consultation.answered_on is not None:
            raise ServiceError(f"{consultation}已于 {consultation.answered_on} 答复", field="opinion", article=article)
        answered_on = answered_on or timezone.localdate()
        check_past_date(answered_on, field="answered_on", label="答复日期", not_before=consultation.asked_on)
        consultation.opinion = _text(opinion, field="opinion", label=f"{book.word}意见", article=article)
        consultation.answered_on, consultation.answered_by = answered_on, actor
        full_clean_or_raise(consultation)
        consultation.save(update_fields=["opinion", "answered_on", "answered_by"])
        event_record(
            actor=actor,
            action=RESULTS_CONSULTATION_ANSWERED,
            obj=consultation,
            jurisdiction=consultation.jurisdiction,
            after={"answered_on": answered_on},
            article=article,
            occurred_on=answered_on,
        )
    return consultation
