"""The clue register: registering a matter with its sources and the cadres concerned, adding a source when the same
matter is reported again, merging a duplicate, and the secret read of a clue's content.

The team that inspects registers (JDZ-2017 第二十七条, NMG-2016 第二十五条: the team looks into the important problems
and clues it learns); so may the office head. A source is linked, never copied: the petition or talk keeps the
informant behind its own door (`models` docstring)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max

from xuncha.audit.secrecy import secret_read
from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.core.visibility import viewer_for
from xuncha.inspections.locking import lock_inspection, lock_under_inspection
from xuncha.inspections.models import Inspection

from .. import rules
from ..actions import (
    CLUE_MERGED,
    CLUE_REGISTERED,
    CLUE_SOURCE_ADDED,
    CLUE_SUBJECT_ADDED,
    CLUE_SUBJECT_REMOVED,
    CLUE_UPDATED,
)
from ..models import Clue, ClueSource, ClueSubject
from ..visibility import content_readers_q
from .transfer_guards import team_word

if TYPE_CHECKING:
    from xuncha.accounts.models import User
    from xuncha.registry.models import Cadre, Post

OPEN_STAGES = (
    Inspection.Status.PREPARING,
    Inspection.Status.ON_SITE,
    Inspection.Status.REPORTING,
    Inspection.Status.RECTIFYING,
)


def _require_registrar(actor: User, inspection: Inspection, *, what: str) -> None:
    """The inspecting team's members, or the office head of the jurisdiction."""
    viewer = viewer_for(actor)
    if inspection.team_id in viewer.team_ids or viewer.has_role(inspection.jurisdiction_id, "office_head"):
        return
    office = inspection.jurisdiction.rulebook.body("office").name
    raise PermissionDeniedError(f"只有本{team_word(inspection)}成员或{office}负责人可以{what}。")


def _require_open(inspection: Inspection, *, what: str) -> None:
    if inspection.status not in OPEN_STAGES:
        raise ServiceError(
            f"{inspection}处于“{inspection.get_status_display()}”阶段，不能{what}"
            f"（问题线索在准备、进驻了解、报告和反馈整改阶段登记）",
            field="inspection",
        )


def _check_category(inspection: Inspection, category: str) -> None:
    book = inspection.jurisdiction.rulebook
    codes = [c.code for c in rules.categories(book)]
    if category and category not in codes:
        names = "、".join(f"{c.name}（{c.article}）" for c in rules.categories(book))
        raise ServiceError(
            f"问题类别“{category}”不在{book.short_title}所列类别中；可选：{names}；或留空（未分类）", field="category"
        )


def _check_subject(inspection: Inspection, cadre: Cadre, post: Post | None) -> None:
    if cadre.jurisdiction_id != inspection.jurisdiction_id:
        raise ServiceError(f"反映对象{cadre}不是{inspection.jurisdiction}的干部", field="subjects")
    if post is not None and post.cadre_id != cadre.pk:
        raise ServiceError(f"职务“{post.title}”不是{cadre}的任职", field="subjects")


def _check_source(inspection: Inspection, kind: str, record: Any) -> None:
    if kind not in ClueSource.Kind.values:
        raise ServiceError(f"线索来源应为：{'、'.join(ClueSource.Kind.labels)}", field="sources")
    if record is None or getattr(record, "pk", None) is None:
        raise ServiceError(f"请选择{ClueSource.Kind(kind).label}的记录", field="sources")
    if getattr(record, "inspection_id", None) != inspection.pk:
        raise ServiceError(
            f"{ClueSource.Kind(kind).label}“{record}”不属于{inspection}：线索来源须是本次任务的记录", field="sources"
        )


def _add_source(clue: Clue, kind: str, record: Any, added_on: datetime.date, actor: User) -> ClueSource:
    source = ClueSource(clue=clue, kind=kind, added_on=added_on, added_by=actor, **{ClueSource.LINKS[kind]: record})
    full_clean_or_raise(source)
    source.save()
    in_team = clue.inspection.team_id in viewer_for(actor).team_ids  # the petition's handling is the team's to set
    if kind == ClueSource.Kind.PETITION and record.handling == record.Handling.PENDING and in_team:
        from xuncha.fieldwork.services import petition_handle

        petition_handle(actor=actor, petition=record, handling=record.Handling.CLUE)
    return source


