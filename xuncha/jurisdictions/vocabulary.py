"""The fixed vocabulary that every rulebook speaks.

A rulebook is data, but its deadline rules must name events the software can
actually emit, and its roles must map onto the roles users can hold. Those two
lists live here, in code, because code emits the events and checks the roles.
A third jurisdiction adds a data file that uses these words; it needs new code
only if its regulation invents a genuinely new kind of step.
"""

from __future__ import annotations

# The word the schema's Chinese labels are written in (model verbose names and choices, the names below). A page
# shows them through `xuncha.jurisdictions.words.speak`, in its rulebook's word.
SCHEMA_WORD = "巡察"

# Event actions that can start or fulfil a deadline (rulebook `trigger` /
# `fulfilled_by`). Label is the Chinese name shown in the interface.
LIFECYCLE_ACTIONS: dict[str, str] = {
    "term.started": "本届任期开始",
    "round.started": "本轮开始",
    "round.ended": "本轮结束",
    "info_request.sent": "发出情况了解公函",
    "info_request.answered": "有关单位提供情况",
    "inspection.entered": "巡察组进驻",
    "inspection.fieldwork_ended": "了解工作结束",
    "inspection.completed": "巡察完成",
    "report.submitted": "报告报送",
    "hearing.held": "领导小组听取汇报",
    "decision.made": "“五人小组”研究决定成果运用",
    # The five-member group decides once for a round; this event is recorded for each inspection the decision
    # covers, so that the feedback owed to each inspected unit runs on that inspection.
    "inspection.results_decided": "“五人小组”决定本次巡察的成果运用",
    "rectification.reviewed": "审核整改情况报告",
    "inspection.closed": "巡察办结",
    "decision.filed": "报上级备案",
    "decision.reported_upward": "向上级报告",
    "feedback.given": "反馈意见",
    "feedback.receipt_signed": "签收反馈意见",
    "rectification.plan_submitted": "报送整改方案",
    "rectification.reports_submitted": "报送整改情况报告和主要负责人组织落实情况报告",
    "clue.fast_tracked": "速查速办移交",
    "clue.transferred": "问题线索移交",
    "clue.handling_reported": "反馈线索办理情况",
}

# Roles a regulation names. `kind` says where the role is held:
#   jurisdiction – in the committee's own bodies;   team – in one inspection team;
#   target – in an inspected organization;          receiver – in a receiving organ;
#   agency – in an agency that answers the team's information request (JDZ-2017 第二十六条, NMG-2016 第二十四条);
#   system – run the software, not named by any regulation.
ROLE_KINDS: dict[str, str] = {
    "leading_group_head": "jurisdiction",
    "leading_group_member": "jurisdiction",
    "five_member_group_member": "jurisdiction",
    "office_head": "jurisdiction",
    "office_staff": "jurisdiction",
    "team_leader": "team",
    "team_deputy": "team",
    "team_liaison": "team",
    "team_member": "team",
    "unit_principal_leader": "target",
    "unit_contact": "target",
    "liaison_unit_member": "target",
    "receiver_contact": "receiver",
    "agency_contact": "agency",
    "auditor": "system",
    "sysadmin": "system",
}

# Parties that can be responsible for an obligation.
PARTIES: dict[str, str] = {
    "party_committee": "党委",
    "leading_group": "领导小组",
    "five_member_group": "“五人小组”",
    "office": "办公室",
    "team": "巡察组",
    "inspected_unit": "被巡察单位",
    "receiving_organ": "接收单位",
    "supporting_agency": "有关部门和单位",
}

RECEIVER_KINDS: dict[str, str] = {
    "discipline_organ": "纪检监察机关",
    "organization_department": "组织部门",
    "legal_organ": "政法机关",
    "other_unit": "相关单位",
}

DEADLINE_UNITS: dict[str, str] = {
    "working_days": "个工作日",
    "calendar_days": "日",
    "months": "个月",
    "timely": "及时（无固定期限）",
}

# Expertise areas an inspector may have. A rulebook that lists areas (JDZ-2017 第九条) limits the
# choice to its list; one that lists none (NMG-2016 第十三条) allows these.
EXPERTISE: dict[str, str] = {
    "discipline": "纪检监察",
    "organization": "组织人事",
    "procuratorate": "检察",
    "public_security": "公安",
    "finance": "财政",
    "audit": "审计",
    "petitions": "信访",
    "legal": "法律",
    "other": "其他",
}

# The official documents (公文) the product can print, by the builder that makes each (xuncha.documents.kinds). A
# rulebook's `documents` section says which of them its jurisdiction has, under what name and for which article.
DOCUMENT_KINDS: dict[str, str] = {
    "information_request_letter": "情况了解函（公函）",
    "entry_announcement": "进驻公告",
    "report": "报告（按规则的报告类型）",
    "feedback_opinions": "反馈意见",
    "feedback_receipt": "反馈材料签收单",
    "handover_form": "移交材料交接单",
    "rectification_notice": "整改通知",
    "rectification_opinion": "整改意见（整改不力）",
    "circulated_notice": "通报（整改不力）",
    "ledger": "台账（打印表格）",
}
