"""Writes on inspectors: the talent pool, declarations, attestations, secondments, postings, rotations, leader
authorizations, team assignments with their recusal check, and recusal waivers.

Every function is keyword-only, runs in one transaction, checks who may act, calls `full_clean_or_raise` and
records its event with the article it rests on. The articles and periods come from the jurisdiction's rulebook
(`staffing:`, `recusal:`, `eligibility_conditions:`, `expertise_areas:`), never from this file.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, full_clean_or_raise
from xuncha.core.errors import check_past_date as _not_in_future
from xuncha.core.locking import lock_row
from xuncha.core.visibility import viewer_for
from xuncha.jurisdictions import vocabulary
from xuncha.planning.models import Round, Team, TeamMembership
from xuncha.registry.models import Cadre, Organization

from .actions import (
    ASSIGNMENT_CREATED,
    ATTESTATION_RECORDED,
    DECLARATION_RECORDED,
    DECLARATION_WITHDRAWN,
    ELIGIBILITY_EXCEPTION_RECORDED,
    INSPECTOR_CREATED,
    INSPECTOR_USER_LINKED,
    INSPECTOR_USER_UNLINKED,
    LEADER_AUTHORIZED,
    RECUSAL_WAIVED,
    ROTATION_RECORDED,
    SECONDMENT_APPRAISED,
    SECONDMENT_CREATED,
    TRAINING_POSTING_CREATED,
)
from .models import (
    Assignment,
    Attestation,
    Declaration,
    EligibilityException,
    Inspector,
    LeaderAuthorization,
    RecusalWaiver,
    Rotation,
    Secondment,
    SecondmentAppraisal,
    TrainingPosting,
)
from .recusal import Hit, Warning, hits_as_json
from .selectors import check_assignment

OFFICE = frozenset({"office_head", "office_staff"})
OFFICE_HEAD = frozenset({"office_head"})
TEAM_ROLE = {"leader": "team_leader", "deputy": "team_deputy", "liaison": "team_liaison", "member": "team_member"}


# -- guards ----------------------------------------------------------------------------------------------------
def _require(actor: Any, jurisdiction: Any, roles: frozenset[str], *, what: str, article: str = "") -> None:
    viewer = viewer_for(actor)
    if viewer.authenticated and jurisdiction.pk in viewer.jurisdictions_with(roles):
        return
    book = jurisdiction.rulebook
    who = "、".join(book.role(r).name for r in sorted(roles) if book.has_role(r))
    cite = f"（{article}）" if article else ""
    raise PermissionDeniedError(f"只有{who}可以{what}{cite}。", article=article)


def _require_self_or_office(actor: Any, inspector: Inspector, *, what: str, article: str) -> None:
    if getattr(actor, "pk", None) is not None and inspector.user_id == actor.pk:
        return
    _require(actor, inspector.jurisdiction, OFFICE, what=what, article=article)


def _same_jurisdiction(obj: Any, inspector: Inspector, *, field: str, label: str) -> None:
    if obj is not None and obj.jurisdiction_id != inspector.jurisdiction_id:
        raise ServiceError(f"{label}{obj}不属于{inspector.jurisdiction}", field=field)


def _locked_inspector(inspector: Inspector) -> Inspector:
    return lock_row(inspector, "jurisdiction", "cadre")


# -- the talent pool -------------------------------------------------------------------------------------------
def _kind_article(book: Any, kind: str) -> str:
    if kind not in Inspector.Kind.values:
        labels = "、".join(Inspector.Kind.labels)
        raise ServiceError(f"类别 {kind or '（空）'} 无效，应为{labels}之一", field="kind")
    st = book.staffing
    article = {"seconded": st.secondment_article, "training": st.training_posting_article}.get(
        kind, st.talent_pool_article
    )
    if article is None:
        raise ServiceError(
            f"《{book.short_title}》没有规定{Inspector.Kind(kind).label}，不能按此类别登记（类别）",
            field="kind",
            code="not_in_rulebook",
        )
    return str(article)


def leader_pool_refusal(book: Any) -> ServiceError | None:
    """A rulebook without a leader pool (JDZ-2017 第七条 designates leaders; only NMG-2016 第九条 has 组长库)
    refuses putting someone in one. Shared with the Excel import."""
    st = book.staffing
    if st.leader_selection == "leader_pool_per_round":
        return None
    return ServiceError(
        f"《{book.short_title}》{st.leader_selection_article}没有规定组长库：{st.leader_selection_text}（组长库）",
        field="in_leader_pool",
        article=st.leader_selection_article,
    )


def _check_leader_pool(book: Any) -> None:
    refusal = leader_pool_refusal(book)
    if refusal is not None:
        raise refusal


def _check_expertise(book: Any, codes: list[str]) -> None:
    if book.expertise_areas:
        allowed = {a.code: a.name for a in book.expertise_areas}
        article = "、".join(sorted({a.article for a in book.expertise_areas}))
        rule = f"《{book.short_title}》{article}所列的专业领域"
    else:
        allowed = dict(vocabulary.EXPERTISE)
        article = book.staffing.talent_pool_article
        rule = f"可选的专业领域（《{book.short_title}》{article}建立人才库，未列专业领域）"
    bad = [c for c in codes if c not in allowed]
    if bad:
        raise ServiceError(
            f"专业领域 {'、'.join(bad)} 不在{rule}之中；可选：{'、'.join(allowed.values())}",
            field="expertise",
            article=article,
        )


def inspector_create(
    *,
    actor: Any,
    cadre: Cadre,
    kind: str,
    expertise: Iterable[str] = (),
    user: Any = None,
    in_leader_pool: bool = False,
    county_level: bool = False,
) -> Inspector:
    """Enter a cadre into the talent pool (人才库: JDZ-2017 第九条, NMG-2016 第十三条)."""
    jurisdiction = cadre.jurisdiction
    book = jurisdiction.rulebook
    st = book.staffing
    with transaction.atomic():
        _require(actor, jurisdiction, OFFICE, what=f"登记{book.word}工作人员", article=st.talent_pool_article)
        article = _kind_article(book, kind)
        codes = list(dict.fromkeys(c.strip() for c in expertise if c.strip()))
        _check_expertise(book, codes)
        if in_leader_pool:
            _check_leader_pool(book)
        if Inspector.objects.filter(cadre=cadre).exists():
            raise ServiceError(f"{cadre}已登记为{book.word}工作人员", field="cadre")
        if user is not None and Inspector.objects.filter(user=user).exists():
            raise ServiceError(f"登录账号 {user} 已关联另一名{book.word}工作人员", field="user")
        inspector = Inspector(
            jurisdiction=jurisdiction,
            cadre=cadre,
            user=user,
            kind=kind,
            expertise=codes,
            in_leader_pool=in_leader_pool,
            county_level=county_level,
        )
        full_clean_or_raise(inspector)
        inspector.save()
        event_record(
            actor=actor,
            action=INSPECTOR_CREATED,
            obj=inspector,
            jurisdiction=jurisdiction,
            article=article,
            after={
                "cadre": cadre.code,
                "kind": kind,
                "expertise": codes,
                "user": user.username if user is not None else None,
                "in_leader_pool": in_leader_pool,
                "county_level": county_level,
            },
        )
    return inspector


# -- declarations ----------------------------------------------------------------------------------------------
def declaration_create(
    *,
    actor: Any,
    inspector: Inspector,
    kind: str,
    declared_on: datetime.date,
    person: Cadre | None = None,
    person_name: str = "",
    relation: str = "",
    organization: Organization | None = None,
    detail: str = "",
) -> Declaration:
    """An inspector declares a relation, interest or prior post (对需回避的，不得隐瞒不报: JDZ-2017 第十三条)."""
    with transaction.atomic():
        inspector = _locked_inspector(inspector)
        book = inspector.jurisdiction.rulebook
        article = book.recusal.article
        _require_self_or_office(actor, inspector, what="登记回避事项申报", article=article)
        if kind not in Declaration.Kind.values:
            labels = "、".join(Declaration.Kind.labels)
            raise ServiceError(f"类别 {kind or '（空）'} 无效，应为{labels}之一", field="kind", article=article)
        label = Declaration.Kind(kind).label
        if kind in ("interest", "prior_post") and organization is None:
            raise ServiceError(
                f"申报{label}须指明相关单位，回避核查据此进行（{article}）", field="organization", article=article
            )
        if person is None and organization is None and not person_name.strip():
            raise ServiceError(
                f"申报{label}须指明关系人或相关单位（{article}：对需回避的，不得隐瞒不报）",
                field="person",
                article=article,
            )
        _same_jurisdiction(person, inspector, field="person", label="关系人")
        _same_jurisdiction(organization, inspector, field="organization", label="相关单位")
        _not_in_future(declared_on, field="declared_on", label="申报日期")
        declaration = Declaration(
            inspector=inspector,
            kind=kind,
            declared_on=declared_on,
            person=person,
            person_name=person_name.strip() or (person.name if person else ""),
            relation=relation.strip(),
            organization=organization,
            detail=detail.strip(),
        )
        full_clean_or_raise(declaration)
        declaration.save()
        event_record(
            actor=actor,
            action=DECLARATION_RECORDED,
            obj=declaration,
            jurisdiction=inspector.jurisdiction,
            article=article,
            occurred_on=declared_on,
            after={
                "inspector": inspector.cadre.code,
                "kind": kind,
                "person": person.code if person else None,
                "person_name": declaration.person_name,
                "relation": declaration.relation,
                "organization": organization.name if organization else None,
                "detail": declaration.detail,
            },
        )
    return declaration


def declaration_withdraw(
    *, actor: Any, declaration: Declaration, withdrawn_on: datetime.date, reason: str = ""
) -> Declaration:
    """Withdraw a declaration from a date on. The declaration itself is kept unchanged: only `withdrawn_on` is set."""
    with transaction.atomic():
        locked = lock_row(declaration, "inspector__jurisdiction", "inspector__cadre")
        inspector = locked.inspector
        article = inspector.jurisdiction.rulebook.recusal.article
        _require_self_or_office(actor, inspector, what="撤回回避事项申报", article=article)
        if locked.withdrawn_on is not None:
            raise ServiceError(f"该申报已于 {locked.withdrawn_on} 撤回", field="withdrawn_on", article=article)
        _not_in_future(withdrawn_on, field="withdrawn_on", label="撤回日期", not_before=locked.declared_on)
        locked.withdrawn_on = withdrawn_on
        full_clean_or_raise(locked)
        locked.save(update_fields=["withdrawn_on"])
        event_record(
            actor=actor,
            action=DECLARATION_WITHDRAWN,
            obj=locked,
            jurisdiction=inspector.jurisdiction,
            article=article,
            occurred_on=withdrawn_on,
            before={"withdrawn_on": None},
            after={"withdrawn_on": withdrawn_on, "reason": reason.strip()},
        )
    return locked


# -- eligibility, secondments, postings, rotation --------------------------------------------------------------
def attestation_record(
    *, actor: Any, inspector: Inspector, condition: str, attested_on: datetime.date, basis: str
) -> Attestation:
    """Record that an inspector meets one eligibility condition (JDZ-2017 第八条, NMG-2016 第十一条)."""
    with transaction.atomic():
        inspector = _locked_inspector(inspector)
        book = inspector.jurisdiction.rulebook
        conditions = {c.code: c for c in book.eligibility_conditions}
        articles = "、".join(sorted({c.article for c in book.eligibility_conditions}))
        _require(actor, inspector.jurisdiction, OFFICE, what="确认任职条件", article=articles)
        if condition not in conditions:
            listed = "；".join(f"{c.code}：{c.text}" for c in book.eligibility_conditions)
            raise ServiceError(
                f"条件 {condition or '（空）'} 不是《{book.short_title}》{articles}规定的任职条件（{listed}）",
                field="condition",
                article=articles,
            )
        _not_in_future(attested_on, field="attested_on", label="确认日期")
        attestation = Attestation(
            inspector=inspector, condition=condition, attested_on=attested_on, attested_by=actor, basis=basis.strip()
        )
        full_clean_or_raise(attestation)
        attestation.save()
        article = conditions[condition].article
        event_record(
            actor=actor,
            action=ATTESTATION_RECORDED,
            obj=attestation,
            jurisdiction=inspector.jurisdiction,
            article=article,
            occurred_on=attested_on,
            after={"inspector": inspector.cadre.code, "condition": condition, "basis": attestation.basis},
        )
    return attestation


def _staffing_article(book: Any, attr: str, what: str) -> str:
    article = getattr(book.staffing, attr)
    if article is None:
        raise ServiceError(
            f"《{book.short_title}》没有规定{what}，不能登记（规则文件 staffing.{attr} 为空）", code="not_in_rulebook"
        )
    return str(article)


def secondment_create(
    *,
    actor: Any,
    inspector: Inspector,
    home_organization: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    round: Round | None = None,
) -> Secondment:
    """借调、抽调 (JDZ-2017 第九条)."""
    with transaction.atomic():
        inspector = _locked_inspector(inspector)
        book = inspector.jurisdiction.rulebook
        article = _staffing_article(book, "secondment_article", "借调、抽调")
        _require(actor, inspector.jurisdiction, OFFICE, what="登记借调、抽调", article=article)
        _same_jurisdiction(round, inspector, field="round", label="轮次")
        if ended_on is not None and ended_on < started_on:
            raise ServiceError(f"结束日期不能早于开始日期 {started_on}", field="ended_on", article=article)
        secondment = Secondment(
            inspector=inspector,
            home_organization=home_organization.strip(),
            round=round,
            started_on=started_on,
            ended_on=ended_on,
        )
        full_clean_or_raise(secondment)
        secondment.save()
        event_record(
            actor=actor,
            action=SECONDMENT_CREATED,
            obj=secondment,
            jurisdiction=inspector.jurisdiction,
            article=article,
            occurred_on=started_on,
            after={
                "inspector": inspector.cadre.code,
                "home_organization": secondment.home_organization,
                "round": str(round) if round else None,
                "started_on": started_on,
                "ended_on": ended_on,
            },
        )
    return secondment


def _led_team_of(actor: Any, secondment: Secondment) -> Team | None:
    """The team the actor leads (组长) on which the secondee served — in the secondment's round, if it names one."""
    led = Assignment.objects.filter(inspector_id=secondment.inspector_id)
    if actor is not None:
        led = led.filter(team_id__in=viewer_for(actor).led_team_ids)
    if secondment.round_id is not None:
        led = led.filter(team__round_id=secondment.round_id)
    assignment = led.select_related("team__round__jurisdiction").order_by("-team__round__starts_on").first()
    return assignment.team if assignment is not None else None


