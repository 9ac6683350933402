"""`manage.py public_intake`: take the public's reports of earlier days into every inspection's register (for cron,
once a day after midnight)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from xuncha.reporting.services import public_intake_all


class Command(BaseCommand):
    help = "登记网上来信：把此前各日收到的网上反映登记为来信（网上来信），供每日定时运行"

    def handle(self, *args: Any, **options: Any) -> None:
        count = public_intake_all()
        self.stdout.write(f"已登记网上来信 {count} 件")
