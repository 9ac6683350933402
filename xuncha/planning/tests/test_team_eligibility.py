"""Team formation and 任职条件 (JDZ-2017 第八条, NMG-2016 第十一条): an inspector whose conditions are not attested is
refused on the team page and over the API, and the office head can record an exception there (the texts provide
none, so who decided, when and why are kept)."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client

from xuncha.audit.models import Event
from xuncha.people.models import Assignment, EligibilityException
from xuncha.people.tests.test_recusal import make_inspector

D = datetime.date


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_team_page_refuses_an_unattested_inspector_and_the_office_head_records_an_exception(jdz: Any) -> None:
    team = jdz.other_inspection.team
    fresh = make_inspector(jdz, "I-TP", "页面甲", attested=False)
    check = f"/planning/teams/{team.pk}/check/?inspector={fresh.pk}&role=member"
    head = _client(jdz.office_head)
    page = head.get(check).content.decode()
    assert "页面甲的任职条件尚未确认" in page and "第八条" in page and "不能安排" in page
    assert 'data-testid="eligibility-exception-form"' in page
    clerk_page = _client(jdz.office_clerk).get(check).content.decode()
    assert "任职条件尚未确认" in clerk_page and 'data-testid="eligibility-exception-form"' not in clerk_page
    # Assigning anyway is refused with the message.
    refused = head.post(f"/planning/teams/{team.pk}/", {"inspector": fresh.pk, "role": "member"}, follow=True)
    assert "页面甲的任职条件尚未确认" in refused.content.decode() and not Assignment.objects.exists()
    # The clerk may not record the exception; the office head may.
    exception_url = f"/planning/teams/{team.pk}/eligibility-exception/"
    form = {
        "inspector": fresh.pk,
        "decided_by": "领导小组第3次会议",
        "reason": "急需财务专业人员",
        "decided_on": "2026-03-02",
    }
    _client(jdz.office_clerk).post(exception_url, form)
    assert not EligibilityException.objects.exists()
    assert head.post(exception_url, form).status_code == 302
    assert EligibilityException.objects.get().decided_by == "领导小组第3次会议"
    assert "可以安排页面甲" in head.get(check).content.decode()
    listed = head.get(f"/planning/teams/{team.pk}/").content.decode()
    assert "页面甲：领导小组第3次会议 2026-03-02 决定，理由：急需财务专业人员" in listed
    # A team member does not see the exceptions on the team page.
    assert "急需财务专业人员" not in _client(jdz.other_member).get(f"/planning/teams/{team.pk}/").content.decode()


def test_the_api_refuses_an_unattested_inspector_and_takes_the_office_heads_exception(nmg: Any) -> None:
    team = nmg.other_inspection.team
    fresh = make_inspector(nmg, "I-AP", "接口乙", attested=False)
    head = _client(nmg.office_head)
    body = {"team": team.pk, "inspector": fresh.pk, "role": "member", "assigned_on": "2026-03-02"}
    refused = head.post("/api/assignments/", body, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["article"] == "第十一条" and "接口乙的任职条件尚未确认" in refused.json()["detail"]
    preview = head.get(f"/api/assignments/preview/?team={team.pk}&inspector={fresh.pk}&role=member").json()
    assert preview["allowed"] is False and len(preview["unattested"]) == 5
    exception = {
        "team": team.pk,
        "inspector": fresh.pk,
        "decided_by": "自治区党委巡视工作领导小组会议",
        "decided_on": "2026-03-02",
        "reason": "人才库急缺",
    }
    clerk = _client(nmg.office_clerk).post("/api/eligibility-exceptions/", exception, content_type="application/json")
    assert clerk.status_code == 403 and "第十一条" in clerk.json()["detail"]
    created = head.post("/api/eligibility-exceptions/", exception, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["conditions"] == ["ideals", "principle", "discipline", "competence", "health"]
    assert Event.objects.filter(action="eligibility.exception_recorded").count() == 1
    assert head.post("/api/assignments/", body, content_type="application/json").status_code == 201
    assert [e["id"] for e in head.get("/api/eligibility-exceptions/").json()["results"]] == [created.json()["id"]]
    assert _client(nmg.member).get("/api/eligibility-exceptions/").json()["results"] == []


def test_a_new_team_with_an_unattested_inspectors_account_is_refused(jdz: Any) -> None:
    from xuncha.accounts.services import user_create
    from xuncha.core.errors import ServiceError
    from xuncha.planning.models import Team
    from xuncha.planning.services import team_create

    login = user_create(actor=None, username="jdz_newteam", full_name="新组甲", password="pw-test-123")
    make_inspector(jdz, "I-NT", "新组甲", user=login, attested=False)
    rnd = jdz.inspection.round
    try:
        team_create(actor=jdz.office_head, round=rnd, number=7, members=[(login, "leader")])
    except ServiceError as exc:
        assert (exc.field, exc.article, exc.code) == ("members", "第八条", "eligibility")
        assert f"新组甲的任职条件尚未确认，不能安排到{rnd} 第7巡察组" in exc.message
    else:
        raise AssertionError("team_create placed an inspector whose 任职条件 are not attested")
    assert not Team.objects.filter(round=rnd, number=7).exists()
