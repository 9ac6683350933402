"""Fictional demo data for both rulebooks: every role has an account.

Places and institutions are real names; every person is invented."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from xuncha.accounts.models import Membership, User
from xuncha.accounts.services import membership_grant, user_create
from xuncha.inspections import services as insp
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.jurisdictions.services import jurisdiction_create
from xuncha.people.services import assignment_create, attestation_record, inspector_create, leader_authorize
from xuncha.planning.services import round_create, round_end, team_create, team_discipline_liaison_set, term_start
from xuncha.rectification import services as rect
from xuncha.rectification.selectors import fed_back_problems
from xuncha.registry.models import Cadre
from xuncha.registry.services import cadre_create, organization_create, post_create

DEMO_PASSWORD = "xuncha-demo"
D = datetime.date


def _demo_items(inspection: Any) -> list[rect.PlannedItem]:
    """One rectification item for each problem the feedback pointed out."""
    return [
        rect.PlannedItem(
            p.pk, f"（演示）针对“{p.title}”：全面排查、限期纠正、建章立制。", "（演示）分管负责人", D(2026, 12, 31)
        )
        for p in fed_back_problems(inspection)
    ]


# (name, category, region, parent) and (code, name, native place, level, [(unit, title, from, to, role)]).
# Everyone is invented. JD-I… are the inspectors' own records: 石建华 served in a 浮梁县 bureau until 2023,
# which the recusal engine flags for the team inspecting 中共浮梁县委.
JDZ_REGISTRY: dict[str, Any] = {
    "targets": [
        ("浮梁县教育体育局党组", "local_leadership", "江西省/景德镇市/浮梁县", "中共浮梁县委"),
        ("中共乐平市委", "local_leadership", "江西省/景德镇市/乐平市", None),
        ("景德镇市陶瓷文化旅游集团党委", "enterprises_institutions", "江西省/景德镇市", None),
        ("景德镇市交通运输局党组", "party_departments", "江西省/景德镇市", None),
    ],
    "cadres": [
        (
            "JD-0001",
            "周向东",
            "江西省/上饶市",
            "jurisdiction",
            [("中共浮梁县委", "县委书记", D(2021, 6, 1), None, "principal")],
        ),
        (
            "JD-0002",
            "陈雅丽",
            "江西省/九江市",
            "jurisdiction",
            [("中共浮梁县委", "县委副书记、县长", D(2022, 1, 10), None, "leader")],
        ),
        (
            "JD-0003",
            "黄志明",
            "江西省/景德镇市/浮梁县",
            "township",
            [("浮梁县教育体育局党组", "党组书记、局长", D(2020, 3, 1), None, "principal")],
        ),
        (
            "JD-0004",
            "李秋实",
            "江西省/抚州市",
            "jurisdiction",
            [("景德镇市教育局党组", "党组书记、局长", D(2023, 2, 1), None, "principal")],
        ),
        (
            "JD-0005",
            "刘安平",
            "江西省/景德镇市/乐平市",
            "jurisdiction",
            [("中共乐平市委", "市委书记", D(2022, 8, 1), None, "principal")],
        ),
        (
            "JD-I001",
            "石建华",
            "江西省/景德镇市/昌江区",
            "jurisdiction",
            [("景德镇市交通运输局党组", "党组成员、副局长", D(2014, 3, 1), D(2019, 5, 31), "leader")],
        ),
        ("JD-I002", "曹文静", "江西省/南昌市", "jurisdiction", []),
        ("JD-I003", "舒立平", "江西省/景德镇市/乐平市", "other", []),
        ("JD-I004", "操雅琴", "江西省/宜春市", "other", []),
        ("JD-I005", "吕振东", "江西省/吉安市", "jurisdiction", []),
        ("JD-I006", "郑晓蕾", "江西省/赣州市", "other", []),
        (
            "JD-I007",
            "江海波",
            "江西省/鹰潭市",
            "other",
            [("浮梁县教育体育局党组", "党组成员、副局长", D(2018, 3, 1), D(2023, 5, 31), "leader")],
        ),
        ("JD-I008", "严冬梅", "江西省/景德镇市/乐平市", "other", []),
        ("JD-I009", "付晨光", "江西省/萍乡市", "other", []),
        ("JD-I010", "彭少华", "江西省/新余市", "jurisdiction", []),
    ],
}
# (cadre code, demo user key or "", kind, expertise, leader pool, county level)
JDZ_INSPECTORS = [
    ("JD-I001", "leader1", "full_time", ["discipline"], False, True),
    ("JD-I002", "deputy1", "full_time", ["organization"], False, True),
    ("JD-I003", "liaison1", "full_time", ["petitions"], False, False),
    ("JD-I004", "member1", "seconded", ["audit"], False, False),
    ("JD-I005", "leader2", "full_time", ["discipline", "organization"], False, True),
    ("JD-I006", "member2", "training", ["finance"], False, False),
    ("JD-I007", "", "pool", ["discipline"], False, False),
    ("JD-I008", "", "pool", ["audit"], False, False),
    ("JD-I009", "", "pool", ["finance"], False, False),
    ("JD-I010", "", "full_time", ["organization"], False, True),
]
# NMG-2016 第九条 takes leaders from the 组长库 (一次一授权); 县级领导干部 is JDZ-2017 第七条's qualification only.
NMG_INSPECTORS = [
    ("NM-I001", "leader1", "full_time", ["discipline"], True, False),
    ("NM-I002", "deputy1", "full_time", ["organization"], True, False),
    ("NM-I003", "liaison1", "full_time", ["petitions"], False, False),
    ("NM-I004", "member1", "pool", ["audit"], False, False),
    ("NM-I005", "leader2", "full_time", ["discipline", "finance"], True, False),
    ("NM-I006", "member2", "pool", ["public_security"], False, False),
    ("NM-I007", "", "pool", ["audit"], False, False),
    ("NM-I008", "", "full_time", ["organization"], True, False),
    ("NM-I009", "", "pool", ["legal"], False, False),
]
NMG_REGISTRY: dict[str, Any] = {
    "targets": [
        ("中共包头市昆都仑区委", "local_leadership", "内蒙古自治区/包头市/昆都仑区", "中共包头市委"),
        ("内蒙古自治区交通运输厅党组", "party_departments", "内蒙古自治区", None),
        ("中共鄂尔多斯市委", "local_leadership", "内蒙古自治区/鄂尔多斯市", None),
    ],
    "cadres": [
        (
            "NM-0001",
            "赵永刚",
            "河北省/张家口市",
            "jurisdiction",
            [("中共包头市委", "市委书记", D(2021, 9, 1), None, "principal")],
        ),
        (
            "NM-0002",
            "格日勒",
            "内蒙古自治区/锡林郭勒盟",
            "jurisdiction",
            [("中共赤峰市委", "市委书记", D(2022, 4, 1), None, "principal")],
        ),
        ("NM-I001", "那日苏", "内蒙古自治区/赤峰市", "jurisdiction", []),
        ("NM-I002", "刘庆丰", "内蒙古自治区/乌兰察布市", "jurisdiction", []),
        ("NM-I003", "阿拉坦", "内蒙古自治区/通辽市", "other", []),
        ("NM-I004", "高娜仁", "内蒙古自治区/呼伦贝尔市", "other", []),
        ("NM-I005", "张铁军", "山西省/大同市", "jurisdiction", []),
        ("NM-I006", "图门", "内蒙古自治区/兴安盟", "other", []),
        ("NM-I007", "苏和", "内蒙古自治区/鄂尔多斯市", "other", []),
        ("NM-I008", "李建平", "内蒙古自治区/巴彦淖尔市", "jurisdiction", []),
        ("NM-I009", "白云飞", "内蒙古自治区/阿拉善盟", "other", []),
    ],
}


class Command(BaseCommand):
    help = "载入演示数据（两部规则、各角色账号、可在工作台看到的应办事项）。已有数据时不重复载入。"

    def handle(self, *args: Any, **options: Any) -> None:
        if Jurisdiction.objects.exists():
            self.stdout.write("已有数据，跳过演示数据载入。")
        else:
            with transaction.atomic():
                self._load()
        self._print_accounts()

    def _user(self, username: str, full_name: str) -> User:
        return user_create(actor=None, username=username, full_name=full_name, password=DEMO_PASSWORD)

    def _load(self) -> None:
        admin = self._user("admin", "苗一凡")
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
        self._jdz(admin)
        self._nmg(admin)

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
        # Team 1: feedback and receipt in September; plan in time (fulfilled), reports not yet (overdue).
        self._feedback(u, u["leader1"], u["unit"], i1, D(2026, 9, 7), D(2026, 9, 8))
        rect.rectification_plan_submit(
            actor=u["unit"],
            inspection=i1,
            submitted_on=D(2026, 9, 18),
            text="（演示）成立整改工作领导小组，县委书记任组长，逐项整改、对账销号。",
            items=_demo_items(i1),
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

    def _nmg(self, admin: User) -> None:
        j = jurisdiction_create(
            actor=admin,
            code="nmg",
            name="中共内蒙古自治区委员会",
            short_name="内蒙古自治区党委",
            rulebook_code="NMG-2016",
        )
        u = self._common(
            admin,
            j,
            "nmg",
            {
                "office_head": "巴特尔",
                "office_staff": "乌兰图雅",
                "leading_group_head": "孟庆和",
                "leading_group_member": "其其格",
                "five_member_group_member": "贺志远",
                "auditor": "萨仁高娃",
            },
        )
        baotou = organization_create(
            actor=admin,
            jurisdiction=j,
            name="中共包头市委",
            kind="target",
            target_category="local_leadership",
            region="内蒙古自治区/包头市",
        )
        chifeng = organization_create(
            actor=admin,
            jurisdiction=j,
            name="中共赤峰市委",
            kind="target",
            target_category="local_leadership",
            region="内蒙古自治区/赤峰市",
        )
        jiwei = organization_create(
            actor=admin, jurisdiction=j, name="内蒙古自治区纪委监委", kind="receiver", receiver_kind="discipline_organ"
        )
        for key, name, org, role in [
            ("unit", "额尔敦", baotou, "unit_contact"),
            ("unit2", "王海霞", chifeng, "unit_contact"),
            ("jiwei", "包文斌", jiwei, "receiver_contact"),
        ]:
            u[key] = self._user(f"nmg_{key}", name)
            membership_grant(actor=admin, user=u[key], jurisdiction=j, role=role, organization=org)
        # NMG-2016 第二十四条: 同级纪检监察机关、政法机关和组织、审计、信访等部门和单位.
        self._agencies(
            admin, j, ["自治区党委政法委员会", "自治区党委组织部", "内蒙古自治区审计厅", "内蒙古自治区信访局"]
        )
        membership_grant(actor=admin, user=u["jiwei"], jurisdiction=j, role="agency_contact", organization=jiwei)
        for key, name in [
            ("leader1", "那日苏"),
            ("deputy1", "刘庆丰"),
            ("liaison1", "阿拉坦"),
            ("member1", "高娜仁"),
            ("leader2", "张铁军"),
            ("member2", "图门"),
        ]:
            u[key] = self._user(f"nmg_{key}", name)
        orgs = {"中共包头市委": baotou, "中共赤峰市委": chifeng}
        self._registry(u["office_head"], j, NMG_REGISTRY, orgs)
        term_start(
            actor=u["office_head"],
            jurisdiction=j,
            name="本届（2021—2026，演示）",
            starts_on=D(2021, 11, 1),
            ends_on=D(2026, 12, 31),
            plan="本届任期内巡视全覆盖（演示）。",
        )
        rnd = round_create(actor=u["office_head"], jurisdiction=j, year=2026, number=2, starts_on=D(2026, 4, 7))
        t1, t2, t3 = (team_create(actor=u["office_head"], round=rnd, number=n) for n in (1, 2, 3))
        i1 = insp.inspection_create(actor=u["office_head"], round=rnd, team=t1, target=baotou)
        i2 = insp.inspection_create(actor=u["office_head"], round=rnd, team=t2, target=chifeng)
        i3 = insp.inspection_create(actor=u["office_head"], round=rnd, team=t3, target=orgs["中共鄂尔多斯市委"])
        self._staff(u, j, rnd, {t1: ["leader1", "deputy1", "liaison1", "member1"], t2: ["leader2", "member2"]})
        self._fieldwork(u["leader1"], i1, D(2026, 4, 20), D(2026, 5, 29), "0472-5100001", "包头市第0201号邮政信箱")
        self._fieldwork(u["leader2"], i2, D(2026, 4, 20), D(2026, 5, 29), "0476-8300001", "赤峰市第0301号邮政信箱")
        insp.inspection_withdraw(
            actor=u["office_head"],
            inspection=i3,
            withdrawn_on=D(2026, 5, 29),
            reason="（演示）第三组组长未获一次一授权，鄂尔多斯市委撤出本轮，另行安排。",
        )
        self._decide(u, rnd, [(u["leader1"], i1), (u["leader2"], i2)], D(2026, 6, 5), D(2026, 6, 12), D(2026, 6, 19))
        # 包头: feedback 2026-09-22, reports due two months later, 2026-11-22 (a Sunday) → 11-23.
        self._feedback(u, u["leader1"], u["unit"], i1, D(2026, 9, 22), None)
        # 赤峰: feedback in July, reports submitted in September (fulfilled).
        self._feedback(u, u["leader2"], u["unit2"], i2, D(2026, 7, 15), None)
        rect.rectification_items_record(
            actor=u["unit2"],
            inspection=i2,
            recorded_on=D(2026, 7, 31),
            text="（演示）逐项整改。",
            items=_demo_items(i2),
        )
        rect.rectification_reports_submit(
            actor=u["unit2"],
            inspection=i2,
            submitted_on=D(2026, 9, 10),
            situation_report="（演示）整改情况报告：反馈意见已逐项整改。",
            principal_report="（演示）主要负责人组织落实情况报告。",
        )

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
            planned_end=ended,
        )
        # The entry announcement drafted at entry goes public after the office head's approval, the same day.
        from xuncha.disclosures import services as disclosures

        office = Membership.objects.get(jurisdiction=inspection.jurisdiction, role="office_head").user
        notice = inspection.disclosures.get(stage="entry", status="draft")
        notice = disclosures.disclosure_approve(actor=office, disclosure=notice, approved_on=entered)
        disclosures.disclosure_publish(actor=office, disclosure=notice, published_on=entered)
        if during is not None:
            during()
        insp.inspection_end_fieldwork(actor=leader, inspection=inspection, ended_on=ended)

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
        fw.petition_register(
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

    def _print_accounts(self) -> None:
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
        rows: list[tuple[str, str]] = []
        for m in Membership.objects.select_related("user", "jurisdiction", "organization").order_by(
            "jurisdiction", "id"
        ):
            if m.role == "sysadmin" and rows and rows[-1][0] == m.user.username:
                continue
            org = f"（{m.organization}）" if m.organization else ""
            rows.append((m.user.username, f"{m.jurisdiction.short_name} {m.role_label}{org}"))
        from xuncha.planning.models import TeamMembership

        for t in TeamMembership.objects.select_related("user", "team__round__jurisdiction").order_by("team_id", "id"):
            rows.append((t.user.username, f"{t.team} {t.get_role_display()}"))
        seen = set()
        for username, desc in rows:
            if (username, desc) in seen:
                continue
            seen.add((username, desc))
            self.stdout.write(f"  {username:<32} {desc}")