def _add_subject(clue: Clue, cadre: Cadre, post: Post | None) -> ClueSubject:
    if clue.subjects.filter(cadre=cadre).exists():
        raise ServiceError(f"{cadre}已是{clue}的反映对象", field="cadre")
    subject = ClueSubject(clue=clue, cadre=cadre, post=post)
    full_clean_or_raise(subject)
    subject.save()
    return subject


def clue_register(
    *,
    actor: User,
    inspection: Inspection,
    registered_on: datetime.date,
    content: str,
    category: str = "",
    evidence: str = "",
    subjects: Iterable[tuple[Cadre, Post | None]] = (),
    sources: Iterable[tuple[str, Any]] = (),
) -> Clue:
    """Register one matter under the next number of the inspection's register."""
    subjects, sources = list(subjects), list(sources)
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        _require_registrar(actor, inspection, what="登记问题线索")
        _require_open(inspection, what="登记问题线索")
        check_past_date(registered_on, field="registered_on", label="登记日期")
        if not content.strip():
            raise ServiceError("请写明反映的问题", field="content")
        _check_category(inspection, category)
        for cadre, post in subjects:
            _check_subject(inspection, cadre, post)
        for kind, record in sources:
            _check_source(inspection, kind, record)
        top = Clue.objects.filter(inspection=inspection).aggregate(m=Max("number"))["m"] or 0
        clue = Clue(
            jurisdiction=inspection.jurisdiction,
            inspection=inspection,
            number=top + 1,
            registered_on=registered_on,
            registered_by=actor,
            category=category,
            content=content.strip(),
            evidence=evidence.strip(),
        )
        full_clean_or_raise(clue)
        clue.save()
        for cadre, post in subjects:
            _add_subject(clue, cadre, post)
        for kind, record in sources:
            _add_source(clue, kind, record, registered_on, actor)
        event_record(
            actor=actor,
            action=CLUE_REGISTERED,
            obj=clue,
            inspection=inspection,
            after={
                "number": clue.number,
                "category": category,
                "subjects": [c.pk for c, _ in subjects],
                "sources": [k for k, _ in sources],
            },
            occurred_on=registered_on,
        )
    return clue


def _lock_clue(clue: Clue, actor: User, *, what: str, registered_only: bool = True) -> tuple[Clue, Inspection]:
    clue, inspection = lock_under_inspection(clue)
    _require_registrar(actor, inspection, what=what)
    if registered_only and clue.status != Clue.Status.REGISTERED:
        raise ServiceError(f"{clue}处于“{clue.get_status_display()}”状态，只有已登记的线索可以{what}", field="status")
    return clue, inspection


def clue_source_add(*, actor: User, clue: Clue, kind: str, record: Any, added_on: datetime.date) -> ClueSource:
    """The same matter reported again (another letter, another talk): one more source of the same clue. Allowed until
    the clue is concluded or merged — a later report still belongs to the matter the receiver handles."""
    with transaction.atomic():
        clue, inspection = _lock_clue(clue, actor, what="增加线索来源", registered_only=False)
        if clue.status in (Clue.Status.CONCLUDED, Clue.Status.MERGED):
            raise ServiceError(f"{clue}已{clue.get_status_display()}，不能再增加来源", field="status")
        check_past_date(added_on, field="added_on", label="登记日期", not_before=clue.registered_on, after="线索登记")
        _check_source(inspection, kind, record)
        if clue.sources.filter(**{ClueSource.LINKS[kind]: record}).exists():
            raise ServiceError(f"“{record}”已是{clue}的来源", field="record")
        source = _add_source(clue, kind, record, added_on, actor)
        event_record(
            actor=actor,
            action=CLUE_SOURCE_ADDED,
            obj=clue,
            inspection=inspection,
            after={"kind": kind},
            occurred_on=added_on,
        )
    return source


def clue_subject_add(*, actor: User, clue: Clue, cadre: Cadre, post: Post | None = None) -> ClueSubject:
    with transaction.atomic():
        clue, inspection = _lock_clue(clue, actor, what="增加反映对象")
        _check_subject(inspection, cadre, post)
        subject = _add_subject(clue, cadre, post)
        event_record(actor=actor, action=CLUE_SUBJECT_ADDED, obj=clue, inspection=inspection, after={"cadre": cadre.pk})
    return subject


