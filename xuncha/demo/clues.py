"""The demo's problem clues (people invented): found on site, transferred during the inspection or after the round,
and handled by the receivers — one of them overdue, so that the escalation shows on the office's and the leading
group's queues."""

from __future__ import annotations

import datetime
from typing import Any

from xuncha.accounts.models import User
from xuncha.clues.models import ClueSource
from xuncha.demo.data import D
from xuncha.registry.models import Cadre, Organization


def _subject(j: Any, code: str) -> tuple[Cadre, Any]:
    cadre = Cadre.objects.get(jurisdiction=j, code=code)
    return cadre, cadre.posts.filter(ended_on__isnull=True).first()


def _receiver(j: Any, kind: str) -> Organization:
    return Organization.objects.get(jurisdiction=j, kind="receiver", receiver_kind=kind)


def _transfer(clue: Any) -> Any:
    assert clue.transfer is not None, clue  # approved: the transfer waits for the receiver's receipt
    return clue.transfer


class ClueDemo:
    """Clue steps for the two demos."""

    def _jdz_clues_on_site(self, u: dict[str, User], i1: Any, petition: Any, talk: Any) -> None:
        """Team 1 in 浮梁县: a township cadre's clue from a letter and a talk (one matter, two sources); a 市管干部's
        clue on 选人用人; and an 八项规定 clue fast-tracked to the discipline commission (JDZ-2017 第二十三条), approved
        by the leading group's head (第二十四条) and received the next day."""
        from xuncha.clues.services import fast_track, register, suggestions, transfers

        j = i1.jurisdiction
        township = register.clue_register(
            actor=u["member1"],
            inspection=i1,
            registered_on=D(2026, 3, 23),
            category="integrity_discipline",
            content="（演示数据，人物虚构）反映某局主要负责人违规发放津贴补贴。",
            evidence="（演示）来信一封；个别谈话记录一份。",
            subjects=[_subject(j, "JD-0003")],
            sources=[(ClueSource.Kind.PETITION, petition)],
        )
        register.clue_source_add(
            actor=u["member1"], clue=township, kind=ClueSource.Kind.TALK, record=talk, added_on=D(2026, 4, 8)
        )
        register.clue_register(
            actor=u["deputy1"],
            inspection=i1,
            registered_on=D(2026, 4, 9),
            category="organizational_discipline",
            content="（演示数据，人物虚构）反映个别干部选拔任用程序不规范。",
            subjects=[_subject(j, "JD-0002")],
        )
        eight_rules = register.clue_register(
            actor=u["leader1"],
            inspection=i1,
            registered_on=D(2026, 4, 10),
            category="mass_work_life_discipline",
            content="（演示数据，人物虚构）反映公款吃喝问题，部分情况已得到印证。",
            subjects=[_subject(j, "JD-0001")],
        )
        proposal = fast_track.fast_track_propose(
            actor=u["leader1"],
            clue=eight_rules,
            route="eight_rules_fast_track",
            condition="eight_rules_four_winds",
            receiver=_receiver(j, "discipline_organ"),
            reason="（演示）违反中央八项规定精神问题线索，按第二十三条应当移交速查速办。",
            proposed_on=D(2026, 4, 10),
        )
        fast_track.fast_track_decide(
            actor=u["leading_group_head"],
            fast_track=proposal,
            approved=True,
            decided_on=D(2026, 4, 13),
            approver="",
            note="（演示）同意移交市纪委监委速查速办。",
        )
        proposal.refresh_from_db()
        eight_rules.refresh_from_db()
        transfers.transfer_sign(
            actor=u["jiwei"], transfer=_transfer(eight_rules), party="receiver", signed_on=D(2026, 4, 14)
        )
        suggestions.suggestion_issue(
            actor=u["leader1"],
            inspection=i1,
            issued_on=D(2026, 4, 15),
            text="（演示）群众反映强烈的办事窗口排队问题，建议立即增设窗口。",
        )

    def _jdz_clues_after(self, u: dict[str, User], i1: Any) -> None:
        """After the five-member group's decision (JDZ-2017 第三十五条): the township clue to the discipline commission,
        the 选人用人 clue to the organization department, each on a handover form the leading group's head approved
        and the three parties signed. The commission reported progress only (its 3 months have run out: overdue);
        the department reported its result; the commission answered the fast-tracked clue."""
        from xuncha.clues.models import Clue
        from xuncha.clues.services import disposal, handling, informants, suggestions, transfers

        j = i1.jurisdiction
        township, selection, eight_rules = Clue.objects.filter(inspection=i1).order_by("number")
        suggestion = i1.suggestions.get(number=1)
        suggestions.suggestion_answer(
            actor=u["unit"], suggestion=suggestion, answer="（演示）已增设两个窗口。", answered_on=D(2026, 4, 30)
        )
        handling.handling_report(
            actor=u["jiwei"],
            clue=eight_rules,
            reported_on=D(2026, 6, 30),
            disposition="case",
            text="（演示）经初步核实，予以立案审查。",
            final=True,
        )
        for clue, route, kind in (
            (township, "discipline", "discipline_organ"),
            (selection, "organization", "organization_department"),
        ):
            disposal.clue_dispose(actor=u["office_head"], clue=clue, route=route, recorded_on=D(2026, 6, 3))
            transfer = transfers.transfer_draft(
                actor=u["office_staff"],
                inspection=i1,
                receiver=_receiver(j, kind),
                clues=[clue],
                drafted_on=D(2026, 6, 8),
            )
            transfers.transfer_approve(actor=u["leading_group_head"], transfer=transfer, approved_on=D(2026, 6, 9))
            transfers.transfer_sign(actor=u["leader1"], transfer=transfer, party="team", signed_on=D(2026, 6, 10))
            transfers.transfer_sign(actor=u["office_head"], transfer=transfer, party="office", signed_on=D(2026, 6, 10))
            receiver = u["jiwei"] if kind == "discipline_organ" else u["zzb"]
            transfers.transfer_sign(actor=receiver, transfer=transfer, party="receiver", signed_on=D(2026, 6, 11))
        handling.handling_report(
            actor=u["jiwei"],
            clue=township,
            reported_on=D(2026, 8, 20),
            disposition="preliminary",
            text="（演示）已开展初核，尚未办结。",
            final=False,
        )
        handling.handling_report(
            actor=u["zzb"],
            clue=selection,
            reported_on=D(2026, 9, 1),
            disposition="organizational",
            text="（演示）对相关干部进行提醒谈话。",
            final=True,
        )
        source = township.sources.get(kind=ClueSource.Kind.PETITION)
        informants.informant_release(
            actor=u["office_head"],
            source=source,
            receiver=_receiver(j, "discipline_organ"),
            reason="（演示）初核需要联系反映人核实情况。",
            released_on=D(2026, 6, 15),
        )

    def _nmg_clues_on_site(self, u: dict[str, User], i1: Any) -> None:
        """Team 1 in 包头: a letter about the city's secretary becomes a clue, transferred during the inspection to the
        regional discipline commission with the leading group's approval (NMG-2016 第二十三条) and answered in time."""
        from xuncha.clues.services import fast_track, register, transfers
        from xuncha.fieldwork import services as fw

        j = i1.jurisdiction
        petition = fw.petition_register(
            actor=u["member1"],
            inspection=i1,
            channel="visit",
            received_on=D(2026, 4, 24),
            about="（演示）某旗县领导干部",
            classification="integrity_discipline",
            content="（演示数据，人物虚构）来访反映工程项目中收受礼金。",
        )
        clue = register.clue_register(
            actor=u["member1"],
            inspection=i1,
            registered_on=D(2026, 4, 27),
            category="integrity_discipline",
            content="（演示数据，人物虚构）反映工程项目中收受礼金，涉嫌违纪。",
            subjects=[_subject(j, "NM-0001")],
            sources=[(ClueSource.Kind.PETITION, petition)],
        )
        proposal = fast_track.fast_track_propose(
            actor=u["leader1"],
            clue=clue,
            route="during_inspection_discipline",
            receiver=_receiver(j, "discipline_organ"),
            reason="（演示）具体问题线索，建议进驻期间即移交。",
            proposed_on=D(2026, 5, 6),
        )
        fast_track.fast_track_decide(
            actor=u["office_head"],
            fast_track=proposal,
            approved=True,
            decided_on=D(2026, 5, 8),
            approver=u["leading_group_head"].full_name,
        )
        clue.refresh_from_db()
        transfers.transfer_sign(actor=u["jiwei"], transfer=_transfer(clue), party="receiver", signed_on=D(2026, 5, 9))
        register.clue_register(
            actor=u["member1"],
            inspection=i1,
            registered_on=D(2026, 5, 20),
            category="",
            content="（演示数据，人物虚构）反映作风方面的突出问题，尚待分类。",
            subjects=[_subject(j, "NM-0001")],
        )

    def _nmg_clues_after(self, u: dict[str, User], i1: Any, decided: datetime.date) -> None:
        """After the five-member group's decision (NMG-2016 第三十一条; no handover form): the second clue to the
        regional discipline commission, received on 2026-06-29 and not yet answered — overdue on 2026-09-29."""
        from xuncha.clues.models import Clue
        from xuncha.clues.services import disposal, handling, transfers

        j = i1.jurisdiction
        first, second = Clue.objects.filter(inspection=i1).order_by("number")
        handling.handling_report(
            actor=u["jiwei"],
            clue=first,
            reported_on=D(2026, 7, 30),
            disposition="talk_inquiry",
            text="（演示）已对反映对象进行函询，反映问题不属实，予以澄清。",
            final=True,
        )
        disposal.clue_dispose(actor=u["office_head"], clue=second, route="discipline", recorded_on=decided)
        transfer = transfers.transfer_draft(
            actor=u["office_staff"],
            inspection=i1,
            receiver=_receiver(j, "discipline_organ"),
            clues=[second],
            drafted_on=decided + datetime.timedelta(days=7),
        )
        transfers.transfer_sign(actor=u["jiwei"], transfer=transfer, party="receiver", signed_on=D(2026, 6, 29))