def secondment_appraise(
    *,
    actor: Any,
    secondment: Secondment,
    part: str,
    grade: str,
    appraisal: str,
    appraised_on: datetime.date,
) -> SecondmentAppraisal:
    """One part of the 工作表现鉴定 of a secondee. JDZ-2017 第九条: “借调、抽调人员在巡察期间由市委巡察办和
    所在巡察组共同负责管理并对工作表现作出鉴定” — jointly. The office records its part (`part="office"`: its
    head or staff); the team records its part (`part="team"`: the leader of the team the secondee served on,
    组长负责制 第七条). The appraisal is complete only when both parts are recorded; neither may record the
    other's part. Refused under a rulebook without it (`staffing.secondment_appraisal: false`: NMG-2016 has
    no secondment and no appraisal)."""
    with transaction.atomic():
        locked = lock_row(secondment, "inspector__jurisdiction", "inspector__cadre")
        inspector = locked.inspector
        jurisdiction = inspector.jurisdiction
        book = jurisdiction.rulebook
        if not book.staffing.secondment_appraisal:
            raise ServiceError(
                f"《{book.short_title}》没有规定对借调、抽调人员作出工作表现鉴定"
                f"（规则文件 staffing.secondment_appraisal: false），不能登记鉴定",
                field="appraisal",
                code="not_in_rulebook",
            )
        article = _staffing_article(book, "secondment_article", "借调、抽调")
        office_name = book.body("office").name
        team: Team | None = None
        if part == SecondmentAppraisal.Part.OFFICE:
            _require(
                actor,
                jurisdiction,
                OFFICE,
                what=f"作出借调、抽调人员工作表现鉴定中{office_name}的部分",
                article=article,
            )
        elif part == SecondmentAppraisal.Part.TEAM:
            team = _led_team_of(actor, locked)  # actor None (the system): the team the secondee served on
            if team is None:
                leader = book.role("team_leader")
                raise PermissionDeniedError(
                    f"只有{inspector}所在{book.word}组的{leader.name}可以作出工作表现鉴定中所在组的部分"
                    f"（{article}：由{office_name}和所在{book.word}组共同作出鉴定；{leader.article}：组长负责制）。",
                    article=article,
                )
        else:
            raise ServiceError(
                f"鉴定方 {part or '（空）'} 无效，应为 office（{office_name}）或 team（所在{book.word}组）"
                f"（{article}：共同作出鉴定）",
                field="part",
                article=article,
            )
        existing = SecondmentAppraisal.objects.filter(secondment=locked, part=part).first()
        if existing is not None:
            raise ServiceError(
                f"{existing.get_part_display()}已于 {existing.appraised_on} 作出", field="part", article=article
            )
        if grade not in SecondmentAppraisal.Grade.values:
            labels = "、".join(SecondmentAppraisal.Grade.labels)
            raise ServiceError(f"鉴定等次 {grade or '（空）'} 无效，应为{labels}之一", field="grade")
        if not appraisal.strip():
            raise ServiceError(f"工作表现鉴定不能为空（{article}）", field="appraisal", article=article)
        _not_in_future(appraised_on, field="appraised_on", label="鉴定日期", not_before=locked.started_on)
        record = SecondmentAppraisal(
            secondment=locked,
            part=part,
            team=team,
            grade=grade,
            appraisal=appraisal.strip(),
            appraised_on=appraised_on,
            recorded_by=actor,
        )
        full_clean_or_raise(record)
        record.save()
        complete = locked.appraisal_complete
        event_record(
            actor=actor,
            action=SECONDMENT_APPRAISED,
            obj=locked,
            jurisdiction=jurisdiction,
            article=article,
            occurred_on=appraised_on,
            after={
                "part": part,
                "team": str(team) if team is not None else None,
                "grade": grade,
                "appraisal": record.appraisal,
                "complete": complete,
            },
        )
    return record


