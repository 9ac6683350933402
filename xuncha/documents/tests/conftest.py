"""Fixtures of the documents tests: an inspection whose feedback was given, with one problem pointed out."""

from __future__ import annotations

from typing import Any

import pytest

from xuncha.conftest import put_decided
from xuncha.feedback.models import FeedbackSession
from xuncha.feedback.tests.helpers import D, approved_finding, consent, hold


def _given(side: Any) -> Any:
    put_decided(side)
    finding = approved_finding(side, "工程项目招投标监管不严")
    consent(side)
    hold(side, "leadership", D(2026, 5, 25), findings=[finding])
    hold(side, "principal", D(2026, 5, 25), findings=[finding])
    side.inspection.refresh_from_db()
    return side


@pytest.fixture
def jdz_given(jdz: Any) -> Any:
    return _given(jdz)


@pytest.fixture
def nmg_given(nmg: Any) -> Any:
    return _given(nmg)


def session(side: Any, audience: str = "leadership") -> FeedbackSession:
    return FeedbackSession.objects.select_related("inspection__jurisdiction").get(
        inspection=side.inspection, audience=audience
    )
