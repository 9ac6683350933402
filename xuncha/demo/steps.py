"""The steps of the demo both jurisdictions share: accounts, agencies, fieldwork, decisions, feedback, staff and
the registry."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand

from xuncha.accounts.models import Membership, User
from xuncha.accounts.services import membership_grant, user_create
from xuncha.demo.data import DEMO_PASSWORD, JDZ_INSPECTORS, NMG_INSPECTORS
from xuncha.inspections import services as insp
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.people.services import assignment_create, attestation_record, inspector_create, leader_authorize
from xuncha.planning.services import round_end
from xuncha.registry.models import Cadre
from xuncha.registry.services import cadre_create, organization_create, post_create


class DemoSteps(BaseCommand):
    """The steps both jurisdictions' demos share."""

    def _user(self, username: str, full_name: str) -> User:
        return user_create(actor=None, username=username, full_name=full_name, password=DEMO_PASSWORD)

    def _common(self, admin: User, j: Jurisdiction, p: str, names: dict[str, str]) -> dict[str, User]:
        membership_grant(actor=admin, user=admin, jurisdiction=j, role="sysadmin")
        users: dict[str, User] = {}
        for role in [
            "office_head",
            "office_staff",
            "leading_group_head",
            "leading_group_member",
            "five_member_group_member",
            "auditor",
        ]:
            users[role] = self._user(f"{p}_{role}", names[role])
            membership_grant(actor=admin, user=users[role], jurisdiction=j, role=role)
        return users

    def _agencies(self, admin: User, j: Jurisdiction, names: list[str]) -> None:
        """Register the agencies the rulebook lists for pre-inspection information (they receive the letters)."""
        for name in names:
            organization_create(actor=admin, jurisdiction=j, name=name, kind="agency")

    def _fieldwork(
        self,
        leader: User,
        inspection: Any,
        entered: datetime.date,
        ended: datetime.date,
        phone: str,
        mailbox: str,
        during: Any = None,
    ) -> None:
        self._enter(leader, inspection, entered=entered, planned_end=ended, phone=phone, mailbox=mailbox)
        if during is not None:
            during()
        insp.inspection_end_fieldwork(actor=leader, inspection=inspection, ended_on=ended)

    def _enter(
        self,
        leader: User,
        inspection: Any,
        *,
        entered: datetime.date,
        planned_end: datetime.date,
        phone: str,
        mailbox: str,
    ) -> None:
        """Prepare and enter; the entry announcement drafted at entry goes public after the office head's approval,
        the same day."""
        insp.inspection_prepare(actor=leader, inspection=inspection, on=entered - datetime.timedelta(days=14))
        insp.inspection_enter(
            actor=leader,
            inspection=inspection,
            entered_on=entered,
            principal_notified_on=entered,
            mobilization_on=entered,
            contact_phone=phone,
            contact_mailbox=mailbox,
            contact_address=f"{inspection.target}机关大院接待室（演示）",
            planned_end=planned_end,
        )
        from xuncha.disclosures import services as disclosures

        office = Membership.objects.get(jurisdiction=inspection.jurisdiction, role="office_head").user
        notice = inspection.disclosures.get(stage="entry", status="draft")
        notice = disclosures.disclosure_approve(actor=office, disclosure=notice, approved_on=entered)
        disclosures.disclosure_publish(actor=office, disclosure=notice, published_on=entered)

    def _decide(
        self,
        u: dict[str, User],
        rnd: Any,
        teams: list[tuple[User, Any]],
        ended: datetime.date,
        heard: datetime.date,
        decided: datetime.date,
    ) -> None:
        """Reports final (each team's leader), the round ended, the leading group's hearing and the five-member
        group's decision for the inspections of `teams` (the third team, never staffed, was withdrawn from the round
        first, so the round can end and its hearing and decision are fulfilled)."""
        from xuncha.reports import services as reports
        from xuncha.results.services import decision_make, hearing_hold

        office = u["office_head"]
        for leader, inspection in teams:
            for kind in inspection.jurisdiction.rulebook.report_types:
                if kind.required:
                    # The demo's reports are finalized the day fieldwork ends.
                    on = type(inspection).objects.get(pk=inspection.pk).fieldwork_ended_on
                    report = reports.report_draft(actor=leader, inspection=inspection, type=kind.code, drafted_on=on)
                    reports.report_submit_for_review(actor=leader, report=report, submitted_on=on)
                    reports.report_finalize(actor=leader, report=report, finalized_on=on)
        rnd = round_end(actor=office, round=rnd, ended_on=ended)
        inspections = [i for _, i in teams]
        hearing_hold(
            actor=office,
            round=rnd,
            held_on=heard,
            agenda="听取各组情况汇报（演示）",
            attendees=[
                (u["leading_group_head"].full_name, "领导小组组长"),
                (u["leading_group_member"].full_name, "成员"),
            ],
            minutes="（演示）听取各组汇报，研究提出处理意见，报“五人小组”研究决定。",
            items=[(i, f"同意所报问题，责成被{rnd.jurisdiction.word}单位整改（演示）。") for i in inspections],
        )
        decision_make(
            actor=office,
            round=rnd,
            made_on=decided,
            attendees=[(u["five_member_group_member"].full_name, "“五人小组”成员")],
            minutes="（演示）听取领导小组综合报告，研究决定成果运用。",
            items=[(i, "反馈问题，督促整改（演示）。", ["feedback"]) for i in inspections],
        )

    def _feedback(
        self,
        u: dict[str, User],
        leader: User,
        unit: User,
        inspection: Any,
        given_on: datetime.date,
        signed_on: datetime.date | None,
    ) -> None:
        """The committee's consent where the rulebook asks for it (NMG-2016 第二十九条), the two sessions given by the
        leader, and, where the rulebook has the receipt (JDZ-2017 第三十四条), its three signatures on `signed_on`:
        the leader's, the principal leader's (recorded by the unit's contact, named from the registry) and the office
        head's."""
        from xuncha.feedback import services as fb

        office = u["office_head"]
        book = inspection.jurisdiction.rulebook
        if book.procedure.feedback_approval_by:
            fb.feedback_consent_record(
                actor=office,
                inspection=inspection,
                consented_on=given_on - datetime.timedelta(days=7),
                document="（演示）党委同意反馈的批复",
            )
        for audience, attendees in (("leadership", "领导班子全体成员（演示）"), ("principal", "主要负责人（演示）")):
            fb.feedback_session_hold(
                actor=leader,
                inspection=inspection,
                audience=audience,
                held_on=given_on,
                given_by=leader,
                attendees=attendees,
                opinions=f"（演示）针对{book.word}发现的问题，认真制定整改措施，切实抓好整改落实。",
            )
        if signed_on is None or book.signature_form("feedback_receipt") is None:
            return
        fb.feedback_receipt_sign(actor=leader, inspection=inspection, role="team_leader", signed_on=signed_on)
        fb.feedback_receipt_sign(
            actor=unit, inspection=inspection, role="unit_principal_leader", signed_on=signed_on, name=""
        )
        fb.feedback_receipt_sign(actor=office, inspection=inspection, role="office_head", signed_on=signed_on)

    def _staff(self, u: dict[str, User], j: Jurisdiction, rnd: Any, teams: dict[Any, list[str]]) -> None:
        """Enter the inspectors (the demo users' own cadre records, plus pool members without accounts), attest
        their 任职条件, and staff the teams through the recusal-checked assignment service. Leaders under NMG-2016
        are first authorized for the round from the leader pool (第九条 一次一授权)."""
        office = u["office_head"]
        spec = JDZ_INSPECTORS if j.rulebook_code == "JDZ-2017" else NMG_INSPECTORS
        found: dict[str, Any] = {}
        for code, key, kind, expertise, leader_pool, county in spec:
            cadre = Cadre.objects.get(jurisdiction=j, code=code)
            found[key or code] = inspector_create(
                actor=office,
                cadre=cadre,
                kind=kind,
                expertise=expertise,
                user=u.get(key) if key else None,
                in_leader_pool=leader_pool,
                county_level=county,
            )
            # 任职条件 (JDZ-2017 第八条, NMG-2016 第十一条): the office attests each before anyone is assigned.
            for condition in j.rulebook.eligibility_conditions:
                attestation_record(
                    actor=office,
                    inspector=found[key or code],
                    condition=condition.code,
                    attested_on=rnd.starts_on - datetime.timedelta(days=14),
                    basis="（演示）干部考察材料、体检结论",
                )
        roles = {"leader1": "leader", "leader2": "leader", "deputy1": "deputy", "liaison1": "liaison"}
        for team, keys in teams.items():
            for key in keys:
                role = roles.get(key, "member")
                if role in ("leader", "deputy") and j.rulebook.staffing.leader_selection == "leader_pool_per_round":
                    leader_authorize(
                        actor=office,
                        inspector=found[key],
                        round=rnd,
                        role=role,
                        authorized_on=rnd.starts_on,
                        basis="自治区党委书记专题会议决定（演示）",
                    )
                assignment_create(actor=office, team=team, inspector=found[key], role=role, on=rnd.starts_on)

    def _registry(self, actor: User, j: Jurisdiction, spec: dict[str, Any], orgs: dict[str, Any]) -> None:
        """More targets, subordinate units, and cadres with post histories (leadership and inspectors' own)."""
        for name, category, region, parent in spec["targets"]:
            orgs[name] = organization_create(
                actor=actor,
                jurisdiction=j,
                name=name,
                kind="target",
                target_category=category,
                region=region,
                parent=orgs.get(parent),
            )
        for code, name, native, level, posts in spec["cadres"]:
            cadre = cadre_create(
                actor=actor, jurisdiction=j, code=code, name=name, native_place=native, management_level=level
            )
            for org, title, started, ended, role in posts:
                post_create(
                    actor=actor,
                    cadre=cadre,
                    organization=orgs[org],
                    title=title,
                    started_on=started,
                    ended_on=ended,
                    is_leadership=role in ("leader", "principal"),
                    is_principal=role == "principal",
                )
