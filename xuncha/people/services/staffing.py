"""任职条件 attestations, secondments and their appraisals, training postings, rotations and leader
authorizations."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.core.visibility import viewer_for
from xuncha.planning.models import Round, Team

from ..actions import (
    ATTESTATION_RECORDED,
    LEADER_AUTHORIZED,
    ROTATION_RECORDED,
    SECONDMENT_APPRAISED,
    SECONDMENT_CREATED,
    TRAINING_POSTING_CREATED,
)
from ..models import (
    Assignment,
    Attestation,
    Inspector,
    LeaderAuthorization,
    Rotation,
    Secondment,
    SecondmentAppraisal,
    TrainingPosting,
)
from ._common import OFFICE, _locked_inspector, _require, _same_jurisdiction

if TYPE_CHECKING:
    from xuncha.accounts.models import User


# -- eligibility, secondments, postings, rotation --------------------------------------------------------------
def attestation_record(
    *, actor: User | None, inspector: Inspector, condition: str, attested_on: datetime.date, basis: str
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
        check_past_date(attested_on, field="attested_on", label="确认日期")
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
    actor: User | None,
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


def _led_team_of(actor: User | None, secondment: Secondment) -> Team | None:
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
    actor: User | None,
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
        check_past_date(appraised_on, field="appraised_on", label="鉴定日期", not_before=locked.started_on)
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
    actor: User | None,
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
    *, actor: User | None, inspector: Inspector, rotated_on: datetime.date, from_position: str, to_position: str
) -> Rotation:
    """轮岗交流 (JDZ-2017 第十三条, NMG-2016 第十二条)."""
    with transaction.atomic():
        inspector = _locked_inspector(inspector)
        article = inspector.jurisdiction.rulebook.staffing.rotation_article
        _require(actor, inspector.jurisdiction, OFFICE, what="登记轮岗交流", article=article)
        check_past_date(rotated_on, field="rotated_on", label="轮岗日期")
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
    actor: User | None,
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
        check_past_date(authorized_on, field="authorized_on", label="授权日期")
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
