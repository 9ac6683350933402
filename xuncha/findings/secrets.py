"""The secret material this app holds: findings not yet fed back (whom they concern, what they say) and the team's
请示报告 (where clues and matters the team cannot decide go) with their answers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from xuncha.audit.secrecy import SECRET_KINDS, Secret, SecretKind

from .models import Escalation, Finding

_NAMES = re.compile(r"[、，,；;／/\s]+|和|及")


def unfed_finding_texts(ids: list[int]) -> Iterator[Secret]:
    # Findings not fed back (not pointed out at a feedback session): who they concern and what they say.
    fed_back = Finding.objects.filter(inspection_id__in=ids, feedback_sessions__isnull=False).values("pk")
    for number, cadre, persons, title, description in (
        Finding.objects.filter(inspection_id__in=ids)
        .exclude(pk__in=fed_back)
        .values_list("number", "cadre__name", "persons_concerned", "title", "description")
    ):
        record = f"问题底稿 #{number}"
        source = "尚未反馈的问题底稿"
        if cadre:
            yield Secret(source, record, "涉及干部", cadre, True)
        for person in _NAMES.split(persons or ""):
            if len(person.strip()) >= 2:
                yield Secret(source, record, "涉及人员", person.strip(), True)
        yield Secret(source, record, "问题标题", title, False)
        yield Secret(source, record, "问题描述", description, False)


def escalation_texts(ids: list[int]) -> Iterator[Secret]:
    for number, matter, reason, response in Escalation.objects.filter(inspection_id__in=ids).values_list(
        "number", "matter", "special_reason", "response"
    ):
        record = f"请示报告 #{number}"
        yield Secret("请示报告", record, "请示报告事项", matter, False)
        yield Secret("请示报告", record, "特殊情况说明", reason, False)
        yield Secret("请示报告", record, "答复意见", response, False)


SECRET_KINDS.register(
    SecretKind("尚未反馈的问题底稿", ("findings.Finding",), unfed_finding_texts), key="findings.unfed_finding"
)
SECRET_KINDS.register(SecretKind("请示报告", ("findings.Escalation",), escalation_texts), key="findings.escalation")
