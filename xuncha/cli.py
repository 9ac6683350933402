"""The `xuncha` command: `xuncha workdays add 2026-09-30 5`, `xuncha verify-events`,
and any Django management command (`xuncha migrate`, `xuncha runserver` …)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xuncha.settings")
    aliases = {"verify-events": "verify_events", "demo": "load_demo"}
    if args and args[0] in aliases:
        args[0] = aliases[args[0]]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["xuncha", *args])


if __name__ == "__main__":
    main()
