"""Writes on evaluations. The team of the inspection builds the form, issues the slips, enters paper slips and closes
it; a participant submits a ballot with a slip's code (`ballot_submit`, public: no actor, no event).

Authority is checked first (members of the inspection's team), then the stage: a form is built while the inspection
is being prepared or on site; it is opened, its slips issued and answered online while the team is on site (the
method is one of fieldwork: JDZ-2017 第十九条, NMG-2016 第二十条); paper slips may still be entered after fieldwork
has ended, until the team closes the evaluation. The minimum group size is the office's setting
(`XUNCHA_EVALUATION_MIN_GROUP`): the texts fix none."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.anonymity import codes, ratelimit
from xuncha.core.errors import PermissionDeniedError, ServiceError, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.core.visibility import viewer_for
from xuncha.inspections.locking import lock_inspection
from xuncha.inspections.models import Inspection

from . import actions
from .models import Ballot, Evaluation, ParticipantGroup, SlipCode

if TYPE_CHECKING:
    from xuncha.accounts.models import User

BUILD_STAGES = (Inspection.Status.PREPARING, Inspection.Status.ON_SITE)
OPEN_STAGES = (Inspection.Status.ON_SITE,)
PAPER_STAGES = (Inspection.Status.ON_SITE, Inspection.Status.REPORTING)
MAX_PERSONS = 60
CODE_WINDOW = 15 * 60  # seconds: wrong codes per visitor (XUNCHA_PUBLIC_CODE_TRIES)
CHANNEL_WINDOW = 60 * 60  # wrong codes per evaluation (XUNCHA_PUBLIC_CODE_TRIES_PER_CHANNEL)
REFUSED_CODE = "测评码无效或已使用。请核对测评码；每个测评码只能提交一次。"
_random = secrets.SystemRandom()


def setting_note(n: int) -> str:
    return f"人数少于{n}人无法保证匿名（办公室的设定，非条文规定）"


# -- guards ---------------------------------------------------------------------------------------------------------
def _article(inspection: Inspection, evaluation: Evaluation | None = None) -> str:
    if evaluation is not None:
        return evaluation.article
    book = inspection.jurisdiction.rulebook
    method = next((m for m in book.working_methods if m.code == "democratic_evaluation"), None)
    return method.article if method else ""


def _require_team(
    actor: User | None, inspection: Inspection, *, what: str, evaluation: Evaluation | None = None
) -> None:
    if actor is not None and inspection.team_id in viewer_for(actor).team_ids:
        return
    word = inspection.jurisdiction.rulebook.word
    article = _article(inspection, evaluation)
    raise PermissionDeniedError(f"只有本{word}组（{inspection.team}）成员可以{what}（{article}）。", article=article)


def _require_stage(inspection: Inspection, stages: tuple[str, ...], *, what: str, article: str) -> None:
    if inspection.status in stages:
        return
    names = "、".join(str(Inspection.Status(s).label) for s in stages)
    raise ServiceError(
        f"{inspection}处于“{inspection.get_status_display()}”阶段；只有在“{names}”阶段可以{what}（{article}）。",
        field="status",
        article=article,
        code="wrong_stage",
    )


def _require_status(evaluation: Evaluation, status: str, *, what: str) -> None:
    if evaluation.status == status:
        return
    raise ServiceError(
        f"“{evaluation}”{evaluation.get_status_display()}，只有“{Evaluation.Status(status).label}”时可以{what}。",
        field="status",
        code="wrong_status",
    )


def _lock(evaluation: Evaluation) -> tuple[Evaluation, Inspection]:
    inspection = lock_inspection(evaluation.inspection)
    fresh = lock_row(evaluation)
    fresh.inspection = inspection
    return fresh, inspection


def _record(actor: User | None, action: Any, evaluation: Evaluation, after: dict[str, Any]) -> None:
    inspection = evaluation.inspection
    event_record(
        actor=actor,
        action=action,
        obj=evaluation,
        after=after,
        article=evaluation.article,
        inspection=inspection,
        jurisdiction=inspection.jurisdiction,
        occurred_on=timezone.localdate(),
    )


# -- building the form ----------------------------------------------------------------------------------------------
def evaluation_create(
    *, actor: User, inspection: Inspection, template: str, title: str = "", min_group: int | None = None
) -> Evaluation:
    """A new evaluation from a rulebook template, its items and options copied (a snapshot)."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        _require_team(actor, inspection, what="组织民主测评和问卷调查")
        article = _article(inspection)
        _require_stage(inspection, BUILD_STAGES, what="组织民主测评和问卷调查", article=article)
        book = inspection.jurisdiction.rulebook
        form = book.evaluation_template(template)
        if form is None:
            names = "、".join(t.name for t in book.evaluation_templates) or "无"
            raise ServiceError(f"《{book.short_title}》规则文件中没有表式“{template}”；可选：{names}", field="template")
        floor = int(settings.XUNCHA_EVALUATION_MIN_GROUP)
        wanted = floor if min_group is None else int(min_group)
        if wanted < floor:
            raise ServiceError(
                f"最少人数不能低于办公室的设定{floor}人（系统设置，非条文规定），可以提高，不能降低。",
                field="min_group",
            )
        subjects: list[dict[str, str]] = []
        if form.subjects == "team":
            subjects = [{"code": "team", "name": f"{inspection.target}领导班子", "post": ""}]
        elif form.subjects == "unit":
            subjects = [{"code": "unit", "name": str(inspection.target), "post": ""}]
        evaluation = Evaluation(
            inspection=inspection,
            template=form.code,
            kind=form.kind,
            subject_kind=form.subjects,
            title=(title or "").strip() or f"{inspection.target}{form.name}",
            article=form.article,
            items=[{"code": i.code, "text": i.text} for i in form.items],
            options=[{"code": o.code, "label": o.label, "positive": o.positive} for o in form.options],
            rate_label=form.rate_label,
            subjects=subjects,
            token=codes.new_token(),
            min_group=wanted,
            created_on=timezone.localdate(),
        )
        full_clean_or_raise(evaluation)
        evaluation.save()
        _record(actor, actions.EVALUATION_CREATED, evaluation, {"template": form.code, "min_group": wanted})
        return evaluation


