"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define
from xuncha.jurisdictions.vocabulary import LIFECYCLE_ACTIONS as LIFECYCLE

FEEDBACK_GIVEN = define("feedback.given", LIFECYCLE["feedback.given"], cites="procedure.feedback_article")
FEEDBACK_RECEIPT_SIGNED = define("feedback.receipt_signed", LIFECYCLE["feedback.receipt_signed"])
FEEDBACK_CONSENT_RECORDED = define("feedback.consent_recorded", "登记同意反馈", cites="procedure.feedback_article")
FEEDBACK_SESSION_HELD = define("feedback.session_held", "召开反馈会", cites="procedure.feedback_article")
FEEDBACK_NOTICE_CIRCULATED = define("feedback.notified", "登记反馈通知", cites="procedure.notification_article")
FEEDBACK_RECEIPT_SIGNATURE = define("feedback.receipt_signature", "签收单签字")
FEEDBACK_RECEIPT_COMPLETED = define("feedback.receipt_completed", "签收单三方签齐")
