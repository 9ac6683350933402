"""The inspector pages as the office, the inspector and everyone else meet them: who sees the record, which forms
each sees, what each form records, and the Chinese refusal it shows next to the form when the service says no."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xuncha.accounts.models import User
from xuncha.accounts.services import user_create
from xuncha.people import services as svc
from xuncha.people.models import (
    Attestation,
    Declaration,
    Inspector,
    LeaderAuthorization,
    Rotation,
    Secondment,
    TrainingPosting,
)
from xuncha.people.tests.test_recusal import hold, make_cadre, make_inspector

D = datetime.date
ON = D(2026, 3, 2)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html(response: Any) -> str:
    return str(response.content.decode())


def detail(inspector: Inspector) -> str:
    return f"/people/inspectors/{inspector.pk}/"


@pytest.fixture
def account(jdz: Any) -> User:
    return user_create(actor=None, username="jdz_self", full_name="自己人", password="pw-test-123")


@pytest.fixture
def mine(jdz: Any, account: User) -> Inspector:
    """An inspector with a login of their own, placed on team 1 (so jdz.member is a teammate)."""
    inspector = make_inspector(jdz, "I-ME", "周自己", user=account)
    svc.assignment_create(actor=jdz.office_head, team=jdz.inspection.team, inspector=inspector, role="member", on=ON)
    return inspector


# -- list and registration -----------------------------------------------------------------------------------------
def test_the_list_offers_registration_to_the_office_only_and_shows_each_viewer_what_they_may_see(
    jdz: Any, nmg: Any, mine: Inspector
) -> None:
    make_inspector(jdz, "I-OT", "吴别人")
    office = html(client_for(jdz.office_clerk).get("/people/inspectors/"))
    assert "登记巡察工作人员" in office and "周自己" in office and "吴别人" in office
    auditor = html(client_for(jdz.auditor).get("/people/inspectors/"))
    assert "周自己" in auditor and "登记巡察工作人员" not in auditor
    assert "登记巡视工作人员" in html(client_for(nmg.office_head).get("/people/inspectors/"))
    assert "周自己" not in html(client_for(nmg.office_head).get("/people/inspectors/"))
    own = html(client_for(mine.user).get("/people/inspectors/"))
    assert "周自己" in own and "吴别人" not in own and "登记" not in own
    # The leader of 周自己's team sees the people on it (the leader appraises secondees, JDZ-2017 第九条), no one else.
    led = html(client_for(jdz.leader).get("/people/inspectors/"))
    assert "周自己" in led and "吴别人" not in led
    for outsider in (jdz.member, jdz.unit_contact, jdz.receiver):
        page = html(client_for(outsider).get("/people/inspectors/"))
        assert "周自己" not in page and "吴别人" not in page


def test_the_office_registers_a_cadre_of_its_own_jurisdiction_with_the_rulebooks_choices(jdz: Any) -> None:
    free = make_cadre(jdz, "C-FREE", "郑待登")
    taken = make_inspector(jdz, "C-TAKEN", "冯已登").cadre
    client = client_for(jdz.office_clerk)
    form = html(client.get("/people/inspectors/new/"))
    assert f'value="{free.pk}"' in form and f'value="{taken.pk}"' not in form
    assert "郑待登（C-FREE）" in form
    # JDZ-2017 第九条 lists seven expertise areas; it has secondments and postings but no leader pool (第七条).
    assert "纪检监察" in form and "信访" in form and "法律" not in form and "第九条所列专业领域" in form
    assert "借调/抽调人员（第九条）" in form and "挂职锻炼干部（第九条）" in form
    assert 'name="in_leader_pool"' not in form and "第七条" in form
    response = client.post(
        "/people/inspectors/new/",
        {
            "cadre": free.pk,
            "kind": "pool",
            "expertise": ["finance", "audit"],
            "county_level": "on",
            "username": "jdz_member",
        },
    )
    inspector = Inspector.objects.get(cadre=free)
    assert response.status_code == 302 and response["Location"] == detail(inspector)
    assert (inspector.kind, inspector.expertise, inspector.county_level, inspector.user) == (
        "pool",
        ["finance", "audit"],
        True,
        jdz.member,
    )
    page = html(client.get(detail(inspector)))
    assert "已将郑待登登记为巡察工作人员" in page and "财政、审计" in page


def test_registration_shows_the_services_refusal_next_to_the_field(jdz: Any) -> None:
    make_inspector(jdz, "C-HAS", "陈有号", user=jdz.member)
    cadre = make_cadre(jdz, "C-NEW", "褚新人")
    client = client_for(jdz.office_head)
    response = client.post("/people/inspectors/new/", {"cadre": cadre.pk, "kind": "pool", "username": "jdz_member"})
    page = html(response)
    assert response.status_code == 200
    assert f"登录账号 {jdz.member} 已关联另一名巡察工作人员" in page
    assert 'value="jdz_member"' in page  # the form keeps what was typed
    assert not Inspector.objects.filter(cadre=cadre).exists()
    unknown = html(client.post("/people/inspectors/new/", {"cadre": cadre.pk, "kind": "pool", "username": "nobody"}))
    assert "没有用户名为 nobody 的有效账号" in unknown


def test_nmg_registration_offers_the_leader_pool_and_the_general_expertise_list(nmg: Any) -> None:
    make_cadre(nmg, "N-1", "卫候选")
    form = html(client_for(nmg.office_head).get("/people/inspectors/new/"))
    assert 'name="in_leader_pool"' in form and "一次一授权" in form and "第九条" in form
    assert "法律" in form and "第十三条建立人才库，未列专业领域" in form
    assert "借调/抽调人员" not in form and "挂职锻炼干部" not in form  # NMG-2016 provides for neither


def test_only_the_office_reaches_the_registration_page(jdz: Any) -> None:
    for outsider in (jdz.member, jdz.auditor, jdz.unit_contact):
        client = client_for(outsider)
        response = client.get("/people/inspectors/new/")
        assert response.status_code == 302 and response["Location"] == "/people/inspectors/"
        assert "只有办公室负责人、办公室工作人员可以登记" in html(client.get("/people/inspectors/"))


# -- who sees the record -------------------------------------------------------------------------------------------
def test_the_record_is_the_offices_and_the_inspectors_own(jdz: Any, nmg: Any, mine: Inspector) -> None:
    # The team's leader reads the records of the people on the team (appraisal of secondees, JDZ-2017 第九条).
    for reader in (jdz.office_head, jdz.office_clerk, jdz.auditor, mine.user, jdz.leader):
        assert client_for(reader).get(detail(mine)).status_code == 200, reader
    # jdz.member serves on the same team and still does not see a teammate's record.
    for outsider in (jdz.member, jdz.other_member, jdz.unit_contact, jdz.receiver, nmg.office_head):
        assert client_for(outsider).get(detail(mine)).status_code == 404, outsider


def test_each_viewer_sees_the_forms_the_services_allow_them(jdz: Any, mine: Inspector) -> None:
    office = html(client_for(jdz.office_clerk).get(detail(mine)))
    for summary in ("确认一项任职条件", "申报回避事项", "登记轮岗交流", "登记借调、抽调", "登记挂职锻炼"):
        assert summary in office, summary
    assert "登记本轮授权" not in office and "组长授权" not in office  # JDZ-2017 第七条: leaders are designated
    assert "任职经历" in office and "第十三条" in office and "第八条" in office
    own = html(client_for(mine.user).get(detail(mine)))
    assert "申报回避事项" in own and "这是您本人的巡察工作人员记录" in own
    assert "确认一项任职条件" not in own and "登记轮岗交流" not in own and "任职经历" not in own
    # The registry is the office's: the inspector declares a relative by name and the office links the record.
    assert 'name="person"' not in own and "由市委巡察工作领导小组办公室（市委巡察办）关联其干部档案" in own
    assert "2026年第1轮 第1巡察组 组员" in own
    auditor = html(client_for(jdz.auditor).get(detail(mine)))
    assert "申报回避事项" not in auditor and "确认一项任职条件" not in auditor and "周自己" in auditor


# -- declarations --------------------------------------------------------------------------------------------------
def test_the_inspector_declares_and_withdraws_in_the_browser(jdz: Any, mine: Inspector) -> None:
    client = client_for(mine.user)
    response = client.post(
        f"/people/inspectors/{mine.pk}/declarations/",
        {"kind": "kin", "declared_on": "2026-03-01", "person_name": "王某", "relation": "配偶"},
    )
    assert response.status_code == 302 and response["Location"] == detail(mine) + "#declarations"
    declaration = Declaration.objects.get(inspector=mine)
    assert (declaration.person_name, declaration.relation, declaration.declared_on) == ("王某", "配偶", D(2026, 3, 1))
    page = html(client.get(detail(mine)))
    assert "已登记回避事项申报" in page and "王某" in page and 'data-testid="form-withdraw"' in page
    withdrawn = client.post(
        f"/people/declarations/{declaration.pk}/withdraw/", {"withdrawn_on": "2026-04-01", "reason": "已离婚"}
    )
    assert withdrawn.status_code == 302
    page = html(client.get(detail(mine)))
    assert "已撤回申报（原申报保留）" in page
    assert "2026-04-01 撤回" in page and 'data-testid="form-withdraw"' not in page
    # Withdrawing again: the button is gone, the service says why.
    again = html(client.post(f"/people/declarations/{declaration.pk}/withdraw/", {"withdrawn_on": "2026-05-01"}))
    assert "该申报已于 2026-04-01 撤回" in again
    assert Declaration.objects.get(pk=declaration.pk).withdrawn_on == D(2026, 4, 1)


def test_a_declaration_refused_by_the_service_keeps_the_form_and_says_why(jdz: Any, mine: Inspector) -> None:
    response = client_for(mine.user).post(
        f"/people/inspectors/{mine.pk}/declarations/",
        {"kind": "interest", "declared_on": "2026-03-01", "detail": "配偶持股某公司"},
    )
    page = html(response)
    assert response.status_code == 200
    assert "申报直接利害关系须指明相关单位，回避核查据此进行（第十三条）" in page
    assert 'value="配偶持股某公司"' in page and '<details class="mt-2 mb-3" open' in page
    assert not Declaration.objects.exists()


def test_the_office_links_a_declared_relative_to_the_cadre_record(jdz: Any, mine: Inspector) -> None:
    relative = make_cadre(jdz, "C-REL", "蒋亲戚")
    client = client_for(jdz.office_head)
    assert f'value="{relative.pk}"' in html(client.get(detail(mine)))
    client.post(
        f"/people/inspectors/{mine.pk}/declarations/",
        {"kind": "kin", "declared_on": "2026-03-01", "person": relative.pk, "relation": "表兄弟"},
    )
    declaration = Declaration.objects.get(inspector=mine)
    assert (declaration.person, declaration.person_name) == (relative, "蒋亲戚")


# -- eligibility ---------------------------------------------------------------------------------------------------
def test_the_office_attests_a_condition_and_a_future_date_is_refused(jdz: Any) -> None:
    mine = make_inspector(jdz, "I-UA", "吴未确", attested=False)
    client = client_for(jdz.office_head)
    form = html(client.get(detail(mine)))
    assert "身体健康，能胜任工作要求（第八条）" in form
    assert "各项条件均经确认方可安排进巡察组（第八条）" in form
    assert "未全部确认而须安排的，由市委巡察办负责人在组队页面登记例外决定" in form
    response = client.post(
        f"/people/inspectors/{mine.pk}/attestations/",
        {"condition": "health", "attested_on": "2026-03-02", "basis": "体检合格"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#eligibility")
    page = html(client.get(detail(mine)))
    assert '身体健康，能胜任工作要求：<span class="text-success">已确认</span>（2026-03-02，体检合格' in page
    refused = html(
        client.post(
            f"/people/inspectors/{mine.pk}/attestations/",
            {"condition": "discipline", "attested_on": "2099-01-01", "basis": "考察"},
        )
    )
    assert "确认日期不能晚于今天" in refused
    assert list(Attestation.objects.filter(inspector=mine).values_list("condition", flat=True)) == ["health"]


def test_the_inspector_cannot_attest_their_own_eligibility(jdz: Any) -> None:
    login = user_create(actor=None, username="jdz_unattested", full_name="吴未确", password="pw-test-123")
    mine = make_inspector(jdz, "I-UA", "吴未确", user=login, attested=False)
    page = html(
        client_for(mine.user).post(
            f"/people/inspectors/{mine.pk}/attestations/",
            {"condition": "health", "attested_on": "2026-03-02", "basis": "自称健康"},
        )
    )
    assert "只有市委巡察办负责人、市委巡察办工作人员可以确认任职条件（第八条）" in page
    assert not Attestation.objects.filter(inspector=mine).exists()


# -- secondments, postings, rotations -------------------------------------------------------------------------------
def test_jdz_seconds_and_appraises_in_the_browser_the_office_and_the_team_leader_each_their_part(jdz: Any) -> None:
    inspector = make_inspector(jdz, "I-SEC", "沈借调", kind="seconded")
    svc.assignment_create(actor=jdz.office_head, team=jdz.inspection.team, inspector=inspector, role="member", on=ON)
    client = client_for(jdz.office_clerk)
    response = client.post(
        f"/people/inspectors/{inspector.pk}/secondments/",
        {"home_organization": "市审计局", "round": jdz.inspection.round.pk, "started_on": "2026-03-01"},
    )
    assert response.status_code == 302
    secondment = Secondment.objects.get(inspector=inspector)
    assert (secondment.home_organization, secondment.round) == ("市审计局", jdz.inspection.round)
    page = html(client.get(detail(inspector)))
    assert "自市审计局（2026年第1轮）" in page and "（市委巡察办）和所在巡察组共同作出，第九条" in page
    assert 'data-testid="appraisal-incomplete"' in page
    # The office sees its own part's form only; the team's part is the team leader's.
    assert 'data-testid="form-appraise-office"' in page and 'data-testid="form-appraise-team"' not in page
    assert "优秀" in page and "基本称职" in page  # the model's grades
    url = f"/people/secondments/{secondment.pk}/appraise/"
    client.post(
        url, {"part": "office", "grade": "excellent", "appraisal": "发现问题能力强", "appraised_on": "2026-07-01"}
    )
    page = html(client.get(detail(inspector)))
    assert "（市委巡察办）：优秀（2026-07-01" in page and "发现问题能力强" in page
    assert 'data-testid="appraisal-incomplete"' in page and 'data-testid="form-appraise-office"' not in page
    again = html(
        client.post(url, {"part": "office", "grade": "basic", "appraisal": "改", "appraised_on": "2026-07-02"})
    )
    assert "办公室鉴定已于 2026-07-01 作出" in again
    # A plain member of the team does not even see the secondment, let alone appraise it (service: test_services).
    member = client_for(jdz.member).post(
        url, {"part": "team", "grade": "basic", "appraisal": "一般", "appraised_on": "2026-07-02"}
    )
    assert member.status_code == 404 and Secondment.objects.get(pk=secondment.pk).appraisals.count() == 1
    leader = client_for(jdz.leader)
    page = html(leader.get(detail(inspector)))
    assert 'data-testid="form-appraise-team"' in page and 'data-testid="form-appraise-office"' not in page
    leader.post(url, {"part": "team", "grade": "competent", "appraisal": "服从安排", "appraised_on": "2026-07-03"})
    page = html(leader.get(detail(inspector)))
    assert "所在巡察组（组长）：称职（2026-07-03" in page and 'data-testid="appraisal-complete"' in page
    assert sorted(Secondment.objects.get(pk=secondment.pk).appraisal_parts()) == ["office", "team"]


def test_nmg_has_no_secondment_form_and_refuses_one_posted_anyway(nmg: Any) -> None:
    inspector = make_inspector(nmg, "N-SEC", "韩巡视")
    client = client_for(nmg.office_head)
    page = html(client.get(detail(inspector)))
    assert "借调/抽调" not in page and "挂职锻炼" not in page
    refused = html(
        client.post(
            f"/people/inspectors/{inspector.pk}/secondments/", {"home_organization": "某局", "started_on": "2026-03-01"}
        )
    )
    assert "《内蒙古自治区党委巡视工作实施办法》没有规定借调、抽调，不能登记" in refused
    assert not Secondment.objects.exists()


def test_training_postings_and_rotations_are_recorded_and_bad_dates_refused(jdz: Any, mine: Inspector) -> None:
    client = client_for(jdz.office_head)
    url = f"/people/inspectors/{mine.pk}/"
    client.post(url + "postings/", {"home_organization": "乐平市委组织部", "started_on": "2026-01-01"})
    client.post(url + "rotations/", {"rotated_on": "2026-02-01", "from_position": "第一组", "to_position": "第三组"})
    page = html(client.get(detail(mine)))
    assert "自乐平市委组织部，2026-01-01—今" in page and "2026-02-01 第一组 → 第三组" in page
    refused = html(
        client.post(
            url + "postings/", {"home_organization": "某局", "started_on": "2026-05-01", "ended_on": "2026-04-01"}
        )
    )
    assert "结束日期不能早于开始日期 2026-05-01" in refused
    future = html(
        client.post(url + "rotations/", {"rotated_on": "2099-01-01", "from_position": "甲", "to_position": "乙"})
    )
    assert "轮岗日期不能晚于今天" in future
    assert TrainingPosting.objects.count() == 1 and Rotation.objects.count() == 1


def test_a_teammate_cannot_post_to_someone_elses_record(jdz: Any, mine: Inspector) -> None:
    client = client_for(jdz.member)
    url = f"/people/inspectors/{mine.pk}/"
    assert (
        client.post(
            url + "rotations/", {"rotated_on": "2026-02-01", "from_position": "甲", "to_position": "乙"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            url + "declarations/", {"kind": "kin", "declared_on": "2026-02-01", "person_name": "某"}
        ).status_code
        == 404
    )
    assert client.get(url + "rotations/").status_code == 405  # forms post; nothing to read there
    assert not Rotation.objects.exists() and not Declaration.objects.exists()


# -- leader authorizations -----------------------------------------------------------------------------------------
def test_nmg_authorizes_a_pool_leader_once_per_round(nmg: Any) -> None:
    pooled = make_inspector(nmg, "N-L", "杨组长", in_leader_pool=True)
    outside = make_inspector(nmg, "N-M", "朱组员")
    client = client_for(nmg.office_head)
    page = html(client.get(detail(pooled)))
    assert "组长授权（一次一授权）" in page and "第九条" in page and "登记本轮授权" in page
    main = page.split("<main")[1]
    assert "专职巡视干部" in main and "巡察" not in main  # NMG-2016 says 巡视 throughout
    assert "未列入巡视组组长库" in html(client.get(detail(outside)))
    data = {"round": nmg.inspection.round.pk, "role": "leader", "authorized_on": "2026-03-01", "basis": "书记专题会"}
    assert client.post(f"/people/inspectors/{pooled.pk}/authorizations/", data).status_code == 302
    assert "2026年第1轮 组长（2026-03-01，书记专题会）" in html(client.get(detail(pooled)))
    again = html(client.post(f"/people/inspectors/{pooled.pk}/authorizations/", {**data, "role": "deputy"}))
    assert "杨组长已获2026年第1轮组长授权（第九条：一次一授权）" in again
    assert LeaderAuthorization.objects.count() == 1


def test_jdz_shows_no_authorization_and_refuses_one_posted_anyway(jdz: Any, mine: Inspector) -> None:
    data = {"round": jdz.inspection.round.pk, "role": "leader", "authorized_on": "2026-03-01", "basis": "会议"}
    page = html(client_for(jdz.office_head).post(f"/people/inspectors/{mine.pk}/authorizations/", data))
    assert "不实行“一次一授权”，无需也不能登记授权" in page
    assert not LeaderAuthorization.objects.exists()


# -- demo and query counts -----------------------------------------------------------------------------------------
def test_every_demo_account_opens_the_inspector_pages_it_may_see(db: Any) -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client = Client()
    with_login = list(Inspector.objects.exclude(user=None).select_related("user"))
    assert with_login
    for user in User.objects.all():
        client.force_login(user)
        assert client.get("/people/inspectors/").status_code == 200, user.username
    for inspector in with_login:
        assert inspector.user is not None
        client.force_login(inspector.user)
        assert client.get(detail(inspector)).status_code == 200, inspector
    client.force_login(User.objects.get(username="jdz_office_head"))
    for inspector in Inspector.objects.filter(jurisdiction__code="jdz"):
        assert client.get(detail(inspector)).status_code == 200, inspector


def grow(side: Any, n: int) -> None:
    """n more inspectors, each on team 1 and with a declaration."""
    start = Inspector.objects.count()
    for k in range(start, start + n):
        inspector = make_inspector(side, f"G{k}", f"加测{k}", expertise=["finance"])
        hold(inspector.cadre, side.other_inspection.target, "科员", D(2010, 1, 1), D(2011, 1, 1))
        svc.declaration_create(
            actor=side.office_head, inspector=inspector, kind="kin", declared_on=ON, person_name=f"亲{k}"
        )
        svc.assignment_create(
            actor=side.office_head, team=side.inspection.team, inspector=inspector, role="member", on=ON
        )


def test_the_inspector_list_does_a_fixed_number_of_queries(jdz: Any) -> None:
    client = client_for(jdz.office_head)
    grow(jdz, 1)
    client.get("/people/inspectors/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/people/inspectors/").status_code == 200
    grow(jdz, 6)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/people/inspectors/").status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
