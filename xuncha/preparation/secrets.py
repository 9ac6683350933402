"""The secret material this app holds: the result of a personal-matters check and what a leader briefing said."""

from __future__ import annotations

from collections.abc import Iterator

from xuncha.audit.secrecy import SECRET_KINDS, Secret, SecretKind

from .models import LeaderBriefing, PersonalMattersCheck


def personal_matters_texts(ids: list[int]) -> Iterator[Secret]:
    for pk, cadre, discrepancy in PersonalMattersCheck.objects.filter(inspection_id__in=ids).values_list(
        "pk", "cadre__name", "discrepancy"
    ):
        record = f"个人有关事项抽查核实 #{pk}"
        yield Secret("个人有关事项抽查核实", record, "被抽查干部", cadre, True)
        yield Secret("个人有关事项抽查核实", record, "核查结果（不一致情况）", discrepancy, False)


def briefing_texts(ids: list[int]) -> Iterator[Secret]:
    for pk, topics in LeaderBriefing.objects.filter(inspection_id__in=ids).values_list("pk", "topics"):
        yield Secret("组长对接通报", f"组长对接通报 #{pk}", "通报内容", topics, False)


SECRET_KINDS.register(
    SecretKind("个人有关事项抽查核实", ("preparation.PersonalMattersCheck",), personal_matters_texts),
    key="preparation.personal_matters",
)
SECRET_KINDS.register(
    SecretKind("组长对接通报", ("preparation.LeaderBriefing",), briefing_texts), key="preparation.briefing"
)
