"""Refusal cases, accounts to people (test_service_authority.py)."""

from __future__ import annotations

import datetime

from xuncha.inspections.models import TalkRecord

from .authority_support import DEFAULT_DENIED, ON, Case, D

CASES_A: list[Case] = [
    # accounts
    Case(
        "accounts.services.user_create",
        lambda w: {
            "username": "newbie",
            "full_name": "新人",
            "password": "Pw-x7q9-k2m4",
            "jurisdiction": w.jdz.jurisdiction,
        },
    ),
    Case(
        "accounts.services.user_create",
        lambda w: {
            "username": "newbie",
            "full_name": "新人",
            "password": "Pw-x7q9-k2m4",
            "jurisdiction": w.nmg.jurisdiction,
        },
        ("office_head",),
    ),
    Case("accounts.services.user_deactivate", lambda w: {"user": w.jdz.office_clerk}),
    Case("accounts.services.user_deactivate", lambda w: {"user": w.nmg.office_clerk}, ("office_head",)),
    Case("accounts.services.user_activate", lambda w: {"user": w.jdz.office_clerk}),
    Case("accounts.services.password_reset", lambda w: {"user": w.jdz.office_clerk, "password": "Pw-x7q9-k2m4"}),
    Case(
        "accounts.services.password_reset",
        lambda w: {"user": w.nmg.office_head, "password": "Pw-x7q9-k2m4"},
        ("office_head",),
    ),
    Case(
        "accounts.services.membership_grant",
        lambda w: {"user": w.jdz.member, "jurisdiction": w.jdz.jurisdiction, "role": "auditor"},
    ),
    Case(
        "accounts.services.membership_grant",
        lambda w: {"user": w.jdz.member, "jurisdiction": w.jdz.jurisdiction, "role": "office_head"},
        ("office_head",),
    ),
    Case(
        "accounts.services.membership_grant",
        lambda w: {"user": w.jdz.member, "jurisdiction": w.jdz.jurisdiction, "role": "sysadmin"},
        ("office_head",),
    ),
    Case(
        "accounts.services.membership_grant",
        lambda w: {"user": w.nmg.member, "jurisdiction": w.nmg.jurisdiction, "role": "auditor"},
        ("office_head",),
    ),
    Case("accounts.services.membership_revoke", lambda w: {"membership": w.unit_membership}),
    Case("accounts.services.membership_revoke", lambda w: {"membership": w.head_membership}, ("office_head",)),
    # jurisdictions (the system administrator only)
    Case(
        "jurisdictions.services.jurisdiction_create",
        lambda w: {"code": "new", "name": "新党委", "short_name": "新", "rulebook_code": "JDZ-2017"},
        ("office_head", "auditor", "nmg_office_head"),
    ),
    Case(
        "jurisdictions.services.jurisdiction_update",
        lambda w: {
            "jurisdiction": w.jdz.jurisdiction,
            "name": "改名",
            "short_name": "改",
            "parent": w.nmg.jurisdiction,
        },
        ("office_head", "auditor", "nmg_office_head"),
    ),
    # registry
    Case(
        "registry.services.organization_create",
        lambda w: {
            "jurisdiction": w.jdz.jurisdiction,
            "name": "新单位",
            "kind": "target",
            "target_category": "local_leadership",
        },
    ),
    Case(
        "registry.services.organization_reorganize",
        lambda w: {"organization": w.jdz.other_inspection.target, "status": "abolished", "on": ON},
    ),
    Case("registry.services.cadre_create", lambda w: {"jurisdiction": w.jdz.jurisdiction, "code": "X9", "name": "某"}),
    Case(
        "registry.services.post_create",
        lambda w: {
            "cadre": w.cadre,
            "organization": w.jdz.inspection.target,
            "title": "科员",
            "started_on": D(2025, 1, 1),
        },
    ),
    Case("registry.services.post_end", lambda w: {"post": w.post, "ended_on": ON}),
    # planning
    Case(
        "planning.services.round_create",
        lambda w: {"jurisdiction": w.jdz.jurisdiction, "year": 2026, "number": 9, "starts_on": ON},
    ),
    Case("planning.services.team_create", lambda w: {"round": w.jdz.inspection.round, "number": 9}),
    Case("planning.services.round_end", lambda w: {"round": w.jdz.inspection.round, "ended_on": ON}),
    Case(
        "planning.services.term_start",
        lambda w: {
            "jurisdiction": w.jdz.jurisdiction,
            "name": "下一届",
            "starts_on": D(2027, 1, 1),
            "ends_on": D(2031, 12, 31),
        },
    ),
    Case("planning.services.annual_plan_save", lambda w: {"term": w.term, "year": 2026, "content": "计划"}),
    Case("planning.services.round_schedule_save", lambda w: {"round": w.jdz.inspection.round, "schedule": "安排"}),
    Case(
        "planning.services.team_discipline_liaison_set",
        lambda w: {"team": w.jdz.inspection.team, "office": "第三纪检监察室", "delegate": "某某"},
        (*DEFAULT_DENIED, "leader", "member"),
    ),
    Case("planning.access.team_access_close", lambda w: {"team": w.jdz.inspection.team, "on": ON}),
    Case(
        "planning.access.team_membership_revoke",
        lambda w: {"membership": w.team_place, "on": ON, "reason": "调离"},
        (*DEFAULT_DENIED, "office_clerk", "leader"),
    ),
    # inspections
    Case(
        "inspections.services.inspection_create",
        lambda w: {"round": w.round2, "team": w.team2, "target": w.spare_target},
    ),
    Case("inspections.services.inspection_prepare", lambda w: {"inspection": w.planned, "on": ON}),
    Case(
        "inspections.services.inspection_withdraw",
        lambda w: {"inspection": w.planned, "withdrawn_on": ON, "reason": "对象调整"},
        ("unit_contact", "auditor", "member", "leader", "nmg_office_head"),
    ),
    Case(
        "inspections.services.inspection_enter",
        lambda w: {
            "inspection": w.planned,
            "entered_on": ON,
            "principal_notified_on": ON,
            "mobilization_on": ON,
            "contact_phone": "0000",
            "contact_mailbox": "信箱",
            "contact_address": "地址",
            "planned_end": D(2026, 8, 1),
        },
    ),
    Case("inspections.services.inspection_end_fieldwork", lambda w: {"inspection": w.jdz.inspection, "ended_on": ON}),
    Case(
        "inspections.services.talk_record_create",
        lambda w: {
            "inspection": w.jdz.inspection,
            "interviewee": "某",
            "place": "谈话室",
            "recorder": "记录人",
            "talked_at": datetime.datetime(2026, 4, 8, 9, 0, tzinfo=datetime.UTC),
            "content": "内容",
        },
        (*DEFAULT_DENIED, "other_member", "office_clerk"),
    ),
    Case(
        "inspections.services.talk_record_read",
        lambda w: {"pk": w.talk.pk},
        (*DEFAULT_DENIED, "other_member", "office_clerk"),
    ),
    Case(
        "inspections.closure.inspection_close",
        lambda w: {"inspection": w.jdz.inspection, "closed_on": ON},
        (*DEFAULT_DENIED, "office_clerk", "leader"),
    ),
    Case(
        "audit.secrecy.secret_read",
        lambda w: {"queryset": TalkRecord.objects.all(), "pk": w.talk.pk, "refusal": "无权查阅"},
        (*DEFAULT_DENIED, "other_member"),
    ),
    # people
    Case("people.services.inspector_create", lambda w: {"cadre": w.cadre, "kind": "pool"}),
    Case(
        "people.services.declaration_create",
        lambda w: {"inspector": w.inspector, "kind": "kin", "declared_on": ON, "person_name": "某"},
    ),
    Case("people.services.declaration_withdraw", lambda w: {"declaration": w.declaration, "withdrawn_on": ON}),
    Case(
        "people.services.attestation_record",
        lambda w: {"inspector": w.inspector, "condition": "health", "attested_on": ON, "basis": "体检"},
    ),
    Case(
        "people.services.secondment_create",
        lambda w: {"inspector": w.inspector, "home_organization": "某局", "started_on": ON},
    ),
    Case(
        "people.services.secondment_appraise",
        lambda w: {
            "secondment": w.secondment,
            "part": "office",
            "grade": "excellent",
            "appraisal": "好",
            "appraised_on": ON,
        },
    ),
    # The team's part is the secondee's own team leader's: not the office's, not another team's leader or member.
    Case(
        "people.services.secondment_appraise",
        lambda w: {
            "secondment": w.secondment,
            "part": "team",
            "grade": "excellent",
            "appraisal": "好",
            "appraised_on": ON,
        },
        (*DEFAULT_DENIED, "office_head", "leader", "member"),
    ),
    Case(
        "people.services.eligibility_exception_record",
        lambda w: {
            "team": w.jdz.other_inspection.team,
            "inspector": w.inspector,
            "decided_by": "领导小组会议",
            "decided_on": ON,
            "reason": "急需",
        },
        (*DEFAULT_DENIED, "office_clerk"),
    ),
    Case(
        "people.services.training_posting_create",
        lambda w: {"inspector": w.inspector, "home_organization": "某局", "started_on": ON},
    ),
    Case(
        "people.services.rotation_record",
        lambda w: {"inspector": w.inspector, "rotated_on": ON, "from_position": "甲", "to_position": "乙"},
    ),
    Case(
        "people.services.leader_authorize",
        lambda w: {
            "inspector": w.inspector,
            "round": w.jdz.inspection.round,
            "role": "deputy",
            "authorized_on": ON,
            "basis": "会议",
        },
    ),
    Case(
        "people.services.assignment_create",
        lambda w: {"team": w.jdz.other_inspection.team, "inspector": w.inspector, "role": "member", "on": ON},
    ),
    Case(
        "people.services.recusal_waiver_record",
        lambda w: {
            "team": w.jdz.inspection.team,
            "inspector": w.inspector,
            "rule": "post",
            "fact": "某",
            "reason": "决定",
            "decided_on": ON,
        },
        (*DEFAULT_DENIED, "office_clerk"),
    ),
    Case(
        "people.services.inspector_link_user",
        lambda w: {"inspector": w.inspector, "user": w.jdz.other_member},
        (*DEFAULT_DENIED, "office_clerk"),
    ),
    Case(
        "people.services.inspector_unlink_user",
        lambda w: {"inspector": w.linked_inspector, "on": ON},
        (*DEFAULT_DENIED, "office_clerk"),
    ),
]
