"""The demo of the Inner Mongolia autonomous region committee (NMG-2016)."""

from __future__ import annotations

from xuncha.accounts.models import User
from xuncha.accounts.services import membership_grant
from xuncha.demo.clues import ClueDemo
from xuncha.demo.data import NMG_REGISTRY, D, demo_items
from xuncha.demo.steps import DemoSteps
from xuncha.inspections import services as insp
from xuncha.jurisdictions.services import jurisdiction_create
from xuncha.planning.services import round_create, team_create, term_start
from xuncha.rectification import services as rect
from xuncha.registry.services import organization_create


class NmgDemo(DemoSteps, ClueDemo):
    """Inner Mongolia's demo (NMG-2016)."""

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
        self._fieldwork(
            u["leader1"],
            i1,
            D(2026, 4, 20),
            D(2026, 5, 29),
            "0472-5100001",
            "包头市第0201号邮政信箱",
            during=lambda: self._nmg_clues_on_site(u, i1),
        )
        self._fieldwork(u["leader2"], i2, D(2026, 4, 20), D(2026, 5, 29), "0476-8300001", "赤峰市第0301号邮政信箱")
        insp.inspection_withdraw(
            actor=u["office_head"],
            inspection=i3,
            withdrawn_on=D(2026, 5, 29),
            reason="（演示）第三组组长未获一次一授权，鄂尔多斯市委撤出本轮，另行安排。",
        )
        self._decide(u, rnd, [(u["leader1"], i1), (u["leader2"], i2)], D(2026, 6, 5), D(2026, 6, 12), D(2026, 6, 19))
        self._nmg_clues_after(u, i1, D(2026, 6, 19))
        # 包头: feedback 2026-09-22, reports due two months later, 2026-11-22 (a Sunday) → 11-23.
        self._feedback(u, u["leader1"], u["unit"], i1, D(2026, 9, 22), None)
        # 赤峰: feedback in July, reports submitted in September (fulfilled).
        self._feedback(u, u["leader2"], u["unit2"], i2, D(2026, 7, 15), None)
        rect.rectification_items_record(
            actor=u["unit2"],
            inspection=i2,
            recorded_on=D(2026, 7, 31),
            text="（演示）逐项整改。",
            items=demo_items(i2),
        )
        rect.rectification_reports_submit(
            actor=u["unit2"],
            inspection=i2,
            submitted_on=D(2026, 9, 10),
            situation_report="（演示）整改情况报告：反馈意见已逐项整改。",
            principal_report="（演示）主要负责人组织落实情况报告。",
        )
