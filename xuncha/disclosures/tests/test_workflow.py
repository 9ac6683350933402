"""Draft → approve (office head, the system's setting) → publish (office, rulebook channels), per stage the rulebook
lists and once that stage has happened; corrections supersede; who may do what; who sees drafts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.disclosures import services as svc
from xuncha.disclosures.models import Disclosure
from xuncha.disclosures.selectors import public_disclosures

from .helpers import (
    ARTICLES,
    ENTRY,
    FED_BACK,
    REPORTS,
    D,
    approved,
    draft,
    fed_back,
    on_site,
    petition,
    publish_entry_notice,
    published,
    reports_submitted,
)

pytestmark = pytest.mark.django_db
BOTH = pytest.mark.parametrize("which", ["jdz", "nmg"])


@BOTH
def test_a_feedback_disclosure_is_drafted_approved_and_published_with_the_rulebook_channels(
    request: Any, which: str
) -> None:
    side = request.getfixturevalue(which)
    fed_back(side)
    article = ARTICLES[which]["disclosure"]
    d = draft(side)
    assert (d.status, d.drafted_by, d.published_on, d.channels) == ("draft", side.leader, None, "")

    d = svc.disclosure_approve(actor=side.office_head, disclosure=d, approved_on=D(2026, 5, 26))
    assert (d.status, d.approved_by, d.approved_on) == ("approved", side.office_head, D(2026, 5, 26))

    d = svc.disclosure_publish(actor=side.office_clerk, disclosure=d, published_on=D(2026, 5, 27))
    rule = next(r for r in side.jurisdiction.rulebook.disclosures if r.stage == "feedback")
    assert (d.status, d.published_by, d.published_on, d.channels) == (
        "published",
        side.office_clerk,
        D(2026, 5, 27),
        rule.channels,
    )
    events = list(Event.objects.filter(object_type=Disclosure._meta.label_lower, object_id=str(d.pk)).order_by("seq"))
    assert [(e.action, e.article, e.actor) for e in events] == [
        ("disclosure.drafted", article, side.leader),
        ("disclosure.approved", article, side.office_head),
        ("disclosure.published", article, side.office_clerk),
    ]
    assert events[1].occurred_on == D(2026, 5, 26) and events[2].occurred_on == D(2026, 5, 27)
    # The draft's text is in the row, not in the permanent chain: it had not been checked for secrets yet.
    assert d.body not in str(events[0].after) and len((events[0].after or {})["body_sha256"]) == 64


@BOTH
def test_a_rectification_disclosure_waits_for_the_rectification_reports(request: Any, which: str) -> None:
    side = request.getfixturevalue(which)
    fed_back(side)
    with pytest.raises(ServiceError) as err:
        draft(side, "rectification", actor=side.office_clerk)
    assert err.value.field == "stage" and err.value.article == ARTICLES[which]["disclosure"]
    assert "报送整改报告日期" in err.value.message and "整改情况在报送整改情况报告之后公开" in err.value.message

    reports_submitted(side)
    d = draft(
        side, "rectification", title="整改情况公开", body="被巡察单位党组织整改进展情况。", actor=side.office_clerk
    )
    with pytest.raises(ServiceError) as early:
        approved(side, d, on=D(2026, 7, 19))
    assert early.value.field == "approved_on"
    d = published(side, d, on=REPORTS)
    assert d.status == "published" and d.drafted_by == side.office_clerk


@BOTH
def test_a_feedback_disclosure_before_the_feedback_is_refused_naming_the_field_and_article(
    request: Any, which: str
) -> None:
    side = request.getfixturevalue(which)
    on_site(side)
    with pytest.raises(ServiceError) as err:
        draft(side, "feedback")
    assert err.value.code == "stage_not_reached" and err.value.article == ARTICLES[which]["disclosure"]
    assert "尚未反馈（“反馈日期”未登记）" in err.value.message
    assert not Disclosure.objects.filter(stage="feedback").exists()


def test_only_the_stages_the_rulebook_lists(jdz: Any) -> None:
    on_site(jdz)
    with pytest.raises(ServiceError) as err:
        draft(jdz, "hearing")
    assert err.value.field == "stage" and err.value.article == "第四十二条"
    assert (
        "巡察进驻情况公开（entry）、巡察反馈情况公开（feedback）、巡察整改情况公开（rectification）"
        in err.value.message
    )


@BOTH
@pytest.mark.parametrize("enterer", ["leader", "office_clerk"])
def test_the_entry_announcement_is_drafted_at_entry_and_public_only_after_the_office_heads_approval(
    request: Any, which: str, enterer: str
) -> None:
    side = request.getfixturevalue(which)
    on_site(side, actor=getattr(side, enterer))  # the team leader, or office staff, records the entry
    entry = Disclosure.objects.get(inspection=side.inspection, stage="entry")
    assert (entry.status, entry.approved_by, entry.published_on) == ("draft", None, None)
    assert entry.drafted_by == getattr(side, enterer)
    assert not Event.objects.filter(action="disclosure.published").exists()
    assert list(public_disclosures()) == []
    assert side.inspection.target.name not in Client().get(f"/public/{side.jurisdiction.code}/").content.decode()
    with pytest.raises(ServiceError):  # not approved: the office cannot publish it
        svc.disclosure_publish(actor=side.office_clerk, disclosure=entry, published_on=ENTRY)
    with pytest.raises(PermissionDeniedError):  # only the office head approves, also what the leader drafted
        svc.disclosure_approve(actor=getattr(side, enterer), disclosure=entry, approved_on=ENTRY)
    entry = svc.disclosure_approve(actor=side.office_head, disclosure=entry, approved_on=ENTRY)
    assert list(public_disclosures()) == []  # approved is not yet public
    entry = svc.disclosure_publish(actor=side.office_clerk, disclosure=entry, published_on=ENTRY)
    assert [row["title"] for row in public_disclosures()] == [entry.title]
    assert side.inspection.target.name in Client().get(f"/public/{side.jurisdiction.code}/").content.decode()


@BOTH
def test_the_entry_announcement_passes_the_secrecy_check_before_approval(request: Any, which: str) -> None:
    side = request.getfixturevalue(which)
    on_site(side)
    entry = Disclosure.objects.get(inspection=side.inspection, stage="entry")
    entry = svc.disclosure_update(
        actor=side.office_head, disclosure=entry, title=entry.title, body=f"{entry.body}孙立平来信反映了问题。"
    )
    petition(side, name="孙立平")
    with pytest.raises(ServiceError) as err:
        svc.disclosure_approve(actor=side.office_head, disclosure=entry, approved_on=ENTRY)
    assert err.value.code == "secret_in_disclosure"
    assert Disclosure.objects.get(pk=entry.pk).status == "draft"


def test_dates_run_after_the_stage_and_the_approval_and_not_into_the_future(jdz: Any) -> None:
    fed_back(jdz)
    d = draft(jdz)
    with pytest.raises(ServiceError) as before_feedback:
        approved(jdz, d, on=D(2026, 5, 24))
    assert before_feedback.value.field == "approved_on" and "不能早于 2026-05-25" in before_feedback.value.message
    with pytest.raises(ServiceError) as future:
        approved(jdz, d, on=D(2099, 1, 1))
    assert future.value.field == "approved_on"
    d = approved(jdz, d, on=D(2026, 6, 1))
    with pytest.raises(ServiceError) as before_approval:
        svc.disclosure_publish(actor=jdz.office_clerk, disclosure=d, published_on=D(2026, 5, 30))
    assert before_approval.value.field == "published_on" and "不能早于 2026-06-01" in before_approval.value.message
    assert Disclosure.objects.get(pk=d.pk).status == "approved"


def test_an_empty_title_or_body_is_refused(jdz: Any) -> None:
    fed_back(jdz)
    with pytest.raises(ServiceError) as err:
        draft(jdz, title="  ")
    assert err.value.field == "title" and err.value.article == "第四十二条"
    with pytest.raises(ServiceError) as err:
        draft(jdz, body="")
    assert err.value.field == "body"


def test_a_published_disclosure_is_never_changed_and_a_correction_supersedes_it(jdz: Any) -> None:
    fed_back(jdz)
    first = published(jdz, draft(jdz))
    with pytest.raises(ServiceError) as edit:
        svc.disclosure_update(actor=jdz.leader, disclosure=first, title="改", body="改")
    assert edit.value.code == "wrong_status" and "已公开的不再修改，如需更正请起草更正" in edit.value.message
    with pytest.raises(ServiceError) as again:
        svc.disclosure_approve(actor=jdz.office_head, disclosure=first, approved_on=FED_BACK)
    assert "处于“已公开”状态" in again.value.message
    with pytest.raises(ServiceError) as no_reason:
        svc.disclosure_correct(actor=jdz.leader, disclosure=first, title="更正", body="更正后的内容。", reason=" ")
    assert no_reason.value.field == "reason"

    fix = svc.disclosure_correct(
        actor=jdz.leader, disclosure=first, title="反馈情况公开（更正）", body="更正后的内容。", reason="日期有误"
    )
    assert (fix.status, fix.supersedes, fix.stage) == ("draft", first, "feedback")
    with pytest.raises(ServiceError) as twice:
        svc.disclosure_correct(actor=jdz.leader, disclosure=first, title="再更正", body="内容。", reason="又错")
    assert twice.value.field == "supersedes" and f"公开 #{fix.pk}" in twice.value.message

    # Until the correction is published the first one stays public; then only the correction is.
    titles = [row["title"] for row in public_disclosures(jurisdiction_id=jdz.jurisdiction.pk)]
    assert "反馈情况公开" in titles and "反馈情况公开（更正）" not in titles
    published(jdz, fix, on=D(2026, 5, 28))
    titles = [row["title"] for row in public_disclosures(jurisdiction_id=jdz.jurisdiction.pk)]
    assert "反馈情况公开（更正）" in titles and "反馈情况公开" not in titles
    first.refresh_from_db()
    assert (first.status, first.title) == ("published", "反馈情况公开")
    assert Event.objects.get(action="disclosure.corrected").before == {"supersedes": first.pk}


def test_a_draft_is_corrected_by_changing_it_not_by_a_correction(jdz: Any) -> None:
    fed_back(jdz)
    d = draft(jdz)
    with pytest.raises(ServiceError) as err:
        svc.disclosure_correct(actor=jdz.leader, disclosure=d, title="t", body="b", reason="r")
    assert "尚未公开，直接修改即可" in err.value.message


def test_the_office_head_returns_an_approved_text_with_a_reason_and_it_is_changed_and_approved_again(jdz: Any) -> None:
    fed_back(jdz)
    d = approved(jdz, draft(jdz))
    with pytest.raises(ServiceError) as no_reason:
        svc.disclosure_return(actor=jdz.office_head, disclosure=d, reason="")
    assert no_reason.value.field == "reason"
    with pytest.raises(ServiceError):
        svc.disclosure_update(actor=jdz.leader, disclosure=d, title="改", body="改")  # approved: return first
    d = svc.disclosure_return(actor=jdz.office_head, disclosure=d, reason="请补充整改时限")
    assert (d.status, d.approved_by, d.approved_on, d.return_reason) == ("draft", None, None, "请补充整改时限")
    d = svc.disclosure_update(actor=jdz.leader, disclosure=d, title="反馈情况公开", body="补充了整改时限。")
    d = approved(jdz, d)
    assert (d.status, d.return_reason) == ("approved", "")
    returned = Event.objects.filter(object_id=str(d.pk), action="disclosure.returned").get()
    assert (returned.after or {})["reason"] == ("请补充整改时限")
    with pytest.raises(ServiceError) as draft_back:
        svc.disclosure_return(
            actor=jdz.office_head,
            disclosure=svc.disclosure_draft(
                actor=jdz.leader, inspection=jdz.inspection, stage="feedback", title="另一稿", body="内容。"
            ),
            reason="r",
        )
    assert "处于“草稿”状态，不能转入“草稿”" in draft_back.value.message


@BOTH
def test_who_may_draft_approve_and_publish(request: Any, which: str) -> None:
    side = request.getfixturevalue(which)
    fed_back(side)
    article = ARTICLES[which]["disclosure"]
    for outsider in (side.unit_contact, side.other_member, side.receiver, side.member, side.auditor):
        with pytest.raises(PermissionDeniedError) as err:
            draft(side, actor=outsider)
        assert err.value.article == article and "组长或" in err.value.message
    d = draft(side, actor=side.office_clerk)
    for not_head in (side.office_clerk, side.leader, side.unit_contact, side.other_member, side.receiver):
        with pytest.raises(PermissionDeniedError) as err:
            svc.disclosure_approve(actor=not_head, disclosure=d, approved_on=FED_BACK)
        assert "未规定审批人，本系统设定由" in err.value.message and "主任审批" in err.value.message
    d = approved(side, d)
    for not_office in (side.leader, side.member, side.unit_contact, side.other_member, side.receiver, side.auditor):
        with pytest.raises(PermissionDeniedError):
            svc.disclosure_publish(actor=not_office, disclosure=d, published_on=FED_BACK)
        with pytest.raises(PermissionDeniedError):
            svc.disclosure_return(actor=not_office, disclosure=d, reason="不行")
    assert Disclosure.objects.get(pk=d.pk).status == "approved"
    assert svc.disclosure_publish(actor=side.office_head, disclosure=d, published_on=FED_BACK).status == "published"


@BOTH
def test_drafts_are_kept_from_the_inspected_unit_receivers_and_other_teams(request: Any, which: str) -> None:
    side = request.getfixturevalue(which)
    fed_back(side)
    entry = publish_entry_notice(side)
    pending = draft(side)
    ready = approved(side, draft(side, title="已审批稿"))

    def seen(user: Any) -> set[int]:
        return set(Disclosure.objects.visible_to(user).filter(inspection=side.inspection).values_list("pk", flat=True))

    everything = {entry.pk, pending.pk, ready.pk}
    for insider in (side.leader, side.member, side.office_clerk, side.office_head, side.auditor):
        assert seen(insider) == everything
    assert seen(side.unit_contact) == {entry.pk}
    assert seen(side.other_unit_contact) == seen(side.other_member) == seen(side.receiver) == set()
    assert seen(None) == set()
