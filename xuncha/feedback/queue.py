"""Work-queue items of the feedback (JDZ-2017 第三十三条、第三十四条; NMG-2016 第二十九条), with the authority of
feedback/services.py and selectors.py:

- NMG-2016: the party committee's consent waits for the office to record it (`feedback_consent_record`: `is_office`);
- the two feedback sessions wait for the team's leader or the office (`may_record`), once the decision is made and,
  where the rulebook asks for it, the consent is in;
- each line of the 《巡察反馈材料签收单》 waits for the one who may record it (`may_sign`): the team's leader his own,
  the office head his own, the unit's principal leader's line the unit's contact or the office.
The feedback deadline the rulebook calls “及时” rides on the consent and the sessions, with the office's reminder.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse

from xuncha.core.visibility import Viewer
from xuncha.findings.queue import led_team_ids
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.vocabulary import ROLE_KINDS
from xuncha.obligations.queue import QueueItem, office_jurisdictions, open_obligations, provider, queue_item

from . import rules
from .models import FeedbackConsent, FeedbackSession, ReceiptSignature


@provider
def feedback_to_give(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    offices = office_jurisdictions(viewer)
    led = led_team_ids(viewer) if viewer.team_ids else frozenset()
    if not (offices or led):
        return
    inspections = list(
        Inspection.objects.filter(
            Q(team_id__in=sorted(led)) | Q(jurisdiction_id__in=offices),
            status=Inspection.Status.REPORTING,
            results_decided_on__isnull=False,
            feedback_given_on__isnull=True,
        )
        .select_related("jurisdiction", "team__round__jurisdiction", "target")
        .order_by("results_decided_on", "pk")
    )
    if not inspections:
        return
    consented = set(FeedbackConsent.objects.filter(inspection__in=inspections).values_list("inspection_id", flat=True))
    held: dict[int, set[str]] = {}
    for inspection_id, audience in FeedbackSession.objects.filter(inspection__in=inspections).values_list(
        "inspection_id", "audience"
    ):
        held.setdefault(inspection_id, set()).add(audience)
    deadlines = open_obligations(
        subject_type="inspections.inspection", subject_ids=[i.pk for i in inspections], rule_codes=["feedback"]
    )
    for inspection in inspections:
        book = inspection.jurisdiction.rulebook
        ob = deadlines.get(("feedback", str(inspection.pk)))
        body = rules.approval_body(book)
        if body is not None and inspection.pk not in consented:
            if inspection.jurisdiction_id in offices:  # only the office records the consent; the team waits for it
                yield queue_item(
                    kind="feedback.consent",
                    title=f"登记{body.name}同意反馈",
                    subject=str(inspection),
                    url=reverse("feedback:page", args=[inspection.pk]),
                    jurisdiction_id=inspection.jurisdiction_id,
                    since=inspection.results_decided_on,
                    article=rules.feedback_article(book),
                    obligation=ob,
                    book=book,
                )
            continue
        missing = [a for a in FeedbackSession.Audience if a.value not in held.get(inspection.pk, set())]
        yield queue_item(
            kind="feedback.sessions",
            title="、".join(f"向{a.label}" for a in missing) + "反馈（分别反馈）",
            subject=str(inspection),
            url=reverse("feedback:page", args=[inspection.pk]),
            jurisdiction_id=inspection.jurisdiction_id,
            since=inspection.results_decided_on,
            article=rules.feedback_article(book),
            obligation=ob,
            book=book,
        )


def _jurisdiction_signers() -> frozenset[str]:
    """The jurisdiction roles any rulebook's receipt names as a signer (JDZ-2017: office_head)."""
    from xuncha.jurisdictions.rulebook import all_rulebooks

    return frozenset(
        role
        for book in all_rulebooks().values()
        for form in book.signature_forms
        if form.code == rules.RECEIPT_FORM
        for role in form.signers
        if ROLE_KINDS.get(role) == "jurisdiction"
    )


def _most_lines() -> int:
    from xuncha.jurisdictions.rulebook import all_rulebooks

    return max(
        (len(f.signers) for b in all_rulebooks().values() for f in b.signature_forms if f.code == rules.RECEIPT_FORM),
        default=0,
    )


@provider
def receipt_lines_to_sign(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    offices = office_jurisdictions(viewer)
    led = led_team_ids(viewer) if viewer.team_ids else frozenset()
    holders = viewer.jurisdictions_with(_jurisdiction_signers())  # a jurisdiction role may sign (巡察办负责人)
    if not (offices or led or viewer.unit_org_ids or holders):
        return
    inspections = list(
        Inspection.objects.filter(
            Q(team_id__in=sorted(led)) | Q(jurisdiction_id__in=holders) | Q(target_id__in=sorted(viewer.unit_org_ids)),
            feedback_given_on__isnull=False,
            status=Inspection.Status.RECTIFYING,
        )
        # Lines may remain after the unit's line started the clock (receipt_signed_on): skip only complete forms.
        .annotate(lines_signed=Count("receipt_signatures"))
        .filter(lines_signed__lt=_most_lines())
        .select_related("jurisdiction", "team__round__jurisdiction", "target")
        .order_by("feedback_given_on", "pk")
    )
    inspections = [i for i in inspections if rules.receipt_form(i.jurisdiction.rulebook) is not None]
    if not inspections:
        return
    signed: dict[int, set[str]] = {}
    for inspection_id, role in ReceiptSignature.objects.filter(inspection__in=inspections).values_list(
        "inspection_id", "role"
    ):
        signed.setdefault(inspection_id, set()).add(role)
    for inspection in inspections:
        book = inspection.jurisdiction.rulebook
        form = rules.receipt_form(book)
        assert form is not None
        for role in form.signers:
            if role in signed.get(inspection.pk, set()):
                continue
            # selectors.may_sign, from the viewer already built.
            kind = ROLE_KINDS.get(role, "")
            if role == "team_leader":
                may = inspection.team_id in led
            elif kind == "jurisdiction":
                may = viewer.has_role(inspection.jurisdiction_id, role)
            elif kind == "target":
                may = inspection.target_id in viewer.unit_org_ids or inspection.jurisdiction_id in offices
            else:
                may = inspection.jurisdiction_id in offices
            if not may:
                continue
            own = role == "team_leader" or kind == "jurisdiction"
            label = rules.role_name(book, role)
            yield QueueItem(
                kind=f"feedback_receipt.sign.{role}",
                title=f"在{form.name}上签字（{label}）" if own else f"登记{form.name}上{label}的签字",
                subject=str(inspection),
                url=reverse("feedback:receipt", args=[inspection.pk]),
                jurisdiction_id=inspection.jurisdiction_id,
                since=inspection.feedback_given_on,
                article=form.article,
            )
