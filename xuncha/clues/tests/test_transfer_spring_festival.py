"""The receiver's 3 months (JDZ-2017 第三十六条) counted on the working-day calendar: a period whose end falls in the
Spring Festival holiday rolls forward to the first working day after it; a period that ends in a year whose holiday
schedule nobody has entered opens with its date pending, and the act is not refused."""

from __future__ import annotations

import pytest
from django.utils import timezone

from xuncha.accounts.services import user_create
from xuncha.clues.models import Clue
from xuncha.clues.services.disposal import clue_dispose
from xuncha.clues.services.fast_track import fast_track_decide, fast_track_propose
from xuncha.clues.services.transfers import transfer_approve, transfer_draft, transfer_sign
from xuncha.conftest import put_decided, put_on_site
from xuncha.inspections.services import inspection_create
from xuncha.planning.services import round_create, team_create
from xuncha.registry.services import organization_create
from xuncha.workdays.arithmetic import Counting, WorkCalendar

from .transfer_helpers import D, discipline_organ, make_clue, obligations

pytestmark = pytest.mark.django_db


def test_three_months_ending_in_the_2026_spring_festival_roll_forward(jdz):
    # 2025-11-17 + 3 months = 2026-02-17, 春节 (2026-02-15 … 02-23 off): due the first working day after, 02-24.
    cal = WorkCalendar()
    assert cal.add(D(2025, 11, 17), 3, "months", Counting(roll_forward_on_holiday=False)) == D(2026, 2, 17)
    assert not cal.is_working_day(D(2026, 2, 17)) and cal.is_working_day(D(2026, 2, 24))
    j = jdz.jurisdiction
    rnd = round_create(actor=None, jurisdiction=j, year=2025, number=3, starts_on=D(2025, 9, 1))
    leader = user_create(actor=None, username="jdz_2025_leader", full_name="组长二〇二五", password="pw-test-123")
    member = user_create(actor=None, username="jdz_2025_member", full_name="组员二〇二五", password="pw-test-123")
    team = team_create(actor=None, round=rnd, number=1, members=[(leader, "leader"), (member, "member")])
    unit = organization_create(
        actor=None, jurisdiction=j, name="jdz单位三", kind="target", target_category="local_leadership"
    )
    inspection = inspection_create(actor=None, round=rnd, team=team, target=unit)
    put_on_site(jdz, inspection, entered_on=D(2025, 9, 15))
    clue = make_clue(jdz, inspection=inspection, registered_on=D(2025, 9, 20))
    ft = fast_track_propose(
        actor=leader,
        clue=clue,
        route="fast_track",
        receiver=discipline_organ(jdz),
        reason="问题线索明显",
        proposed_on=D(2025, 11, 10),
        condition="clear_serious_violation",
    )
    fast_track_decide(actor=jdz.office_head, fast_track=ft, approved=True, decided_on=D(2025, 11, 12), approver="张某")
    clue.refresh_from_db()
    assert clue.transfer is not None
    transfer_sign(actor=jdz.receiver, transfer=clue.transfer, party="receiver", signed_on=D(2025, 11, 17))
    [ob] = obligations(clue, "clue_handling_report")
    assert ob.starts_on == D(2025, 11, 17)
    assert ob.due_on == D(2026, 2, 24) and ob.due_pending_year is None


def test_three_months_into_a_year_not_entered_open_with_the_date_pending(jdz):
    signed_on = D(2026, 11, 20)  # + 3 months = 2027-02-20: the package has no 2027 schedule, nor has anyone entered it
    if timezone.localdate() < signed_on:  # the test's own fixed date must have passed
        pytest.skip("the signature date must be in the past")
    clue = make_clue(jdz)
    put_decided(jdz)
    clue_dispose(actor=jdz.office_clerk, clue=clue, route="discipline", recorded_on=D(2026, 5, 21))
    transfer = transfer_draft(
        actor=jdz.office_clerk,
        inspection=jdz.inspection,
        receiver=discipline_organ(jdz),
        clues=[clue],
        drafted_on=D(2026, 5, 22),
    )
    transfer_approve(actor=jdz.office_clerk, transfer=transfer, approved_on=D(2026, 5, 25), approver="张某")
    for actor, party in ((jdz.leader, "team"), (jdz.office_head, "office"), (jdz.receiver, "receiver")):
        transfer_sign(actor=actor, transfer=transfer, party=party, signed_on=signed_on)
    clue.refresh_from_db()
    assert clue.status == Clue.Status.TRANSFERRED  # the act is not refused
    [ob] = obligations(clue, "clue_handling_report")
    assert ob.due_on is None and ob.due_pending_year == 2027 and ob.status == "open"