def evaluation_subjects_set(*, actor: User, evaluation: Evaluation, persons: list[tuple[str, str]]) -> Evaluation:
    """The leaders a `persons` form asks about: name and post, as the team enters them (the team's list)."""
    with transaction.atomic():
        evaluation, inspection = _lock(evaluation)
        _require_team(actor, inspection, what="确定测评对象", evaluation=evaluation)
        _require_status(evaluation, Evaluation.Status.DRAFT, what="确定测评对象")
        if evaluation.subject_kind != "persons":
            raise ServiceError("本表式的测评对象是领导班子或单位，不逐人列出。", field="persons")
        cleaned = [((n or "").strip()[:40], (p or "").strip()[:60]) for n, p in persons if (n or "").strip()]
        if not cleaned or len(cleaned) > MAX_PERSONS:
            raise ServiceError(f"请列出1至{MAX_PERSONS}名测评对象（姓名、职务）。", field="persons")
        if len({n for n, _ in cleaned}) != len(cleaned):
            raise ServiceError("测评对象姓名重复；同名时请在姓名后加以区分。", field="persons")
        evaluation.subjects = [{"code": f"p{i}", "name": n, "post": p} for i, (n, p) in enumerate(cleaned, 1)]
        evaluation.save(update_fields=["subjects"])
        _record(actor, actions.EVALUATION_SUBJECTS_SET, evaluation, {"persons": len(cleaned)})
        return evaluation


