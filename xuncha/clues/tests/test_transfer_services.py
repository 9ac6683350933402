"""Fast track, disposal, the handover form and the receivers' handling, end to end under both rulebooks."""

from __future__ import annotations

import pytest

from xuncha.audit.models import Event
from xuncha.clues.models import Clue, Transfer
from xuncha.clues.services.disposal import clue_dispose
from xuncha.clues.services.fast_track import fast_track_decide, fast_track_propose
from xuncha.clues.services.handling import handling_report, review_meeting_record
from xuncha.clues.services.transfers import transfer_approve, transfer_cancel, transfer_draft, transfer_sign
from xuncha.conftest import put_decided, put_on_site
from xuncha.core.errors import PermissionDeniedError, ServiceError

from .transfer_helpers import D, discipline_organ, leading_group_head, make_clue, obligations, organ

pytestmark = pytest.mark.django_db


def _propose(side, clue, **kw):
    args = dict(
        actor=side.leader,
        clue=clue,
        route="fast_track",
        receiver=discipline_organ(side),
        reason="群众反映强烈，部分已印证",
        proposed_on=D(2026, 3, 25),
        condition="strong_public_complaints",
    )
    args.update(kw)
    return fast_track_propose(**args)


def test_jdz_fast_track_needs_a_condition_of_article_22(jdz):
    put_on_site(jdz)
    clue = make_clue(jdz)
    with pytest.raises(ServiceError) as exc:
        _propose(jdz, clue, condition="")
    assert "第二十二条" in exc.value.message and "群众反映强烈" in exc.value.message
    assert exc.value.field == "condition"
    with pytest.raises(PermissionDeniedError):
        _propose(jdz, clue, actor=jdz.member)
    ft = _propose(jdz, clue)
    clue.refresh_from_db()
    assert clue.status == Clue.Status.PROPOSED and ft.condition == "strong_public_complaints"


def test_jdz_interwoven_only_for_the_eight_rules_route(jdz):
    put_on_site(jdz)
    clue = make_clue(jdz)
    with pytest.raises(ServiceError) as exc:
        _propose(jdz, clue, interwoven=True)
    assert "第二十三条" in exc.value.message
    ft = _propose(jdz, clue, route="eight_rules_fast_track", condition="eight_rules_four_winds", interwoven=True)
    assert ft.interwoven


def test_jdz_fast_track_approved_and_received_opens_both_duties(jdz):
    put_on_site(jdz)
    head = leading_group_head(jdz)
    clue = make_clue(jdz)
    ft = _propose(jdz, clue)
    with pytest.raises(PermissionDeniedError):
        fast_track_decide(actor=jdz.leader, fast_track=ft, approved=True, decided_on=D(2026, 3, 26), approver="")
    with pytest.raises(ServiceError) as exc:  # the office records it: the approver's name is required
        fast_track_decide(actor=jdz.office_clerk, fast_track=ft, approved=True, decided_on=D(2026, 3, 26), approver="")
    assert exc.value.field == "approver"
    fast_track_decide(actor=head, fast_track=ft, approved=True, decided_on=D(2026, 3, 26), approver="")
    clue.refresh_from_db()
    assert clue.status == Clue.Status.IN_TRANSFER
    transfer = clue.transfer
    assert transfer is not None
    assert transfer.stage == "during_inspection" and transfer.status == "approved" and transfer.handover_form == ""
    assert transfer.approver == "领导小组组长某"
    with pytest.raises(ServiceError):  # no form: only the receiver signs
        transfer_sign(actor=jdz.leader, transfer=transfer, party="team", signed_on=D(2026, 3, 27))
    transfer_sign(actor=jdz.receiver, transfer=transfer, party="receiver", signed_on=D(2026, 3, 27))
    clue.refresh_from_db()
    assert clue.status == Clue.Status.TRANSFERRED
    [timely] = obligations(clue, "fast_track_handling")
    [months] = obligations(clue, "clue_handling_report")
    assert timely.due_on is None and months.due_on == D(2026, 6, 29)  # 06-27 is a Saturday
    ev = Event.objects.get(action="clue.transferred", object_id=str(clue.pk))
    assert (ev.after or {})["receiver_kind"] == "discipline_organ" and (ev.after or {})["transfer"] == transfer.pk


