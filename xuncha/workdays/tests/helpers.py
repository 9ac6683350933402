"""What the calendar tests share: a system administrator and a (fictional, test-only) 2027 schedule."""

from __future__ import annotations

from typing import Any

from xuncha.accounts.models import User
from xuncha.accounts.services import membership_grant, user_create
from xuncha.workdays.models import HolidayYear
from xuncha.workdays.services import holiday_year_save

# A made-up 2027 schedule in the shape of the State Council's notices (not the real one): 17 weekdays off,
# 4 make-up Saturdays/Sundays → 261 − 17 + 4 = 248 working days.
HOLIDAYS_2027 = "\n".join(
    [
        "2027-01-01~2027-01-03 元旦",
        "2027-02-06~2027-02-14 春节",
        "2027-04-03~2027-04-05 清明节",
        "2027-05-01~2027-05-05 劳动节",
        "2027-06-12~2027-06-14 端午节",
        "2027-09-15 中秋节",
        "2027-10-01~2027-10-07 国庆节",
    ]
)
WORKDAYS_2027 = "\n".join(
    ["2027-02-20 春节调休", "2027-04-25 劳动节调休", "2027-09-26 国庆节调休", "2027-10-09 国庆节调休"]
)


def make_sysadmin(side: Any, username: str = "sysadmin") -> User:
    user = user_create(actor=None, username=username, full_name="系统管理员", password="pw-test-123")
    membership_grant(actor=None, user=user, jurisdiction=side.jurisdiction, role="sysadmin")
    return user


def enter_2027(actor: Any, **overrides: Any) -> HolidayYear:
    fields: dict[str, Any] = {
        "year": 2027,
        "notice": "（测试）国务院办公厅关于2027年部分节假日安排的通知",
        "holidays_text": HOLIDAYS_2027,
        "workdays_text": WORKDAYS_2027,
    } | overrides
    return holiday_year_save(actor=actor, **fields)
