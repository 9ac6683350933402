"""回避 with concrete people: each rule hits when it should and stays silent when it should not, and says which
post, which native place, which declared relation — under the article of the jurisdiction's rulebook.

The periods come from the rulebooks (both: post_years 5, region_service_years 5, max_consecutive_rounds 3)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from typing import Any

import pytest

from xuncha.accounts.services import user_create
from xuncha.inspections.models import Inspection
from xuncha.inspections.services import inspection_create
from xuncha.people.models import Inspector
from xuncha.people.recusal import Hit, InspectorFacts, Policy, PostFact, TargetFacts, recusal_hits, region_within
from xuncha.people.selectors import check_assignment, recusal_facts, recusal_policy
from xuncha.people.services import attestation_record, declaration_create, declaration_withdraw, inspector_create
from xuncha.planning.models import Round, Team
from xuncha.planning.services import round_create, team_create
from xuncha.registry.models import Cadre, Organization, Post
from xuncha.registry.services import cadre_create, organization_create, organization_reorganize, post_create

D = datetime.date
ON = D(2026, 3, 2)
ATTESTED_ON = D(2025, 1, 2)  # before every assignment date the tests use


# -- helpers shared with test_services.py --------------------------------------------------------------------------
def make_unit(
    side: Any, name: str, *, parent: Organization | None = None, region: str = "", category: str = "party_departments"
) -> Organization:
    return organization_create(
        actor=side.office_head,
        jurisdiction=side.jurisdiction,
        name=name,
        kind="target",
        target_category=category,
        region=region,
        parent=parent,
    )


def make_cadre(side: Any, code: str, name: str, native_place: str = "") -> Cadre:
    return cadre_create(
        actor=side.office_head, jurisdiction=side.jurisdiction, code=code, name=name, native_place=native_place
    )


def make_inspector(
    side: Any, code: str, name: str, native_place: str = "", *, attested: bool = True, **kwargs: Any
) -> Inspector:
    """An inspector whose 任职条件 are attested (JDZ-2017 第八条, NMG-2016 第十一条), unless `attested=False`."""
    kwargs.setdefault("kind", "full_time")
    inspector = inspector_create(actor=side.office_head, cadre=make_cadre(side, code, name, native_place), **kwargs)
    if attested:
        attest(side, inspector)
    return inspector


def attest(side: Any, inspector: Inspector, on: datetime.date = ATTESTED_ON) -> None:
    """The office attests every condition of the rulebook for `inspector`."""
    for c in side.jurisdiction.rulebook.eligibility_conditions:
        attestation_record(
            actor=side.office_head, inspector=inspector, condition=c.code, attested_on=on, basis="考察材料（测试）"
        )


def hold(
    cadre: Cadre, unit: Organization, title: str, start: datetime.date, end: datetime.date | None = None, **kw: Any
) -> Post:
    return post_create(actor=None, cadre=cadre, organization=unit, title=title, started_on=start, ended_on=end, **kw)


def make_team(side: Any, year: int, number: int, targets: list[Organization], *, members: Any = ()) -> Team:
    """A team in round year/number (created if need be) inspecting `targets`, led by a fresh account."""
    rnd = Round.objects.filter(jurisdiction=side.jurisdiction, year=year, number=number).first()
    if rnd is None:
        rnd = round_create(
            actor=None, jurisdiction=side.jurisdiction, year=year, number=number, starts_on=D(year, 3, 2)
        )
    leader = user_create(
        actor=None,
        username=f"{side.jurisdiction.code}_l{year}_{number}_{len(targets)}_{targets[0].pk}",
        full_name="组长",
        password="pw-test-123",
    )
    team = team_create(
        actor=None, round=rnd, number=rnd.teams.count() + 1, members=[(leader, "leader"), *list(members)]
    )
    for target in targets:
        # History: an inspection already made of this target ran its course (办结), since a target is in one open
        # inspection at a time; its lifecycle is not what these tests are about.
        Inspection.objects.filter(target=target).exclude(status__in=Inspection.ENDED_STATUSES).update(status="closed")
        inspection_create(actor=None, round=rnd, team=team, target=target)
    return team


def found(inspector: Inspector, target: Organization, on: datetime.date = ON, **policy: Any) -> list[tuple[str, ...]]:
    """The hits as (rule, fact, article, rule name), under the rulebook's policy with optional overrides."""
    facts, target_facts = recusal_facts(inspector, target, on)
    pol = replace(recusal_policy(target.jurisdiction), **policy)
    return [(h.rule, h.fact, h.article, h.rule_name) for h in recusal_hits(facts, target_facts, pol, on)]