def test_fast_track_refused_goes_back_to_the_register(jdz):
    put_on_site(jdz)
    clue = make_clue(jdz)
    ft = _propose(jdz, clue)
    fast_track_decide(actor=jdz.office_clerk, fast_track=ft, approved=False, decided_on=D(2026, 3, 26), approver="张某")
    clue.refresh_from_db()
    assert clue.status == Clue.Status.REGISTERED and clue.transfer is None


def _dispose_and_draft(side, clue, **kw):
    clue_dispose(actor=side.office_clerk, clue=clue, route="discipline", recorded_on=D(2026, 5, 21), **kw)
    clue.refresh_from_db()
    return transfer_draft(
        actor=side.office_clerk,
        inspection=side.inspection,
        receiver=clue.disposal.receiver,
        clues=[clue],
        drafted_on=D(2026, 5, 22),
    )


def test_jdz_disposal_needs_the_decision_meeting(jdz):
    put_on_site(jdz)
    clue = make_clue(jdz)
    with pytest.raises(ServiceError) as exc:
        clue_dispose(actor=jdz.office_clerk, clue=clue, route="discipline", recorded_on=D(2026, 3, 30))
    assert "第三十五条" in exc.value.message and "“五人小组”" in exc.value.message


def test_jdz_after_round_three_signatures_any_order_dated_by_the_receiver(jdz):
    clue = make_clue(jdz)
    put_decided(jdz)
    head = leading_group_head(jdz)
    with pytest.raises(ServiceError) as exc:
        clue_dispose(actor=jdz.office_clerk, clue=clue, route="", recorded_on=D(2026, 5, 21))
    assert exc.value.field == "not_transferred_reason"
    disposal = clue_dispose(actor=jdz.office_clerk, clue=clue, route="discipline", recorded_on=D(2026, 5, 21))
    assert disposal.receiver == discipline_organ(jdz) == disposal.proposed_receiver
    clue.refresh_from_db()
    transfer = transfer_draft(
        actor=jdz.office_clerk,
        inspection=jdz.inspection,
        receiver=disposal.receiver,
        clues=[clue],
        drafted_on=D(2026, 5, 22),
    )
    assert transfer.handover_form == "handover_form" and transfer.status == "drafted"
    with pytest.raises(ServiceError):  # signed only after the approval
        transfer_sign(actor=jdz.receiver, transfer=transfer, party="receiver", signed_on=D(2026, 5, 25))
    transfer_approve(actor=head, transfer=transfer, approved_on=D(2026, 5, 25))
    transfer_sign(actor=jdz.receiver, transfer=transfer, party="receiver", signed_on=D(2026, 5, 26))
    with pytest.raises(ServiceError):
        transfer_sign(actor=jdz.receiver, transfer=transfer, party="receiver", signed_on=D(2026, 5, 26))
    with pytest.raises(PermissionDeniedError):
        transfer_sign(actor=jdz.member, transfer=transfer, party="team", signed_on=D(2026, 5, 27))
    transfer_sign(actor=jdz.office_head, transfer=transfer, party="office", signed_on=D(2026, 5, 27))
    clue.refresh_from_db()
    assert clue.status == Clue.Status.IN_TRANSFER and obligations(clue, "clue_handling_report") == []
    transfer = transfer_sign(actor=jdz.leader, transfer=transfer, party="team", signed_on=D(2026, 5, 28))
    assert transfer.status == "completed"
    clue.refresh_from_db()
    assert clue.status == Clue.Status.TRANSFERRED
    [ob] = obligations(clue, "clue_handling_report")
    assert ob.starts_on == D(2026, 5, 26) and ob.due_on == D(2026, 8, 26)  # the receiver's date, 3 months on
    assert obligations(clue, "fast_track_handling") == []
    ev = Event.objects.get(action="clue.transferred", object_id=str(clue.pk))
    assert ev.occurred_on == D(2026, 5, 26)


