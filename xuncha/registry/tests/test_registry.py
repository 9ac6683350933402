"""Targets, leadership, cadres and posts: pages, API, rules, and fixed query counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xuncha.audit.models import Event
from xuncha.core.errors import ServiceError
from xuncha.registry.models import Cadre, Organization, Post
from xuncha.registry.selectors import subordinate_ids
from xuncha.registry.services import cadre_create, organization_create, organization_reorganize, post_create, post_end

D = datetime.date


def _target(side: Any, name: str, parent: Organization | None = None, region: str = "江西省/景德镇市") -> Organization:
    return organization_create(
        actor=side.office_head,
        jurisdiction=side.jurisdiction,
        name=name,
        kind="target",
        target_category="local_leadership",
        region=region,
        parent=parent,
    )


def test_a_target_category_must_come_from_the_rulebook(jdz: Any, nmg: Any) -> None:
    with pytest.raises(ServiceError) as err:
        organization_create(
            actor=jdz.office_head,
            jurisdiction=jdz.jurisdiction,
            name="某单位",
            kind="target",
            target_category="county_government",
        )
    assert "第十五条" in err.value.message and err.value.field == "target_category"
    with pytest.raises(ServiceError) as err:
        organization_create(
            actor=nmg.office_head, jurisdiction=nmg.jurisdiction, name="某单位", kind="target", target_category=""
        )
    assert "第十七条" in err.value.message


def test_one_current_principal_leader_per_unit(jdz: Any) -> None:
    unit = jdz.inspection.target
    a = cadre_create(actor=jdz.office_head, jurisdiction=jdz.jurisdiction, code="C1", name="甲")
    b = cadre_create(actor=jdz.office_head, jurisdiction=jdz.jurisdiction, code="C2", name="乙")
    first = post_create(
        actor=jdz.office_head, cadre=a, organization=unit, title="书记", started_on=D(2021, 5, 1), is_principal=True
    )
    with pytest.raises(ServiceError, match="现任主要负责人为甲"):
        post_create(
            actor=jdz.office_head, cadre=b, organization=unit, title="书记", started_on=D(2025, 5, 1), is_principal=True
        )
    post_end(actor=jdz.office_head, post=first, ended_on=D(2025, 4, 30))
    second = post_create(
        actor=jdz.office_head, cadre=b, organization=unit, title="书记", started_on=D(2025, 5, 1), is_principal=True
    )
    assert second.is_leadership and Post.objects.filter(organization=unit, is_principal=True).count() == 2


def test_duplicate_cadre_code_is_a_chinese_error_naming_the_field(jdz: Any) -> None:
    cadre_create(actor=jdz.office_head, jurisdiction=jdz.jurisdiction, code="C1", name="甲")
    with pytest.raises(ServiceError) as err:
        cadre_create(actor=jdz.office_head, jurisdiction=jdz.jurisdiction, code="C1", name="乙")
    assert "人员编号" in err.value.message and "已经存在" in err.value.message


def test_reorganization_keeps_history_and_follows_the_transition_table(jdz: Any) -> None:
    old, new = jdz.inspection.target, jdz.other_inspection.target
    with pytest.raises(ServiceError, match="并入单位"):
        organization_reorganize(actor=jdz.office_head, organization=old, status="merged", on=D(2026, 6, 1))
    organization_reorganize(actor=jdz.office_head, organization=old, status="merged", on=D(2026, 6, 1), successor=new)
    old.refresh_from_db()
    assert (old.status, old.successor, old.status_on) == ("merged", new, D(2026, 6, 1))
    assert old.inspections.count() == 1  # its inspection is still there
    with pytest.raises(ServiceError, match="不能改为"):
        organization_reorganize(actor=jdz.office_head, organization=old, status="abolished", on=D(2026, 7, 1))
    assert Event.objects.filter(action="organization.reorganized").count() == 1


def test_subordinate_units_are_found_at_every_depth(jdz: Any) -> None:
    county = _target(jdz, "某县委")
    bureau = _target(jdz, "某县某局", parent=county)
    office = _target(jdz, "某县某局某所", parent=bureau)
    _target(jdz, "无关单位")
    assert subordinate_ids(county) == {county.pk, bureau.pk, office.pk}


def test_office_registers_a_target_and_a_post_in_the_browser_forms(jdz: Any) -> None:
    client = Client()
    client.force_login(jdz.office_clerk)
    response = client.post(
        "/registry/targets/new/",
        {"name": "中共乐平市委", "target_category": "local_leadership", "region": "江西省/景德镇市/乐平市"},
    )
    target = Organization.objects.get(name="中共乐平市委")
    assert response.status_code == 302 and target.region == "江西省/景德镇市/乐平市"
    bad = client.post("/registry/targets/new/", {"name": "中共乐平市委", "target_category": "local_leadership"})
    assert "已经存在" in bad.content.decode()
    client.post(
        "/registry/cadres/new/",
        {
            "code": "JD001",
            "name": "占立国",
            "native_place": "江西省/景德镇市/乐平市",
            "management_level": "jurisdiction",
        },
    )
    cadre = Cadre.objects.get(code="JD001")
    client.post(
        f"/registry/cadres/{cadre.pk}/",
        {"organization": target.pk, "title": "市委书记", "is_principal": "on", "started_on": "2024-03-01"},
    )
    page = client.get(f"/registry/targets/{target.pk}/").content.decode()
    assert "占立国" in page and "主要负责人" in page


def test_only_the_office_may_register_and_others_see_no_registry(jdz: Any) -> None:
    client = Client()
    client.force_login(jdz.member)
    client.post("/registry/targets/new/", {"name": "越权单位", "target_category": "local_leadership"})
    assert not Organization.objects.filter(name="越权单位").exists()
    assert (
        client.post(
            "/api/organizations/",
            {
                "jurisdiction": jdz.jurisdiction.pk,
                "name": "越权单位",
                "kind": "target",
                "target_category": "local_leadership",
            },
        ).status_code
        == 403
    )
    cadre_create(actor=jdz.office_head, jurisdiction=jdz.jurisdiction, code="C1", name="甲")
    assert client.get("/api/cadres/").json()["results"] == []
    client.force_login(jdz.unit_contact)
    assert client.get("/api/cadres/").json()["results"] == []
    assert [o["name"] for o in client.get("/api/organizations/").json()["results"]] == ["jdz单位一"]


def test_api_creates_through_services_with_chinese_errors(jdz: Any, nmg: Any) -> None:
    client = Client()
    client.force_login(jdz.office_head)
    ok = client.post("/api/cadres/", {"jurisdiction": jdz.jurisdiction.pk, "code": "A1", "name": "甲"})
    assert ok.status_code == 201
    other = client.post("/api/cadres/", {"jurisdiction": nmg.jurisdiction.pk, "code": "A1", "name": "甲"})
    assert other.status_code == 403 and "办公室人员" in other.json()["detail"]
    post = client.post(
        "/api/posts/",
        {
            "cadre": ok.json()["id"],
            "organization": jdz.inspection.target.pk,
            "title": "书记",
            "started_on": "2020-01-01",
            "ended_on": "2019-01-01",
        },
    )
    assert post.status_code == 400 and post.json()["detail"] == "离任日期不能早于任职日期"


def _grow(side: Any, n: int) -> None:
    start = Cadre.objects.count()
    for k in range(start, start + n):
        unit = _target(side, f"加测单位{k}")
        cadre = cadre_create(actor=None, jurisdiction=side.jurisdiction, code=f"G{k}", name=f"干部{k}")
        post_create(
            actor=None, cadre=cadre, organization=unit, title="书记", started_on=D(2020, 1, 1), is_principal=True
        )


@pytest.mark.parametrize(
    "url", ["/registry/targets/", "/registry/cadres/", "/api/organizations/", "/api/cadres/", "/api/posts/"]
)
def test_registry_lists_do_a_fixed_number_of_queries(jdz: Any, url: str) -> None:
    client = Client()
    client.force_login(jdz.office_head)
    _grow(jdz, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(jdz, 8)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_a_team_sees_the_current_leadership_of_its_target_and_nothing_else(jdz: Any) -> None:
    boss = cadre_create(actor=None, jurisdiction=jdz.jurisdiction, code="L1", name="班子甲")
    former = cadre_create(actor=None, jurisdiction=jdz.jurisdiction, code="L2", name="前任乙")
    other = cadre_create(actor=None, jurisdiction=jdz.jurisdiction, code="L3", name="他单位丙")
    post_create(
        actor=None,
        cadre=boss,
        organization=jdz.inspection.target,
        title="书记",
        started_on=D(2022, 1, 1),
        is_principal=True,
    )
    post_create(
        actor=None,
        cadre=former,
        organization=jdz.inspection.target,
        title="副书记",
        started_on=D(2019, 1, 1),
        ended_on=D(2021, 1, 1),
        is_leadership=True,
    )
    post_create(
        actor=None,
        cadre=other,
        organization=jdz.other_inspection.target,
        title="书记",
        started_on=D(2022, 1, 1),
        is_principal=True,
    )
    assert list(Cadre.objects.visible_to(jdz.member).values_list("name", flat=True)) == ["班子甲"]
    assert list(Cadre.objects.visible_to(jdz.other_member).values_list("name", flat=True)) == ["他单位丙"]
    assert not Cadre.objects.visible_to(jdz.unit_contact).exists()
    assert Post.objects.visible_to(jdz.member).count() == 1