@dataclass
class Fuliang:
    county: Organization  # 浮梁县委, the target
    finance: Organization  # below the county
    treasury: Organization  # below finance
    changjiang: Organization  # a neighbouring district, not below the target
    hospital: Organization  # in the county's region but not below the county committee
    education: Organization
    leader: Cadre  # a current leadership member of the county
    former_leader: Cadre  # left the leadership before ON


def build_fuliang(jdz: Any) -> Fuliang:
    county = make_unit(jdz, "浮梁县委", region="江西省/景德镇市/浮梁县", category="local_leadership")
    finance = make_unit(jdz, "浮梁县财政局", parent=county)
    treasury = make_unit(jdz, "浮梁县国库支付中心", parent=finance)
    changjiang = make_unit(jdz, "昌江区委", region="江西省/景德镇市/昌江区", category="local_leadership")
    hospital = make_unit(jdz, "浮梁县人民医院", region="江西省/景德镇市/浮梁县", category="enterprises_institutions")
    education = make_unit(jdz, "浮梁县教育局", region="江西省/景德镇市/浮梁县")
    leader = make_cadre(jdz, "C-LS", "李四")
    hold(leader, county, "县委副书记", D(2023, 1, 1), is_leadership=True)
    former = make_cadre(jdz, "C-QQ", "钱七")
    hold(former, county, "县委常委", D(2019, 1, 1), D(2025, 12, 31), is_leadership=True)
    return Fuliang(county, finance, treasury, changjiang, hospital, education, leader, former)


@pytest.fixture
def fl(jdz: Any) -> Fuliang:
    return build_fuliang(jdz)


# -- 任职回避 --------------------------------------------------------------------------------------------------------
def test_a_post_in_a_subordinate_unit_left_4_years_ago_hits_and_one_left_6_years_ago_does_not(
    jdz: Any, fl: Fuliang
) -> None:
    recent = make_inspector(jdz, "I-WW", "王五")
    hold(recent.cadre, fl.treasury, "主任", D(2019, 5, 1), D(2022, 3, 1))
    old = make_inspector(jdz, "I-ZL", "赵六")
    hold(old.cadre, fl.treasury, "主任", D(2015, 5, 1), D(2020, 3, 1))
    assert found(recent, fl.county) == [
        (
            "post",
            "曾在被巡察单位浮梁县委的下属单位浮梁县国库支付中心任主任（2019年5月1日至2022年3月1日），离任未满5年"
            "（本办设置，可在规则文件中调整：recusal.post_years）",
            "第十三条",
            "任职回避",
        )
    ]
    assert found(old, fl.county) == []
    # The period is the rulebook's: with post_years 7 the older post counts too.
    assert [h[0] for h in found(old, fl.county, post_years=7)] == ["post"]


def test_the_post_period_ends_exactly_five_years_before_the_assignment(jdz: Any, fl: Fuliang) -> None:
    edge = make_inspector(jdz, "I-E1", "孙八")
    hold(edge.cadre, fl.finance, "科员", D(2018, 1, 1), D(2021, 3, 2))  # 2026-03-02 minus 5 years
    past = make_inspector(jdz, "I-E2", "周九")
    hold(past.cadre, fl.finance, "科员", D(2018, 1, 1), D(2021, 3, 1))
    assert [h[0] for h in found(edge, fl.county)] == ["post"]
    assert found(past, fl.county) == []


def test_a_current_post_in_the_target_itself_hits_and_a_post_in_another_district_does_not(
    jdz: Any, fl: Fuliang
) -> None:
    insider = make_inspector(jdz, "I-WS", "吴十")
    hold(insider.cadre, fl.county, "县委办公室副主任", D(2024, 1, 1))
    outsider = make_inspector(jdz, "I-ZY", "郑一")
    hold(outsider.cadre, fl.changjiang, "区委办公室主任", D(2024, 1, 1))
    assert found(insider, fl.county) == [
        ("post", "现在被巡察单位浮梁县委任县委办公室副主任（2024年1月1日起）", "第十三条", "任职回避")
    ]
    assert found(outsider, fl.county) == []
    # Seen from the other side: the treasury is below the county, the county is not below the treasury.
    assert [h[0] for h in found(insider, fl.treasury)] == []


