"""Personal-matters spot-checks (JDZ-2017 第二十六条（三）) and the team leader's briefing (（四）): who may be checked,
who may record, and the secrecy of results and topics for every other role."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.preparation import selectors, services
from xuncha.preparation.models import LeaderBriefing, PersonalMattersCheck
from xuncha.preparation.sources import PERSONAL_MATTERS, information_source

from .conftest import ENTRY, SENT, Leadership, add_leader, enter, prepare

ALLOWED = ["leader", "member", "office_head"]
OTHERS = ["office_clerk", "auditor", "other_member", "unit_contact", "other_unit_contact", "receiver"]
DISCREPANCY = "未报告其配偶名下商铺一处"
TOPICS = "通报：某副局长涉嫌违规收受礼金的线索"


def _check(side: Any, cadre: Any, **kw: Any) -> PersonalMattersCheck:
    fields: dict[str, Any] = {
        "items": ["housing", "stocks", "business", "travel_abroad"],
        "checked_on": SENT,
        "result": "discrepancy",
        "discrepancy": DISCREPANCY,
    }
    fields.update(kw)
    return services.personal_matters_check_record(
        actor=fields.pop("actor", side.member), inspection=side.inspection, cadre=cadre, **fields
    )


def _briefing(side: Any, **kw: Any) -> LeaderBriefing:
    fields: dict[str, Any] = {
        "briefed_on": SENT,
        "by": "市纪委第一纪检监察室主任",
        "attendees": [side.leader],
        "topics": TOPICS,
    }
    fields.update(kw)
    return services.leader_briefing_record(actor=fields.pop("actor", side.leader), inspection=side.inspection, **fields)


# -- personal-matters spot-checks---------------------------------------------------------------------------------------
def test_the_four_items_are_the_ones_the_article_names(jdz: Any) -> None:
    source = information_source(jdz.jurisdiction.rulebook, PERSONAL_MATTERS)
    assert source is not None and source.agency == "市委组织部"
    for _, label in PersonalMattersCheck.Item.choices:
        assert label in source.provides


def test_a_current_leadership_member_is_checked_and_the_event_keeps_the_result_out(
    jdz: Any, leadership: Leadership
) -> None:
    prepare(jdz)
    check = _check(jdz, leadership.deputy, items=["travel_abroad", "housing", "housing"])
    assert check.items == ["housing", "travel_abroad"]  # the article's order, no repeats
    assert check.checked_by == "市委组织部"  # from the rulebook: 市委组织部抽查核实
    assert check.post.title == "副书记"
    event = Event.objects.get(action="personal_matters.checked")
    assert (
        event.article == "第二十六条" and DISCREPANCY not in str(event.after) and "discrepancy" not in str(event.after)
    )


@pytest.mark.parametrize("who", ["former", "staff", "elsewhere"])
def test_only_the_targets_current_leadership_may_be_checked(jdz: Any, leadership: Leadership, who: str) -> None:
    prepare(jdz)
    with pytest.raises(ServiceError) as err:
        _check(jdz, getattr(leadership, who))
    assert "不是jdz单位一现任领导班子成员" in err.value.message and err.value.article == "第二十六条"
    assert err.value.field == "cadre"
    assert not PersonalMattersCheck.objects.exists()


def test_a_check_needs_items_and_a_described_discrepancy_and_is_recorded_once(jdz: Any, leadership: Leadership) -> None:
    prepare(jdz)
    with pytest.raises(ServiceError, match="核查事项"):
        _check(jdz, leadership.deputy, items=[])
    with pytest.raises(ServiceError, match="核查事项"):
        _check(jdz, leadership.deputy, items=["salary"])
    with pytest.raises(ServiceError, match="不一致情况"):
        _check(jdz, leadership.deputy, discrepancy="")
    _check(jdz, leadership.deputy, result="consistent", discrepancy="")
    with pytest.raises(ServiceError, match="不能重复登记"):
        _check(jdz, leadership.deputy)


@pytest.mark.parametrize("who", OTHERS)
def test_only_the_team_and_the_office_head_record_checks(jdz: Any, leadership: Leadership, who: str) -> None:
    prepare(jdz)
    with pytest.raises(PermissionDeniedError):
        _check(jdz, leadership.deputy, actor=getattr(jdz, who))


def test_checks_are_recorded_while_preparing_or_on_site_only(jdz: Any, leadership: Leadership) -> None:
    with pytest.raises(ServiceError, match="处于“已计划”阶段") as err:
        _check(jdz, leadership.deputy)
    assert err.value.article == "第二十六条"
    prepare(jdz)
    enter(jdz)
    assert _check(jdz, leadership.deputy, checked_on=ENTRY).pk


def test_nmg_provides_for_no_spot_check_and_no_leader_briefing(nmg: Any) -> None:
    prepare(nmg)
    cadre = add_leader(nmg, "N1", "某书记", principal=True)
    with pytest.raises(ServiceError) as err:
        _check(nmg, cadre)
    assert err.value.code == "not_in_rulebook" and "第二十四条" in err.value.message
    with pytest.raises(ServiceError) as err:
        _briefing(nmg)
    assert err.value.code == "not_in_rulebook"


def test_the_spot_check_list_is_the_targets_current_leadership_with_check_status(
    jdz: Any, leadership: Leadership
) -> None:
    prepare(jdz)
    check = _check(jdz, leadership.deputy)
    for user in (jdz.leader, jdz.member, jdz.office_head, jdz.office_clerk):
        rows = selectors.leadership_rows(user, jdz.inspection)
        assert [r.post.cadre for r in rows] == [leadership.secretary, leadership.deputy]
        assert [r.check for r in rows] == [None, check]
    # The other team sees no list for an inspection that is not its own.
    assert selectors.leadership_rows(jdz.other_member, jdz.inspection) == []


@pytest.mark.parametrize("who", ALLOWED)
def test_the_team_and_the_office_head_read_a_result_and_each_read_is_an_event(
    jdz: Any, leadership: Leadership, who: str
) -> None:
    prepare(jdz)
    check = _check(jdz, leadership.deputy)
    reader = getattr(jdz, who)
    record = services.personal_matters_check_read(actor=reader, pk=check.pk)
    assert record.discrepancy == DISCREPANCY
    read = Event.objects.get(action="secret.read")
    assert read.actor == reader and read.object_type == "preparation.personalmatterscheck"
    assert DISCREPANCY not in str(read.after)
    client = Client()
    client.force_login(reader)
    page = client.get(f"/preparation/checks/{check.pk}/")
    assert page.status_code == 200 and DISCREPANCY in page.content.decode()
    api = client.get(f"/api/personal-matters-checks/{check.pk}/")
    assert api.status_code == 200 and api.json()["discrepancy"] == DISCREPANCY
    assert Event.objects.filter(action="secret.read").count() == 3


@pytest.mark.parametrize("who", OTHERS)
def test_every_other_role_is_refused_a_result_and_leaves_no_read_event(
    jdz: Any, leadership: Leadership, who: str
) -> None:
    prepare(jdz)
    check = _check(jdz, leadership.deputy)
    user = getattr(jdz, who)
    with pytest.raises(PermissionDeniedError, match="无权查阅"):
        services.personal_matters_check_read(actor=user, pk=check.pk)
    client = Client()
    client.force_login(user)
    page = client.get(f"/preparation/checks/{check.pk}/")
    assert page.status_code == 403 and DISCREPANCY not in page.content.decode()
    api = client.get(f"/api/personal-matters-checks/{check.pk}/")
    assert api.status_code == 403 and DISCREPANCY not in api.content.decode()
    listed = client.get("/api/personal-matters-checks/")
    assert DISCREPANCY not in listed.content.decode() and "discrepancy" not in listed.content.decode()
    prep = client.get(f"/preparation/{jdz.inspection.pk}/")
    assert DISCREPANCY not in prep.content.decode()
    assert not Event.objects.filter(action="secret.read").exists()


def test_lists_never_carry_the_result_even_for_allowed_readers(jdz: Any, leadership: Leadership) -> None:
    prepare(jdz)
    _check(jdz, leadership.deputy)
    client = Client()
    client.force_login(jdz.leader)
    listed = client.get(f"/api/personal-matters-checks/?inspection={jdz.inspection.pk}")
    assert listed.status_code == 200 and listed.json()["count"] == 1
    assert "result" not in listed.json()["results"][0] and DISCREPANCY not in listed.content.decode()
    page = client.get(f"/preparation/{jdz.inspection.pk}/")
    assert (
        page.status_code == 200
        and DISCREPANCY not in page.content.decode()
        and "查阅结果（秘密）" in page.content.decode()
    )
    assert not Event.objects.filter(action="secret.read").exists()


# -- the team leader's briefing-----------------------------------------------------------------------------------------
def test_a_briefing_must_include_the_team_leader(jdz: Any) -> None:
    prepare(jdz)
    with pytest.raises(ServiceError) as err:
        _briefing(jdz, attendees=[jdz.member], actor=jdz.member)
    assert "必须包括巡察组组长" in err.value.message and err.value.article == "第二十六条"
    with pytest.raises(ServiceError, match="只能是本巡察组成员"):
        _briefing(jdz, attendees=[jdz.leader, jdz.office_clerk])
    briefing = _briefing(jdz, attendees=[jdz.leader, jdz.member], by="")
    assert set(briefing.attendees.all()) == {jdz.leader, jdz.member}
    assert briefing.by.startswith("市纪委对口纪检监察室")  # from the rulebook when not given
    event = Event.objects.get(action="briefing.recorded")
    assert event.article == "第二十六条" and TOPICS not in str(event.after)


@pytest.mark.parametrize("who", OTHERS)
def test_only_the_team_and_the_office_head_record_briefings(jdz: Any, who: str) -> None:
    prepare(jdz)
    with pytest.raises(PermissionDeniedError):
        _briefing(jdz, actor=getattr(jdz, who))


@pytest.mark.parametrize("who", ALLOWED)
def test_the_team_and_the_office_head_read_briefing_topics_and_each_read_is_an_event(jdz: Any, who: str) -> None:
    prepare(jdz)
    briefing = _briefing(jdz)
    reader = getattr(jdz, who)
    assert services.leader_briefing_read(actor=reader, pk=briefing.pk).topics == TOPICS
    client = Client()
    client.force_login(reader)
    page = client.get(f"/preparation/briefings/{briefing.pk}/")
    assert page.status_code == 200 and TOPICS in page.content.decode()
    assert client.get(f"/api/leader-briefings/{briefing.pk}/").json()["topics"] == TOPICS
    reads = Event.objects.filter(action="secret.read")
    assert reads.count() == 3 and {e.actor for e in reads} == {reader}


@pytest.mark.parametrize("who", OTHERS)
def test_every_other_role_is_refused_briefing_topics_and_leaves_no_read_event(jdz: Any, who: str) -> None:
    prepare(jdz)
    briefing = _briefing(jdz)
    user = getattr(jdz, who)
    with pytest.raises(PermissionDeniedError, match="无权查阅"):
        services.leader_briefing_read(actor=user, pk=briefing.pk)
    client = Client()
    client.force_login(user)
    for url in (
        f"/preparation/briefings/{briefing.pk}/",
        f"/api/leader-briefings/{briefing.pk}/",
        "/api/leader-briefings/",
        f"/preparation/{jdz.inspection.pk}/",
    ):
        response = client.get(url)
        assert TOPICS not in response.content.decode(), url
    assert client.get(f"/preparation/briefings/{briefing.pk}/").status_code == 403
    assert not Event.objects.filter(action="secret.read").exists()