def training_posting_create(
    *,
    actor: Any,
    inspector: Inspector,
    home_organization: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
) -> TrainingPosting:
    """挂职锻炼 (JDZ-2017 第九条)."""
    with transaction.atomic():
        inspector = _locked_inspector(inspector)
        book = inspector.jurisdiction.rulebook
        article = _staffing_article(book, "training_posting_article", "挂职锻炼")
        _require(actor, inspector.jurisdiction, OFFICE, what="登记挂职锻炼", article=article)
        if ended_on is not None and ended_on < started_on:
            raise ServiceError(f"结束日期不能早于开始日期 {started_on}", field="ended_on", article=article)
        posting = TrainingPosting(
            inspector=inspector, home_organization=home_organization.strip(), started_on=started_on, ended_on=ended_on
        )
        full_clean_or_raise(posting)
        posting.save()
        event_record(
            actor=actor,
            action=TRAINING_POSTING_CREATED,
            obj=posting,
            jurisdiction=inspector.jurisdiction,
            article=article,
            occurred_on=started_on,
            after={"inspector": inspector.cadre.code, "home_organization": posting.home_organization},
        )
    return posting


def rotation_record(
    *, actor: Any, inspector: Inspector, rotated_on: datetime.date, from_position: str, to_position: str
) -> Rotation:
    """轮岗交流 (JDZ-2017 第十三条, NMG-2016 第十二条)."""
    with transaction.atomic():
        inspector = _locked_inspector(inspector)
        article = inspector.jurisdiction.rulebook.staffing.rotation_article
        _require(actor, inspector.jurisdiction, OFFICE, what="登记轮岗交流", article=article)
        _not_in_future(rotated_on, field="rotated_on", label="轮岗日期")
        rotation = Rotation(
            inspector=inspector,
            rotated_on=rotated_on,
            from_position=from_position.strip(),
            to_position=to_position.strip(),
        )
        full_clean_or_raise(rotation)
        rotation.save()
        event_record(
            actor=actor,
            action=ROTATION_RECORDED,
            obj=rotation,
            jurisdiction=inspector.jurisdiction,
            article=article,
            occurred_on=rotated_on,
            after={"inspector": inspector.cadre.code, "from": rotation.from_position, "to": rotation.to_position},
        )
    return rotation


