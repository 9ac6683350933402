"""Small builders used by several test modules."""

from __future__ import annotations

import datetime
from typing import Any

from xuncha.fieldwork import services
from xuncha.fieldwork.models import Petition

D = datetime.date

# A plausible record of every method that is a FieldworkRecord, with the details its form asks for.
SAMPLE_DETAILS: dict[str, dict[str, Any]] = {
    "briefing": {"kind": "work", "reporting_body": "被巡察单位党委", "topic": "全面从严治党"},
    "personal_matters_check": {"cadres_checked": 5, "items": "住房、投资", "discrepancies": 1},
    "inquiry": {"informant": "原财务科科长", "matter": "专项资金使用"},
    "forum": {"attendees": 12, "attendee_scope": "中层干部"},
    "meeting_attendance": {"meeting": "党委（扩大）会议", "convened_by": "被巡察单位党委"},
    "democratic_evaluation": {
        "kind": "evaluation",
        "subject": "领导班子",
        "distributed": 80,
        "respondents": 76,
        "items": [{"item": "选人用人", "score": 85.5}, {"item": "作风建设", "score": 90}],
    },
    "subordinate_visit": {"unit": "下属第一分公司", "manner": "实地察看"},
    "special_check": {"subject": "公务用车", "scope": "2023—2025年"},
    "assistance_request": {"kind": "case_information", "addressee": "市公安局", "matter": "调阅有关案卷"},
    "other_approved": {"method_name": "暗访"},
}


def record(side: Any, method: str, *, actor: Any = None, **extra: Any) -> Any:
    fields: dict[str, Any] = {
        "held_on": D(2026, 3, 20),
        "place": "会议室",
        "participants": "组长、组员",
        "summary": f"{method} 的主要情况",
        "details": SAMPLE_DETAILS.get(method, {}),
    }
    fields.update(extra)
    return services.fieldwork_record_create(
        actor=actor or side.member, inspection=side.inspection, method=method, **fields
    )


SECRET_NAME = "王秘密"
SECRET_CONTACT = "139-0000-1111"
SECRET_CONTENT = "反映招投标中收受回扣的具体情况"


def petition(side: Any, *, actor: Any = None, name: str = SECRET_NAME, **extra: Any) -> Petition:
    fields: dict[str, Any] = {
        "channel": "letter",
        "received_on": D(2026, 3, 18),
        "about": "某副局长",
        "classification": "integrity_discipline",
        "content": SECRET_CONTENT,
        "petitioner_name": name,
        "petitioner_contact": SECRET_CONTACT if name else "",
    }
    fields.update(extra)
    return services.petition_register(actor=actor or side.member, inspection=side.inspection, **fields)