def clue_subject_remove(*, actor: User, clue: Clue, subject: ClueSubject) -> Clue:
    with transaction.atomic():
        clue, inspection = _lock_clue(clue, actor, what="删除反映对象")
        if subject.clue_id != clue.pk:
            raise ServiceError(f"该反映对象不属于{clue}", field="subject")
        cadre_id = subject.cadre_id
        subject.delete()
        event_record(
            actor=actor, action=CLUE_SUBJECT_REMOVED, obj=clue, inspection=inspection, before={"cadre": cadre_id}
        )
    return clue


def clue_update(
    *, actor: User, clue: Clue, content: str | None = None, category: str | None = None, evidence: str | None = None
) -> Clue:
    """Correct what the register says while the clue is still the team's (registered)."""
    with transaction.atomic():
        clue, inspection = _lock_clue(clue, actor, what="修改问题线索")
        changed: list[str] = []
        if content is not None:
            if not content.strip():
                raise ServiceError("请写明反映的问题", field="content")
            clue.content, changed = content.strip(), [*changed, "content"]
        if category is not None:
            _check_category(inspection, category)
            before = clue.category
            clue.category, changed = category, [*changed, "category"]
        if evidence is not None:
            clue.evidence, changed = evidence.strip(), [*changed, "evidence"]
        if not changed:
            return clue
        full_clean_or_raise(clue)
        clue.save(update_fields=changed)
        after: dict[str, Any] = {"fields": changed}
        if category is not None:
            after |= {"category": category, "category_before": before}
        event_record(actor=actor, action=CLUE_UPDATED, obj=clue, inspection=inspection, after=after)
    return clue


def clue_merge(*, actor: User, clue: Clue, into: Clue, merged_on: datetime.date) -> Clue:
    """A duplicate registered twice: its sources and subjects move to `into`, and it is counted once (件)."""
    with transaction.atomic():
        if clue.pk == into.pk:
            raise ServiceError("不能把线索并入它自己", field="into")
        clue, inspection = _lock_clue(clue, actor, what="合并重复反映的线索")
        into = lock_row(into)
        if into.inspection_id != inspection.pk:
            raise ServiceError(f"{into}不属于{inspection}：只能合并同一任务的线索", field="into")
        if into.status != Clue.Status.REGISTERED:
            raise ServiceError(f"{into}处于“{into.get_status_display()}”状态，只能并入已登记的线索", field="into")
        check_past_date(merged_on, field="merged_on", label="合并日期", not_before=clue.registered_on, after="线索登记")
        clue.sources.update(clue=into)
        have = set(into.subjects.values_list("cadre_id", flat=True))
        for subject in list(clue.subjects.all()):
            if subject.cadre_id in have:
                subject.delete()
            else:
                subject.clue = into
                subject.save(update_fields=["clue"])
        Clue.flow.move(clue, Clue.Status.MERGED)
        clue.merged_into = into
        full_clean_or_raise(clue)
        clue.save(update_fields=["status", "merged_into"])
        event_record(
            actor=actor,
            action=CLUE_MERGED,
            obj=clue,
            inspection=inspection,
            after={"merged_into": into.pk},
            occurred_on=merged_on,
        )
    return clue


def clue_read(*, actor: User | None, pk: int) -> Clue:
    """Open a clue's content and evidence: the team, the office head, and the receiver once the transfer to it is
    complete. Every read is a `secret.read` event."""
    viewer = viewer_for(actor)
    row = Clue.objects.filter(pk=pk).select_related("jurisdiction").first()
    book = row.jurisdiction.rulebook if row is not None else None
    cite = f"（{book.short_title}{book.clues.informant_article}）" if book else ""
    word = row.jurisdiction.word if row is not None else ""
    clue: Clue = secret_read(
        actor=actor,
        queryset=Clue.objects.filter(content_readers_q(viewer)).select_related("inspection__jurisdiction"),
        pk=pk,
        refusal=f"问题线索的内容属{word}工作秘密，只有本组、办公室负责人和已完成移交的接收单位可以查阅；泄露工作秘密的追究责任{cite}。",
    )
    return clue
