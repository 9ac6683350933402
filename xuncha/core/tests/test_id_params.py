"""An id filter or id parameter that is not a positive whole number (`abc`, `-1`, `1.5`, a number too large for the
database) is refused with HTTP 400 naming the field in Chinese — never silently ignored (which returned every row) and
never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from xuncha.core.api_support import as_id, id_param
from xuncha.core.errors import ServiceError

# Every list endpoint that narrows by `?inspection=`.
INSPECTION_LISTS = [
    "/api/obligations/",
    "/api/events/",
    "/api/talks/",
    "/api/fieldwork-records/",
    "/api/petitions/",
    "/api/document-retrievals/",
    "/api/attachments/",
    "/api/information-requests/",
    "/api/personal-matters-checks/",
    "/api/leader-briefings/",
    "/api/findings/",
    "/api/team-meetings/",
    "/api/escalations/",
    "/api/feedback-consents/",
    "/api/feedback-sessions/",
    "/api/feedback-notifications/",
    "/api/receipt-signatures/",
    "/api/disclosures/",
    "/api/reports/",
    "/api/results-items/",
    "/api/rectification-plans/",
    "/api/rectification-items/",
    "/api/rectification-evidence/",
    "/api/rectification-reports/",
    "/api/supervisions/",
    "/api/poor-rectification-steps/",
    # actions that need the inspection
    "/api/personal-matters-checks/leadership/",
    "/api/rectification-plans/problems/",
]
# Other id filters: (endpoint, parameter, its Chinese name in the refusal).
OTHER_FILTERS = [
    ("/api/teams/", "round", "轮次"),
    ("/api/results-meetings/", "round", "轮次"),
    ("/api/memberships/", "user", "账号"),
    ("/api/memberships/", "jurisdiction", "党委"),
    ("/api/team-places/", "team", "组"),
    ("/api/team-places/", "user", "账号"),
    ("/api/coverage/", "jurisdiction", "党委"),
    *[
        (f"/api/{name}/", "inspector", "工作人员")
        for name in (
            "declarations",
            "attestations",
            "secondments",
            "training-postings",
            "rotations",
            "leader-authorizations",
            "assignments",
            "recusal-waivers",
        )
    ],
]
BAD = ["abc", "-1", "0", "1.5", "9" * 30]


def _refused(response: Any, field: str) -> str:
    assert response.status_code == 400, (response.request["PATH_INFO"], response.status_code)
    body = response.json()
    assert body["field"] == field, body
    return str(body["detail"])


def test_id_helper() -> None:
    assert id_param({}, "inspection", label="轮次") is None
    assert id_param({"round": " 12 "}, "round", label="轮次") == 12
    for bad in BAD:
        with pytest.raises(ServiceError) as refused:
            id_param({"round": bad}, "round", label="轮次")
        assert refused.value.field == "round" and "轮次（round）应为正整数编号" in refused.value.message
    with pytest.raises(ServiceError, match="请指定轮次"):
        as_id("", field="round", label="轮次")


def test_list_endpoints_refuse_a_bad_inspection_filter(jdz: Any) -> None:
    client = Client()
    client.force_login(jdz.office_head)
    for url in INSPECTION_LISTS:
        for bad in ("abc", "-1"):
            detail = _refused(client.get(url, {"inspection": bad}), "inspection")
            assert f"（inspection）应为正整数编号，收到的是“{bad}”" in detail, (url, detail)
            assert jdz.jurisdiction.word in detail
    # a good value still narrows (to nothing here: no obligation of that inspection is open yet)
    assert client.get("/api/events/", {"inspection": jdz.inspection.pk}).status_code == 200


def test_other_id_filters_refuse_bad_values(jdz: Any) -> None:
    client = Client()
    client.force_login(jdz.office_head)
    for url, param, label in OTHER_FILTERS:
        for bad in ("abc", "-1"):
            detail = _refused(client.get(url, {param: bad}), param)
            assert f"{label}（{param}）应为正整数编号" in detail, (url, detail)


def test_path_ids_of_secret_records_are_refused_not_500(jdz: Any) -> None:
    client = Client()
    client.force_login(jdz.office_head)
    for url in ("/api/talks/abc/", "/api/petitions/abc/", "/api/attachments/abc/", "/api/leader-briefings/abc/"):
        assert "编号（id）应为正整数编号" in _refused(client.get(url), "id")


def test_assignment_preview_refuses_a_bad_inspector(jdz: Any) -> None:
    client = Client()
    client.force_login(jdz.office_head)
    url = "/api/assignments/preview/"
    r = client.get(url, {"team": jdz.inspection.team_id, "inspector": "abc", "role": "member"})
    assert "（inspector）应为正整数编号" in _refused(r, "inspector")


def test_team_formation_pages_answer_400_for_a_bad_inspector(jdz: Any) -> None:
    client = Client()
    client.force_login(jdz.office_clerk)
    team = jdz.inspection.team_id
    answers = [
        client.post(f"/planning/teams/{team}/", {"inspector": "abc", "role": "member"}),
        client.get(f"/planning/teams/{team}/check/", {"inspector": "abc", "role": "member"}),
        client.post(
            f"/planning/teams/{team}/waiver/",
            {"inspector": "abc", "rule": "kin", "fact": "x", "reason": "y", "decided_on": "2026-03-01"},
        ),
    ]
    for r in answers:
        assert r.status_code == 400
        assert "工作人员（inspector）应为正整数编号，收到的是“abc”" in r.content.decode()
    # an empty choice on the live check is no choice yet, not an error
    assert client.get(f"/planning/teams/{team}/check/", {"inspector": ""}).status_code == 200


def test_account_pages_answer_400_for_bad_ids(jdz: Any) -> None:
    client = Client()
    client.force_login(jdz.office_head)
    account = jdz.member.pk
    answers = {
        "党委（j）": client.post(f"/accounts/{account}/grant/", {"j": "abc", "role": "auditor"}),
        "单位（organization）": client.post(
            f"/accounts/{account}/grant/", {"j": jdz.jurisdiction.pk, "role": "unit_contact", "organization": "x"}
        ),
        "工作人员（inspector）": client.post(f"/accounts/{account}/link/", {"inspector": "abc"}),
        "党委（j）应为": client.get("/accounts/pick/organizations/", {"j": "abc"}),
    }
    for named, r in answers.items():
        assert r.status_code == 400 and named in r.content.decode(), named
