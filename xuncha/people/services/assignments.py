"""Placing inspectors on teams: the recusal and eligibility checks, the preview, the assignment, eligibility
exceptions and recusal waivers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.errors import ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.planning.models import Team, TeamMembership

from ..actions import (
    ASSIGNMENT_CREATED,
    ELIGIBILITY_EXCEPTION_RECORDED,
    RECUSAL_WAIVED,
)
from ..models import (
    Assignment,
    Attestation,
    EligibilityException,
    Inspector,
    LeaderAuthorization,
    RecusalWaiver,
)
from ..recusal import Hit, Warning, hits_as_json
from ..selectors import check_assignment
from ._common import OFFICE, OFFICE_HEAD, TEAM_ROLE, _locked_inspector, _require

if TYPE_CHECKING:
    from xuncha.accounts.models import User


# -- assignments -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AssignmentPreview:
    """What assigning would do, without writing: the recusal hits, the warnings (they do not refuse), which hits
    are waived, and the refusals. The team-formation screen shows it live; `assignment_create` enforces it."""

    hits: list[Hit]
    warnings: list[Warning]
    waivers: dict[tuple[str, str], int]  # (rule, fact) → RecusalWaiver id
    refusals: list[ServiceError]
    unattested: list[Any] = field(default_factory=list)  # the rulebook's conditions not attested by `on`
    eligibility_exception: int | None = None  # the EligibilityException that lets them through

    @property
    def allowed(self) -> bool:
        return not self.refusals

    @property
    def unwaived(self) -> list[Hit]:
        return [h for h in self.hits if (h.rule, h.fact) not in self.waivers]


def _recusal_refusal(inspector: Inspector, team: Team, hits: list[Hit], book: Any) -> ServiceError:
    body = book.body(book.recusal.waiver_by).name
    listed = "；".join(h.sentence() for h in hits)
    articles = "、".join(dict.fromkeys(h.article for h in hits))
    return ServiceError(
        f"{inspector}须回避，不能安排到{team}：{listed}。如{body}决定不予回避，请先登记回避豁免（{book.recusal.article}）",
        field="inspector",
        article=articles,
        code="recusal",
    )


def unattested_conditions(inspector: Inspector, on: datetime.date) -> list[Any]:
    """The rulebook's 任职条件 (JDZ-2017 第八条, NMG-2016 第十一条) with no attestation dated on or before `on`."""
    book = inspector.jurisdiction.rulebook
    attested = set(
        Attestation.objects.filter(inspector=inspector, attested_on__lte=on).values_list("condition", flat=True)
    )
    return [c for c in book.eligibility_conditions if c.code not in attested]


def _eligibility_articles(book: Any) -> str:
    return "、".join(sorted({c.article for c in book.eligibility_conditions}))


def new_team_refusal(users: list[Any], name: str) -> ServiceError | None:
    """The first refusal for placing the inspectors linked to `users` on the new team `name` today (registered into
    planning.services.MEMBER_ELIGIBILITY, which planning's team_create runs)."""
    for inspector in Inspector.objects.filter(user_id__in=[u.pk for u in users]).select_related(
        "jurisdiction", "cadre"
    ):
        refusal = eligibility_refusal(inspector, name, timezone.localdate())
        if refusal is not None:
            return refusal
    return None


def eligibility_refusal(inspector: Inspector, team: Any, on: datetime.date) -> ServiceError | None:
    """The refusal for placing `inspector` on `team` (a Team, or its name before it exists) as of `on` while a
    任职条件 is unattested and no exception is recorded for that team; None if they may be placed. Shared with
    planning.services.team_create, which places accounts on a new team."""
    missing = unattested_conditions(inspector, on)
    if not missing:
        return None
    if isinstance(team, Team) and EligibilityException.objects.filter(team=team, inspector=inspector).exists():
        return None
    return _eligibility_refusal(inspector, team, missing, inspector.jurisdiction.rulebook)


def _eligibility_refusal(inspector: Inspector, team: Any, missing: list[Any], book: Any) -> ServiceError:
    articles = _eligibility_articles(book)
    listed = "；".join(c.text for c in missing)
    head = book.role("office_head").name
    return ServiceError(
        f"{inspector}的任职条件尚未确认，不能安排到{team}（{articles}：“{book.word}工作人员应当具备下列条件”）。"
        f"未确认：{listed}。请先在其人员记录中确认任职条件，或由{head}登记例外决定（原文未规定例外）",
        field="inspector",
        article=articles,
        code="eligibility",
    )