def group_add(*, actor: User, evaluation: Evaluation, name: str, size: int) -> ParticipantGroup:
    with transaction.atomic():
        evaluation, inspection = _lock(evaluation)
        _require_team(actor, inspection, what="确定参评人员", evaluation=evaluation)
        _require_status(evaluation, Evaluation.Status.DRAFT, what="添加参评人员类别")
        if int(size) < evaluation.min_group:
            raise ServiceError(f"{setting_note(evaluation.min_group)}。", field="size")
        group = ParticipantGroup(evaluation=evaluation, name=(name or "").strip(), size=int(size))
        full_clean_or_raise(group)
        group.save()
        _record(actor, actions.EVALUATION_GROUP_ADDED, evaluation, {"group": group.name, "size": group.size})
        return group


def group_remove(*, actor: User, group: ParticipantGroup) -> None:
    with transaction.atomic():
        evaluation, inspection = _lock(group.evaluation)
        _require_team(actor, inspection, what="确定参评人员", evaluation=evaluation)
        _require_status(evaluation, Evaluation.Status.DRAFT, what="删除参评人员类别")
        name = group.name
        ParticipantGroup.objects.filter(pk=group.pk).delete()
        _record(actor, actions.EVALUATION_GROUP_REMOVED, evaluation, {"group": name})


def evaluation_open(*, actor: User, evaluation: Evaluation) -> Evaluation:
    with transaction.atomic():
        evaluation, inspection = _lock(evaluation)
        _require_team(actor, inspection, what="开始测评", evaluation=evaluation)
        _require_stage(inspection, OPEN_STAGES, what="开始测评", article=evaluation.article)
        _require_status(evaluation, Evaluation.Status.DRAFT, what="开始测评")
        if not evaluation.groups.exists():
            raise ServiceError("请先添加参评人员类别及人数。", field="groups")
        if not evaluation.subjects:
            raise ServiceError("请先列出测评对象（姓名、职务）。", field="persons")
        Evaluation.flow.move(evaluation, Evaluation.Status.OPEN, article=evaluation.article)
        evaluation.opened_on = timezone.localdate()
        evaluation.save(update_fields=["status", "opened_on"])
        _record(actor, actions.EVALUATION_OPENED, evaluation, {"groups": evaluation.groups.count()})
        _queue_changed()
        transaction.on_commit(_queue_changed)
        return evaluation


# -- slips ----------------------------------------------------------------------------------------------------------
def slips_issue(*, actor: User, group: ParticipantGroup, count: int) -> list[str]:
    """`count` new one-time codes for `group`, returned ONCE (the caller prints them); only their hashes are kept."""
    with transaction.atomic():
        evaluation, inspection = _lock(group.evaluation)
        _require_team(actor, inspection, what="印制测评码", evaluation=evaluation)
        _require_stage(inspection, OPEN_STAGES, what="印制测评码", article=evaluation.article)
        _require_status(evaluation, Evaluation.Status.OPEN, what="印制测评码")
        group = ParticipantGroup.objects.get(pk=group.pk)
        left = group.size - SlipCode.objects.filter(group=group).count()
        if int(count) < 1 or int(count) > left:
            raise ServiceError(
                f"“{group.name}”还可印制{left}张测评码（人数{group.size}人减去已印制的）。", field="count"
            )
        issued: list[str] = []
        rows: list[SlipCode] = []
        while len(issued) < int(count):
            code = codes.new_slip_code()
            if code in issued:
                continue
            issued.append(code)
            rows.append(
                SlipCode(evaluation=evaluation, group=group, hash=codes.slip_hash(code, scope=evaluation.token))
            )
        _random.shuffle(rows)
        SlipCode.objects.bulk_create(rows)
        _record(actor, actions.EVALUATION_SLIPS_ISSUED, evaluation, {"group": group.name, "count": len(rows)})
        return issued


