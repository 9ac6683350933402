"""The whole-inspection walk a second time, through the REST API alone, under each rulebook: a new round, a team
staffed over /api/assignments/, the inspection planned, prepared, entered, fieldwork (talk, petition), findings with
evidence, 组务会, the leader's approval, the reports, the round's end and the hearing, decision and filing, (NMG-2016
consent), feedback, (JDZ-2017 receipt), rectification, review, supervision, closure and the disclosures.

The people, organizations and the jurisdiction come from the fixtures; every act is an HTTP request as the named
person who does it in the office. Dates and hand-checked due dates are those of test_walk_part2 (its docstring shows
the 2026 calendar worked out by hand); the steps of test_walk_part1 are placed in the days before and after entry."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from xuncha.audit.services import verify_chain
from xuncha.conftest import Side
from xuncha.inspections.tests.test_walk_part2 import DUE, SCHEDULES

D = datetime.date
T = datetime.timedelta


class Api:
    """One logged-in person talking JSON to the API."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.client = Client()
        self.client.force_login(user)

    def get(self, url: str, **params: Any) -> Any:
        response = self.client.get(url, params)
        assert response.status_code == 200, (url, response.status_code, response.content[:500])
        return response.json()

    def post(self, url: str, body: dict[str, Any], expect: int = 201) -> Any:
        response = self.client.post(url, body, content_type="application/json")
        assert response.status_code == expect, (url, response.status_code, response.json())
        return response.json()

    def all(self, url: str, **params: Any) -> list[Any]:
        """Every row of a paginated list, following `next`."""
        rows: list[Any] = []
        page = self.get(url, limit=100, **params)
        rows += page["results"]
        offset = 100
        while page["next"]:
            page = self.get(url, limit=100, offset=offset, **params)
            rows += page["results"]
            offset += 100
        return rows


def _iso(day: datetime.date) -> str:
    return day.isoformat()


def _obligation(api: Api, rule: str, subject_type: str, subject_id: int) -> dict[str, Any]:
    found = [
        o
        for o in api.all("/api/obligations/")
        if o["rule_code"] == rule and o["subject_type"] == subject_type and o["subject_id"] == str(subject_id)
    ]
    assert len(found) == 1, (rule, subject_type, subject_id, found)
    return found[0]


