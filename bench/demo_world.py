"""What the benchmarks that need the demo share: Django set up on a new SQLite database in `var_dir`, migrated, with
the demo loaded. XUNCHA_VAR_DIR is set before django.setup(), so nothing outside `var_dir` is touched."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_demo_into(var_dir: Path) -> None:
    os.environ["XUNCHA_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "xuncha.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
