"""Properties of a due date that may need an unentered year: it is either the date the full calendar gives, or no date
and the year it waits for — never a date guessed from weekends alone."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from xuncha.jurisdictions.rulebook import get_rulebook
from xuncha.obligations.engine import due_for
from xuncha.workdays.arithmetic import Counting, WorkCalendar, YearSchedule

D = datetime.date
# A made-up 2027 for the "after entry" calendar (the same shape as tests/helpers.py's).
HOLIDAYS = {D(2027, 1, 1) + datetime.timedelta(days=i) for i in range(3)} | {
    D(2027, 2, 6) + datetime.timedelta(days=i) for i in range(9)
}
Y2027 = YearSchedule(2027, frozenset(HOLIDAYS), frozenset({D(2027, 2, 20)}), "test")
RULES = [d for code in ("JDZ-2017", "NMG-2016") for d in get_rulebook(code).deadlines if d.amount is not None]


@given(
    start=st.dates(min_value=D(2026, 6, 1), max_value=D(2026, 12, 31)),
    rule=st.sampled_from(RULES),
    start_day_counted=st.booleans(),
)
def test_a_due_date_is_exact_or_pending_and_the_entry_computes_the_same_date(
    start: datetime.date, rule: object, start_day_counted: bool
) -> None:
    counting = Counting(start_day_counted=start_day_counted)
    before = due_for(WorkCalendar(), rule, start, counting)  # type: ignore[arg-type]
    after = due_for(WorkCalendar(overrides={2027: Y2027}), rule, start, counting)  # type: ignore[arg-type]
    due, pending = before
    assert (due is None) != (pending is None)  # a dated rule: a date or the year it waits for, never both or neither
    if due is not None:
        assert due.year == 2026 and after == before  # computed only from known years; entering 2027 keeps it
    else:
        assert pending == 2027
        assert after[1] is None and after[0] is not None and after[0] >= D(2027, 1, 1)
