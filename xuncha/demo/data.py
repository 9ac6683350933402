"""Fictional demo data for both rulebooks: every role has an account.

Places and institutions are real names; every person is invented.

The fixed data: the dates, the password, the inspectors of each jurisdiction and the rectification items."""

from __future__ import annotations

import datetime
from typing import Any

from xuncha.rectification import services as rect
from xuncha.rectification.selectors import fed_back_problems

DEMO_PASSWORD = "xuncha-demo"
D = datetime.date


def demo_items(inspection: Any) -> list[rect.PlannedItem]:
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
