"""The team's work on the public's reports: read one (a secret read), ask the reporter a question, take the reports
of earlier days into the petition register (登记网上来信)."""

from __future__ import annotations

import datetime
import secrets
import uuid
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from xuncha.audit.secrecy import secret_read
from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, full_clean_or_raise
from xuncha.fieldwork import rules
from xuncha.fieldwork.services import petition_register_online
from xuncha.fieldwork.services.guards import _require_entered, _require_recorder
from xuncha.inspections.locking import lock_inspection
from xuncha.inspections.models import Inspection

from ..actions import QUESTION_ASKED
from ..models import PublicAttachment, PublicMessage, PublicReport
from ..queue import work_changed
from .public import MAX_REPLY

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _uuid(pk: Any) -> Any:
    try:
        return uuid.UUID(str(pk))
    except ValueError:
        raise PermissionDeniedError("网上来信不存在或您无权查阅。") from None


def _refusal(word: str) -> str:
    return f"网上来信及反映人信息属{word}工作秘密，只有本{word}组和{word}办负责人可以查阅（泄露工作秘密的追究责任）。"


def public_report_read(*, actor: User, pk: Any) -> PublicReport:
    """Open one report with its reporter, content and thread: the inspection's team and the office head, the read
    a `secret.read` event."""
    pk = _uuid(pk)
    word = "巡察（巡视）"
    head = PublicReport.objects.select_related("inspection__jurisdiction").filter(pk=pk).first()
    if head is not None:
        word = head.inspection.jurisdiction.word
    report: PublicReport = secret_read(
        actor=actor,
        queryset=PublicReport.objects.select_related(
            "inspection__jurisdiction", "inspection__team", "inspection__target", "channel", "petition"
        ),
        pk=pk,
        refusal=_refusal(word),
    )
    return report


def public_attachment_open(*, actor: User, pk: Any) -> PublicAttachment:
    """A report's file, for download: a secret read like the report."""
    attachment: PublicAttachment = secret_read(
        actor=actor,
        queryset=PublicAttachment.objects.select_related("report__inspection__jurisdiction"),
        pk=_uuid(pk),
        refusal="网上来信的附件属工作秘密，您无权查阅。",
        obj_inspection="report.inspection",
    )
    return attachment


def public_question_ask(*, actor: User, report: PublicReport, body: str) -> PublicMessage:
    """The team asks the reporter, who reads it on coming back with the receipt code. An event with the team's time
    (the team's act), never the text."""
    with transaction.atomic():
        inspection = lock_inspection(report.inspection)
        report = PublicReport.objects.select_for_update().get(pk=report.pk)
        _require_recorder(actor, inspection, what="向网上反映人提问", secret=True)
        _require_entered(inspection, what="向网上反映人提问")
        body = (body or "").strip()
        if not body:
            raise ServiceError("请填写提问内容", field="body")
        if len(body) > MAX_REPLY:
            raise ServiceError(f"提问不能超过{MAX_REPLY}字（系统设置，非条文规定）", field="body")
        last: Any = PublicMessage.objects.filter(report=report).order_by("-position").first()
        message = PublicMessage(
            report=report,
            position=(last.position if last else 0) + 1,
            from_team=True,
            body=body,
            on=timezone.localdate(),
            author=actor,
        )
        full_clean_or_raise(message)
        message.save()
        event_record(
            actor=actor,
            action=QUESTION_ASKED,
            obj=report,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"position": message.position},
            article=rules.method(inspection.jurisdiction.rulebook, "petition").article,
        )
        transaction.on_commit(work_changed)
    return message


def waiting_for_intake(inspection: Inspection, *, today: datetime.date | None = None) -> Any:
    """Reports of days before today not yet in the register. Today's wait: taking a report in on its own day would
    put it alone in a batch, and its number's place among the day's petitions would tell when it came."""
    today = today or timezone.localdate()
    return PublicReport.objects.filter(inspection=inspection, petition__isnull=True, submitted_on__lt=today)


def _intake(actor: User | None, inspection: Inspection) -> list[Any]:
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        if actor is not None:
            _require_recorder(actor, inspection, what="登记网上来信", secret=True)
        _require_entered(inspection, what="登记网上来信")
        batch = list(waiting_for_intake(inspection).select_for_update())
        # Random order within the batch, then by day: the register's numbers follow the days of receipt but not the
        # order in which the reports of one day came in (nor the random ids).
        secrets.SystemRandom().shuffle(batch)
        batch.sort(key=lambda r: r.submitted_on)
        petitions = []
        for report in batch:
            petition = petition_register_online(
                actor=actor,
                inspection=inspection,
                received_on=report.submitted_on,
                about=report.about,
                classification=report.classification,
                content=report.content,
                petitioner_name=report.name,
                petitioner_contact=report.phone,
            )
            report.petition = petition
            report.content = report.about = report.classification = report.name = report.phone = ""
            report.save(update_fields=["petition", "content", "about", "classification", "name", "phone"])
            petitions.append(petition)
        transaction.on_commit(work_changed)
    return petitions


def public_reports_intake(*, actor: User, inspection: Inspection) -> list[Any]:
    """登记网上来信: the reports of earlier days become petitions (网上来信) of the register, each with its number and
    a `petition.registered` event on its day of receipt. The team; also after fieldwork has ended, for reports
    received while the page was open."""
    return _intake(actor, inspection)


def public_intake_all() -> int:
    """The scheduled intake of every inspection (`manage.py public_intake`, by the server: no person acts)."""
    ids = (
        PublicReport.objects.filter(petition__isnull=True, submitted_on__lt=timezone.localdate())
        .values_list("inspection_id", flat=True)
        .distinct()
    )
    count = 0
    for inspection in Inspection.objects.filter(pk__in=list(ids)).order_by("pk"):
        count += len(_intake(None, inspection))
    return count
