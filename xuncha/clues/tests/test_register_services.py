"""The clue register under both rulebooks: registering with linked sources and persons, the refusals, a matter
reported twice, merging a duplicate and the counts 件/人, and the secret read of the content."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from xuncha.audit.models import Event
from xuncha.clues.models import Clue, ClueSource, Transfer
from xuncha.clues.selectors import clue_counts
from xuncha.clues.services import register as reg
from xuncha.conftest import put_on_site
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.fieldwork.services import petition_register
from xuncha.registry.services import cadre_create, post_create

from .transfer_helpers import leading_group_head, organ

D = datetime.date
ON = D(2026, 3, 20)


def _cadre(side: Any, code: str, level: str = "jurisdiction") -> tuple[Any, Any]:
    cadre = cadre_create(
        actor=None, jurisdiction=side.jurisdiction, code=code, name=f"干部{code}", management_level=level
    )
    post = post_create(
        actor=None, cadre=cadre, organization=side.inspection.target, title="副局长", started_on=D(2020, 1, 1)
    )
    return cadre, post


def _petition(side: Any, name: str = "张三") -> Any:
    return petition_register(
        actor=side.member,
        inspection=side.inspection,
        channel="letter",
        received_on=ON,
        about="某局干部",
        classification="",
        content="来信反映违规发放补贴",
        petitioner_name=name,
        petitioner_contact="13800000000",
    )


@pytest.mark.parametrize("key", ["jdz", "nmg"])
def test_register_links_sources_and_persons(key: str, request: pytest.FixtureRequest) -> None:
    side = request.getfixturevalue(key)
    put_on_site(side)
    petition = _petition(side)
    cadre, post = _cadre(side, "K1")
    clue = reg.clue_register(
        actor=side.member,
        inspection=side.inspection,
        registered_on=ON,
        content="反映违规发放补贴",
        category="integrity_discipline",
        subjects=[(cadre, post)],
        sources=[(ClueSource.Kind.PETITION, petition)],
    )
    assert (clue.number, clue.status, clue.category) == (1, "registered", "integrity_discipline")
    assert clue.sources.get().petition == petition and clue.subjects.get().post == post
    petition.refresh_from_db()
    assert petition.handling == "clue"  # through fieldwork's own service
    event = Event.objects.get(action="clue.registered", object_id=str(clue.pk))
    assert "张三" not in str(event.after) and "补贴" not in str(event.after)
    assert event.occurred_on == ON
    second = reg.clue_register(actor=side.member, inspection=side.inspection, registered_on=ON, content="另一问题")
    assert second.number == 2 and second.category == ""  # 未分类, never guessed


def test_retaliation_is_a_category_of_its_own(jdz: Any) -> None:
    put_on_site(jdz)
    clue = reg.clue_register(
        actor=jdz.member, inspection=jdz.inspection, registered_on=ON, content="打击报复来信人", category="retaliation"
    )
    assert clue.category == "retaliation"


def test_refusals_name_the_field_and_the_rule(jdz: Any, nmg: Any) -> None:
    with pytest.raises(ServiceError, match="已计划") as refused:
        reg.clue_register(actor=jdz.member, inspection=jdz.inspection, registered_on=ON, content="x")
    assert refused.value.field == "inspection"
    put_on_site(jdz)
    with pytest.raises(ServiceError, match="不在景德镇市委巡察工作实施办法所列类别中") as refused:
        reg.clue_register(actor=jdz.member, inspection=jdz.inspection, registered_on=ON, content="x", category="nope")
    assert refused.value.field == "category"
    foreign = cadre_create(actor=None, jurisdiction=nmg.jurisdiction, code="F1", name="外地干部")
    with pytest.raises(ServiceError, match="不是景德镇市委的干部"):
        reg.clue_register(
            actor=jdz.member, inspection=jdz.inspection, registered_on=ON, content="x", subjects=[(foreign, None)]
        )
    put_on_site(jdz, jdz.other_inspection)
    other_petition = petition_register(
        actor=jdz.other_member,
        inspection=jdz.other_inspection,
        channel="call",
        received_on=ON,
        about="某人",
        classification="",
        content="另一组的来电",
    )
    with pytest.raises(ServiceError, match="不属于") as refused:
        reg.clue_register(
            actor=jdz.member,
            inspection=jdz.inspection,
            registered_on=ON,
            content="x",
            sources=[(ClueSource.Kind.PETITION, other_petition)],
        )
    assert refused.value.field == "sources"
    with pytest.raises(PermissionDeniedError, match="只有本巡察组成员或"):
        reg.clue_register(actor=jdz.other_member, inspection=jdz.inspection, registered_on=ON, content="x")
    with pytest.raises(ServiceError, match="不能晚于今天"):
        reg.clue_register(actor=jdz.member, inspection=jdz.inspection, registered_on=D(2099, 1, 1), content="x")
    assert not Clue.objects.exists()  # nothing half-written


def test_reported_again_merged_and_counted(jdz: Any) -> None:
    put_on_site(jdz)
    a, pa = _cadre(jdz, "A")
    b, pb = _cadre(jdz, "B")
    c, pc = _cadre(jdz, "C")
    first = reg.clue_register(
        actor=jdz.member, inspection=jdz.inspection, registered_on=ON, content="问题一", subjects=[(a, pa), (b, pb)]
    )
    second = reg.clue_register(
        actor=jdz.member, inspection=jdz.inspection, registered_on=ON, content="问题二", subjects=[(b, pb), (c, pc)]
    )
    duplicate = reg.clue_register(
        actor=jdz.member, inspection=jdz.inspection, registered_on=ON, content="问题一（重复登记）", subjects=[(a, pa)]
    )
    clues = Clue.objects.filter(inspection=jdz.inspection)
    assert str(clue_counts(clues)) == "3件3人"
    # The same matter reported again: a second source on the same clue.
    reg.clue_source_add(actor=jdz.member, clue=first, kind="petition", record=_petition(jdz, "李四"), added_on=ON)
    assert first.sources.count() == 1
    reg.clue_source_add(actor=jdz.member, clue=duplicate, kind="petition", record=_petition(jdz, "王五"), added_on=ON)
    reg.clue_merge(actor=jdz.member, clue=duplicate, into=first, merged_on=ON)
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into_id) == ("merged", first.pk)
    assert first.sources.count() == 2 and sorted(first.subjects.values_list("cadre__code", flat=True)) == ["A", "B"]
    assert str(clue_counts(clues)) == "2件3人"  # the duplicate counted once; B, in two clues, is one person
    with pytest.raises(ServiceError, match="已是"):
        reg.clue_subject_add(actor=jdz.member, clue=first, cadre=a)
    reg.clue_subject_remove(actor=jdz.member, clue=second, subject=second.subjects.get(cadre=c))
    assert str(clue_counts(clues)) == "2件2人"
    with pytest.raises(ServiceError, match="只有已登记的线索"):
        reg.clue_update(actor=jdz.member, clue=duplicate, content="改")


def _transferred(side: Any, clue: Clue, receiver: Any, *, completed: bool, number: int = 1) -> None:
    transfer = Transfer.objects.create(
        jurisdiction=side.jurisdiction,
        inspection=side.inspection,
        number=number,
        year=2026,
        stage="after_decision",
        route="discipline",
        receiver=receiver,
        status="completed" if completed else "approved",
        drafted_on=ON,
        drafted_by=side.office_head,
        receiver_signed_on=ON if completed else None,
    )
    Clue.objects.filter(pk=clue.pk).update(transfer=transfer)


def test_only_the_team_the_office_head_and_the_receiver_after_transfer_read_the_content(jdz: Any) -> None:
    put_on_site(jdz)
    petition = _petition(jdz, "赵六")
    clue = reg.clue_register(
        actor=jdz.member,
        inspection=jdz.inspection,
        registered_on=ON,
        content="秘密的反映内容",
        sources=[("petition", petition)],
    )
    organ_kind = jdz.receiver.memberships.get(role="receiver_contact").organization
    _other_organ, other_contact = organ(jdz, "organization_department", "景德镇组织部")
    head = leading_group_head(jdz)
    for reader in (jdz.member, jdz.leader, jdz.office_head):
        assert reg.clue_read(actor=reader, pk=clue.pk).content == "秘密的反映内容"
    for refused in (jdz.office_clerk, jdz.auditor, head, jdz.other_member, jdz.receiver, jdz.unit_contact):
        with pytest.raises(PermissionDeniedError, match="属巡察工作秘密"):
            reg.clue_read(actor=refused, pk=clue.pk)
    _transferred(jdz, clue, organ_kind, completed=False)
    with pytest.raises(PermissionDeniedError):
        reg.clue_read(actor=jdz.receiver, pk=clue.pk)  # not before the transfer is complete
    _transferred(jdz, clue, organ_kind, completed=True, number=2)
    assert reg.clue_read(actor=jdz.receiver, pk=clue.pk).content == "秘密的反映内容"
    with pytest.raises(PermissionDeniedError):
        reg.clue_read(actor=other_contact, pk=clue.pk)  # another organ
    reads = Event.objects.filter(action="secret.read", object_type="clues.clue", object_id=str(clue.pk))
    assert reads.count() == 4 and set(reads.values_list("actor_id", flat=True)) == {
        jdz.member.pk,
        jdz.leader.pk,
        jdz.office_head.pk,
        jdz.receiver.pk,
    }
    # The register row the office staff see carries no content and no informant.
    assert Clue.objects.visible_to(jdz.office_clerk).filter(pk=clue.pk).exists()
    assert not Clue.objects.visible_to(other_contact).filter(pk=clue.pk).exists()
