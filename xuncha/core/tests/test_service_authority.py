"""Authority is checked inside every service, not only in the views that call it.

The test finds every public function with a keyword-only `actor` in the service modules (every `xuncha/*/services.py`
and the other modules listed in `MODULES`) and requires an entry in `CASES`: a call, with otherwise valid arguments
on a world that has been through one inspection's life, as people without authority (by default another unit's
contact, the auditor, and another jurisdiction's office head). Each must be refused with PermissionDeniedError and
leave no event. A service without an entry fails the test, so a new unguarded service cannot be added silently."""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

import xuncha
from xuncha.accounts.models import Membership
from xuncha.audit.models import Event
from xuncha.conftest import Side, put_on_site
from xuncha.core.errors import PermissionDeniedError
from xuncha.fieldwork import services as fieldwork
from xuncha.fieldwork.tests.factories import petition as make_petition
from xuncha.fieldwork.tests.factories import record as make_record
from xuncha.findings import services as findings
from xuncha.inspections.models import TalkRecord
from xuncha.inspections.services import talk_record_create
from xuncha.people import services as people
from xuncha.planning.models import TeamMembership
from xuncha.planning.services import term_start
from xuncha.preparation import services as preparation
from xuncha.rectification import services as rect
from xuncha.rectification.tests.helpers import in_rectification, submit_plan, submit_reports
from xuncha.registry.models import Post
from xuncha.registry.services import cadre_create
from xuncha.reports.models import Report
from xuncha.results import services as results
from xuncha.results.tests.helpers import cadre_in_unit_one, org_department

D = datetime.date

# Service modules besides every `<app>/services.py`.
MODULES = ["xuncha.inspections.closure", "xuncha.planning.access", "xuncha.audit.secrecy", "xuncha.disclosures.secrecy"]

# Functions with an actor that are not acts of a person, with the reason.
EXEMPT = {
    "audit.services.event_record": "the recorder every service calls after its own check",
    "disclosures.secrecy.check_no_secrets": "a check inside the disclosure services (which check who acts); "
    "the actor only decides whether the refusal may name the secret record",
}

DEFAULT_DENIED = ("other_unit_contact", "auditor", "nmg_office_head")
READ_DENIED = ("other_unit_contact", "other_member", "nmg_office_head", "nmg_auditor")


def discovered() -> list[str]:
    """Every public function with a keyword-only `actor` in a service module. A `services` package (split by
    sub-domain) counts as one module: a function defined in `people.services.staffing` and exported by
    `people.services` is named `people.services.<function>`, wherever in the package it lives."""
    root = Path(xuncha.__path__[0])
    names = [
        f"xuncha.{m.name}.services"
        for m in pkgutil.iter_modules(xuncha.__path__)
        if m.ispkg and ((root / m.name / "services.py").exists() or (root / m.name / "services").is_dir())
    ] + MODULES
    found = set()
    for name in names:
        modules = [importlib.import_module(name)]
        if hasattr(modules[0], "__path__"):  # a package: its submodules too
            modules += [importlib.import_module(f"{name}.{m.name}") for m in pkgutil.iter_modules(modules[0].__path__)]
        for module in modules:
            for fn_name, fn in vars(module).items():
                if (
                    fn_name.startswith("_")
                    or not inspect.isfunction(fn)
                    or not (fn.__module__ == name or fn.__module__.startswith(name + "."))
                ):
                    continue
                p = inspect.signature(fn).parameters.get("actor")
                if p is not None and p.kind == p.KEYWORD_ONLY:
                    found.add(f"{name.removeprefix('xuncha.')}.{fn_name}")
    return sorted(found)


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

