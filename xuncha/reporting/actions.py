"""The event actions of the public's channel. A report's submission and a reporter's reply have none (an event has
a precise time and a place in the chain: models.PublicReport); the team's acts do."""

from __future__ import annotations

from xuncha.audit.actions import define

CHANNEL_OPENED = define("reporting.channel_opened", "开通网上反映渠道")
OFFICE_CONTACT_SET = define("reporting.office_contact_set", "设置办公室对外联系方式")
QUESTION_ASKED = define("reporting.question_asked", "向网上反映人提问")
