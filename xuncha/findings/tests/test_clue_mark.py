"""A finding can be marked as a clue (问题线索) about the person it names; the 领导干部问题线索情况报告 (NMG-2016
第二十六条) draws on the marked ones. A clue names its person: a mark without one is refused, naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from xuncha.core.errors import ServiceError
from xuncha.findings import services as svc
from xuncha.findings.models import Finding

from .helpers import client_for, draft, enter

pytestmark = pytest.mark.django_db


def test_a_clue_names_its_person_and_the_mark_is_kept_and_shown(nmg: Any) -> None:
    enter(nmg)
    with pytest.raises(ServiceError, match="作为问题线索的问题底稿须写明涉及人员") as err:
        draft(nmg, is_clue=True)
    assert (err.value.field, err.value.code) == ("persons_concerned", "clue_without_person")
    finding = draft(nmg, is_clue=True, persons_concerned="某局长")
    assert Finding.objects.get(pk=finding.pk).is_clue
    html = client_for(nmg.member).get(f"/findings/{finding.pk}/").content.decode()
    assert 'data-testid="is-clue"' in html
    with pytest.raises(ServiceError, match="须写明涉及人员"):
        svc.finding_update(
            actor=nmg.member,
            finding=finding,
            title=finding.title,
            category=finding.category,
            description=finding.description,
            is_clue=True,
        )
    api = client_for(nmg.member).get(f"/api/findings/{finding.pk}/").json()
    assert api["is_clue"] is True


def test_the_page_form_marks_a_clue(jdz: Any) -> None:
    enter(jdz)
    client = client_for(jdz.member)
    url = f"/findings/inspection/{jdz.inspection.pk}/new/"
    assert "作为问题线索" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "title": "违规插手工程",
            "category": "integrity_discipline",
            "description": "某局长违规插手工程招投标。",
            "persons_concerned": "某局长",
            "is_clue": "on",
            "drafted_on": "2026-03-20",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Finding.objects.get().is_clue