def leader_authorize(
    *,
    actor: Any,
    inspector: Inspector,
    round: Round,
    role: str,
    authorized_on: datetime.date,
    basis: str,
) -> LeaderAuthorization:
    """一次一授权 (NMG-2016 第九条): the committee takes a leader or deputy from the leader pool for one round.
    Refused where leaders are designated (JDZ-2017 第七条)."""
    with transaction.atomic():
        inspector = _locked_inspector(inspector)
        book = inspector.jurisdiction.rulebook
        st = book.staffing
        article = st.leader_selection_article
        _require(actor, inspector.jurisdiction, OFFICE, what="登记组长授权", article=article)
        if st.leader_selection != "leader_pool_per_round":
            raise ServiceError(
                f"《{book.short_title}》{article}规定：{st.leader_selection_text}"
                f"组长、副组长由党委选定，不实行“一次一授权”，无需也不能登记授权（授权职务）",
                field="role",
                article=article,
                code="not_in_rulebook",
            )
        if role not in LeaderAuthorization.Role.values:
            raise ServiceError(f"授权职务 {role or '（空）'} 无效，应为组长或副组长（{article}）", field="role")
        if not inspector.in_leader_pool:
            raise ServiceError(
                f"{inspector}不在{book.word}组组长库中；{article}：从组长库中确定组长、副组长（组长库）",
                field="inspector",
                article=article,
            )
        _same_jurisdiction(round, inspector, field="round", label="轮次")
        existing = LeaderAuthorization.objects.filter(round=round, inspector=inspector).first()
        if existing is not None:
            raise ServiceError(
                f"{inspector}已获{round}{existing.get_role_display()}授权（{article}：一次一授权）",
                field="inspector",
                article=article,
            )
        _not_in_future(authorized_on, field="authorized_on", label="授权日期")
        authorization = LeaderAuthorization(
            inspector=inspector,
            round=round,
            role=role,
            authorized_on=authorized_on,
            authorized_by=actor,
            basis=basis.strip(),
        )
        full_clean_or_raise(authorization)
        authorization.save()
        event_record(
            actor=actor,
            action=LEADER_AUTHORIZED,
            obj=authorization,
            jurisdiction=inspector.jurisdiction,
            article=article,
            occurred_on=authorized_on,
            after={"inspector": inspector.cadre.code, "round": str(round), "role": role, "basis": authorization.basis},
        )
    return authorization


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