@pytest.mark.parametrize("key", ["jdz", "nmg"])
def test_whole_inspection_through_the_api(db: None, key: str, request: pytest.FixtureRequest) -> None:
    side: Side = request.getfixturevalue(key)
    book = side.jurisdiction.rulebook
    dates = SCHEDULES[key]
    entered = dates["entered"]
    head, clerk = Api(side.office_head), Api(side.office_clerk)
    leader, member, contact = Api(side.leader), Api(side.member), Api(side.unit_contact)
    unit = side.inspection.target_id

    # The fixtures planned unit one in round 1; the office withdraws that inspection (it never started) so that the
    # unit can be inspected in a round of its own.
    withdrawn = clerk.post(
        f"/api/inspections/{side.inspection.pk}/withdraw/",
        {"withdrawn_on": _iso(entered - T(days=15)), "reason": "调整到第2轮"},
        expect=200,
    )
    assert withdrawn["status"] == "withdrawn"

    # The term starts: every target gets its coverage duty (JDZ-2017 第十六条, NMG-2016 第二条: 每届任期内全覆盖).
    clerk.post(
        "/api/terms/",
        {"jurisdiction": side.jurisdiction.pk, "name": "本届", "starts_on": "2022-01-01", "ends_on": "2026-12-31"},
    )

    def coverage_of_unit() -> dict[str, Any]:
        rows = head.get("/api/coverage/", jurisdiction=side.jurisdiction.pk)["rows"]
        return next(r for r in rows if r["target"] == unit)

    assert coverage_of_unit()["obligation"]["status"] == "open"
    assert _obligation(head, "coverage", "registry.organization", unit)["article"] == book.coverage.article

    # A new round and an empty team.
    rnd = clerk.post(
        "/api/rounds/",
        {"jurisdiction": side.jurisdiction.pk, "year": 2026, "number": 2, "starts_on": _iso(entered - T(days=14))},
    )
    assert (rnd["name"], rnd["ends_on"]) == ("2026年第2轮", None)
    team = clerk.post("/api/teams/", {"round": rnd["id"], "number": 1})
    assert team["members"] == []

    # Staffing: the fixtures' leader and member have logins but no inspector records; the office enters them into the
    # talent pool (linked to their logins), authorizes the leader where the rulebook wants it per round (NMG-2016
    # 第九条), and places both on the team.
    pool = book.staffing.leader_selection == "leader_pool_per_round"
    staff = {}
    for n, (person, role) in enumerate(((side.leader, "leader"), (side.member, "member")), start=1):
        cadre = clerk.post(
            "/api/cadres/",
            {"jurisdiction": side.jurisdiction.pk, "code": f"{key.upper()}-90{n}", "name": f"{person.full_name}本人"},
        )
        inspector = clerk.post(
            "/api/inspectors/",
            {
                "cadre": cadre["id"],
                "kind": "full_time",
                "username": person.username,
                "county_level": role == "leader",
                "in_leader_pool": pool and role == "leader",
            },
        )
        assert inspector["username"] == person.username
        staff[role] = inspector
    assigned_on = _iso(entered - T(days=14))
    # 任职条件 (JDZ-2017 第八条 / NMG-2016 第十一条): no placement before each condition is attested.
    unattested = clerk.post(
        "/api/assignments/",
        {"team": team["id"], "inspector": staff["member"]["id"], "role": "member", "assigned_on": assigned_on},
        expect=400,
    )
    assert unattested["field"] == "inspector" and unattested["code"] == "eligibility"
    for inspector in staff.values():
        for condition in book.eligibility_conditions:
            clerk.post(
                "/api/attestations/",
                {
                    "inspector": inspector["id"],
                    "condition": condition.code,
                    "attested_on": _iso(entered - T(days=20)),
                    "basis": "考察材料",
                },
            )
    if pool:
        unauthorized = clerk.post(
            "/api/assignments/",
            {"team": team["id"], "inspector": staff["leader"]["id"], "role": "leader", "assigned_on": assigned_on},
            expect=400,
        )
        assert unauthorized["field"] == "role" and "一次一授权" in unauthorized["detail"]
        head.post(
            "/api/leader-authorizations/",
            {
                "inspector": staff["leader"]["id"],
                "round": rnd["id"],
                "role": "leader",
                "authorized_on": assigned_on,
                "basis": "领导小组授权",
            },
        )
    for role, inspector in staff.items():
        placed = clerk.post(
            "/api/assignments/",
            {"team": team["id"], "inspector": inspector["id"], "role": role, "assigned_on": assigned_on},
        )
        assert placed["role"] == role
    roster = clerk.get(f"/api/teams/{team['id']}/")["members"]
    assert {(m["username"], m["role"]) for m in roster} == {
        (side.leader.username, "leader"),
        (side.member.username, "member"),
    }

    # Plan the inspection; the team's leader sees it.
    planned = clerk.post("/api/inspections/", {"round": rnd["id"], "team": team["id"], "target": unit})
    pk = planned["id"]
    assert planned["status"] == "planned"
    assert [i["id"] for i in leader.all("/api/inspections/") if i["status"] != "withdrawn"] == [pk]
    url = f"/api/inspections/{pk}"

    # Preparation: one 公函 per information source of the rulebook, sent by the office, answered.
    prepared = leader.post(f"{url}/prepare/", {"date": _iso(entered - T(days=7))}, expect=200)
    assert prepared["status"] == "preparing"
    letters = head.post("/api/information-requests/draft-all/", {"inspection": pk})
    assert len(letters) == len(book.information_sources)
    sent = clerk.post(
        f"/api/information-requests/{letters[0]['id']}/send/",
        {"letter_number": "函〔2026〕1号", "sent_on": _iso(entered - T(days=6))},
        expect=200,
    )
    has_provision_rule = any(d.code == "information_provision" for d in book.deadlines)
    assert (sent["obligation_status"] == "open") == has_provision_rule  # JDZ-2017 第二十六条 “及时提供”
    early = clerk.post(
        f"/api/information-requests/{letters[0]['id']}/answer/",
        {"answered_on": _iso(entered - T(days=7)), "summary": "已提供"},
        expect=400,
    )
    assert early["field"] == "answered_on"
    answered = clerk.post(
        f"/api/information-requests/{letters[0]['id']}/answer/",
        {"answered_on": _iso(entered - T(days=3)), "summary": "已提供"},
        expect=200,
    )
    if has_provision_rule:
        assert answered["obligation_status"] == "fulfilled"

    # Entry.
    on_site = leader.post(
        f"{url}/enter/",
        {
            "entered_on": _iso(entered),
            "principal_notified_on": _iso(entered),
            "mobilization_on": _iso(entered),
            "contact_phone": "0000-7654321",
            "contact_mailbox": "第2号信箱",
            "contact_address": "某招待所",
            "planned_end": _iso(dates["ended"]),
        },
        expect=200,
    )
    assert on_site["status"] == "on_site" and on_site["warnings"] == []

    assert coverage_of_unit()["obligation"]["status"] == "fulfilled"  # entered: covered for the term

    # A talk (secret): recorded, listed without content, read once — the read is an event.
    talk = member.post(
        "/api/talks/",
        {
            "inspection": pk,
            "interviewee": "周某某",
            "talked_at": f"{_iso(entered + T(days=2))}T09:00:00+08:00",
            "place": "谈话室",
            "recorder": "记录人",
            "content": "反映了工程招投标中的围标串标问题。",
        },
    )
    assert talk["inspection"] == pk
    listed = member.get("/api/talks/", inspection=pk)["results"]
    assert [t["id"] for t in listed] == [talk["id"]] and "content" not in listed[0]
    assert Api(side.other_member).client.get("/api/talks/", {"inspection": pk}).status_code == 403
    refused_read = contact.client.get(f"/api/talks/{talk['id']}/")
    assert refused_read.status_code == 403 and "无权查阅" in refused_read.json()["detail"], refused_read.json()
    auditor = Api(side.auditor)
    reads_before = [e for e in auditor.all("/api/events/") if e["action"] == "secret.read"]
    read = member.get(f"/api/talks/{talk['id']}/")
    assert read["content"] == "反映了工程招投标中的围标串标问题。"
    reads = [e for e in auditor.all("/api/events/") if e["action"] == "secret.read"]
    assert len(reads) == len(reads_before) + 1
    assert (reads[-1]["object_id"], reads[-1]["actor_name"]) == (str(talk["id"]), side.member.full_name)
    assert "围标串标" not in str(reads[-1])  # the event names the record, never its content

    # A petition (secret), registered by the member.
    petition = member.post(
        "/api/petitions/",
        {
            "inspection": pk,
            "channel": "visit",
            "received_on": _iso(entered + T(days=3)),
            "about": "某负责人",
            "classification": "political_discipline",
            "content": "来访反映",
            "petitioner_name": "来访人",
        },
    )
    assert petition["number"] == 1

    # A forum (座谈), one of the rulebook's working methods.
    forum = leader.post(
        "/api/fieldwork-records/",
        {
            "inspection": pk,
            "method": "forum",
            "held_on": _iso(entered + T(days=4)),
            "summary": "座谈",
            "details": {"attendees": 8, "attendee_scope": "中层干部"},
        },
    )
    assert forum["method"] == "forum" and forum["held_on"] == _iso(entered + T(days=4))

    # Two findings with evidence, passed by the 组务会 and approved by the leader.
    on = entered + T(days=14)
    findings = [
        member.post(
            "/api/findings/",
            {"inspection": pk, "title": title, "category": category, "description": text, "drafted_on": _iso(on)},
        )
        for title, category, text in (
            ("违规发放津贴补贴", "integrity_discipline", "2025年以来违规发放津贴补贴。"),
            ("“三重一大”事项未经集体研究", "organizational_discipline", "部分重大事项由主要负责人个人决定。"),
        )
    ]
    ids = [f["id"] for f in findings]
    member.post(f"/api/findings/{ids[0]}/evidence/", {"kind": "talk", "object_id": talk["id"]})
    member.post(f"/api/findings/{ids[0]}/evidence/", {"kind": "petition", "object_id": petition["id"]})
    assert {e["kind"] for e in member.get(f"/api/findings/{ids[0]}/")["evidence"]} == {"talk", "petition"}
    member.post(
        "/api/team-meetings/",
        {
            "inspection": pk,
            "held_on": _iso(on),
            "attendees": [side.leader.pk, side.member.pk],
            "agenda": "研究问题底稿",
            "minutes": "逐条讨论，同意提交组长审定。",
            "decisions": "通过",
            "findings": ids,
        },
    )
    for fid in ids:
        approved = leader.post(f"/api/findings/{fid}/approve/", {"on": _iso(on)}, expect=200)
        assert approved["status"] == "leader_approved"

    # Fieldwork ends; the required reports are drafted, submitted, finalized (JDZ-2017 第三十条, NMG-2016 第二十六条).
    ended = leader.post(f"{url}/end-fieldwork/", {"ended_on": _iso(dates["ended"])}, expect=200)
    assert ended["status"] == "reporting"
    for kind in book.report_types:
        if kind.required:
            report = leader.post(
                "/api/reports/", {"inspection": pk, "type": kind.code, "drafted_on": _iso(dates["ended"])}
            )
            leader.post(f"/api/reports/{report['id']}/submit/", {"submitted_on": _iso(dates["ended"])}, expect=200)
            final = leader.post(
                f"/api/reports/{report['id']}/finalize/", {"finalized_on": _iso(dates["ended"])}, expect=200
            )
            assert final["status"] == "final"

    # The office ends the round; the hearing duty opens (JDZ-2017 第三十一条: 15 working days; NMG-2016: 及时).
    round_ended = clerk.post(f"/api/rounds/{rnd['id']}/end/", {"ended_on": _iso(dates["ended"])}, expect=200)
    assert round_ended["ends_on"] == _iso(dates["ended"])
    hearing_ob = _obligation(head, "hearing", "planning.round", rnd["id"])
    due = DUE[key]["hearing"]
    assert hearing_ob["status"] == "open" and hearing_ob["article"] == book.procedure.hearing_article
    assert hearing_ob["due_on"] == (_iso(due) if due else None)
    head.post(
        "/api/results-meetings/hearing/",
        {
            "round": rnd["id"],
            "held_on": _iso(dates["hearing"]),
            "agenda": "听取本轮各组汇报",
            "attendees": ["吴某 领导小组组长", "郑某 领导小组副组长"],
            "minutes": "听取汇报，提出处理意见，报“五人小组”研究。",
            "items": [{"inspection": pk, "proposal": "同意所报问题，责成整改。"}],
        },
    )
    hearing_ob = _obligation(head, "hearing", "planning.round", rnd["id"])
    assert (hearing_ob["status"], hearing_ob["fulfilled_on"]) == ("fulfilled", _iso(dates["hearing"]))

    # Feedback before the decision is refused, in Chinese.
    session = {
        "inspection": pk,
        "held_on": _iso(dates["hearing"]),
        "given_by": side.leader.pk,
        "attendees": f"被{book.word}单位领导班子成员",
        "opinions": "针对反馈的问题认真整改。",
        "findings": ids,
    }
    too_early = head.post("/api/feedback-sessions/", {**session, "audience": "leadership"}, expect=400)
    assert "五人小组" in too_early["detail"]

    # The five-member group decides; the decision is filed.
    head.post(
        "/api/results-meetings/decision/",
        {
            "round": rnd["id"],
            "made_on": _iso(dates["decision"]),
            "attendees": ["冯某 “五人小组”成员", "陈某 “五人小组”成员"],
            "minutes": "研究决定成果运用。",
            "items": [{"inspection": pk, "text": "反馈问题，督促整改。", "uses": ["feedback"]}],
        },
    )
    assert head.get(f"{url}/")["results_decided_on"] == _iso(dates["decision"])
    assert _obligation(head, "feedback", "inspections.inspection", pk)["status"] == "open"
    filing_rule = next(d for d in book.deadlines if d.fulfilled_by == book.procedure.filing_action)
    assert _obligation(head, filing_rule.code, "planning.round", rnd["id"])["status"] == "open"
    head.post(
        "/api/results-filings/",
        {"round": rnd["id"], "filed_on": _iso(dates["filed"]), "document_number": "备〔2026〕1号", "summary": "备案"},
    )
    assert _obligation(head, filing_rule.code, "planning.round", rnd["id"])["status"] == "fulfilled"

    # Feedback to the leadership and to the principal leader (NMG-2016 第二十九条: after the committee's consent).
    if book.procedure.feedback_approval_by:
        head.post(
            "/api/feedback-consents/",
            {"inspection": pk, "consented_on": _iso(dates["feedback"]), "document": "同意反馈（批复）"},
        )
    for audience in ("leadership", "principal"):
        head.post("/api/feedback-sessions/", {**session, "audience": audience, "held_on": _iso(dates["feedback"])})
    fed_back = head.get(f"{url}/")
    assert (fed_back["status"], fed_back["feedback_given_on"]) == ("rectifying", _iso(dates["feedback"]))
    assert _obligation(head, "feedback", "inspections.inspection", pk)["status"] == "fulfilled"

    if book.signature_form("feedback_receipt"):
        # The 签收单's three signatures; the principal leader's date starts the rectification deadlines (第三十四条).
        leader.post(
            "/api/receipt-signatures/",
            {"inspection": pk, "role": "team_leader", "signed_on": _iso(dates["feedback"])},
        )
        contact.post(
            "/api/receipt-signatures/",
            {"inspection": pk, "role": "unit_principal_leader", "signed_on": _iso(dates["receipt"]), "name": "某书记"},
        )
        head.post(
            "/api/receipt-signatures/",
            {"inspection": pk, "role": "office_head", "signed_on": _iso(dates["receipt"])},
        )
        assert head.get(f"{url}/")["receipt_signed_on"] == _iso(dates["receipt"])
    for rule, due_on in DUE[key].items():
        if rule != "hearing":
            ob = _obligation(head, rule, "inspections.inspection", pk)
            assert (ob["status"], ob["due_on"], ob["article"]) == (
                "open",
                _iso(due_on) if due_on else None,
                book.deadline(rule).article,
            ), rule

    # Closing now is refused, naming what is missing.
    refused = head.post(f"{url}/close/", {"date": _iso(dates["plan"])}, expect=400)
    assert "尚不能办结" in refused["detail"] and "整改" in refused["detail"]

    # The unit's contact plans one item per problem fed back (JDZ-2017: a plan; NMG-2016: the items recorded).
    plan = contact.post(
        "/api/rectification-plans/",
        {
            "inspection": pk,
            "submitted_on": _iso(dates["plan"]),
            "text": "整改方案",
            "items": [
                {
                    "finding": f["id"],
                    "measures": f"整改措施：{f['title']}",
                    "responsible_person": "某副书记",
                    "target_date": "2026-12-31",
                }
                for f in findings
            ],
        },
    )
    if any(d.code == "rectification_plan" for d in book.deadlines):
        assert _obligation(head, "rectification_plan", "inspections.inspection", pk)["status"] == "fulfilled"
    items = sorted(contact.all("/api/rectification-items/", inspection=pk), key=lambda i: i["number"])
    assert [i["plan"] for i in items] == [plan["id"], plan["id"]]
    progress = f"/api/rectification-items/{items[0]['id']}/progress/"
    contact.post(progress, {"noted_on": _iso(dates["plan"]), "status": "in_progress", "note": "已启动清退"}, 200)
    contact.post(progress, {"noted_on": _iso(dates["reports"]), "status": "done", "note": "已全部清退"}, 200)
    moved = contact.post(
        f"/api/rectification-items/{items[1]['id']}/progress/",
        {
            "noted_on": _iso(dates["reports"]),
            "status": "transferred",
            "note": "制度已修订",
            "transfer_reason": "需长期坚持，转入日常监督",
        },
        200,
    )
    assert moved["status"] == "transferred"

    # Reports, then review (JDZ: the team, forwarding to the office; NMG: the office).
    report = contact.post(
        "/api/rectification-reports/",
        {
            "inspection": pk,
            "submitted_on": _iso(dates["reports"]),
            "situation_report": "整改情况报告正文",
            "principal_report": "主要负责人组织落实情况报告正文",
        },
    )
    assert _obligation(head, "rectification_reports", "inspections.inspection", pk)["status"] == "fulfilled"
    reviewer = leader if book.procedure.rectification_via_team else head
    reviewer.post(
        f"/api/rectification-reports/{report['id']}/review/",
        {"reviewed_on": _iso(dates["reviewed"]), "accepted": True, "opinion": "审核通过"},
        expect=200,
    )
    head.post(
        "/api/supervisions/",
        {
            "inspection": pk,
            "supervised_on": _iso(dates["supervised"]),
            "way": "documents",
            "content": "查阅整改台账和佐证材料",
        },
    )

    # Every closure condition of the rulebook holds; the office head closes the inspection.
    states = head.get(f"{url}/closure/")
    assert [s["code"] for s in states] == [c.code for c in book.procedure.closure_conditions]
    assert all(s["met"] for s in states), [s for s in states if not s["met"]]
    closed = head.post(f"{url}/close/", {"date": _iso(dates["closed"])}, expect=200)
    assert (closed["status"], closed["closed_on"]) == ("closed", _iso(dates["closed"]))
    closing = [e for e in auditor.all("/api/events/") if e["action"] == "inspection.closed"]
    assert [(e["object_id"], e["occurred_on"]) for e in closing] == [(str(pk), _iso(dates["closed"]))]

    # The feedback and rectification disclosures go public; the talk's content cannot.
    for stage in ("feedback", "rectification"):
        draft = clerk.post(
            "/api/disclosures/",
            {
                "inspection": pk,
                "stage": stage,
                "title": f"{book.word}{'反馈' if stage == 'feedback' else '整改'}情况",
                "body": "发现违规发放津贴补贴等问题，已按要求整改。",
            },
        )
        head.post(f"/api/disclosures/{draft['id']}/approve/", {"approved_on": _iso(dates["closed"])}, expect=200)
        public = clerk.post(
            f"/api/disclosures/{draft['id']}/publish/", {"published_on": _iso(dates["closed"])}, expect=200
        )
        assert (public["status"], public["published_on"]) == ("published", _iso(dates["closed"]))
    leak = clerk.post(
        "/api/disclosures/",
        {
            "inspection": pk,
            "stage": "rectification",
            "title": "补充公开",
            "body": "群众反映了工程招投标中的围标串标问题。",
        },
    )
    refused = head.post(f"/api/disclosures/{leak['id']}/approve/", {"approved_on": _iso(dates["closed"])}, 400)
    assert "个别谈话" in refused["detail"]

    # No obligation of this inspection is left open, and the event chain is intact.
    left = [o for o in head.all("/api/obligations/", status="open") if o["inspection"] == pk]
    assert left == []
    checked, broken, reason = verify_chain()
    assert broken is None and checked > 50, reason
