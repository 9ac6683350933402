"""The world and the case type of test_service_authority.py: who acts, on what (not a test module)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from xuncha.conftest import Side

D = datetime.date

DEFAULT_DENIED = ("other_unit_contact", "auditor", "nmg_office_head")
READ_DENIED = ("other_unit_contact", "other_member", "nmg_office_head", "nmg_auditor")


@dataclass
class W:
    """The world: the jdz side through rectification, with one of everything, and the nmg side."""

    jdz: Side
    nmg: Side
    objs: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objs[name]
        except KeyError:
            raise AttributeError(name) from None

    def actor(self, name: str) -> Any:
        side, _, who = name.partition("_") if name.startswith("nmg_") else ("jdz", "", name)
        return getattr(self.nmg if side == "nmg" else self.jdz, who) if who else getattr(self.jdz, name)


@dataclass(frozen=True)
class Case:
    service: str  # as discovered: "<module>.<function>"
    kwargs: Callable[[W], dict[str, Any]]
    actors: tuple[str, ...] = DEFAULT_DENIED


def _upload(name: str = "a.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


ON = D(2026, 6, 10)