def slips_void(*, actor: User, group: ParticipantGroup) -> int:
    """Void the unspent slips of a group (lost, or printed twice); the group may then be issued slips again."""
    with transaction.atomic():
        evaluation, inspection = _lock(group.evaluation)
        _require_team(actor, inspection, what="作废测评码", evaluation=evaluation)
        _require_status(evaluation, Evaluation.Status.OPEN, what="作废测评码")
        n, _ = SlipCode.objects.filter(group_id=group.pk, spent=False).delete()
        _record(actor, actions.EVALUATION_SLIPS_VOIDED, evaluation, {"group": group.name, "count": n})
        return n


# -- answers --------------------------------------------------------------------------------------------------------
def clean_answers(evaluation: Evaluation, answers: Any) -> dict[str, dict[str, str]]:
    """{subject: {item: option}} with only the form's codes; an item left blank is simply absent."""
    if not isinstance(answers, dict):
        raise ServiceError("答卷格式不正确。", field="answers")
    subjects = {s["code"] for s in evaluation.subjects}
    items = {i["code"] for i in evaluation.items}
    options = {o["code"] for o in evaluation.options}
    out: dict[str, dict[str, str]] = {}
    for subject, row in answers.items():
        if subject not in subjects or not isinstance(row, dict):
            raise ServiceError("答卷中有本表没有的测评对象。", field="answers")
        for item, option in row.items():
            if option in ("", None):
                continue
            if item not in items or option not in options:
                raise ServiceError("答卷中有本表没有的项目或等次。", field="answers")
            out.setdefault(subject, {})[item] = option
    if not out:
        raise ServiceError("请至少对一个项目作出选择。", field="answers")
    return out


def _place(ballot: Ballot) -> None:
    """Store `ballot` so that its row tells nothing of when it came (inside-out Fisher–Yates): its content (group,
    day, answers) is swapped with that of a uniformly chosen ballot of the same evaluation, itself included. On
    PostgreSQL an UPDATE writes a new row version at the end of the table, so there every ballot of the evaluation
    is rewritten in a fresh random order instead (a few hundred rows at most)."""
    others = list(Ballot.objects.filter(evaluation_id=ballot.evaluation_id).exclude(pk=ballot.pk).order_by("pk"))
    if connection.vendor == "postgresql" and others:
        rows = [*others, ballot]
        contents = [(b.group_id, b.answered_on, b.answers) for b in rows]
        _random.shuffle(contents)
        _random.shuffle(rows)
        for row, (group_id, day, answers) in zip(rows, contents, strict=True):
            row.group_id, row.answered_on, row.answers = group_id, day, answers
        Ballot.objects.bulk_update(rows, ["group", "answered_on", "answers"])
        return
    j = _random.randrange(len(others) + 1)
    if j == len(others):
        return
    other = others[j]
    mine = (ballot.group_id, ballot.answered_on, ballot.answers)
    ballot.group_id, ballot.answered_on, ballot.answers = other.group_id, other.answered_on, other.answers
    other.group_id, other.answered_on, other.answers = mine
    Ballot.objects.bulk_update([ballot, other], ["group", "answered_on", "answers"])


def _spend(evaluation: Evaluation, code: str, answers: Any) -> None:
    """Spend `code` and store the answers, unlinked from it. The caller holds the evaluation's lock."""
    cleaned = clean_answers(evaluation, answers)
    digest = codes.slip_hash(code, scope=evaluation.token)
    slip = SlipCode.objects.select_for_update().filter(evaluation=evaluation, hash=digest, spent=False).first()
    if slip is None:
        raise ServiceError(REFUSED_CODE, field="code", code="bad_code")
    SlipCode.objects.filter(pk=slip.pk).update(spent=True)
    ballot = Ballot.objects.create(
        evaluation=evaluation, group_id=slip.group_id, answered_on=timezone.localdate(), answers=cleaned
    )
    _place(ballot)