def _assess(team: Team, inspector: Inspector, role: str, on: datetime.date) -> AssignmentPreview:
    rnd = team.round
    jurisdiction = rnd.jurisdiction
    book = jurisdiction.rulebook
    st = book.staffing
    word = book.word
    refusals: list[ServiceError] = []
    warnings: list[Warning] = []
    if role not in Assignment.Role.values:
        labels = "、".join(Assignment.Role.labels)
        refusals.append(ServiceError(f"职位 {role or '（空）'} 无效，应为{labels}之一", field="role"))
    if inspector.jurisdiction_id != jurisdiction.pk:
        refusals.append(ServiceError(f"{inspector}不是{jurisdiction}的{word}工作人员", field="inspector"))
    if not inspector.active:
        refusals.append(
            ServiceError(
                f"{inspector}已不在人才库（{st.talent_pool_article}），不能安排",
                field="inspector",
                article=st.talent_pool_article,
            )
        )
    unattested: list[Any] = []
    exception_id: int | None = None
    if inspector.jurisdiction_id == jurisdiction.pk:
        unattested = unattested_conditions(inspector, on)
        if unattested:
            exception_id = (
                EligibilityException.objects.filter(team=team, inspector=inspector).values_list("pk", flat=True).first()
            )
            if exception_id is None:
                refusals.append(_eligibility_refusal(inspector, team, unattested, book))
    # Rounds run in parallel: one team per inspector per round.
    elsewhere = Assignment.objects.filter(inspector=inspector, team__round=rnd).select_related(
        "team__round__jurisdiction"
    )
    other_teams = [a.team for a in elsewhere]
    if inspector.user_id is not None:
        other_teams += [
            m.team
            for m in TeamMembership.objects.filter(user_id=inspector.user_id, team__round=rnd)
            .exclude(team=team)
            .select_related("team__round__jurisdiction")
        ]
    for other in dict.fromkeys(other_teams):
        where = "本组" if other.pk == team.pk else f"本轮{other}"
        refusals.append(ServiceError(f"{inspector}已安排在{where}", field="inspector"))
    leader_article = book.role("team_leader").article
    if role == Assignment.Role.LEADER:
        leaders = [
            str(a.inspector)
            for a in Assignment.objects.filter(team=team, role="leader")
            .exclude(inspector=inspector)
            .select_related("inspector__cadre")
        ]
        leaders += [
            str(m.user)
            for m in TeamMembership.objects.filter(team=team, role="leader").select_related("user")
            if m.user_id != inspector.user_id
        ]
        if leaders:
            name = leaders[0]
            refusals.append(
                ServiceError(
                    f"{team}已有组长{name}；每组只有一名组长（组长负责制，{leader_article}）",
                    field="role",
                    article=leader_article,
                )
            )
    if inspector.user_id is not None:
        membership = TeamMembership.objects.filter(team=team, user_id=inspector.user_id).first()
        if membership is not None and membership.role != role:
            refusals.append(
                ServiceError(
                    f"{inspector}的账号已是{team}{membership.get_role_display()}，与所安排职位不一致", field="role"
                )
            )
    if role in ("leader", "deputy"):
        label = Assignment.Role(role).label
        art = st.leader_selection_article
        if st.leader_selection == "leader_pool_per_round":
            auth = LeaderAuthorization.objects.filter(round=rnd, inspector=inspector).first()
            if auth is None:
                refusals.append(
                    ServiceError(
                        f"{inspector}未获{rnd}的{label}授权，不能担任{label}（{art}：“一次一授权”，从组长库中确定组长、副组长）",
                        field="role",
                        article=art,
                    )
                )
            elif auth.role != role:
                refusals.append(
                    ServiceError(
                        f"{inspector}在{rnd}获授权的职务为{auth.get_role_display()}，不能担任{label}（{art}：一次一授权）",
                        field="role",
                        article=art,
                    )
                )
        elif not inspector.county_level:
            fact = f"{inspector}未登记为县级领导干部；{st.leader_selection_text}"
            warnings.append(Warning("leader_level", fact, art, "组长、副组长人选"))
    hits, rotation = check_assignment(inspector, team, on)
    warnings = rotation + warnings
    waivers = {
        (w.rule, w.fact): w.pk
        for w in RecusalWaiver.objects.filter(team=team, inspector=inspector).only("pk", "rule", "fact")
    }
    unwaived = [h for h in hits if (h.rule, h.fact) not in waivers]
    if unwaived:
        refusals.append(_recusal_refusal(inspector, team, unwaived, book))
    found = {(h.rule, h.fact) for h in hits}
    return AssignmentPreview(
        hits=hits,
        warnings=warnings,
        waivers={k: v for k, v in waivers.items() if k in found},
        refusals=refusals,
        unattested=unattested,
        eligibility_exception=exception_id,
    )