CASES: list[Case] = [
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
    # preparation
    Case(
        "preparation.services.information_request_draft", lambda w: {"inspection": w.jdz.inspection, "source": "audit"}
    ),
    Case("preparation.services.request_all_sources", lambda w: {"inspection": w.jdz.inspection}),
    Case(
        "preparation.services.information_request_send",
        lambda w: {"request": w.info_request, "letter_number": "函〔2026〕1号", "sent_on": ON},
    ),
    Case(
        "preparation.services.information_request_answer",
        lambda w: {"request": w.info_request, "answered_on": ON, "summary": "答复"},
        (*DEFAULT_DENIED, "receiver"),  # a receiving organ's contact sees a letter sent to it but does not answer it
    ),
    Case(
        "preparation.services.personal_matters_check_record",
        lambda w: {
            "inspection": w.jdz.inspection,
            "cadre": w.cadre,
            "items": ["housing"],
            "checked_on": D(2026, 3, 10),
            "result": "consistent",
            "checked_by": "组织部",
        },
    ),
    Case(
        "preparation.services.personal_matters_check_read",
        lambda w: {"pk": w.pm_check.pk},
        (*DEFAULT_DENIED, "other_member"),
    ),
    Case(
        "preparation.services.leader_briefing_record",
        lambda w: {
            "inspection": w.jdz.inspection,
            "briefed_on": D(2026, 3, 9),
            "by": "纪检监察室",
            "attendees": [w.jdz.leader, w.jdz.member],
            "topics": "情况",
        },
    ),
    Case(
        "preparation.services.leader_briefing_read", lambda w: {"pk": w.briefing.pk}, (*DEFAULT_DENIED, "other_member")
    ),
    # fieldwork
    Case(
        "fieldwork.services.fieldwork_record_create",
        lambda w: {
            "inspection": w.jdz.inspection,
            "method": "forum",
            "held_on": D(2026, 3, 20),
            "summary": "座谈",
            "details": {"attendees": 12, "attendee_scope": "中层干部"},
        },
        (*DEFAULT_DENIED, "other_member"),
    ),
    Case(
        "fieldwork.services.fieldwork_record_approve",
        lambda w: {"record": w.record, "approved_on": D(2026, 3, 21), "approval_basis": "会议"},
    ),
    Case("fieldwork.services.assistance_request_send", lambda w: {"record": w.record, "sent_on": D(2026, 3, 23)}),
    Case(
        "fieldwork.services.petition_register",
        lambda w: {
            "inspection": w.jdz.inspection,
            "channel": "letter",
            "received_on": D(2026, 3, 18),
            "about": "某",
            "classification": "integrity_discipline",
            "content": "反映",
        },
        (*DEFAULT_DENIED, "other_member"),
    ),
    Case("fieldwork.services.petition_read", lambda w: {"pk": w.petition.pk}, (*DEFAULT_DENIED, "other_member")),
    # Oversight (auditors, office staff) reads fieldwork records with the informant withheld; outsiders read nothing.
    Case("fieldwork.services.fieldwork_record_read", lambda w: {"pk": w.record.pk}, READ_DENIED[:3]),
    Case(
        "fieldwork.services.fieldwork_record_create",
        lambda w: {
            "inspection": w.jdz.inspection,
            "method": "inquiry",
            "held_on": D(2026, 3, 20),
            "summary": "询问",
            "details": {"informant": "某知情人", "matter": "某事"},
        },
        ("office_clerk", "office_head"),  # an informant is secret: only the team records it
    ),
    Case(
        "fieldwork.services.petition_handle",
        lambda w: {"petition": w.petition, "handling": "转办"},
        (*DEFAULT_DENIED, "other_member"),
    ),
    Case(
        "fieldwork.services.document_retrieval_record",
        lambda w: {
            "inspection": w.jdz.inspection,
            "title": "会议记录",
            "kind": "borrowed",
            "source_unit": "办公室",
            "taken_on": D(2026, 3, 20),
        },
        (*DEFAULT_DENIED, "other_member"),
    ),
    Case(
        "fieldwork.services.document_return",
        lambda w: {"retrieval": w.retrieval, "returned_on": D(2026, 3, 25)},
        (*DEFAULT_DENIED, "other_member"),
    ),
    Case(
        "fieldwork.services.document_copy_dispose",
        lambda w: {"retrieval": w.retrieval, "disposition": "kept", "disposed_on": D(2026, 3, 25)},
        (*DEFAULT_DENIED, "other_member"),
    ),
    Case(
        "fieldwork.services.attachment_upload",
        lambda w: {"parent": w.record, "upload": _upload()},
        (*DEFAULT_DENIED, "other_member"),
    ),
    # Reads: the auditor (read-only oversight) may open attachments and evidence; a secret's door is narrower.
    Case("fieldwork.services.attachment_open", lambda w: {"pk": w.attachment.pk}, READ_DENIED),
    # findings
    Case(
        "findings.services.finding_create",
        lambda w: {
            "inspection": w.jdz.inspection,
            "title": "问题",
            "category": "integrity_discipline",
            "description": "情况",
        },
        (*DEFAULT_DENIED, "other_member", "office_clerk"),
    ),
    Case(
        "findings.services.finding_update",
        lambda w: {
            "finding": w.draft_finding,
            "title": "问题",
            "category": "integrity_discipline",
            "description": "情况",
        },
        (*DEFAULT_DENIED, "other_member"),
    ),
    Case(
        "findings.services.evidence_link",
        lambda w: {"finding": w.draft_finding, "kind": "talk", "object_id": w.talk.pk},
        (*DEFAULT_DENIED, "other_member"),
    ),
    Case("findings.services.evidence_unlink", lambda w: {"evidence": w.evidence}, (*DEFAULT_DENIED, "other_member")),
    Case(
        "findings.services.finding_leader_approve",
        lambda w: {"finding": w.draft_finding, "on": D(2026, 4, 20)},
        (*DEFAULT_DENIED, "member", "office_head"),
    ),
    Case(
        "findings.services.finding_return",
        lambda w: {"finding": w.draft_finding, "on": D(2026, 4, 20), "reason": "补充"},
        (*DEFAULT_DENIED, "member"),
    ),
    Case(
        "findings.services.team_meeting_hold",
        lambda w: {
            "inspection": w.jdz.inspection,
            "held_on": D(2026, 4, 10),
            "attendees": [w.jdz.leader, w.jdz.member],
            "agenda": "研究",
            "minutes": "纪要",
            "findings": [w.draft_finding],
        },
        (*DEFAULT_DENIED, "other_member"),
    ),
    Case(
        "findings.services.escalation_create",
        lambda w: {
            "inspection": w.jdz.inspection,
            "to": "secretary",
            "matter": "重大问题",
            "reported_on": D(2026, 4, 10),
        },
        (*DEFAULT_DENIED, "other_member"),
    ),
    Case(
        "findings.services.escalation_respond",
        lambda w: {"escalation": w.escalation, "response": "同意", "responded_on": D(2026, 4, 12)},
        (*DEFAULT_DENIED, "other_member"),
    ),
    # reports
    Case(
        "reports.services.report_draft",
        lambda w: {"inspection": w.jdz.inspection, "type": w.report.type},
        (*DEFAULT_DENIED, "other_member"),
    ),
    Case(
        "reports.services.report_edit",
        lambda w: {"report": w.report, "body": "正文"},
        (*DEFAULT_DENIED, "other_member"),
    ),
    Case(
        "reports.services.report_submit_for_review", lambda w: {"report": w.report}, (*DEFAULT_DENIED, "other_member")
    ),
    Case("reports.services.report_finalize", lambda w: {"report": w.report}, (*DEFAULT_DENIED, "member")),
    Case(
        "reports.services.report_return", lambda w: {"report": w.report, "reason": "修改"}, (*DEFAULT_DENIED, "member")
    ),
    Case(
        "reports.services.report_correct",
        lambda w: {"report": w.report, "body": "更正", "reason": "笔误"},
        (*DEFAULT_DENIED, "other_member"),
    ),
    # results
    Case(
        "results.services.hearing_hold",
        lambda w: {
            "round": w.jdz.inspection.round,
            "held_on": D(2026, 5, 13),
            "agenda": "汇报",
            "attendees": [("张某", "组长")],
            "minutes": "纪要",
            "items": [(w.jdz.inspection, "同意")],
        },
    ),
    Case(
        "results.services.decision_make",
        lambda w: {
            "round": w.jdz.inspection.round,
            "made_on": D(2026, 5, 20),
            "attendees": [("王某", "成员")],
            "minutes": "纪要",
            "items": [(w.jdz.inspection, "反馈", ["feedback"])],
        },
    ),
    Case(
        "results.services.decision_file",
        lambda w: {
            "round": w.jdz.inspection.round,
            "filed_on": ON,
            "document_number": "备〔2026〕1号",
            "summary": "备案",
        },
    ),
    Case(
        "results.services.consultation_request",
        lambda w: {"cadre": w.consulted_cadre, "occasion": "selection", "purpose": "拟提拔", "asked_on": ON},
    ),
    Case("results.services.consultation_read", lambda w: {"consultation": w.consultation}),
    Case(
        "results.services.consultation_answer",
        lambda w: {"consultation": w.consultation, "opinion": "无意见", "answered_on": ON},
    ),
    # feedback
    Case(
        "feedback.services.feedback_consent_record",
        lambda w: {"inspection": w.nmg.inspection, "consented_on": ON, "document": "批复"},
        ("nmg_other_unit_contact", "nmg_auditor", "office_head"),
    ),
    Case(
        "feedback.services.feedback_session_hold",
        lambda w: {
            "inspection": w.jdz.other_inspection,
            "audience": "leadership",
            "held_on": ON,
            "given_by": w.jdz.leader,
            "attendees": "班子成员",
            "opinions": "意见",
        },
    ),
    Case(
        "feedback.services.circulated_notice_record",
        lambda w: {
            "inspection": w.jdz.inspection,
            "kind": "party_committee",
            "recipient": "某党委",
            "notified_on": ON,
            "content": "通报",
        },
        (*DEFAULT_DENIED, "member"),
    ),
    Case(
        "feedback.services.feedback_receipt_sign",
        lambda w: {"inspection": w.jdz.other_inspection, "role": "office_head", "signed_on": ON},
    ),
    # rectification
    Case(
        "rectification.services.rectification_plan_submit",
        lambda w: {"inspection": w.jdz.inspection, "submitted_on": ON, "text": "方案", "items": []},
    ),
    Case(
        "rectification.services.rectification_items_record",
        lambda w: {"inspection": w.nmg.inspection, "recorded_on": ON, "text": "整改", "items": []},
        ("nmg_other_unit_contact", "nmg_auditor", "office_head"),
    ),
    Case(
        "rectification.services.rectification_item_update",
        lambda w: {"item": w.item, "noted_on": ON, "status": "in_progress", "note": "推进"},
    ),
    Case("rectification.services.rectification_evidence_upload", lambda w: {"item": w.item, "upload": _upload()}),
    Case("rectification.services.rectification_evidence_open", lambda w: {"pk": w.evidence_file.pk}, READ_DENIED),
    Case(
        "rectification.services.rectification_reports_submit",
        lambda w: {
            "inspection": w.jdz.inspection,
            "submitted_on": ON,
            "situation_report": "情况",
            "principal_report": "报告",
        },
    ),
    Case(
        "rectification.services.rectification_report_review",
        lambda w: {"report": w.rect_report, "reviewed_on": ON, "accepted": True},
        (*DEFAULT_DENIED, "unit_contact", "member"),
    ),
    Case(
        "rectification.services.supervision_record",
        lambda w: {"inspection": w.jdz.inspection, "supervised_on": ON, "way": "documents", "content": "督办"},
        (*DEFAULT_DENIED, "unit_contact"),
    ),
    Case(
        "rectification.services.rectification_opinion_give",
        lambda w: {"inspection": w.jdz.inspection, "given_on": ON, "content": "限期整改"},
        (*DEFAULT_DENIED, "unit_contact"),
    ),
    Case(
        "rectification.services.poor_rectification_report",
        lambda w: {"inspection": w.jdz.inspection, "reported_on": ON, "content": "报告"},
        (*DEFAULT_DENIED, "unit_contact"),
    ),
    Case(
        "rectification.services.poor_rectification_measure",
        lambda w: {"inspection": w.jdz.inspection, "kind": "circulated_notice", "taken_on": ON, "content": "通报"},
        (*DEFAULT_DENIED, "unit_contact", "leader"),
    ),
    # disclosures
    Case(
        "disclosures.services.disclosure_draft",
        lambda w: {"inspection": w.jdz.inspection, "stage": "feedback", "title": "公开", "body": "反馈情况"},
    ),
    Case(
        "disclosures.services.disclosure_update",
        lambda w: {"disclosure": w.disclosure, "title": "公开", "body": "反馈情况"},
    ),
    Case(
        "disclosures.services.disclosure_correct",
        lambda w: {"disclosure": w.disclosure, "title": "公开", "body": "反馈情况", "reason": "更正"},
    ),
    Case(
        "disclosures.services.disclosure_approve",
        lambda w: {"disclosure": w.disclosure, "approved_on": ON},
        (*DEFAULT_DENIED, "leader"),
    ),
    Case(
        "disclosures.services.disclosure_return",
        lambda w: {"disclosure": w.disclosure, "reason": "修改"},
        (*DEFAULT_DENIED, "leader"),
    ),
    Case(
        "disclosures.services.disclosure_publish",
        lambda w: {"disclosure": w.disclosure, "published_on": ON},
        (*DEFAULT_DENIED, "leader"),
    ),
    # the national calendar and the Excel imports
    Case(
        "workdays.services.holiday_year_preview",
        lambda w: {"year": 2027, "notice": "通知", "holidays_text": "", "workdays_text": ""},
        ("unit_contact", "auditor", "member", "office_head"),
    ),
    Case(
        "workdays.services.holiday_year_save",
        lambda w: {"year": 2027, "notice": "通知", "holidays_text": "", "workdays_text": ""},
        ("unit_contact", "auditor", "member"),
    ),
    Case(
        "spreadsheets.services.import_job_create",
        lambda w: {
            "jurisdiction": w.jdz.jurisdiction,
            "kind": "targets",
            "upload": _upload("t.xlsx"),
            "file_name": "t.xlsx",
            "start": False,
        },
    ),
]