def test_disposal_other_receiver_needs_a_reason_and_redisposal_until_drafted(jdz):
    clue = make_clue(jdz)
    put_decided(jdz)
    other, _ = organ(jdz, "discipline_organ", "jdz派驻纪检监察组")
    with pytest.raises(ServiceError):  # two of the kind now: nothing proposed, the office must choose
        clue_dispose(actor=jdz.office_clerk, clue=clue, route="discipline", recorded_on=D(2026, 5, 21))
    d = clue_dispose(actor=jdz.office_clerk, clue=clue, route="discipline", receiver=other, recorded_on=D(2026, 5, 21))
    assert d.proposed_receiver is None
    d = clue_dispose(
        actor=jdz.office_clerk, clue=clue, route="", not_transferred_reason="已在整改中解决", recorded_on=D(2026, 5, 21)
    )
    clue.refresh_from_db()
    assert clue.status == Clue.Status.RETAINED and d.receiver is None


def test_change_reason_when_the_receiver_is_not_the_proposed_one(jdz):
    clue = make_clue(jdz)
    put_decided(jdz)
    org_dept, _ = organ(jdz, "organization_department", "jdz组织部")
    with pytest.raises(ServiceError) as exc:  # the route's kind
        clue_dispose(
            actor=jdz.office_clerk, clue=clue, route="discipline", receiver=org_dept, recorded_on=D(2026, 5, 21)
        )
    assert exc.value.field == "receiver"


def test_cancel_before_completion_puts_clues_back(jdz):
    clue = make_clue(jdz)
    put_decided(jdz)
    transfer = _dispose_and_draft(jdz, clue)
    with pytest.raises(ServiceError):  # disposed again only until a transfer is drafted
        clue_dispose(actor=jdz.office_clerk, clue=clue, route="discipline", recorded_on=D(2026, 5, 22))
    transfer_cancel(actor=jdz.office_clerk, transfer=transfer, cancelled_on=D(2026, 5, 23), reason="材料不全")
    clue.refresh_from_db()
    assert clue.status == Clue.Status.DISPOSED and clue.transfer is None


def _complete_jdz(side, clue):
    head = leading_group_head(side)
    transfer = _dispose_and_draft(side, clue)
    transfer_approve(actor=side.office_clerk, transfer=transfer, approved_on=D(2026, 5, 25), approver="张某")
    for actor, party in ((side.leader, "team"), (side.office_clerk, "office"), (side.receiver, "receiver")):
        transfer_sign(actor=actor, transfer=transfer, party=party, signed_on=D(2026, 5, 26))
    clue.refresh_from_db()
    return head, transfer


def test_partial_report_keeps_the_duty_open_final_fulfils_it(jdz):
    clue = make_clue(jdz)
    put_decided(jdz)
    _complete_jdz(jdz, clue)
    with pytest.raises(ServiceError) as exc:
        handling_report(
            actor=jdz.receiver, clue=clue, reported_on=D(2026, 6, 1), disposition="x", text="a", final=False
        )
    assert "暂存待查" in exc.value.message and "两部办法均未列" in exc.value.message
    handling_report(
        actor=jdz.receiver, clue=clue, reported_on=D(2026, 6, 1), disposition="preliminary", text="初核中", final=False
    )
    clue.refresh_from_db()
    [ob] = obligations(clue, "clue_handling_report")
    assert clue.status == Clue.Status.HANDLING and ob.status == "open"
    handling_report(
        actor=jdz.receiver, clue=clue, reported_on=D(2026, 7, 1), disposition="case", text="已立案", final=True
    )
    clue.refresh_from_db()
    ob.refresh_from_db()
    assert clue.status == Clue.Status.CONCLUDED and ob.status == "fulfilled" and ob.fulfilled_on == D(2026, 7, 1)