def assignment_preview(*, team: Team, inspector: Inspector, role: str, on: datetime.date) -> AssignmentPreview:
    """Check an assignment without writing anything."""
    team = Team.objects.select_related("round__jurisdiction").get(pk=team.pk)
    inspector = Inspector.objects.select_related("jurisdiction", "cadre").get(pk=inspector.pk)
    return _assess(team, inspector, role, on)


def assignment_create(
    *, actor: User | None, team: Team, inspector: Inspector, role: str, on: datetime.date
) -> Assignment:
    """Place an inspector on a team. Refused while a 任职条件 is unattested and no exception is recorded for this
    team (JDZ-2017 第八条, NMG-2016 第十一条), or a recusal hit stands unwaived (JDZ-2017 第十三条,
    NMG-2016 第十二条); leaders need their per-round authorization where the rulebook says so (NMG-2016 第九条)."""
    with transaction.atomic():
        # Lock the team: two clerks placing a leader at once must not both pass the one-leader check.
        team = lock_row(team, "round__jurisdiction")
        jurisdiction = team.round.jurisdiction
        book = jurisdiction.rulebook
        _require(actor, jurisdiction, OFFICE, what=f"安排{book.word}组人员", article=book.body("office").article)
        inspector = _locked_inspector(inspector)
        preview = _assess(team, inspector, role, on)
        if preview.refusals:
            raise preview.refusals[0]
        assignment = Assignment(
            team=team,
            inspector=inspector,
            role=role,
            assigned_on=on,
            hits=hits_as_json(preview.hits, preview.waivers),
        )
        full_clean_or_raise(assignment)
        assignment.save()
        if (
            inspector.user_id is not None
            and not TeamMembership.objects.filter(team=team, user_id=inspector.user_id).exists()
        ):
            membership = TeamMembership(team=team, user_id=inspector.user_id, role=role)
            full_clean_or_raise(membership)
            membership.save()
        event_record(
            actor=actor,
            action=ASSIGNMENT_CREATED,
            obj=assignment,
            jurisdiction=jurisdiction,
            article=book.role(TEAM_ROLE[role]).article,
            occurred_on=on,
            after={
                "team": str(team),
                "inspector": inspector.cadre.code,
                "role": role,
                "hits": assignment.hits,
                "warnings": [w.as_dict() for w in preview.warnings],
                "unattested": [c.code for c in preview.unattested],
                "eligibility_exception": preview.eligibility_exception,
            },
        )
    return assignment


