from __future__ import annotations

import pytest
from django.core.cache import cache

from xuncha.audit.models import Event
from xuncha.conftest import Side, put_on_site, put_reporting
from xuncha.core.anonymity.ratelimit import RateLimited
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.evaluations import services
from xuncha.evaluations.models import Ballot, SlipCode

from .helpers import answers, group, opened, submit


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


def test_create_snapshots_template_and_min_group_setting(jdz: Side, settings) -> None:
    settings.XUNCHA_EVALUATION_MIN_GROUP = 6
    put_on_site(jdz)
    e = services.evaluation_create(actor=jdz.member, inspection=jdz.inspection, template="selection_satisfaction")
    assert e.min_group == 6 and e.kind == "questionnaire" and e.article == "第十九条"
    assert [o["label"] for o in e.options] == ["满意", "基本满意", "不满意", "不了解"]
    assert e.subjects[0]["code"] == "unit"
    with pytest.raises(ServiceError, match="不能低于办公室的设定6人"):
        services.evaluation_create(actor=jdz.member, inspection=jdz.inspection, template="team_evaluation", min_group=5)
    assert (
        services.evaluation_create(
            actor=jdz.member, inspection=jdz.inspection, template="team_evaluation", min_group=9
        ).min_group
        == 9
    )
    with pytest.raises(ServiceError, match="没有表式"):
        services.evaluation_create(actor=jdz.member, inspection=jdz.inspection, template="nope")


def test_nmg_cites_its_own_article(nmg: Side) -> None:
    put_on_site(nmg)
    e = services.evaluation_create(actor=nmg.member, inspection=nmg.inspection, template="leader_evaluation")
    assert e.article == "第二十条" and e.subjects == []


def test_group_below_min_refused_and_outsiders_refused(jdz: Side) -> None:
    put_on_site(jdz)
    e = services.evaluation_create(actor=jdz.member, inspection=jdz.inspection, template="team_evaluation")
    with pytest.raises(ServiceError, match="人数少于5人无法保证匿名（办公室的设定"):
        services.group_add(actor=jdz.member, evaluation=e, name="一般干部", size=4)
    for outsider in (jdz.other_member, jdz.unit_contact, jdz.office_head):
        with pytest.raises(PermissionDeniedError):
            services.group_add(actor=outsider, evaluation=e, name="一般干部", size=9)


def test_slips_bounded_by_size_and_codes_only_hashed(jdz: Side) -> None:
    e = opened(jdz, groups=(("中层干部", 6),))
    g = group(e, "中层干部")
    codes = services.slips_issue(actor=jdz.member, group=g, count=4)
    assert len(codes) == 4 and all(len(c) == 16 and c.isdigit() for c in codes)
    stored = set(SlipCode.objects.values_list("hash", flat=True))
    assert not any(c in h for c in codes for h in stored)
    with pytest.raises(ServiceError, match="还可印制2张"):
        services.slips_issue(actor=jdz.member, group=g, count=3)
    assert services.slips_void(actor=jdz.member, group=g) == 4
    assert len(services.slips_issue(actor=jdz.member, group=g, count=6)) == 6
    event = Event.objects.filter(action="evaluation.slips_issued").last()
    assert event is not None and not any(c in str(event.after) for c in codes)


def test_a_spent_code_cannot_be_reused_online_or_on_paper(jdz: Side) -> None:
    e = opened(jdz)
    code, paper = services.slips_issue(actor=jdz.member, group=group(e, "中层干部"), count=2)
    submit(e, code)
    with pytest.raises(ServiceError, match="无效或已使用") as again:
        submit(e, code)
    with pytest.raises(ServiceError, match="无效或已使用") as unknown:
        submit(e, "1234567812345678")
    assert again.value.message == unknown.value.message  # spent and unknown cannot be told apart
    with pytest.raises(ServiceError, match="无效或已使用"):
        services.paper_ballot_enter(actor=jdz.member, evaluation=e, code=code, answers=answers(e, "poor"))
    services.paper_ballot_enter(actor=jdz.member, evaluation=e, code=paper, answers=answers(e, "poor"))
    with pytest.raises(ServiceError, match="无效或已使用"):
        submit(e, paper)
    assert Ballot.objects.filter(evaluation=e).count() == 2
    assert Event.objects.filter(action="evaluation.paper_entered").count() == 1


def test_online_ballot_records_no_event_and_answers_validated(jdz: Side) -> None:
    e = opened(jdz)
    (code,) = services.slips_issue(actor=jdz.member, group=group(e, "中层干部"), count=1)
    before = Event.objects.count()
    with pytest.raises(ServiceError, match="没有的项目或等次"):
        services.ballot_submit(evaluation=e, code=code, answers={"team": {"overall": "excellent"}}, client="c")
    submit(e, code)
    assert Event.objects.count() == before
    assert not SlipCode.objects.filter(spent=False).exists()


def test_wrong_codes_rate_limited(jdz: Side, settings) -> None:
    settings.XUNCHA_PUBLIC_CODE_TRIES = 3
    e = opened(jdz)
    for _ in range(3):
        with pytest.raises(ServiceError):
            submit(e, "0000000000000000", client="guesser")
    with pytest.raises(RateLimited):
        submit(e, "0000000000000000", client="guesser")


def test_paper_after_fieldwork_but_not_online(jdz: Side) -> None:
    e = opened(jdz)
    a, b = services.slips_issue(actor=jdz.member, group=group(e, "中层干部"), count=2)
    put_reporting(jdz)
    with pytest.raises(ServiceError, match="未在进行中"):
        submit(e, a)
    services.paper_ballot_enter(actor=jdz.member, evaluation=e, code=b, answers=answers(e, "good"))
    closed = services.evaluation_close(actor=jdz.member, evaluation=e)
    event = Event.objects.get(action="evaluation.closed")
    assert closed.status == "closed" and event.after == {"issued": 2, "ballots": 1, "invited": 40}
    with pytest.raises(ServiceError):
        services.paper_ballot_enter(actor=jdz.member, evaluation=e, code=a, answers=answers(e, "good"))
