"""The `xuncha` command: `xuncha workdays add 2026-09-30 5`, `xuncha verify-events`,
and any Django management command (`xuncha migrate`, `xuncha runserver` …)."""

from __future__ import annotations

import os
import sys

NOT_MIGRATED = (
    "数据库尚未建立或尚未迁移到当前版本（{detail}）。"
    "请先运行 `xuncha migrate`（快速开始：bash scripts/start.sh），再重试。"
)


RULEBOOK_FAILURE = "规则文件校验失败"  # how jurisdictions/apps.py begins a rulebook contract failure


def _unmigrated() -> bool:
    """Whether the database misses migrations (so a missing table is that, not some other fault)."""
    try:
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except Exception:  # the database cannot even be asked: not this case
        return False


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xuncha.settings")
    aliases = {"verify-events": "verify_events", "demo": "load_demo"}
    if args and args[0] in aliases:
        args[0] = aliases[args[0]]
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import OperationalError, ProgrammingError

    try:
        execute_from_command_line(["xuncha", *args])
    except ImproperlyConfigured as exc:
        # A rulebook file that fails its contract (jurisdictions/apps.py) stops every command: its message lists each
        # problem by file, path and article, and a traceback would only bury it. Other configuration faults re-raise.
        if not str(exc).startswith(RULEBOOK_FAILURE):
            raise
        print(str(exc), file=sys.stderr)
        raise SystemExit(1) from None
    except (OperationalError, ProgrammingError) as exc:
        # A command run on a database that was never migrated fails on its first query: say what to do instead of a
        # traceback. Any other database error is re-raised as it is.
        if (args and args[0] == "migrate") or not _unmigrated():
            raise
        print(NOT_MIGRATED.format(detail=str(exc).strip().splitlines()[0]), file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
