"""The secret material of clues: what the clue says and its evidence (the informant stays in the source record, whose
own app registers it). Registered so that the disclosure check never publishes a clue's content."""

from __future__ import annotations

from collections.abc import Iterator

from xuncha.audit.secrecy import SECRET_KINDS, Secret, SecretKind

from .models import Clue


def clue_texts(ids: list[int]) -> Iterator[Secret]:
    rows = Clue.objects.filter(inspection_id__in=ids).values_list("pk", "number", "content", "evidence")
    for pk, number, content, evidence in rows:
        record = f"问题线索 #{pk}（第{number}号）"
        yield Secret("问题线索", record, "反映的问题", content, False)
        if evidence:
            yield Secret("问题线索", record, "证据材料", evidence, False)


SECRET_KINDS.register(
    SecretKind("问题线索", ("clues.Clue", "clues.InformantRelease"), clue_texts),
    key="clues.clue",
)