def assignment_create(*, actor: Any, team: Team, inspector: Inspector, role: str, on: datetime.date) -> Assignment:
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
    actor: Any,
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
        _not_in_future(decided_on, field="decided_on", label="决定日期")
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
    actor: Any,
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
        _not_in_future(decided_on, field="decided_on", label="决定日期")
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


# -- the inspector's login -------------------------------------------------------------------------------------
def inspector_link_user(*, actor: Any, inspector: Inspector, user: Any) -> Inspector:
    """Link an inspector's record to a login (the office head). The login then holds the team places of the
    inspector's assignments on teams whose work is not finished (planning/access.py)."""
    from xuncha.planning.access import team_finished

    jurisdiction = inspector.jurisdiction
    book = jurisdiction.rulebook
    _require(actor, jurisdiction, OFFICE_HEAD, what=f"关联{book.word}工作人员的登录账号")
    with transaction.atomic():
        inspector = _locked_inspector(inspector)
        if not get_user_model().objects.visible_to(actor).filter(pk=user.pk).exists():
            raise PermissionDeniedError(f"账号 {user.username} 不属于{jurisdiction}，您无权关联。")
        if not user.is_active:
            raise ServiceError(f"账号 {user.username} 已停用", field="user")
        if inspector.user_id is not None:
            raise ServiceError(f"{inspector}已关联登录账号 {inspector.user}，请先解除关联", field="user")
        other = Inspector.objects.filter(user=user).select_related("cadre").first()
        if other is not None:
            raise ServiceError(f"登录账号 {user.username} 已关联{book.word}工作人员{other}", field="user")
        inspector.user = user
        full_clean_or_raise(inspector)
        inspector.save(update_fields=["user"])
        places = []
        for a in Assignment.objects.filter(inspector=inspector).select_related("team__round__jurisdiction"):
            if team_finished(a.team) or TeamMembership.objects.filter(team=a.team, user=user).exists():
                continue
            membership = TeamMembership(team=a.team, user=user, role=a.role)
            full_clean_or_raise(membership)
            membership.save()
            places.append([str(a.team), a.role])
        event_record(
            actor=actor,
            action=INSPECTOR_USER_LINKED,
            obj=inspector,
            jurisdiction=jurisdiction,
            before={"user": None},
            after={"user": user.username, "team_places": places},
        )
    return inspector


