"""Importing sheets: round trip, refusal of invalid files as a whole, the update rule, scale."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from xuncha.accounts.services import membership_grant, user_create
from xuncha.audit.models import Event
from xuncha.conftest import Side
from xuncha.jurisdictions.services import jurisdiction_create
from xuncha.people.models import Inspector
from xuncha.registry.models import Cadre, Organization, Post
from xuncha.registry.services import cadre_create, organization_create, organization_reorganize, post_create
from xuncha.spreadsheets.models import ImportJob

from .conftest import data_rows, xlsx

D = datetime.date
Run = Callable[..., ImportJob]


def _registry(side: Side) -> None:
    """A small registry for the 景德镇市委 side, entered through the services."""
    j, unit1 = side.jurisdiction, side.inspection.target
    county = organization_create(
        actor=None,
        jurisdiction=j,
        name="浮梁县委",
        kind="target",
        target_category="local_leadership",
        region="江西省/景德镇市/浮梁县",
        parent=unit1,
    )
    old = organization_create(actor=None, jurisdiction=j, name="市二轻局", kind="target", target_category="other_units")
    organization_reorganize(
        actor=None, organization=old, status="merged", on=D(2021, 6, 30), successor=side.other_inspection.target
    )
    zhang = cadre_create(
        actor=None,
        jurisdiction=j,
        code="C001",
        name="张三",
        native_place="江西省/景德镇市/浮梁县",
        management_level="jurisdiction",
    )
    li = cadre_create(actor=None, jurisdiction=j, code="C002", name="李四", native_place="江西省/上饶市")
    cadre_create(actor=None, jurisdiction=j, code="C003", name="王五", management_level="township")
    post_create(
        actor=None, cadre=zhang, organization=county, title="县委书记", started_on=D(2021, 7, 1), is_principal=True
    )
    post_create(
        actor=None,
        cadre=zhang,
        organization=unit1,
        title="副书记",
        started_on=D(2016, 3, 1),
        ended_on=D(2021, 6, 30),
        is_leadership=True,
    )
    post_create(actor=None, cadre=li, organization=county, title="县长", started_on=D(2022, 1, 5), is_leadership=True)
    post_create(actor=None, cadre=li, organization=old, title="科员", started_on=D(2010, 9, 1))


def _export(client: Client, kind: str, code: str) -> bytes:
    response = client.get(f"/excel/api/{kind}/export/?jurisdiction={code}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_round_trip_into_an_empty_jurisdiction_gives_the_same_data(jdz: Side, run_import: Run) -> None:
    _registry(jdz)
    inspectors = xlsx(
        "inspectors",
        # 组长库 否: JDZ-2017 has no leader pool (第七条), see test_inspectors_follow_inspector_create_rules.
        [["C001", "张三", "专职巡察干部", "纪检监察、审计", "否", "是"], ["C003", "", "挂职锻炼干部", "", "", "否"]],
    )
    assert run_import(jdz.office_head, jdz.jurisdiction, "inspectors", inspectors).status == "done"

    client = Client()
    client.force_login(jdz.office_head)
    kinds = ["targets", "cadres", "leadership", "inspectors"]
    before = {kind: _export(client, kind, "jdz") for kind in kinds}
    assert len(data_rows(before["targets"])) == 4
    assert len(data_rows(before["cadres"])) == 5  # four posts, and 王五 without a post
    assert len(data_rows(before["leadership"])) == 3
    assert len(data_rows(before["inspectors"])) == 2

    fl = jurisdiction_create(
        actor=None, code="fl", name="浮梁县委（测试）", short_name="浮梁", rulebook_code="JDZ-2017"
    )
    head = user_create(actor=None, username="fl_head", full_name="浮梁办", password="pw-test-123")
    membership_grant(actor=None, user=head, jurisdiction=fl, role="office_head")
    events = Event.objects.filter(jurisdiction=fl).count()
    for kind in kinds:
        job = run_import(head, fl, kind, before[kind])
        assert job.status == "done", job.errors
        event = Event.objects.filter(jurisdiction=fl, action=f"import.{kind}").get()
        assert (event.after or {})["sha256"] == hashlib.sha256(before[kind]).hexdigest()
    assert Event.objects.filter(jurisdiction=fl).count() == events + 4  # one event per file, not per row

    client.force_login(head)
    for kind in kinds:
        assert data_rows(_export(client, kind, "fl")) == data_rows(before[kind]), kind
    merged = Organization.objects.get(jurisdiction=fl, name="市二轻局")
    successor = merged.successor
    assert successor is not None
    assert (merged.status, merged.status_on, successor.name) == ("merged", D(2021, 6, 30), "jdz单位二")
    county = Organization.objects.select_related("parent").get(jurisdiction=fl, name="浮梁县委")
    assert county.parent is not None and county.parent.name == "jdz单位一"
    assert Inspector.objects.get(cadre__jurisdiction=fl, cadre__code="C001").expertise == ["discipline", "audit"]


def test_an_invalid_file_lists_every_problem_and_writes_nothing(jdz: Side, run_import: Run) -> None:
    content = xlsx(
        "targets",
        [
            ["市财政局", "市直部门和人民团体", "江西省/景德镇市", "", "存续", None, None],  # valid on its own
            ["乐平市委", "县委", "", "", "", None, None],
            ["市文旅局", "party_departments", "江西省//景德镇市", "不存在的单位", "", None, None],
            ["市财政局", "other_units", "", "", "已撤销", "2023-13-01", None],
            ["jdz纪委", "other_units", "", "", "", None, None],
        ],
    )
    orgs, events = Organization.objects.count(), Event.objects.count()
    job = run_import(jdz.office_clerk, jdz.jurisdiction, "targets", content)
    assert job.status == "invalid"
    assert Organization.objects.count() == orgs
    assert Event.objects.count() == events
    found = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert found[(3, "对象类别")] == "“县委”不是《景德镇市委巡察工作实施办法》第十五条规定的类别"
    assert "江西省/景德镇市/浮梁县" in found[(4, "地区")]
    assert found[(4, "上级单位")] == "“不存在的单位”既不在本表中，也不是本党委已登记的单位"
    assert found[(5, "名称")] == "与第 2 行重复：同一单位只能有一行"
    assert "不是日期" in found[(5, "状态变更日期")]
    assert "已登记为接收单位" in found[(6, "名称")]
    assert job.error_count == len(job.errors) == 6

    client = Client()
    client.force_login(jdz.office_clerk)
    html = client.get(f"/excel/jobs/{job.pk}/").content.decode()
    assert "共 6 处问题，未写入任何数据" in html
    assert "第 3 行" in html and "第十五条" in html


def test_an_invalid_cadre_file_is_refused_row_by_row(jdz: Side, run_import: Run) -> None:
    unit1 = jdz.inspection.target.name
    zhang = cadre_create(actor=None, jurisdiction=jdz.jurisdiction, code="C001", name="张三")
    post_create(
        actor=None,
        cadre=zhang,
        organization=jdz.inspection.target,
        title="书记",
        started_on=D(2020, 1, 1),
        is_principal=True,
    )
    content = xlsx(
        "cadres",
        [
            ["C100", "赵六", "江西省", "本级管理干部", unit1, "副书记", "是", "否", D(2019, 1, 1), None],
            ["C100", "赵陆", "江西省", "本级管理干部", unit1, "委员", "是", "否", D(2018, 1, 1), None],
            ["C101", "钱七", "", "", "不存在的局", "局长", "是", "否", D(2019, 1, 1), None],
            ["C102", "孙八", "", "", unit1, "书记", "是", "是", D(2022, 1, 1), None],
            ["C103", "周九", "", "", unit1, "科长", "否", "是", D(2022, 1, 1), D(2021, 1, 1)],
            ["C104", "吴十", "", "处级", "", "", "", "", None, None],
            ["C105", "郑一", "", "", unit1, "", "", "", "2020-01-01", None],
        ],
    )
    cadres, posts, events = Cadre.objects.count(), Post.objects.count(), Event.objects.count()
    job = run_import(jdz.office_head, jdz.jurisdiction, "cadres", content)
    assert job.status == "invalid"
    assert (Cadre.objects.count(), Post.objects.count(), Event.objects.count()) == (cadres, posts, events)
    found = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert found[(3, "姓名")] == "与第 2 行（同一人员编号 C100）不一致：那里是“赵六”"
    assert found[(4, "单位名称")].startswith("“不存在的局”不是本党委已登记的单位")
    assert found[(5, "主要负责人")] == f"{unit1}现任主要负责人为张三，请先登记其离任日期"
    assert found[(6, "领导班子成员")] == "主要负责人必为领导班子成员"
    assert found[(6, "离任日期")] == "离任日期 2021-01-01 早于任职日期 2022-01-01"
    assert found[(7, "管理层级")].startswith("“处级”不是管理层级")
    assert found[(8, "职务")].startswith("登记任职时必填")


def test_existing_cadres_are_updated_and_only_new_posts_added(jdz: Side, run_import: Run) -> None:
    unit1, unit2 = jdz.inspection.target, jdz.other_inspection.target
    zhang = cadre_create(actor=None, jurisdiction=jdz.jurisdiction, code="C001", name="张三", native_place="江西省")
    post_create(
        actor=None, cadre=zhang, organization=unit1, title="副书记", started_on=D(2016, 3, 1), is_leadership=True
    )
    content = xlsx(
        "cadres",
        [
            ["C001", "张叁", "江西省/景德镇市", "本级管理干部", unit1.name, "副书记", "是", "否", D(2016, 3, 1), None],
            ["C001", "张叁", "江西省/景德镇市", "本级管理干部", unit2.name, "书记", "是", "是", D(2021, 3, 1), None],
            ["C002", "李四", "", "", "", "", "", "", None, None],
        ],
    )
    job = run_import(jdz.office_head, jdz.jurisdiction, "cadres", content)
    assert job.status == "done", job.errors
    assert job.counts == {"cadres_created": 1, "cadres_updated": 1, "posts_created": 1, "posts_existing": 1, "rows": 3}
    zhang.refresh_from_db()
    assert (zhang.name, zhang.native_place, zhang.management_level) == ("张叁", "江西省/景德镇市", "jurisdiction")
    assert sorted(zhang.posts.values_list("title", flat=True)) == ["书记", "副书记"]
    assert Cadre.objects.filter(jurisdiction=jdz.jurisdiction, code="C002", name="李四").exists()


def test_leadership_sheet_checks_names_against_the_registry(jdz: Side, run_import: Run) -> None:
    cadre_create(actor=None, jurisdiction=jdz.jurisdiction, code="C001", name="张三")
    unit1 = jdz.inspection.target.name
    bad = xlsx("leadership", [[unit1, "书记", "C001", "张叁", "是", D(2020, 1, 1), None]])
    job = run_import(jdz.office_head, jdz.jurisdiction, "leadership", bad)
    assert job.errors == [
        {
            "row": 2,
            "column": "姓名",
            "message": "人员编号 C001 已登记为“张三”，与本行不一致（本表不修改干部信息）",
            "article": "",
        }
    ]
    good = xlsx(
        "leadership",
        [
            [unit1, "书记", "C001", "张三", "是", D(2020, 1, 1), None],
            [unit1, "副书记", "C009", "新人", "", D(2020, 2, 1), None],
        ],
    )
    job = run_import(jdz.office_head, jdz.jurisdiction, "leadership", good)
    assert job.status == "done", job.errors
    assert Post.objects.filter(organization__name=unit1, is_leadership=True).count() == 2
    assert Post.objects.get(organization__name=unit1, is_principal=True).cadre.name == "张三"


def test_inspector_kinds_and_expertise_follow_the_rulebook(jdz: Side, nmg: Side, run_import: Run) -> None:
    cadre_create(actor=None, jurisdiction=nmg.jurisdiction, code="N1", name="巴特尔")
    content = xlsx(
        "inspectors", [["N1", "", "挂职锻炼干部", "纪检监察", "是", "是"], ["N2", "", "专职巡视干部", "", "", ""]]
    )
    job = run_import(nmg.office_head, nmg.jurisdiction, "inspectors", content)
    found = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert found[(2, "类别")] == "《内蒙古自治区党委巡视工作实施办法》没有规定挂职锻炼干部，不能按此类别登记（类别）"
    assert found[(3, "人员编号")] == "人员编号 N2 不在本党委干部名册中（请先导入干部任职表）"
    content = xlsx("inspectors", [["N1", "", "科长", "", "", ""]])
    job = run_import(nmg.office_head, nmg.jurisdiction, "inspectors", content)
    assert job.errors[0]["message"].startswith("“科长”不是巡视工作人员类别（可填：")
    assert "人才库人员（第十三条）" in job.errors[0]["message"]
    assert "挂职锻炼干部" not in job.errors[0]["message"]

    cadre_create(actor=None, jurisdiction=jdz.jurisdiction, code="J1", name="张三")
    content = xlsx("inspectors", [["J1", "张三", "人才库人员", "纪检监察、考古", "", ""]])
    job = run_import(jdz.office_head, jdz.jurisdiction, "inspectors", content)
    assert job.errors[0]["message"].startswith(
        "专业领域 考古 不在《景德镇市委巡察工作实施办法》第九条所列的专业领域之中"
    )
    assert (job.errors[0]["column"], job.errors[0]["article"]) == ("专业领域", "第九条")


def test_a_file_without_the_template_columns_is_refused(jdz: Side, run_import: Run) -> None:
    content = xlsx("targets", [["市财政局", "市直部门和人民团体"]], headers=["名称", "类别"])
    job = run_import(jdz.office_head, jdz.jurisdiction, "targets", content)
    assert job.status == "invalid"
    columns = {e["column"] for e in job.errors}
    assert "类别" in columns and "对象类别" in columns
    assert all(e["row"] == 1 for e in job.errors)
    not_xlsx = run_import(jdz.office_head, jdz.jurisdiction, "targets", b"not a workbook")
    assert not_xlsx.status == "invalid" and "不是可以读取的 Excel 工作簿" in not_xlsx.errors[0]["message"]


@pytest.mark.django_db
def test_two_thousand_cadre_rows_import_in_one_event(jdz: Side, run_import: Run) -> None:
    units = [jdz.inspection.target.name, jdz.other_inspection.target.name]
    rows = [
        [
            f"K{i // 3:05d}",
            f"干部{i // 3}",
            "江西省/景德镇市",
            "其他",
            units[i % 2],
            f"职务{i % 3}",
            "否",
            "否",
            D(2010, 1, 1) + datetime.timedelta(days=i),
            None,
        ]
        for i in range(2000)
    ]
    events = Event.objects.count()
    job = run_import(jdz.office_head, jdz.jurisdiction, "cadres", xlsx("cadres", rows))
    assert job.status == "done", job.errors[:5]
    assert job.counts["posts_created"] == 2000 and job.counts["cadres_created"] == 667
    assert job.rows_done == job.rows_total == 2000
    assert Post.objects.filter(cadre__jurisdiction=jdz.jurisdiction).count() == 2000
    assert Event.objects.count() == events + 1
    event = Event.objects.get(action="import.cadres")
    assert (event.after or {})["posts_created"] == 2000 and event.object_type == "jurisdictions.jurisdiction"


def test_existing_targets_are_updated_and_reorganized_ones_stay(jdz: Side, run_import: Run) -> None:
    unit1, unit2 = jdz.inspection.target, jdz.other_inspection.target
    organization_reorganize(actor=None, organization=unit2, status="abolished", on=D(2024, 1, 1))
    content = xlsx(
        "targets",
        [
            [unit1.name, "市属国有企业、事业单位", "江西省/景德镇市", "", "存续", None, None],
            [unit2.name, "市直部门和人民团体", "", "", "存续", None, None],
        ],
    )
    job = run_import(jdz.office_head, jdz.jurisdiction, "targets", content)
    assert job.errors == [
        {
            "row": 3,
            "column": "状态",
            "message": "“jdz单位二”已于 2024-01-01 已撤销，状态、日期和并入单位不能再改变",
            "article": "",
        }
    ]
    unit1.refresh_from_db()
    assert unit1.target_category == "local_leadership"  # nothing written

    content = xlsx("targets", [[unit1.name, "市属国有企业、事业单位", "江西省/景德镇市", "", "存续", None, None]])
    job = run_import(jdz.office_head, jdz.jurisdiction, "targets", content)
    assert job.status == "done" and job.counts == {"created": 0, "updated": 1, "unchanged": 0, "rows": 1}
    unit1.refresh_from_db()
    assert (unit1.target_category, unit1.region) == ("enterprises_institutions", "江西省/景德镇市")


def test_parent_cycles_are_refused(jdz: Side, run_import: Run) -> None:
    content = xlsx(
        "targets",
        [["甲单位", "其他", "", "乙单位", "", None, None], ["乙单位", "other_units", "", "甲单位", "", None, None]],
    )
    job = run_import(jdz.office_head, jdz.jurisdiction, "targets", content)
    messages = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert messages[(2, "对象类别")].startswith("“其他”不是")
    assert messages[(3, "上级单位")] == "上级单位形成循环：乙单位 → 甲单位 → 乙单位"


def test_jobs_run_in_a_daemon_thread_unless_inline(jdz: Side, settings: Any, monkeypatch: Any) -> None:
    from xuncha.spreadsheets import services

    started: list[tuple[Any, bool]] = []

    class FakeThread:
        def __init__(self, *, target: Any, args: tuple[Any, ...], name: str, daemon: bool) -> None:
            self.target, self.args, self.daemon = target, args, daemon

        def start(self) -> None:
            started.append((self.args, self.daemon))

    monkeypatch.setattr(services.threading, "Thread", FakeThread)
    ran: list[int] = []
    monkeypatch.setattr(services, "import_job_run", lambda job_id, **kw: ran.append(job_id))
    settings.XUNCHA_IMPORTS_INLINE = False
    services.import_job_start(7)
    assert started == [((7,), True)] and ran == []
    settings.XUNCHA_IMPORTS_INLINE = True
    services.import_job_start(8)
    assert ran == [8] and len(started) == 1