def test_a_post_that_starts_after_the_assignment_date_does_not_count(jdz: Any, fl: Fuliang) -> None:
    future = make_inspector(jdz, "I-FT", "冯二")
    hold(future.cadre, fl.finance, "科长", D(2026, 6, 1))
    assert found(future, fl.county) == []
    assert [h[0] for h in found(future, fl.county, on=D(2026, 6, 1))] == ["post"]


def test_a_declared_prior_post_counts_as_a_post_until_withdrawn(jdz: Any, fl: Fuliang) -> None:
    inspector = make_inspector(jdz, "I-CS", "陈三")
    d = declaration_create(
        actor=jdz.office_head,
        inspector=inspector,
        kind="prior_post",
        declared_on=D(2026, 1, 5),
        organization=fl.finance,
        detail="1998年至2003年任会计",
    )
    assert found(inspector, fl.county) == [
        (
            "post",
            "申报（2026年1月5日）曾在被巡察单位浮梁县委的下属单位浮梁县财政局任职：1998年至2003年任会计",
            "第十三条",
            "任职回避",
        )
    ]
    assert found(inspector, fl.changjiang) == []
    declaration_withdraw(actor=jdz.office_head, declaration=d, withdrawn_on=D(2026, 2, 1), reason="记错单位")
    assert found(inspector, fl.county) == []
    assert [h[0] for h in found(inspector, fl.county, on=D(2026, 1, 31))] == ["post"]  # before the withdrawal


def test_a_post_in_a_unit_since_merged_into_the_target_counts(jdz: Any, fl: Fuliang) -> None:
    old_unit = make_unit(jdz, "浮梁县原财政所", region="江西省/景德镇市/浮梁县")
    inspector = make_inspector(jdz, "I-HM", "何敏")
    hold(inspector.cadre, old_unit, "所长", D(2019, 1, 1), D(2023, 6, 30))
    assert found(inspector, fl.county) == []
    organization_reorganize(actor=None, organization=old_unit, status="merged", on=D(2023, 7, 1), successor=fl.finance)
    assert found(inspector, fl.county)[0][:2] == (
        "post",
        "曾在被巡察单位浮梁县委的下属单位浮梁县原财政所任所长（2019年1月1日至2023年6月30日），离任未满5年"
        "（本办设置，可在规则文件中调整：recusal.post_years）",
    )


# -- 地域回避 --------------------------------------------------------------------------------------------------------
def test_a_native_of_a_town_in_the_county_must_recuse(jdz: Any, fl: Fuliang) -> None:
    native = make_inspector(jdz, "I-XH", "许华", "江西省/景德镇市/浮梁县/湘湖镇")
    assert found(native, fl.county) == [
        (
            "region",
            "籍贯江西省/景德镇市/浮梁县/湘湖镇，在被巡察单位所在地区江西省/景德镇市/浮梁县之内",
            "第十三条",
            "地域回避",
        )
    ]
    # The treasury has no region of its own: it sits where its parent sits.
    assert [h[0] for h in found(native, fl.treasury)] == ["region"]
    assert found(native, fl.changjiang) == []


def test_a_native_place_recorded_only_to_the_city_warns_for_a_county_unit_and_does_not_refuse(
    jdz: Any, fl: Fuliang
) -> None:
    # Changed with issue 10 item 6: 籍贯 “江西省/景德镇市” does not say whether the inspector is from 浮梁县; it used to
    # refuse (“被巡察单位所在地区…在本人籍贯之内”), which barred every such native from every county unit.
    coarse = make_inspector(jdz, "I-LY", "刘云", "江西省/景德镇市")
    assert found(coarse, fl.county) == []
    team = make_team(jdz, 2026, 2, [fl.county])
    hits, warnings = check_assignment(coarse, team, ON)
    assert hits == []
    assert [(w.rule, w.fact, w.article, w.rule_name) for w in warnings] == [
        (
            "native_place_unclear",
            "籍贯只登记到江西省/景德镇市，被巡察单位所在地区江西省/景德镇市/浮梁县在其内，无法判断是否须地域回避，"
            "请在干部档案中核实籍贯",
            "第十三条",
            "地域回避",
        )
    ]
    same = make_inspector(jdz, "I-LF", "刘风", "江西省/景德镇市/浮梁县")
    assert found(same, fl.county)[0][1] == "籍贯江西省/景德镇市/浮梁县，即被巡察单位所在地区江西省/景德镇市/浮梁县"