def test_every_service_with_an_actor_has_a_refusal_case() -> None:
    covered = {c.service for c in CASES} | set(EXEMPT)
    missing = [s for s in discovered() if s not in covered]
    assert not missing, f"services without an authority case in CASES: {missing}"
    stale = sorted({c.service for c in CASES} - set(discovered()))
    assert not stale, f"CASES name services that no longer exist: {stale}"


@pytest.fixture
def world(jdz: Side, nmg: Side, settings: Any, tmp_path: Path) -> W:
    settings.VAR_DIR = tmp_path
    w = W(jdz, nmg)
    o = w.objs
    o["info_request"] = preparation.information_request_draft(
        actor=jdz.member, inspection=jdz.inspection, source="audit"
    )
    put_on_site(jdz)
    o["talk"] = talk_record_create(
        actor=jdz.member,
        inspection=jdz.inspection,
        interviewee="某干部",
        place="谈话室",
        recorder="记录人",
        talked_at=datetime.datetime(2026, 4, 8, 9, 30, tzinfo=datetime.UTC),
        content="谈话内容",
    )
    o["record"] = make_record(jdz, "assistance_request")
    o["petition"] = make_petition(jdz)
    o["retrieval"] = fieldwork.document_retrieval_record(
        actor=jdz.member,
        inspection=jdz.inspection,
        title="会议记录",
        kind="borrowed",
        source_unit="办公室",
        taken_on=D(2026, 3, 20),
    )
    o["attachment"] = fieldwork.attachment_upload(actor=jdz.member, parent=o["record"], upload=_upload())
    o["draft_finding"] = findings.finding_create(
        actor=jdz.member,
        inspection=jdz.inspection,
        title="草稿问题",
        category="integrity_discipline",
        description="情况",
    )
    o["evidence"] = findings.evidence_link(
        actor=jdz.member, finding=o["draft_finding"], kind="talk", object_id=o["talk"].pk
    )
    o["escalation"] = findings.escalation_create(
        actor=jdz.leader, inspection=jdz.inspection, to="leading_group", matter="重大问题", reported_on=D(2026, 4, 10)
    )
    o["cadre"] = cadre_create(actor=jdz.office_head, jurisdiction=jdz.jurisdiction, code="W1", name="某干部")
    o["pm_check"] = preparation.personal_matters_check_record(
        actor=jdz.member,
        inspection=jdz.inspection,
        cadre=cadre_in_unit_one(jdz, code="W2"),
        items=["housing"],
        checked_on=D(2026, 3, 10),
        result="consistent",
        checked_by="组织部",
    )
    o["briefing"] = preparation.leader_briefing_record(
        actor=jdz.leader,
        inspection=jdz.inspection,
        briefed_on=D(2026, 3, 9),
        by="纪检监察室",
        attendees=[jdz.leader, jdz.member],
        topics="情况",
    )
    problems = in_rectification(jdz)
    o["report"] = Report.objects.filter(inspection=jdz.inspection).first()
    plan = submit_plan(jdz, problems)
    o["item"] = plan.items.first()
    o["evidence_file"] = rect.rectification_evidence_upload(actor=jdz.unit_contact, item=o["item"], upload=_upload())
    o["rect_report"] = submit_reports(jdz)
    from xuncha.disclosures.tests.helpers import draft as disclosure_draft

    o["disclosure"] = disclosure_draft(jdz)
    o["consulted_cadre"] = cadre_in_unit_one(jdz, code="W3")
    o["consultation"] = results.consultation_request(
        actor=org_department(jdz), cadre=o["consulted_cadre"], occasion="selection", purpose="拟提拔", asked_on=ON
    )
    o["post"] = Post.objects.filter(cadre=o["consulted_cadre"]).first()
    o["inspector"] = people.inspector_create(actor=jdz.office_head, cadre=o["cadre"], kind="seconded")
    o["declaration"] = people.declaration_create(
        actor=jdz.office_head, inspector=o["inspector"], kind="kin", declared_on=ON, person_name="某"
    )
    o["secondment"] = people.secondment_create(
        actor=jdz.office_head, inspector=o["inspector"], home_organization="某局", started_on=ON
    )
    linked_cadre = cadre_create(actor=jdz.office_head, jurisdiction=jdz.jurisdiction, code="W4", name="另一干部")
    o["linked_inspector"] = people.inspector_create(
        actor=jdz.office_head, cadre=linked_cadre, kind="full_time", user=jdz.member
    )
    o["term"] = term_start(
        actor=jdz.office_head,
        jurisdiction=jdz.jurisdiction,
        name="本届",
        starts_on=D(2022, 1, 1),
        ends_on=D(2026, 12, 31),
    )
    o["team_place"] = TeamMembership.objects.get(team=jdz.inspection.team, user=jdz.member)
    o["unit_membership"] = Membership.objects.get(user=jdz.unit_contact, role="unit_contact")
    o["head_membership"] = Membership.objects.get(user=jdz.office_head, role="office_head")
    from xuncha.registry.services import organization_create

    o["new_target"] = organization_create(
        actor=jdz.office_head,
        jurisdiction=jdz.jurisdiction,
        name="新对象",
        kind="target",
        target_category="local_leadership",
    )
    o["spare_target"] = organization_create(
        actor=jdz.office_head,
        jurisdiction=jdz.jurisdiction,
        name="另一新对象",
        kind="target",
        target_category="local_leadership",
    )
    from xuncha.inspections.services import inspection_create
    from xuncha.planning.services import round_create, team_create

    # The first round has ended (its inspection is in rectification): new work is planned in a second round.
    o["round2"] = round_create(actor=jdz.office_head, jurisdiction=jdz.jurisdiction, year=2026, number=2, starts_on=ON)
    o["team2"] = team_create(actor=jdz.office_head, round=o["round2"], number=1)
    o["planned"] = inspection_create(actor=jdz.office_head, round=o["round2"], team=o["team2"], target=o["new_target"])
    return w


def test_every_service_refuses_people_without_authority(world: W) -> None:
    """One world for all cases (building it takes seconds); each call runs in a savepoint rolled back afterwards."""
    failures = []
    calls = 0
    for case in CASES:
        module, _, name = case.service.rpartition(".")
        fn = getattr(importlib.import_module(f"xuncha.{module}"), name)
        for who in case.actors:
            actor = world.actor(who)
            kwargs = case.kwargs(world)
            events = Event.objects.count()
            outcome: str
            with transaction.atomic():
                try:
                    fn(actor=actor, **kwargs)
                except PermissionDeniedError as exc:
                    outcome = "" if exc.message else "refused without a message"
                except Exception as exc:  # the report names what the service did instead
                    outcome = f"raised {type(exc).__name__}: {exc}"
                else:
                    outcome = "was allowed"
                if not outcome and Event.objects.count() != events:
                    outcome = "refused but left an event"
                transaction.set_rollback(True)
            calls += 1
            if outcome:
                failures.append(f"{case.service} as {who} {outcome}")
    assert not failures, "\n".join(failures)
    assert calls >= len(CASES) * 2