def eligibility_exception_record(
    *,
    actor: User | None,
    team: Team,
    inspector: Inspector,
    decided_by: str,
    decided_on: datetime.date,
    reason: str,
) -> EligibilityException:
    """Record a decision to place an inspector on this team although not every 任职条件 is attested. The texts
    provide no exception (JDZ-2017 第八条, NMG-2016 第十一条 list the conditions; JDZ-2017 第八条 and NMG-2016
    第十二条 add “选配…应当严格标准条件”), so the product never lets one pass in silence: the office head records
    who decided, when and why, with the conditions then unattested, and an event is written."""
    with transaction.atomic():
        team = lock_row(team, "round__jurisdiction")
        jurisdiction = team.round.jurisdiction
        book = jurisdiction.rulebook
        articles = _eligibility_articles(book)
        _require(actor, jurisdiction, OFFICE_HEAD, what="登记任职条件例外决定", article=articles)
        inspector = _locked_inspector(inspector)
        if inspector.jurisdiction_id != jurisdiction.pk:
            raise ServiceError(f"{inspector}不是{jurisdiction}的{book.word}工作人员", field="inspector")
        if not decided_by.strip():
            raise ServiceError("须写明作出例外决定的机构或负责人（决定人）", field="decided_by", article=articles)
        if not reason.strip():
            raise ServiceError(f"须写明例外的理由（{articles}）", field="reason", article=articles)
        check_past_date(decided_on, field="decided_on", label="决定日期")
        missing = unattested_conditions(inspector, decided_on)
        if not missing:
            raise ServiceError(
                f"{inspector}的任职条件均已确认（{articles}），无需例外", field="inspector", article=articles
            )
        if EligibilityException.objects.filter(team=team, inspector=inspector).exists():
            raise ServiceError(f"已登记{inspector}在{team}的任职条件例外", field="inspector", article=articles)
        exception = EligibilityException(
            team=team,
            inspector=inspector,
            conditions=[c.code for c in missing],
            decided_by=decided_by.strip(),
            decided_on=decided_on,
            reason=reason.strip(),
            recorded_by=actor,
        )
        full_clean_or_raise(exception)
        exception.save()
        event_record(
            actor=actor,
            action=ELIGIBILITY_EXCEPTION_RECORDED,
            obj=exception,
            jurisdiction=jurisdiction,
            article=articles,
            occurred_on=decided_on,
            after={
                "team": str(team),
                "inspector": inspector.cadre.code,
                "conditions": exception.conditions,
                "decided_by": exception.decided_by,
                "reason": exception.reason,
            },
        )
    return exception


def recusal_waiver_record(
    *,
    actor: User | None,
    team: Team,
    inspector: Inspector,
    rule: str,
    fact: str,
    reason: str,
    decided_on: datetime.date,
) -> RecusalWaiver:
    """Record that the body the rulebook names (`recusal.waiver_by`) decided not to apply one recusal hit.
    Only the office head records it; the fact must be one the check finds for this team and inspector."""
    with transaction.atomic():
        team = lock_row(team, "round__jurisdiction")
        jurisdiction = team.round.jurisdiction
        book = jurisdiction.rulebook
        recusal = book.recusal
        body = book.body(recusal.waiver_by)
        what = f"登记回避豁免（豁免由{body.name}决定）"
        _require(actor, jurisdiction, OFFICE_HEAD, what=what, article=recusal.article)
        kinds = {k.code: k for k in recusal.kinds}
        if rule not in kinds:
            names = "、".join(f"{k.code}（{k.name}）" for k in recusal.kinds)
            raise ServiceError(
                f"回避类别 {rule or '（空）'} 无效，应为{names}之一（{recusal.article}）",
                field="rule",
                article=recusal.article,
            )
        kind = kinds[rule]
        if not reason.strip():
            raise ServiceError(f"须写明{body.name}不予{kind.name}的理由（{kind.article}）", field="reason")
        check_past_date(decided_on, field="decided_on", label="决定日期")
        inspector = _locked_inspector(inspector)
        hits, _ = check_assignment(inspector, team, decided_on)
        if not any(h.rule == rule and h.fact == fact for h in hits):
            raise ServiceError(
                f"{inspector}在{team}的回避检查结果中没有这一{kind.name}事实（{kind.article}）：{fact}",
                field="fact",
                article=kind.article,
            )
        if RecusalWaiver.objects.filter(team=team, inspector=inspector, rule=rule, fact=fact).exists():
            raise ServiceError(f"该{kind.name}事实已登记豁免：{fact}", field="fact", article=kind.article)
        waiver = RecusalWaiver(
            team=team,
            inspector=inspector,
            rule=rule,
            fact=fact,
            reason=reason.strip(),
            decided_by_body=body.name,
            decided_on=decided_on,
            recorded_by=actor,
        )
        full_clean_or_raise(waiver)
        waiver.save()
        event_record(
            actor=actor,
            action=RECUSAL_WAIVED,
            obj=waiver,
            jurisdiction=jurisdiction,
            article=kind.article,
            occurred_on=decided_on,
            after={
                "team": str(team),
                "inspector": inspector.cadre.code,
                "rule": rule,
                "rule_name": kind.name,
                "fact": fact,
                "reason": waiver.reason,
                "decided_by": recusal.waiver_by,
                "decided_by_name": body.name,
            },
        )
    return waiver