def test_region_recusal_follows_the_units_own_region_not_the_whole_city(jdz: Any, fl: Fuliang) -> None:
    leping = make_unit(jdz, "中共乐平市委", region="江西省/景德镇市/乐平市", category="local_leadership")
    traffic = make_unit(jdz, "景德镇市交通运输局党组", region="江西省/景德镇市")
    fuliang_native = make_inspector(jdz, "I-FN", "浮梁人", "江西省/景德镇市/浮梁县")
    leping_native = make_inspector(jdz, "I-LN", "乐平人", "江西省/景德镇市/乐平市/塔前镇")
    # A 浮梁县 native is not barred from a 乐平市 unit; a native of the unit's own region is.
    assert found(fuliang_native, leping) == []
    assert found(leping_native, leping) == [
        (
            "region",
            "籍贯江西省/景德镇市/乐平市/塔前镇，在被巡察单位所在地区江西省/景德镇市/乐平市之内",
            "第十三条",
            "地域回避",
        )
    ]
    # A 市直 unit's region is the whole city, the committee's territory (recusal.territory): no native of the city
    # is barred by native place, and years served in the city's units do not bar either.
    assert found(fuliang_native, traffic) == [] and found(leping_native, traffic) == []
    city_native = make_inspector(jdz, "I-CN", "市区人", "江西省/景德镇市")
    veteran = make_inspector(jdz, "I-VT", "老市直", "江西省/景德镇市/昌江区")
    hold(veteran.cadre, make_unit(jdz, "景德镇市财政局", region="江西省/景德镇市"), "科长", D(2010, 1, 1))
    assert found(city_native, traffic) == [] and found(veteran, traffic) == []
    # Post recusal still applies to a 市直 unit: it asks about posts in the unit, not about the region.
    hold(veteran.cadre, traffic, "科员", D(2023, 1, 1), D(2024, 1, 1))
    assert [h[0] for h in found(veteran, traffic)] == ["post"]
    # The territory is the office's setting: without it the old, city-wide reading comes back.
    assert [h[0] for h in found(fuliang_native, traffic, territory="")] == ["region"]


def test_the_thresholds_are_shown_as_the_offices_setting_and_the_article_only_for_the_kind(
    jdz: Any, fl: Fuliang
) -> None:
    from xuncha.core.errors import ServiceError
    from xuncha.people.services import assignment_create

    served = make_inspector(jdz, "I-SV", "任满", "江西省/南昌市")
    hold(served.cadre, fl.hospital, "副院长", D(2015, 1, 1), D(2021, 1, 1))
    hold(served.cadre, fl.finance, "科员", D(2022, 1, 1), D(2023, 1, 1))
    team = make_team(jdz, 2026, 2, [fl.county])
    with pytest.raises(ServiceError) as exc:
        assignment_create(actor=jdz.office_head, team=team, inspector=served, role="member", on=ON)
    message = exc.value.message
    assert "任职回避（第十三条）：曾在被巡察单位浮梁县委的下属单位浮梁县财政局任科员" in message
    assert "离任未满5年（本办设置，可在规则文件中调整：recusal.post_years）" in message
    assert (
        "地域回避（第十三条）：在被巡察单位所在地区江西省/景德镇市/浮梁县内的单位累计任职满5年"
        "（本办设置，可在规则文件中调整：recusal.region_service_years）" in message
    )
    # The article is never attached to a number of years: 第十三条 fixes none.
    assert "年（第十三条）" not in message and "年，第十三条" not in message


def test_nmg_region_recusal_follows_the_league_or_city_not_the_whole_region(nmg: Any) -> None:
    chifeng = make_unit(nmg, "中共赤峰市委", region="内蒙古自治区/赤峰市", category="local_leadership")
    transport = make_unit(nmg, "内蒙古自治区交通运输厅党组", region="内蒙古自治区")
    native = make_inspector(nmg, "I-CF", "赤峰人", "内蒙古自治区/赤峰市/红山区")
    assert [(h[0], h[2]) for h in found(native, chifeng)] == [("region", "第十二条")]
    assert found(native, transport) == []