def test_another_receiver_is_refused_everywhere(jdz):
    clue = make_clue(jdz)
    put_decided(jdz)
    _, other = organ(jdz, "organization_department", "jdz组织部")
    transfer = _dispose_and_draft(jdz, clue)
    transfer_approve(actor=jdz.office_clerk, transfer=transfer, approved_on=D(2026, 5, 25), approver="张某")
    with pytest.raises(PermissionDeniedError):
        transfer_sign(actor=other, transfer=transfer, party="receiver", signed_on=D(2026, 5, 26))
    for actor, party in ((jdz.leader, "team"), (jdz.office_clerk, "office"), (jdz.receiver, "receiver")):
        transfer_sign(actor=actor, transfer=transfer, party=party, signed_on=D(2026, 5, 26))
    clue.refresh_from_db()
    with pytest.raises(PermissionDeniedError):
        handling_report(actor=other, clue=clue, reported_on=D(2026, 6, 1), disposition="case", text="x", final=True)
    with pytest.raises(PermissionDeniedError):
        review_meeting_record(actor=other, clues=[clue], held_on=D(2026, 6, 1), note="分工")
    assert not Transfer.objects.visible_to(other).exists()
    assert not Clue.objects.visible_to(other).exists()
    assert Clue.objects.visible_to(jdz.receiver).filter(pk=clue.pk).exists()


def test_jdz_review_meeting_for_jurisdiction_managed_cadres(jdz):
    clue = make_clue(jdz)
    low = make_clue(jdz, number=2, level="township")
    put_decided(jdz)
    _complete_jdz(jdz, clue)
    with pytest.raises(PermissionDeniedError):  # not transferred
        review_meeting_record(actor=jdz.receiver, clues=[low], held_on=D(2026, 6, 1), note="分工")
    review_meeting_record(actor=jdz.receiver, clues=[clue], held_on=D(2026, 6, 1), note="第一纪检监察室牵头")
    clue.refresh_from_db()
    assert clue.review_meeting_on == D(2026, 6, 1)
    assert Event.objects.filter(action="clue.review_meeting", object_id=str(clue.pk), article="第三十七条").exists()


def test_nmg_during_inspection_discipline_opens_the_duty_legal_does_not(nmg):
    put_on_site(nmg)
    legal, legal_contact = organ(nmg, "legal_organ", "nmg公安厅")
    a, b = make_clue(nmg), make_clue(nmg, number=2)
    with pytest.raises(ServiceError):  # NMG-2016 第二十三条 sets no condition
        fast_track_propose(
            actor=nmg.leader, clue=a, route="during_inspection_discipline", receiver=discipline_organ(nmg),
            reason="涉嫌违纪", proposed_on=D(2026, 3, 25), condition="strong_public_complaints",
        )  # fmt: skip
    ft_a = fast_track_propose(
        actor=nmg.leader, clue=a, route="during_inspection_discipline", receiver=discipline_organ(nmg),
        reason="涉嫌违纪", proposed_on=D(2026, 3, 25),
    )  # fmt: skip
    ft_b = fast_track_propose(
        actor=nmg.leader, clue=b, route="during_inspection_legal", receiver=legal,
        reason="涉嫌违法", proposed_on=D(2026, 3, 25),
    )  # fmt: skip
    for ft in (ft_a, ft_b):
        fast_track_decide(
            actor=nmg.office_clerk, fast_track=ft, approved=True, decided_on=D(2026, 3, 26), approver="某"
        )
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.transfer is not None and b.transfer is not None
    transfer_sign(actor=nmg.receiver, transfer=a.transfer, party="receiver", signed_on=D(2026, 3, 27))
    transfer_sign(actor=legal_contact, transfer=b.transfer, party="receiver", signed_on=D(2026, 3, 27))
    assert len(obligations(a, "clue_handling_report")) == 1
    assert obligations(b, "clue_handling_report") == []
    assert not Event.objects.filter(action="clue.fast_tracked").exists()  # NMG-2016 has no fast_track_handling


def test_nmg_after_round_no_form_the_receiver_alone_completes(nmg):
    clue = make_clue(nmg)
    put_decided(nmg)
    transfer = _dispose_and_draft(nmg, clue)
    assert transfer.handover_form == "" and transfer.status == "approved"
    assert transfer.approved_on == D(2026, 5, 20) and "五人小组" in transfer.approver
    with pytest.raises(ServiceError):
        transfer_sign(actor=nmg.leader, transfer=transfer, party="team", signed_on=D(2026, 5, 26))
    transfer = transfer_sign(actor=nmg.receiver, transfer=transfer, party="receiver", signed_on=D(2026, 5, 26))
    assert transfer.status == "completed"
    clue.refresh_from_db()
    [ob] = obligations(clue, "clue_handling_report")
    assert ob.due_on == D(2026, 8, 26) and ob.article == "第三十二条"
