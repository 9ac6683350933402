"""The signature and the feedback carry their dates: today when left out (page and API), never in the future, never
before the feedback they acknowledge; the refusal names the field, both dates and the article."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from xuncha.conftest import put_decided
from xuncha.core.errors import ServiceError
from xuncha.feedback import services as svc

from .helpers import D, give

pytestmark = pytest.mark.django_db


@pytest.fixture
def given(jdz: Any) -> Any:
    put_decided(jdz)
    give(jdz, D(2026, 9, 7))
    return jdz


def test_a_signature_cannot_precede_the_feedback_and_names_both_dates_and_the_article(given: Any) -> None:
    with pytest.raises(ServiceError) as err:
        svc.feedback_receipt_sign(
            actor=given.leader, inspection=given.inspection, role="team_leader", signed_on=D(2026, 9, 6)
        )
    assert err.value.field == "signed_on" and err.value.article == "第三十四条"
    assert "反馈日期为 2026-09-07" in err.value.message and "2026-09-06" in err.value.message


def test_a_signature_left_undated_is_today_and_a_future_one_is_refused(given: Any) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ServiceError, match="签字日期不能晚于今天"):
        svc.feedback_receipt_sign(
            actor=given.leader, inspection=given.inspection, role="team_leader", signed_on=tomorrow
        )
    line = svc.feedback_receipt_sign(actor=given.leader, inspection=given.inspection, role="team_leader")
    assert line.signed_on == timezone.localdate()


def test_the_api_signature_defaults_to_today_and_refuses_an_early_date_with_a_400(given: Any) -> None:
    client = Client()
    client.force_login(given.office_head)
    early = client.post(
        "/api/receipt-signatures/",
        {"inspection": given.inspection.pk, "role": "office_head", "signed_on": "2026-09-01"},
        content_type="application/json",
    )
    assert early.status_code == 400 and early.json()["field"] == "signed_on"
    assert early.json()["article"] == "第三十四条"
    made = client.post(
        "/api/receipt-signatures/",
        {"inspection": given.inspection.pk, "role": "office_head"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["signed_on"] == str(timezone.localdate())
