"""Nothing secret is published by mistake: before approval and again before publication the title and body are
compared with the inspection's secret material, and the refusal names where and what kind — never the secret."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from xuncha.core.errors import ServiceError
from xuncha.disclosures import services as svc
from xuncha.disclosures.models import Disclosure
from xuncha.disclosures.secrecy import find_leaks
from xuncha.feedback.models import FeedbackSession
from xuncha.fieldwork.models import Petition
from xuncha.findings.models import Escalation, Finding
from xuncha.inspections.models import Inspection
from xuncha.inspections.services import inspection_create
from xuncha.planning.services import round_create, team_create
from xuncha.registry.services import cadre_create

from . import helpers as h
from .helpers import ARTICLES, FED_BACK, approved, draft, fed_back

pytestmark = pytest.mark.django_db

BODY = "巡察组依规开展巡察工作，接受群众监督。"

# kind: (record the secret, text put into the disclosure, what the refusal names)
KINDS: dict[str, tuple[Callable[[Any], Any], str, str]] = {
    "petitioner name": (lambda s: h.petition(s, name="孙立平", contact=""), "孙立平", "来信来电来访登记的反映人姓名"),
    "petitioner contact": (
        lambda s: h.petition(s, name="某甲", contact="13912345678"),
        "139 1234 5678",  # spaced out: still the same number
        "来信来电来访登记的反映人联系方式",
    ),
    "petition content": (
        lambda s: h.petition(s, content="来信称，食堂采购单价长期高于市场价三成，要求调查。"),
        "食堂采购单价长期高于市场价三成",
        "来信来电来访登记的反映内容",
    ),
    "interviewee": (lambda s: h.talk(s, interviewee="钱卫东"), "钱卫东", "个别谈话记录的谈话对象"),
    "talk content": (
        lambda s: h.talk(s, content="据谈话人反映，修缮工程中虚列支出三十万元，账目混乱。"),
        "修缮工程中虚列支出三十万元",
        "个别谈话记录的谈话内容",
    ),
    "talk content, long clause": (
        lambda s: h.talk(s, content="他说二〇二五年下半年单位在办公用房装修项目中通过拆分合同规避公开招标程序。"),
        "在办公用房装修项目中通过拆分合同规避",  # 18 characters out of a 37-character clause
        "个别谈话记录的谈话内容",
    ),
    "informant": (lambda s: h.informant(s, "原财务科科长周某"), "原财务科科长周某", "了解工作记录的知情人"),
    "personal matters subject": (
        lambda s: h.personal_matters(s, cadre_name="吴建国"),
        "吴建国",
        "个人有关事项抽查核实的被抽查干部",
    ),
    "personal matters result": (
        lambda s: h.personal_matters(s, cadre_name="郑某", discrepancy="未如实报告在外地的两套商品住房"),
        "未如实报告在外地的两套商品住房",
        "个人有关事项抽查核实的核查结果（不一致情况）",
    ),
    "leader briefing topics": (
        lambda s: h.briefing(s, "某副局长与工程承包商往来密切，需重点关注。"),
        "某副局长与工程承包商往来密切",
        "组长对接通报的通报内容",
    ),
}


def _refused(step: Callable[[], Any]) -> ServiceError:
    with pytest.raises(ServiceError) as err:
        step()
    assert err.value.code == "secret_in_disclosure"
    return err.value


@pytest.mark.parametrize("which", ["jdz", "nmg"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_approval_is_refused_for_each_kind_of_secret_naming_the_kind_not_the_secret(
    request: Any, which: str, kind: str
) -> None:
    side = request.getfixturevalue(which)
    h.on_site(side)  # an entry-stage report: the quickest stage to reach; the check is the same for every stage
    record, text, named = KINDS[kind]
    record(side)
    d = draft(
        side, "entry", title="巡察组进驻情况", body=f"巡察组进驻后开展了解工作，其中提到{text}等情况。"
    )  # a draft is not checked: only the team and office see it

    err = _refused(lambda: approved(side, d))
    assert err.field == "body" and err.article == ARTICLES[which]["secrecy"]
    assert ARTICLES[which]["disclosure"] in err.message and f"{ARTICLES[which]['word']}工作秘密" in err.message
    source, what = named.split("的", 1)
    assert "内容第" in err.message and f"{source} " in err.message and f"的{what}相同" in err.message
    secret = text.replace(" ", "")
    assert secret not in err.message.replace(" ", "")
    assert Disclosure.objects.get(pk=d.pk).status == "draft"


def test_the_refusal_names_the_record_to_the_office_head_and_only_the_kind_to_the_office_clerk(jdz: Any) -> None:
    h.on_site(jdz)
    d = approved(jdz, draft(jdz, "entry", title="关于李某某等问题的报道"))  # not secret when approved
    h.petition(jdz, name="李某某")  # a letter from 李某某 is registered afterwards

    head = _refused(lambda: svc.disclosure_publish(actor=jdz.office_head, disclosure=d, published_on=FED_BACK))
    assert "标题第3至5字与来信来电来访登记 第1号的反映人姓名相同" in head.message and head.field == "title"
    clerk = _refused(lambda: svc.disclosure_publish(actor=jdz.office_clerk, disclosure=d, published_on=FED_BACK))
    assert "标题第3至5字与来信来电来访登记的反映人姓名相同" in clerk.message and "第1号" not in clerk.message
    assert Disclosure.objects.get(pk=d.pk).status == "approved"

    d = svc.disclosure_return(actor=jdz.office_head, disclosure=d, reason="删去反映人姓名")
    d = svc.disclosure_update(actor=jdz.leader, disclosure=d, title="进驻情况报道", body=BODY)
    d = approved(jdz, d)
    assert svc.disclosure_publish(actor=jdz.office_clerk, disclosure=d, published_on=FED_BACK).status == "published"


def test_every_match_is_listed_across_title_and_body(jdz: Any) -> None:
    fed_back(jdz)
    h.talk(jdz, interviewee="钱卫东")
    h.petition(jdz, name="孙立平")
    d = draft(jdz, title="钱卫东反映的问题", body=f"{BODY}孙立平来信。")
    err = _refused(lambda: approved(jdz, d))
    assert "公开的标题、内容含有巡察工作秘密" in err.message
    assert "标题第1至3字与个别谈话记录 #" in err.message and "内容第20至22字与来信来电来访登记 第1号" in err.message


def test_ordinary_wording_and_the_regulations_own_words_are_not_secrets(jdz: Any, nmg: Any) -> None:
    for side, phrase in ((jdz, "泄露、扩散巡察工作秘密的"), (nmg, "泄露巡视工作秘密的")):
        h.on_site(side)
        # A talk that quotes the regulation, a short common clause, a petitioner of another inspection.
        h.talk(side, content=f"谈话中讲到，{phrase}，要追究责任。反映了问题。")
        h.petition(side, name="周明", inspection=side.other_inspection)
        d = draft(side, "entry", body=f"{BODY}强调{phrase}依规追究责任；群众反映了问题。周明同志出席。")
        assert approved(side, d).status == "approved"


def test_secrets_of_the_inspection_a_follow_up_returns_to_count_too(jdz: Any) -> None:
    h.on_site(jdz)
    h.petition(jdz, name="孙立平")  # in the first inspection
    # It ran its course (办结) before the follow-up was planned: one open inspection per target. Its lifecycle after
    # fieldwork is not what this test is about.
    Inspection.objects.filter(pk=jdz.inspection.pk).update(status="closed", closed_on=datetime.date(2026, 12, 1))
    later = round_create(
        actor=None, jurisdiction=jdz.jurisdiction, year=2027, number=1, starts_on=datetime.date(2027, 3, 1)
    )
    team = team_create(actor=None, round=later, number=1, members=[(jdz.leader, "leader")])
    follow_up = inspection_create(
        actor=None, round=later, team=team, target=jdz.inspection.target, kind="follow_up", follows=jdz.inspection
    )
    leaks = find_leaks(follow_up, title="回头看反馈", body="孙立平等反映的问题已整改。")
    assert [(leak.field, leak.secret.what) for leak in leaks] == [("body", "反映人姓名")]


# -- allegations: cadres named in secret material, findings not fed back, clues, petition content -----------------
ALLEGATION = "群众来信反映刘安平违规插手工程招投标。"
CLEAN = "巡察组进驻后召开了动员会，公布了值班电话、邮政信箱和接待地址，接受群众监督。"


def _cadre(side: Any, name: str = "刘安平") -> Any:
    return cadre_create(actor=side.office_head, jurisdiction=side.jurisdiction, code=f"C-{name}", name=name)


def _finding(side: Any, **fields: Any) -> Finding:
    fields.setdefault("title", "工程项目管理不规范")
    fields.setdefault("description", "个别项目未按规定履行程序。")
    number = Finding.objects.filter(inspection=side.inspection).count() + 1
    return Finding.objects.create(
        inspection=side.inspection, number=number, category="integrity_discipline", created_by=side.member, **fields
    )


def _escalation(side: Any, matter: str) -> Escalation:
    return Escalation.objects.create(
        inspection=side.inspection,
        number=1,
        to="leading_group",
        matter=matter,
        reported_on=datetime.date(2026, 4, 1),
        reported_by=side.leader,
    )


# kind: (record the secret, what the refusal names for the office head)
ALLEGATIONS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "cadre of a finding not fed back": (lambda s: _finding(s, cadre=_cadre(s)), "问题底稿 #1的涉及干部"),
    "person of a finding not fed back": (
        lambda s: _finding(s, persons_concerned="刘安平、某副局长"),
        "问题底稿 #1的涉及人员",
    ),
    "cadre a petition is about": (
        lambda s: Petition.objects.filter(pk=h.petition(s).pk).update(about_cadre=_cadre(s), about="乐平市委书记"),
        "来信来电来访登记 第1号的被反映干部",
    ),
    "cadre named in a talk": (
        lambda s: (_cadre(s), h.talk(s, content="谈话中提到，刘安平的亲属承揽了多个项目。")),
        "个别谈话记录 #",
    ),
    "petition content": (
        lambda s: h.petition(s, content="来信反映刘安平违规插手工程招投标，请求查处。"),
        "来信来电来访登记 第1号的反映内容",
    ),
    "clue in an escalation": (
        lambda s: _escalation(s, "关于刘安平违规插手工程招投标问题线索的请示"),
        "请示报告 #1的请示报告事项",
    ),
}


@pytest.mark.parametrize("which", ["jdz", "nmg"])
@pytest.mark.parametrize("kind", list(ALLEGATIONS))
def test_an_allegation_against_a_cadre_named_in_secret_material_is_refused(request: Any, which: str, kind: str) -> None:
    side = request.getfixturevalue(which)
    h.on_site(side)
    record, named = ALLEGATIONS[kind]
    record(side)
    d = draft(side, "entry", title="进驻情况", body=ALLEGATION)
    err = _refused(lambda: approved(side, d))
    assert err.field == "body" and err.article == ARTICLES[which]["secrecy"]
    assert named in err.message, err.message
    assert ARTICLES[which]["disclosure"] in err.message
    assert "刘安平" not in err.message and "招投标" not in err.message  # never the secret itself
    assert Disclosure.objects.get(pk=d.pk).status == "draft"


def test_content_is_compared_by_a_shared_run_whose_length_is_the_systems_setting(jdz: Any, settings: Any) -> None:
    h.on_site(jdz)
    h.petition(jdz, content="来信反映刘安平违规插手工程招投标，请求查处。")
    d = draft(jdz, "entry", title="进驻情况", body=ALLEGATION)
    err = _refused(lambda: approved(jdz, d))
    assert "系统设置：与秘密材料连续10个字相同即视为引用，非条文规定" in err.message
    assert "内容第3至" in err.message  # where the shared run starts: “来信反映刘安平…”
    settings.XUNCHA_DISCLOSURE_SHARED_RUN = 12
    assert "连续12个字" in _refused(lambda: approved(jdz, d)).message


def test_a_finding_fed_back_is_no_longer_secret_but_one_not_fed_back_is(jdz: Any) -> None:
    fed_back(jdz)
    session = FeedbackSession.objects.filter(inspection=jdz.inspection).first()
    assert session is not None
    told = _finding(jdz, cadre=_cadre(jdz), title="违规插手工程招投标")
    kept = _finding(jdz, cadre=_cadre(jdz, "王守密"), title="另一问题")
    session.findings.add(told)
    assert approved(jdz, draft(jdz, body="反馈指出刘安平同志分管领域存在问题，已责成整改。")).status == "approved"
    err = _refused(lambda: approved(jdz, draft(jdz, body="反馈会上王守密同志作了表态发言。")))
    assert f"问题底稿 #{kept.number}的涉及干部" in err.message


@pytest.mark.parametrize("which", ["jdz", "nmg"])
def test_a_clean_sentence_passes_with_all_that_secret_material_recorded(request: Any, which: str) -> None:
    side = request.getfixturevalue(which)
    h.on_site(side)
    cadre = _cadre(side)
    _finding(side, cadre=cadre, persons_concerned="刘安平、某副局长")
    petition = h.petition(side, content="来信反映刘安平违规插手工程招投标，请求查处。")
    Petition.objects.filter(pk=petition.pk).update(about_cadre=cadre, about="乐平市委书记")
    h.talk(side, content="谈话中提到，刘安平的亲属承揽了多个项目。")
    _escalation(side, "关于刘安平违规插手工程招投标问题线索的请示")
    assert len(find_leaks(side.inspection, title="进驻情况", body=ALLEGATION)) >= 6
    assert approved(side, draft(side, "entry", title="进驻情况", body=CLEAN)).status == "approved"
