"""Writes on petitions (来信、来电、来访), which are secret: registering, reading, handling."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.errors import ServiceError, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.inspections.locking import lock_inspection
from xuncha.inspections.models import Inspection

from .. import rules
from ..actions import (
    PETITION_HANDLED,
    PETITION_REGISTERED,
)
from ..models import Petition
from ..secrecy import secret_read
from .guards import _check_day, _require_entered, _require_on_site, _require_recorder

if TYPE_CHECKING:
    from xuncha.accounts.models import User


# -- petitions (secret) ---------------------------------------------------------------------------------------------
def petition_register(
    *,
    actor: User,
    inspection: Inspection,
    channel: str,
    received_on: datetime.date,
    about: str,
    classification: str,
    content: str,
    petitioner_name: str = "",
    petitioner_contact: str = "",
    about_cadre: Any = None,
    handling: str = Petition.Handling.PENDING,
) -> Petition:
    """Register a letter, call or visit under the next number of this inspection's register. No name means an
    anonymous petition. Only the team registers: the petitioner and the content are secret."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        wm = rules.method(book, "petition")
        _require_recorder(actor, inspection, what="登记来信、来电、来访", secret=True)
        _require_on_site(inspection, what="受理来信、来电、来访")
        _check_day(received_on, inspection=inspection, field="received_on", label="受理日期")
        if channel == Petition.Channel.ONLINE:
            raise ServiceError("网上来信由群众在反映页面提交后登记入册（登记网上来信），不能手工登记", field="channel")
        category = _category(book, classification, wm.article)
        if about_cadre is not None and about_cadre.jurisdiction_id != inspection.jurisdiction_id:
            raise ServiceError("被反映干部不属于本党委的干部登记", field="about_cadre")
        name = petitioner_name.strip()
        petition = Petition(
            inspection=inspection,
            number=_next_number(inspection),
            channel=channel,
            received_on=received_on,
            anonymous=not name,
            petitioner_name=name,
            petitioner_contact=petitioner_contact.strip(),
            about=about.strip() or (about_cadre.name if about_cadre is not None else ""),
            about_cadre=about_cadre,
            classification=category.code if category else "",
            content=content.strip(),
            handling=handling,
            recorded_by=actor,
        )
        _file(petition, actor=actor, inspection=inspection, article=wm.article)
    return petition


def _next_number(inspection: Inspection) -> int:
    """The register's next number (the caller holds the inspection's lock)."""
    last = Petition.objects.filter(inspection=inspection).order_by("-number").values_list("number", flat=True)
    return (last.first() or 0) + 1


def _file(petition: Petition, *, actor: User | None, inspection: Inspection, article: str) -> None:
    """Save a registered petition with its event, which says that a petition was registered under which number —
    never who or what."""
    full_clean_or_raise(petition)
    petition.save()
    event_record(
        actor=actor,
        action=PETITION_REGISTERED,
        obj=petition,
        inspection=inspection,
        jurisdiction=inspection.jurisdiction,
        after={"number": petition.number, "channel": petition.channel, "classification": petition.classification},
        article=article,
        occurred_on=petition.received_on,
    )


def _category(book: Any, classification: str, fallback_article: str) -> Any:
    """The rulebook's problem category `classification`, None when left empty (the petition stays 未分类:
    never a category the registrar did not choose), refused when unknown."""
    category = next((c for c in book.problem_categories if c.code == classification), None)
    if category is None and classification:
        article = book.problem_categories[0].article if book.problem_categories else fallback_article
        known = "、".join(c.name for c in book.problem_categories)
        raise ServiceError(
            f"问题类别“{classification}”不在《{book.short_title}》{article}所列之内；可选：{known}",
            field="classification",
            article=article,
        )
    return category


def petition_register_online(
    *,
    actor: User | None,
    inspection: Inspection,
    received_on: datetime.date,
    about: str,
    classification: str,
    content: str,
    petitioner_name: str = "",
    petitioner_contact: str = "",
) -> Petition:
    """Register a 网上来信 (a report from the public's page, `xuncha.reporting`) under the next number of the register,
    received on the day it was submitted. `actor` is the team member who takes the reports in, or None for the
    system's scheduled intake (`manage.py public_intake`, run by the server, not by a person). Also after fieldwork
    has ended: the report was received while the page was open. The caller holds the inspection's lock."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        wm = rules.method(book, "petition")
        if actor is not None:
            _require_recorder(actor, inspection, what="登记网上来信", secret=True)
        _require_entered(inspection, what="登记网上来信")
        _check_day(received_on, inspection=inspection, field="received_on", label="受理日期")
        category = _category(book, classification, wm.article)
        name = petitioner_name.strip()
        petition = Petition(
            inspection=inspection,
            number=_next_number(inspection),
            channel=Petition.Channel.ONLINE,
            received_on=received_on,
            anonymous=not name,
            petitioner_name=name,
            petitioner_contact=petitioner_contact.strip(),
            about=about.strip() or "（反映人未填写）",
            classification=category.code if category else "",
            content=content.strip(),
            recorded_by=actor,
        )
        _file(petition, actor=actor, inspection=inspection, article=wm.article)
    return petition


def petition_read(*, actor: User | None, pk: int) -> Petition:
    """Open a petition with the petitioner's identity and content: only the inspection's team and the office head,
    and the read itself is a `secret.read` event."""
    petition: Petition = secret_read(
        actor=actor,
        queryset=Petition.objects.select_related("inspection__jurisdiction", "about_cadre", "recorded_by"),
        pk=pk,
        refusal="来信、来电、来访及反映人信息属巡察（巡视）工作秘密，您无权查阅（泄露工作秘密的追究责任）。",
        obj_inspection="inspection",
    )
    return petition


def petition_handle(*, actor: User, petition: Petition, handling: str) -> Petition:
    with transaction.atomic():
        inspection = lock_inspection(petition.inspection)
        petition = lock_row(petition)
        _require_recorder(actor, inspection, what="处理来信、来电、来访", secret=True)
        _require_entered(inspection, what="处理来信、来电、来访")
        if handling not in Petition.Handling.values:
            raise ServiceError(f"处理方式应为：{'、'.join(Petition.Handling.labels)}", field="handling")
        before = petition.handling
        if before == handling:
            return petition
        petition.handling = handling
        petition.save(update_fields=["handling"])
        event_record(
            actor=actor,
            action=PETITION_HANDLED,
            obj=petition,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before={"handling": before},
            after={"handling": handling},
            article=rules.method(inspection.jurisdiction.rulebook, "petition").article,
        )
    return petition
