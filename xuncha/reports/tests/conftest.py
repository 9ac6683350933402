"""Each reports test runs under both rulebooks: `side` is the JDZ-2017 or the NMG-2016 fixture, with `key` set."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import with_findings


@pytest.fixture(params=["jdz", "nmg"])
def side(request: Any) -> Any:
    # The module using this needs `pytestmark = pytest.mark.django_db`: `jdz`/`nmg` are requested dynamically.
    s = request.getfixturevalue(request.param)
    s.key = request.param
    return s


@pytest.fixture
def reporting(side: Any) -> Any:
    return with_findings(side)
