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
from pathlib import Path
from typing import Any

import pytest
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

from .authority_cases_a import CASES_A
from .authority_cases_b import CASES_B
from .authority_documents import CASES_DOCUMENTS
from .authority_evaluations import CASES_EVALUATIONS
from .authority_reporting import CASES_REPORTING
from .authority_support import ON, Case, D, W, _upload

# Service modules besides every `<app>/services.py`.
MODULES = ["xuncha.inspections.closure", "xuncha.planning.access", "xuncha.audit.secrecy", "xuncha.disclosures.secrecy"]

# Functions with an actor that are not acts of a person, with the reason.
EXEMPT = {
    "audit.services.event_record": "the recorder every service calls after its own check",
    "disclosures.secrecy.check_no_secrets": "a check inside the disclosure services (which check who acts); "
    "the actor only decides whether the refusal may name the secret record",
}


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


CASES: list[Case] = CASES_A + CASES_B + CASES_DOCUMENTS + CASES_EVALUATIONS + CASES_REPORTING


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