def test_region_paths_compare_by_segment_not_by_string_prefix(jdz: Any, fl: Fuliang) -> None:
    city = make_unit(jdz, "景德镇市某局", region="江西省/景德镇市")
    short = make_inspector(jdz, "I-SP", "石平", "江西省/景德镇")
    fu = make_inspector(jdz, "I-FU", "符宇", "江西省/景德镇市/浮梁")  # not 浮梁县
    assert found(short, city) == []
    assert found(fu, fl.county) == []
    assert region_within("江西省/景德镇市/浮梁", "江西省/景德镇市")  # but it does lie within the city
    assert not region_within("江西省/景德镇", "江西省/景德镇市")
    assert not region_within("江西省/景德镇市", "江西省/景德镇")


def test_empty_regions_never_match(jdz: Any, fl: Fuliang) -> None:
    nowhere = make_unit(jdz, "无地区单位")
    native = make_inspector(jdz, "I-NP", "聂平", "江西省/景德镇市/浮梁县")
    blank = make_inspector(jdz, "I-BL", "白兰", "")
    hold(blank.cadre, nowhere, "干部", D(2000, 1, 1))  # 26 years in a unit without a region
    assert found(native, nowhere) == []
    assert found(blank, fl.county) == []
    # A post in the target itself is a post hit; without a region it is never a region hit, even with no minimum.
    assert [h[0] for h in found(blank, nowhere, region_service_years=0)] == ["post"]


def test_five_years_of_service_in_the_region_hits_and_overlaps_count_once(jdz: Any, fl: Fuliang) -> None:
    served = make_inspector(jdz, "I-YL", "杨林", "江西省/南昌市")
    hold(served.cadre, fl.hospital, "副院长", D(2008, 1, 1), D(2010, 12, 31))
    hold(served.cadre, fl.education, "科长", D(2010, 6, 1), D(2012, 12, 31))  # together 2008-01-01..2012-12-31
    hold(served.cadre, fl.changjiang, "科员", D(2013, 1, 1), D(2020, 12, 31))  # another district: does not count
    assert found(served, fl.county) == [
        (
            "region",
            "在被巡察单位所在地区江西省/景德镇市/浮梁县内的单位累计任职满5年"
            "（本办设置，可在规则文件中调整：recusal.region_service_years）："
            "浮梁县人民医院副院长（2008年1月1日至2010年12月31日）、浮梁县教育局科长（2010年6月1日至2012年12月31日）",
            "第十三条",
            "地域回避",
        )
    ]
    overlapping = make_inspector(jdz, "I-YS", "杨森", "江西省/南昌市")
    hold(overlapping.cadre, fl.hospital, "医生", D(2008, 1, 1), D(2011, 12, 31))  # 4 years
    hold(overlapping.cadre, fl.education, "科员", D(2009, 1, 1), D(2011, 12, 31))  # inside those 4 years
    assert found(overlapping, fl.county) == []
    assert [h[0] for h in found(overlapping, fl.county, region_service_years=4)] == ["region"]


def test_service_counts_only_up_to_the_assignment_date(jdz: Any, fl: Fuliang) -> None:
    current = make_inspector(jdz, "I-TC", "唐成", "江西省/南昌市")
    hold(current.cadre, fl.hospital, "副院长", D(2021, 3, 4))  # 5 years less one day on ON (1825 of 1826 days)
    assert found(current, fl.county) == []
    assert found(current, fl.county, on=D(2026, 3, 3))[0][1] == (
        "在被巡察单位所在地区江西省/景德镇市/浮梁县内的单位累计任职满5年"
        "（本办设置，可在规则文件中调整：recusal.region_service_years）：浮梁县人民医院副院长（2021年3月4日起）"
    )


def test_region_recusal_under_nmg_speaks_of_xunshi_and_cites_article_12(nmg: Any) -> None:
    league = make_unit(nmg, "锡林郭勒盟委", region="内蒙古自治区/锡林郭勒盟", category="local_leadership")
    native = make_inspector(nmg, "I-BY", "巴音", "内蒙古自治区/锡林郭勒盟/正蓝旗")
    assert found(native, league) == [
        (
            "region",
            "籍贯内蒙古自治区/锡林郭勒盟/正蓝旗，在被巡视单位所在地区内蒙古自治区/锡林郭勒盟之内",
            "第十二条",
            "地域回避",
        )
    ]


