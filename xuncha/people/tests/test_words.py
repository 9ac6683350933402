"""The inspector pages in the rulebook's words (issue 10, item 9): 内蒙古 says 专职巡视干部, never 专职巡察干部;
and 县级领导干部, JDZ-2017 第七条's qualification for team leaders, is not asked under NMG-2016, whose 第九条 takes
leaders from the 组长库 by 一次一授权."""

from __future__ import annotations

from typing import Any

from xuncha.people.tests.test_pages import client_for, html
from xuncha.people.tests.test_recusal import make_cadre, make_inspector

PRODUCT = "巡视巡察工作平台"  # the product's name says both words on every page


def test_nmg_pages_say_its_word_for_the_kind_of_inspector(nmg: Any) -> None:
    make_inspector(nmg, "N-1", "那日松")
    client = client_for(nmg.office_head)
    listing = html(client.get("/people/inspectors/")).replace(PRODUCT, "")
    assert "专职巡视干部" in listing and "巡察" not in listing
    team = html(client.get(f"/planning/teams/{nmg.inspection.team_id}/")).replace(PRODUCT, "")
    assert "那日松（专职巡视干部）" in team and "巡察" not in team


def test_the_county_level_qualification_is_asked_only_where_the_rulebook_sets_it(jdz: Any, nmg: Any) -> None:
    make_cadre(jdz, "J-1", "程待登")
    make_cadre(nmg, "N-2", "包待登")
    jdz_form = html(client_for(jdz.office_clerk).get("/people/inspectors/new/"))
    assert 'name="county_level"' in jdz_form and "县级领导干部" in jdz_form
    nmg_form = html(client_for(nmg.office_clerk).get("/people/inspectors/new/"))
    assert 'name="county_level"' not in nmg_form and "县级领导干部" not in nmg_form
    assert 'name="in_leader_pool"' in nmg_form and "一次一授权" in nmg_form


def test_an_nmg_inspector_is_not_shown_as_a_county_level_cadre(jdz: Any, nmg: Any) -> None:
    shown = make_inspector(jdz, "J-2", "程县级", county_level=True, in_leader_pool=False)
    hidden = make_inspector(nmg, "N-3", "包县级", county_level=True, in_leader_pool=True)
    assert "县级领导干部" in html(client_for(jdz.office_head).get(f"/people/inspectors/{shown.pk}/"))
    assert "县级领导干部" not in html(client_for(nmg.office_head).get(f"/people/inspectors/{hidden.pk}/"))
