"""Fictional demo data for both rulebooks: every role has an account.

Places and institutions are real names; every person is invented.

The data and steps live in xuncha.demo (data, steps, jdz, nmg)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from xuncha.accounts.models import Membership
from xuncha.demo.data import DEMO_PASSWORD
from xuncha.demo.documents import load_documents
from xuncha.demo.jdz import JdzDemo
from xuncha.demo.nmg import NmgDemo
from xuncha.demo.now import load_on_site_now
from xuncha.demo.reporting import load_reporting
from xuncha.jurisdictions.models import Jurisdiction


class Command(JdzDemo, NmgDemo):
    help = "载入演示数据（两部规则、各角色账号、可在工作台看到的应办事项）。已有数据时不重复载入。"

    def handle(self, *args: Any, **options: Any) -> None:
        if Jurisdiction.objects.exists():
            self.stdout.write("已有数据，跳过演示数据载入。")
        else:
            with transaction.atomic():
                self._load()
        self._print_accounts()

    def _load(self) -> None:
        admin = self._user("admin", "苗一凡")
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
        self._jdz(admin)
        self._nmg(admin)
        load_documents()
        load_on_site_now()
        load_reporting()

    def _print_accounts(self) -> None:
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
        rows: list[tuple[str, str]] = []
        for m in Membership.objects.select_related("user", "jurisdiction", "organization").order_by(
            "jurisdiction", "id"
        ):
            if m.role == "sysadmin" and rows and rows[-1][0] == m.user.username:
                continue
            org = f"（{m.organization}）" if m.organization else ""
            rows.append((m.user.username, f"{m.jurisdiction.short_name} {m.role_label}{org}"))
        from xuncha.planning.models import TeamMembership

        for t in TeamMembership.objects.select_related("user", "team__round__jurisdiction").order_by("team_id", "id"):
            rows.append((t.user.username, f"{t.team} {t.get_role_display()}"))
        seen = set()
        for username, desc in rows:
            if (username, desc) in seen:
                continue
            seen.add((username, desc))
            self.stdout.write(f"  {username:<32} {desc}")