def code_check(*, evaluation: Evaluation, code: str, client: str) -> None:
    """Whether `code` may answer `evaluation` now (the public page's first step); same limits as `ballot_submit`."""
    _limits(evaluation, client)
    ok = SlipCode.objects.filter(
        evaluation=evaluation, hash=codes.slip_hash(code, scope=evaluation.token), spent=False
    ).exists()
    if not ok or evaluation.status != Evaluation.Status.OPEN:
        _missed(evaluation, client)
        raise ServiceError(REFUSED_CODE, field="code", code="bad_code")


def _limits(evaluation: Evaluation, client: str) -> None:
    ratelimit.check(
        "evaluation-code", client, limit=settings.XUNCHA_PUBLIC_CODE_TRIES, window=CODE_WINDOW, what="测评码输入错误"
    )
    ratelimit.check(
        "evaluation-channel",
        evaluation.token,
        limit=settings.XUNCHA_PUBLIC_CODE_TRIES_PER_CHANNEL,
        window=CHANNEL_WINDOW,
        what="本测评的测评码输入错误",
    )


def _missed(evaluation: Evaluation, client: str) -> None:
    ratelimit.hit("evaluation-code", client, window=CODE_WINDOW)
    ratelimit.hit("evaluation-channel", evaluation.token, window=CHANNEL_WINDOW)


def ballot_submit(*, evaluation: Evaluation, code: str, answers: Any, client: str) -> None:
    """A participant's answers, with a slip's code (public). A spent or unknown code is refused with one message.
    No event is recorded: an event carries the precise time and would date each ballot (docs/evaluations.md)."""
    _limits(evaluation, client)
    with transaction.atomic():
        evaluation = lock_row(evaluation, "inspection__jurisdiction")
        if evaluation.status != Evaluation.Status.OPEN or evaluation.inspection.status not in OPEN_STAGES:
            raise ServiceError("本次测评未在进行中，不能提交。", field="status", code="not_open")
        try:
            _spend(evaluation, code, answers)
        except ServiceError as exc:
            if exc.code == "bad_code":
                _missed(evaluation, client)
            raise


def paper_ballot_enter(*, actor: User, evaluation: Evaluation, code: str, answers: Any) -> None:
    """A paper slip entered by the team: its code is spent as online, so a slip counts once either way. The event
    records only the running count."""
    with transaction.atomic():
        evaluation, inspection = _lock(evaluation)
        _require_team(actor, inspection, what="录入纸质测评表", evaluation=evaluation)
        _require_stage(inspection, PAPER_STAGES, what="录入纸质测评表", article=evaluation.article)
        _require_status(evaluation, Evaluation.Status.OPEN, what="录入纸质测评表")
        _spend(evaluation, code, answers)
        _record(actor, actions.EVALUATION_PAPER_ENTERED, evaluation, {"count": 1})


def evaluation_close(*, actor: User, evaluation: Evaluation) -> Evaluation:
    with transaction.atomic():
        evaluation, inspection = _lock(evaluation)
        _require_team(actor, inspection, what="结束测评", evaluation=evaluation)
        _require_status(evaluation, Evaluation.Status.OPEN, what="结束测评")
        Evaluation.flow.move(evaluation, Evaluation.Status.CLOSED, article=evaluation.article)
        evaluation.closed_on = timezone.localdate()
        evaluation.save(update_fields=["status", "closed_on"])
        slips = SlipCode.objects.filter(evaluation=evaluation)
        totals = {"issued": slips.count(), "ballots": evaluation.ballots.count(), "invited": _invited(evaluation)}
        _record(actor, actions.EVALUATION_CLOSED, evaluation, totals)
        _queue_changed()
        transaction.on_commit(_queue_changed)
        return evaluation


def _queue_changed() -> None:
    cache.delete("xuncha:evaluations:open-teams")  # queue.OPEN_TEAMS


def _invited(evaluation: Evaluation) -> int:
    return sum(evaluation.groups.values_list("size", flat=True))
