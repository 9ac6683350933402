"""Refusal cases, preparation to the Excel imports (test_service_authority.py)."""

from __future__ import annotations

from .authority_clues import _register_world, _transfer_world
from .authority_support import DEFAULT_DENIED, ON, READ_DENIED, Case, D, _upload

CASES_B: list[Case] = [
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
    # clues: fast track, disposal, transfers, handling
    Case(
        "clues.services.fast_track_propose",
        lambda w: {
            "clue": _transfer_world(w)["clue"],
            "route": "fast_track",
            "receiver": _transfer_world(w)["organ"],
            "reason": "理由",
            "proposed_on": ON,
            "condition": "strong_public_complaints",
        },
        (*DEFAULT_DENIED, "member", "office_head", "receiver"),
    ),
    Case(
        "clues.services.fast_track_decide",
        lambda w: {"fast_track": _transfer_world(w)["ft"], "approved": True, "decided_on": ON, "approver": "某"},
        (*DEFAULT_DENIED, "leader", "receiver"),
    ),
    Case(
        "clues.services.clue_dispose",
        lambda w: {"clue": _transfer_world(w)["clue"], "route": "discipline", "recorded_on": ON},
        (*DEFAULT_DENIED, "leader", "receiver"),
    ),
    Case(
        "clues.services.transfer_draft",
        lambda w: {
            "inspection": w.jdz.inspection,
            "receiver": _transfer_world(w)["organ"],
            "clues": [_transfer_world(w)["clue"]],
            "drafted_on": ON,
        },
        (*DEFAULT_DENIED, "leader", "receiver"),
    ),
    Case(
        "clues.services.transfer_approve",
        lambda w: {"transfer": _transfer_world(w)["transfer"], "approved_on": ON, "approver": "某"},
        (*DEFAULT_DENIED, "leader", "receiver"),
    ),
    Case(
        "clues.services.transfer_sign",
        lambda w: {"transfer": _transfer_world(w)["transfer"], "party": "team", "signed_on": ON},
        (*DEFAULT_DENIED, "member", "office_head", "receiver"),
    ),
    Case(
        "clues.services.transfer_cancel",
        lambda w: {"transfer": _transfer_world(w)["transfer"], "cancelled_on": ON, "reason": "撤回"},
        (*DEFAULT_DENIED, "leader", "receiver"),
    ),
    Case(
        "clues.services.handling_report",
        lambda w: {
            "clue": _transfer_world(w)["done"],
            "reported_on": ON,
            "disposition": "case",
            "text": "立案",
            "final": True,
        },
        (*DEFAULT_DENIED, "leader", "office_head"),
    ),
    Case(
        "clues.services.review_meeting_record",
        lambda w: {"clues": [_transfer_world(w)["done"]], "held_on": ON, "note": "分工"},
        (*DEFAULT_DENIED, "leader", "office_head"),
    ),
    # the clue register, suggestions and informants
    Case(
        "clues.services.clue_register",
        lambda w: {"inspection": w.jdz.inspection, "registered_on": ON, "content": "线索"},
        (*DEFAULT_DENIED, "receiver", "unit_contact", "other_member"),
    ),
    Case(
        "clues.services.clue_source_add",
        lambda w: {"clue": _transfer_world(w)["clue"], "kind": "talk", "record": w.talk, "added_on": ON},
        (*DEFAULT_DENIED, "receiver", "other_member"),
    ),
    Case(
        "clues.services.clue_subject_add",
        lambda w: {"clue": _transfer_world(w)["clue"], "cadre": w.cadre},
        (*DEFAULT_DENIED, "receiver", "other_member"),
    ),
    Case(
        "clues.services.clue_subject_remove",
        lambda w: {"clue": _transfer_world(w)["clue"], "subject": _register_world(w)["subject"]},
        (*DEFAULT_DENIED, "receiver", "other_member"),
    ),
    Case(
        "clues.services.clue_update",
        lambda w: {"clue": _transfer_world(w)["clue"], "content": "改"},
        (*DEFAULT_DENIED, "receiver", "other_member"),
    ),
    Case(
        "clues.services.clue_merge",
        lambda w: {"clue": _register_world(w)["duplicate"], "into": _transfer_world(w)["clue"], "merged_on": ON},
        (*DEFAULT_DENIED, "receiver", "other_member"),
    ),
    Case(
        "clues.services.clue_read",
        lambda w: {"pk": _transfer_world(w)["clue"].pk},
        (*READ_DENIED, "office_clerk", "receiver", "auditor"),
    ),
    Case(
        "clues.services.suggestion_issue",
        lambda w: {"inspection": w.jdz.inspection, "issued_on": ON, "text": "建议"},
        (*DEFAULT_DENIED, "member", "unit_contact"),
    ),
    Case(
        "clues.services.suggestion_answer",
        lambda w: {"suggestion": _register_world(w)["suggestion"], "answer": "已办", "answered_on": ON},
        (*DEFAULT_DENIED, "member", "leader", "office_head"),
    ),
    Case(
        "clues.services.informant_release",
        lambda w: {
            "source": _register_world(w)["source"],
            "receiver": _transfer_world(w)["organ"],
            "reason": "核实",
            "released_on": ON,
        },
        (*DEFAULT_DENIED, "office_clerk", "leader", "receiver"),
    ),
    Case(
        "clues.services.informant_identity",
        lambda w: {"release": _register_world(w)["release"]},
        (*DEFAULT_DENIED, "member", "office_clerk"),
    ),
    Case(
        "clues.services.informant_seen_by",
        lambda w: {"source": _register_world(w)["source"]},
        (*DEFAULT_DENIED, "member", "office_clerk", "receiver"),
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
