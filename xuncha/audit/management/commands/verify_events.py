from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xuncha.audit.services import verify_chain


class Command(BaseCommand):
    help = "校验事件哈希链，指出第一处断裂。"

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken, reason = verify_chain()
        if reason:
            where = f"事件 #{broken.seq}（{broken.action} {broken.object_repr}）" if broken is not None else "链尾"
            raise CommandError(f"事件链断裂于{where}：{reason}。此前 {checked} 个事件完好。")
        self.stdout.write(f"事件链完好：共 {checked} 个事件。")