# -- 公务回避 --------------------------------------------------------------------------------------------------------
def test_kin_of_a_current_leadership_member_must_recuse_but_not_kin_of_a_former_one(jdz: Any, fl: Fuliang) -> None:
    kin = make_inspector(jdz, "I-LM", "林梅")
    declaration_create(
        actor=jdz.office_head,
        inspector=kin,
        kind="kin",
        declared_on=D(2026, 1, 5),
        person=fl.leader,
        relation="配偶",
    )
    assert found(kin, fl.county) == [
        ("duty", "申报（2026年1月5日）与被巡察单位领导班子成员李四有亲属关系：配偶", "第十三条", "公务回避")
    ]
    assert found(kin, fl.changjiang) == []
    former = make_inspector(jdz, "I-QM", "钱明")
    declaration_create(
        actor=jdz.office_head,
        inspector=former,
        kind="kin",
        declared_on=D(2026, 1, 5),
        person=fl.former_leader,
        relation="兄弟",
    )
    assert found(former, fl.county) == []  # 钱七 left the leadership on 2025-12-31
    assert [h[0] for h in found(former, fl.county, on=D(2025, 12, 31))] == ["duty"]
    incoming = make_cadre(jdz, "C-XR", "新任")
    hold(incoming, fl.county, "县委常委", D(2026, 6, 1), is_leadership=True)
    future = make_inspector(jdz, "I-XR", "新任之妹")
    declaration_create(
        actor=jdz.office_head, inspector=future, kind="kin", declared_on=D(2026, 1, 5), person=incoming, relation="兄妹"
    )
    assert found(future, fl.county) == []  # not yet in the leadership on ON
    assert [h[0] for h in found(future, fl.county, on=D(2026, 6, 1))] == ["duty"]


def test_a_withdrawn_tie_no_longer_counts_from_its_withdrawal_date(jdz: Any, fl: Fuliang) -> None:
    friend = make_inspector(jdz, "I-GF", "高峰")
    d = declaration_create(
        actor=jdz.office_head,
        inspector=friend,
        kind="close_tie",
        declared_on=D(2025, 6, 1),
        person=fl.leader,
        relation="同学",
        detail="大学同寝室",
    )
    assert (
        found(friend, fl.county)[0][1]
        == "申报（2025年6月1日）与被巡察单位领导班子成员李四有其他密切关系：同学，大学同寝室"
    )
    declaration_withdraw(actor=jdz.office_head, declaration=d, withdrawn_on=D(2026, 3, 1))
    assert found(friend, fl.county) == []
    assert len(found(friend, fl.county, on=D(2026, 2, 28))) == 1


def test_a_tie_to_a_cadre_outside_the_leadership_does_not_hit(jdz: Any, fl: Fuliang) -> None:
    clerk = make_cadre(jdz, "C-KY", "科员甲")
    hold(clerk, fl.county, "科员", D(2020, 1, 1))  # a post, but not in the leadership
    inspector = make_inspector(jdz, "I-KS", "孔山")
    declaration_create(
        actor=jdz.office_head, inspector=inspector, kind="kin", declared_on=D(2026, 1, 5), person=clerk, relation="堂兄"
    )
    assert found(inspector, fl.county) == []


def test_interest_in_a_subordinate_unit_hits_and_interest_elsewhere_does_not(jdz: Any, fl: Fuliang) -> None:
    inspector = make_inspector(jdz, "I-JX", "蒋星")
    declaration_create(
        actor=jdz.office_head,
        inspector=inspector,
        kind="interest",
        declared_on=D(2026, 1, 5),
        organization=fl.treasury,
        detail="配偶经营的公司承接其信息化项目",
    )
    declaration_create(
        actor=jdz.office_head,
        inspector=inspector,
        kind="interest",
        declared_on=D(2026, 1, 6),
        organization=fl.changjiang,
        detail="房屋租赁",
    )
    assert found(inspector, fl.county) == [
        (
            "duty",
            "申报（2026年1月5日）与被巡察单位浮梁县委的下属单位浮梁县国库支付中心有直接利害关系：配偶经营的公司承接其信息化项目",
            "第十三条",
            "公务回避",
        )
    ]