def inspector_unlink_user(*, actor: Any, inspector: Inspector, on: datetime.date) -> Inspector:
    """Unlink the login (the office head): the login's open places on this inspector's teams end on `on`."""
    jurisdiction = inspector.jurisdiction
    book = jurisdiction.rulebook
    _require(actor, jurisdiction, OFFICE_HEAD, what=f"解除{book.word}工作人员的登录账号关联")
    with transaction.atomic():
        inspector = _locked_inspector(inspector)
        user = inspector.user
        if user is None:
            raise ServiceError(f"{inspector}未关联登录账号", field="user")
        _not_in_future(on, field="on", label="解除日期")
        teams = Assignment.objects.filter(inspector=inspector).values("team_id")
        ended = 0
        for m in TeamMembership.objects.select_for_update().filter(user=user, team_id__in=teams, ended_on__isnull=True):
            m.ended_on, m.end_reason = on, TeamMembership.EndReason.UNLINKED
            m.save(update_fields=["ended_on", "end_reason"])
            ended += 1
        inspector.user = None
        inspector.save(update_fields=["user"])
        event_record(
            actor=actor,
            action=INSPECTOR_USER_UNLINKED,
            obj=inspector,
            jurisdiction=jurisdiction,
            before={"user": user.username},
            after={"user": None, "team_places_ended": ended},
            occurred_on=on,
        )
    return inspector
