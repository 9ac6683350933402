"""Writes of the public's channel. The team's and the office's take an `actor` and record an event; the public's
(`public.py`) take the visitor's rate-limit key instead and record none.

Who: the channel is opened at entry (entry.py) or by the team or the office (`channel_ensure`); the office sets its
own contacts; only the inspection's team asks reporters and takes reports into the register, and only the team and
the office head read them (巡察工作秘密, as petitions: fieldwork/secrecy.py)."""

from __future__ import annotations

from .channels import channel_ensure, office_contact_set
from .public import public_reply_add, public_report_lookup, public_report_submit, report_status
from .team import (
    public_attachment_open,
    public_intake_all,
    public_question_ask,
    public_report_read,
    public_reports_intake,
    waiting_for_intake,
)

__all__ = [
    "channel_ensure",
    "office_contact_set",
    "public_attachment_open",
    "public_intake_all",
    "public_question_ask",
    "public_reply_add",
    "public_report_lookup",
    "public_report_read",
    "public_report_submit",
    "public_reports_intake",
    "report_status",
    "waiting_for_intake",
]
