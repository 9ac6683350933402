from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xuncha.jurisdictions.rulebook import RulebookError, get_rulebook
from xuncha.workdays.arithmetic import Counting, UnknownYearError
from xuncha.workdays.selectors import counting_for, work_calendar


class Command(BaseCommand):
    help = "工作日计算：workdays add START N [--unit working_days|calendar_days|months] [--rulebook CODE]"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="op", required=True)
        add = sub.add_parser("add", help="起算日加 N 个单位，打印截止日（ISO 格式）")
        add.add_argument("start", help="起算日 YYYY-MM-DD")
        add.add_argument("n", type=int, help="数量（正整数）")
        add.add_argument("--unit", default="working_days", choices=["working_days", "calendar_days", "months"])
        add.add_argument("--rulebook", default="", help="按该规则的计算口径，例如 JDZ-2017")
        check = sub.add_parser("is-workday", help="判断某日是否工作日")
        check.add_argument("day", help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        cal = work_calendar()
        try:
            if options["op"] == "is-workday":
                day = _date(options["day"])
                self.stdout.write("工作日" if cal.is_working_day(day) else "休息日")
                return
            start = _date(options["start"])
            if options["n"] < 1:
                raise CommandError(f"数量 N 应为正整数，收到 {options['n']}")
            counting = Counting()
            if options["rulebook"]:
                counting = counting_for(get_rulebook(options["rulebook"]).counting)
            self.stdout.write(cal.add(start, options["n"], options["unit"], counting).isoformat())
        except (UnknownYearError, RulebookError) as exc:
            raise CommandError(str(exc)) from exc


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”无效：应为 YYYY-MM-DD") from None
