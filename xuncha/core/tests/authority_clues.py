"""The clue objects the refusal cases of the clue services need (authority_cases_b.py)."""

from __future__ import annotations

from typing import Any

from .authority_support import D


def _transfer_world(w: Any) -> dict[str, Any]:
    """Clue objects for the transfer services' cases (made once, outside the rolled-back calls): a clue, its pending
    fast track, an approved three-party transfer, and a clue whose transfer is complete."""
    if "tw" in w.objs:
        return w.objs["tw"]
    from xuncha.clues.models import Clue, FastTrack, Transfer
    from xuncha.registry.models import Organization

    organ = Organization.objects.get(jurisdiction=w.jdz.jurisdiction, receiver_kind="discipline_organ")

    def clue(n: int, **kw: Any) -> Any:
        return Clue.objects.create(
            jurisdiction=w.jdz.jurisdiction,
            inspection=w.jdz.inspection,
            number=n,
            registered_on=D(2026, 3, 20),
            registered_by=w.jdz.member,
            content="线索内容",
            **kw,
        )

    def transfer(n: int, **kw: Any) -> Any:
        return Transfer.objects.create(
            jurisdiction=w.jdz.jurisdiction,
            inspection=w.jdz.inspection,
            number=900 + n,
            year=2026,
            stage="after_decision",
            route="discipline",
            receiver=organ,
            handover_form="handover_form",
            drafted_on=D(2026, 5, 22),
            drafted_by=w.jdz.office_head,
            **kw,
        )

    c = clue(91)
    ft = FastTrack.objects.create(
        clue=clue(92, status="proposed"),
        route="fast_track",
        condition="strong_public_complaints",
        receiver=organ,
        reason="理由",
        proposed_on=D(2026, 3, 25),
        proposed_by=w.jdz.leader,
    )
    t = transfer(1, status="approved", approved_on=D(2026, 5, 25), approver="某")
    clue(93, status="in_transfer", transfer=t)
    done = transfer(2, status="completed", approved_on=D(2026, 5, 25), approver="某", receiver_signed_on=D(2026, 5, 26))
    w.objs["tw"] = {
        "clue": c,
        "ft": ft,
        "transfer": t,
        "organ": organ,
        "done": clue(94, status="transferred", transfer=done),
    }
    return w.objs["tw"]


def _register_world(w: Any) -> dict[str, Any]:
    """What the register's cases need besides `_transfer_world`: a person on the registered clue, a duplicate, a
    petition source of the transferred clue with a release, a suggestion."""
    if "rw" in w.objs:
        return w.objs["rw"]
    from xuncha.clues.models import Clue, ClueSource, ClueSubject, InformantRelease, Suggestion

    tw = _transfer_world(w)
    subject = ClueSubject.objects.create(clue=tw["clue"], cadre=w.cadre)
    duplicate = Clue.objects.create(
        jurisdiction=w.jdz.jurisdiction,
        inspection=w.jdz.inspection,
        number=95,
        registered_on=D(2026, 3, 20),
        registered_by=w.jdz.member,
        content="重复登记",
    )
    source = ClueSource.objects.create(
        clue=tw["done"], kind="petition", petition=w.petition, added_on=D(2026, 3, 20), added_by=w.jdz.member
    )
    release = InformantRelease.objects.create(
        source=source, receiver=tw["organ"], reason="核实", released_on=D(2026, 5, 27), released_by=w.jdz.office_head
    )
    suggestion = Suggestion.objects.create(
        inspection=w.jdz.inspection, number=1, issued_on=D(2026, 3, 25), text="建议", issued_by=w.jdz.leader
    )
    w.objs["rw"] = {
        "subject": subject,
        "duplicate": duplicate,
        "source": source,
        "release": release,
        "suggestion": suggestion,
    }
    return w.objs["rw"]
