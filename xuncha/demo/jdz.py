"""The demo of the Jingdezhen municipal committee (JDZ-2017)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from xuncha.accounts.models import User
from xuncha.accounts.services import membership_grant
from xuncha.demo.clues import ClueDemo
from xuncha.demo.data import JDZ_REGISTRY, D, demo_items
from xuncha.demo.steps import DemoSteps
from xuncha.inspections import services as insp
from xuncha.jurisdictions.services import jurisdiction_create
from xuncha.planning.services import round_create, team_create, team_discipline_liaison_set, term_start
from xuncha.rectification import services as rect
from xuncha.registry.models import Cadre
from xuncha.registry.services import organization_create


class JdzDemo(DemoSteps, ClueDemo):
    """Jingdezhen's demo (JDZ-2017)."""

    def _jdz(self, admin: User) -> None:
        j = jurisdiction_create(
            actor=admin, code="jdz", name="中共景德镇市委", short_name="景德镇市委", rulebook_code="JDZ-2017"
        )
        u = self._common(
            admin,
            j,
            "jdz",
            {
                "office_head": "程立新",
                "office_staff": "邹雨桐",
                "leading_group_head": "詹国梁",
                "leading_group_member": "汪晓晴",
                "five_member_group_member": "余文博",
                "auditor": "胡思远",
            },
        )
        fuliang = organization_create(
            actor=admin,
            jurisdiction=j,
            name="中共浮梁县委",
            kind="target",
            target_category="local_leadership",
            region="江西省/景德镇市/浮梁县",
        )
        edu = organization_create(
            actor=admin,
            jurisdiction=j,
            name="景德镇市教育局党组",
            kind="target",
            target_category="party_departments",
            region="江西省/景德镇市",
        )
        jiwei = organization_create(
            actor=admin, jurisdiction=j, name="景德镇市纪委监委", kind="receiver", receiver_kind="discipline_organ"
        )
        zzb = organization_create(
            actor=admin,
            jurisdiction=j,
            name="中共景德镇市委组织部",
            kind="receiver",
            receiver_kind="organization_department",
        )
        for key, name, org, role in [
            ("unit", "洪佳怡", fuliang, "unit_contact"),
            ("unit2", "吴子涵", edu, "unit_contact"),
            ("jiwei", "冯可馨", jiwei, "receiver_contact"),
            ("zzb", "潘明哲", zzb, "receiver_contact"),
        ]:
            u[key] = self._user(f"jdz_{key}", name)
            membership_grant(actor=admin, user=u[key], jurisdiction=j, role=role, organization=org)
        # The agencies JDZ-2017 第二十六条 lists receive the team's letters; the 纪委 contact answers those sent to it.
        self._agencies(
            admin, j, ["景德镇市人民检察院", "景德镇市公安局", "景德镇市信访局", "景德镇市国资委", "景德镇市审计局"]
        )
        membership_grant(actor=admin, user=u["jiwei"], jurisdiction=j, role="agency_contact", organization=jiwei)
        for key, name in [
            ("leader1", "石建华"),
            ("deputy1", "曹文静"),
            ("liaison1", "舒立平"),
            ("member1", "操雅琴"),
            ("leader2", "吕振东"),
            ("member2", "郑晓蕾"),
        ]:
            u[key] = self._user(f"jdz_{key}", name)
        orgs = {"中共浮梁县委": fuliang, "景德镇市教育局党组": edu}
        self._registry(u["office_head"], j, JDZ_REGISTRY, orgs)
        term_start(
            actor=u["office_head"],
            jurisdiction=j,
            name="本届（2022—2026，演示）",
            starts_on=D(2022, 1, 1),
            ends_on=D(2026, 12, 31),
            plan="本届任期内对市管党组织巡察全覆盖（演示）。",
        )
        rnd = round_create(actor=u["office_head"], jurisdiction=j, year=2026, number=1, starts_on=D(2026, 3, 2))
        t1, t2, t3 = (team_create(actor=u["office_head"], round=rnd, number=n) for n in (1, 2, 3))
        i1 = insp.inspection_create(actor=u["office_head"], round=rnd, team=t1, target=fuliang)
        i2 = insp.inspection_create(actor=u["office_head"], round=rnd, team=t2, target=edu)
        # Team 3 (中共乐平市委) is left for the office to staff on the team-formation screen.
        i3 = insp.inspection_create(actor=u["office_head"], round=rnd, team=t3, target=orgs["中共乐平市委"])
        self._staff(u, j, rnd, {t1: ["leader1", "deputy1", "liaison1", "member1"], t2: ["leader2", "member2"]})
        # JDZ-2017 第二十八条: the liaison discipline inspection office sends a person to take part (fictional name).
        team_discipline_liaison_set(
            actor=u["office_head"], team=t1, office="市纪委监委第三纪检监察室", delegate="钟立言"
        )
        self._fieldwork(
            u["leader1"],
            i1,
            D(2026, 3, 16),
            D(2026, 4, 24),
            "0798-8200001",
            "景德镇市第0101号邮政信箱",
            during=lambda: self._jdz_material(u, i1),
        )
        self._fieldwork(u["leader2"], i2, D(2026, 3, 16), D(2026, 4, 24), "0798-8200002", "景德镇市第0102号邮政信箱")
        # Team 3 was never staffed: 乐平市委 is withdrawn from round 1 (it stays uncovered on the coverage page), so
        # that the round can end.
        insp.inspection_withdraw(
            actor=u["office_head"],
            inspection=i3,
            withdrawn_on=D(2026, 4, 30),
            reason="（演示）第三组未能配齐人员，乐平市委撤出本轮，另行安排。",
        )
        # Round ended in May; the leading group heard teams 1 and 2, the five-member group decided in June.
        self._decide(u, rnd, [(u["leader1"], i1), (u["leader2"], i2)], D(2026, 5, 8), D(2026, 5, 20), D(2026, 6, 3))
        self._jdz_clues_after(u, i1)
        # Team 1: feedback and receipt in September; plan in time (fulfilled), reports not yet (overdue).
        self._feedback(u, u["leader1"], u["unit"], i1, D(2026, 9, 7), D(2026, 9, 8))
        rect.rectification_plan_submit(
            actor=u["unit"],
            inspection=i1,
            submitted_on=D(2026, 9, 18),
            text="（演示）成立整改工作领导小组，县委书记任组长，逐项整改、对账销号。",
            items=demo_items(i1),
        )
        # Team 2: feedback in August; neither plan nor reports yet (both overdue).
        self._feedback(u, u["leader2"], u["unit2"], i2, D(2026, 8, 10), D(2026, 8, 12))
        self._jdz_queue(u, i1)

    def _jdz_queue(self, u: dict[str, User], i1: Any) -> None:
        """Work for the queues (docs/work-queue.md): 浮梁 submits its reports late, so they wait for team 1's leader
        to review them (第三十四条); the organization department asked twice about 浮梁's leaders (第三十八条): once
        answered (its contact has the answer to read), once not (the office and team 1's leader have it to answer)."""
        from xuncha.results import services as results

        rect.rectification_reports_submit(
            actor=u["unit"],
            inspection=i1,
            submitted_on=D(2026, 11, 20),
            situation_report="（演示）整改情况报告：反馈的问题已逐项整改。",
            principal_report="（演示）县委书记组织落实整改情况报告。",
        )
        answered = results.consultation_request(
            actor=u["zzb"],
            cadre=Cadre.objects.get(jurisdiction=i1.jurisdiction, code="JD-0001"),
            occasion="appraisal",
            purpose="（演示）年度考核，听取巡察组意见。",
            asked_on=D(2026, 10, 12),
        )
        results.consultation_answer(
            actor=u["office_head"],
            consultation=answered,
            opinion="（演示）巡察中未发现该同志有违规违纪问题线索。",
            answered_on=D(2026, 10, 16),
        )
        results.consultation_request(
            actor=u["zzb"],
            cadre=Cadre.objects.get(jurisdiction=i1.jurisdiction, code="JD-0002"),
            occasion="selection",
            purpose="（演示）拟调整使用，听取巡察组意见。",
            asked_on=D(2026, 11, 25),
        )

    def _jdz_material(self, u: dict[str, User], i1: Any) -> None:
        """What team 1 recorded on site in 浮梁县 (fictional): a talk, a petition, a forum, and a finding that the
        team meeting and the leader approved with the talk as evidence."""
        from xuncha.fieldwork import services as fw
        from xuncha.findings import services as fd

        talk = insp.talk_record_create(
            actor=u["member1"],
            inspection=i1,
            interviewee="（演示）县直某单位干部",
            place="浮梁县委巡察组驻地谈话室",
            recorder="操雅琴",
            talked_at=timezone.make_aware(datetime.datetime(2026, 4, 8, 9, 30)),
            content="（演示数据，人物虚构）谈话对象反映了有关工程项目招投标的情况。",
        )
        petition = fw.petition_register(
            actor=u["member1"],
            inspection=i1,
            channel="letter",
            received_on=D(2026, 3, 20),
            about="（演示）某乡镇党委主要负责人",
            classification="integrity_discipline",
            content="（演示数据，人物虚构）来信反映某乡镇违规发放津贴补贴。",
            petitioner_name="（演示）匿名群众甲",
        )
        fw.fieldwork_record_create(
            actor=u["deputy1"],
            inspection=i1,
            method="forum",
            held_on=D(2026, 3, 25),
            place="浮梁县委第二会议室",
            participants="县直部门干部代表12人（演示）",
            summary="围绕落实全面从严治党主体责任召开座谈会（演示）。",
            details={"attendees": 12, "attendee_scope": "县直部门中层干部", "topic": "全面从严治党主体责任"},
        )
        finding = fd.finding_create(
            actor=u["member1"],
            inspection=i1,
            title="（演示）工程项目招投标监管不严",
            category="integrity_discipline",
            description="（演示数据）个别工程项目存在规避招标的情况。",
            drafted_on=D(2026, 4, 20),
        )
        fd.evidence_link(actor=u["member1"], finding=finding, kind="talk", object_id=talk.pk)
        fd.team_meeting_hold(
            actor=u["leader1"],
            inspection=i1,
            held_on=D(2026, 4, 20),
            attendees=[u["leader1"], u["deputy1"], u["liaison1"], u["member1"]],
            agenda="研究问题底稿（演示）",
            minutes="（演示）组务会一致同意问题底稿1。",
            findings=[finding],
        )
        fd.finding_leader_approve(actor=u["leader1"], finding=finding, on=D(2026, 4, 21))
        self._jdz_clues_on_site(u, i1, petition, talk)
