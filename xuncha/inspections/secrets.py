"""The secret material this app holds: 个别谈话记录 (who was heard and what was said)."""

from __future__ import annotations

from collections.abc import Iterator

from xuncha.audit.secrecy import SECRET_KINDS, Secret, SecretKind

from .models import TalkRecord


def talk_texts(ids: list[int]) -> Iterator[Secret]:
    for pk, interviewee, content in TalkRecord.objects.filter(inspection_id__in=ids).values_list(
        "pk", "interviewee", "content"
    ):
        record = f"个别谈话记录 #{pk}"
        yield Secret("个别谈话记录", record, "谈话对象", interviewee, True)
        yield Secret("个别谈话记录", record, "谈话内容", content, False)


SECRET_KINDS.register(SecretKind("个别谈话记录", ("inspections.TalkRecord",), talk_texts), key="inspections.talk")
