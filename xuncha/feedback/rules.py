"""What the feedback app asks of the regulations, in one place. All of it is rulebook data:

- the feedback, told separately to the leadership and to the principal leader: `procedure.feedback_article` and
  `feedback_text` (JDZ-2017 第三十三条, NMG-2016 第二十九条), after the five-member group's decision
  (`procedure.decision_article`: JDZ-2017 第三十二条, NMG-2016 第二十八条);
- the consent the feedback waits for: `procedure.feedback_approval_by` (NMG-2016: party_committee, 经自治区党委同意后;
  JDZ-2017: none);
- the 通报 to leaders in charge and departments: `procedure.notification_article`;
- the receipt: `signature_forms.feedback_receipt` (JDZ-2017 第三十四条: 组长、主要负责人、巡察办负责人, 一式三份);
  the rectification clock runs “自签收反馈意见之日起”: from the day the inspected unit signs for the feedback, i.e. the
  form's line held in the inspected unit (role kind `target`: 被巡察单位党委（党组）主要负责人), not the last line.
"""

from __future__ import annotations

from xuncha.jurisdictions.rulebook import Body, Rulebook, SignatureForm
from xuncha.jurisdictions.vocabulary import ROLE_KINDS

RECEIPT_FORM = "feedback_receipt"


def feedback_article(book: Rulebook) -> str:
    return book.procedure.feedback_article


def circulated_notice_article(book: Rulebook) -> str:
    return book.procedure.notification_article


def approval_body(book: Rulebook) -> Body | None:
    """The body whose consent the feedback needs, if the rulebook names one (NMG-2016 第二十九条: 自治区党委)."""
    code = book.procedure.feedback_approval_by
    return book.body(code) if code else None


def receipt_form(book: Rulebook) -> SignatureForm | None:
    return book.signature_form(RECEIPT_FORM)


def receiving_role(form: SignatureForm) -> str | None:
    """The line by which the inspected unit signs for the feedback (JDZ-2017 第三十四条: the unit's principal
    leader): the form's signer held in the inspected unit. Its date is the day 自签收反馈意见之日起 counts from."""
    return next((r for r in form.signers if ROLE_KINDS.get(r) == "target"), None)


def decision_body_name(book: Rulebook) -> str:
    try:
        return str(book.body("five_member_group").name)
    except KeyError:
        return "“五人小组”"


def office_name(book: Rulebook) -> str:
    try:
        return str(book.body("office").name)
    except KeyError:
        return f"{book.word}办"


def role_name(book: Rulebook, code: str) -> str:
    try:
        return str(book.role(code).name)
    except KeyError:
        return code