# -- rotation warnings and several targets ----------------------------------------------------------------------
def test_rotation_warns_about_the_same_target_and_three_consecutive_rounds(jdz: Any, fl: Fuliang) -> None:
    user = user_create(actor=None, username="jdz_rot", full_name="轮岗甲", password="pw-test-123")
    inspector = make_inspector(jdz, "I-RT", "轮岗甲", user=user)
    make_team(jdz, 2025, 1, [fl.county], members=[(user, "member")])
    make_team(jdz, 2025, 2, [fl.hospital], members=[(user, "member")])
    make_team(jdz, 2025, 3, [fl.education], members=[(user, "member")])
    current = make_team(jdz, 2026, 2, [fl.county])
    # The fixture's round 2026/1 lies between: the inspector did not serve in it.
    hits, warnings = check_assignment(inspector, current, ON)
    assert hits == []
    assert [(w.rule, w.fact, w.article) for w in warnings] == [
        ("same_target", "曾参加2025年第1轮第1巡察组对浮梁县委的巡察", "第十三条")
    ]
    make_team(jdz, 2026, 1, [fl.changjiang], members=[(user, "member")])
    hits, warnings = check_assignment(inspector, current, ON)
    assert [(w.rule, w.fact, w.rule_name) for w in warnings][1:] == [
        (
            "consecutive_rounds",
            "已连续参加本级此前3轮巡察（2025年第2轮、2025年第3轮、2026年第1轮），达到连续参加轮次上限3轮"
            "（本办设置，可在规则文件中调整：recusal.max_consecutive_rounds）",
            "轮岗交流",
        )
    ]


def test_a_team_with_two_targets_is_checked_against_each(jdz: Any, fl: Fuliang) -> None:
    inspector = make_inspector(jdz, "I-TW", "双对象", "江西省/景德镇市/昌江区")
    hold(inspector.cadre, fl.finance, "科长", D(2024, 1, 1))
    team = make_team(jdz, 2026, 2, [fl.county, fl.changjiang])
    hits, _ = check_assignment(inspector, team, ON)
    assert [(h.rule, h.fact) for h in hits] == [
        ("post", "现在被巡察单位浮梁县委的下属单位浮梁县财政局任科长（2024年1月1日起）"),
        ("region", "籍贯江西省/景德镇市/昌江区，即被巡察单位所在地区江西省/景德镇市/昌江区"),
    ]


def test_a_team_without_a_target_yet_gets_a_warning_not_a_pass_in_silence(jdz: Any) -> None:
    rnd = round_create(actor=None, jurisdiction=jdz.jurisdiction, year=2026, number=5, starts_on=D(2026, 9, 1))
    leader = user_create(actor=None, username="jdz_nt", full_name="组长", password="pw-test-123")
    team = team_create(actor=None, round=rnd, number=1, members=[(leader, "leader")])
    inspector = make_inspector(jdz, "I-NT", "未定")
    hits, warnings = check_assignment(inspector, team, ON)
    assert hits == [] and [w.rule for w in warnings] == ["no_target"]
    assert "尚未确定巡察对象" in warnings[0].fact


# -- the engine alone ---------------------------------------------------------------------------------------------
def test_the_engine_needs_no_database_and_clips_facts_to_what_a_waiver_can_hold() -> None:
    policy = Policy(
        post_years=5,
        region_service_years=0,
        max_consecutive_rounds=3,
        articles={"post": "第十三条", "region": "第十三条", "duty": "第十三条"},
        names={"post": "任职回避", "region": "地域回避", "duty": "公务回避"},
    )
    posts = tuple(
        PostFact(i, D(2000 + i, 1, 1), D(2000 + i, 6, 30), "很长的单位名称" * 10, "职务") for i in range(1, 6)
    )
    target = TargetFacts(
        organization_id=99, unit_ids=frozenset({99}), region="江西省", regions=dict.fromkeys(range(1, 6), "江西省/某市")
    )
    hits = recusal_hits(InspectorFacts(posts=posts), target, policy, ON)
    assert len(hits) == 1 and isinstance(hits[0], Hit)
    assert len(hits[0].fact) == 300 and hits[0].fact.endswith("…")
