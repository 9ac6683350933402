"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define

FIELDWORK_RECORDED = define("fieldwork.recorded", "登记了解情况记录")
FIELDWORK_APPROVED = define("fieldwork.approved", "批准了解情况方式")
FIELDWORK_ASSISTANCE_SENT = define("fieldwork.assistance_sent", "发出协助请求")
PETITION_REGISTERED = define("petition.registered", "登记来信来访")
PETITION_HANDLED = define("petition.handled", "处理来信来访")
DOCUMENT_RETRIEVED = define("document.retrieved", "调阅资料")
DOCUMENT_RETURNED = define("document.returned", "归还调阅资料")
DOCUMENT_COPY_DISPOSED = define("document.copy_disposed", "处置资料复制件")
ATTACHMENT_UPLOADED = define("attachment.uploaded", "上传附件")
