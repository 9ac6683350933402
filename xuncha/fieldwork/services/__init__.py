"""Writes on fieldwork. Each is one transaction with its event; events never hold secret content or a
petitioner's identity.

Who and when: the team of the inspection records (the office head and staff too, except secret material), and only
while the team is on site — fieldwork is done after entry by the prescribed methods (JDZ-2017 第二十七条,
NMG-2016 第二十五条). Borrowed documents may still be returned, and copies kept or destroyed, after fieldwork ends."""

from __future__ import annotations

from .attachments import attachment_open, attachment_upload, file_digest
from .documents import document_copy_dispose, document_retrieval_record, document_return
from .guards import CHUNK
from .methods import assistance_request_send, fieldwork_record_approve, fieldwork_record_create, fieldwork_record_read
from .petitions import petition_handle, petition_read, petition_register, petition_register_online

__all__ = [
    "CHUNK",
    "assistance_request_send",
    "attachment_open",
    "attachment_upload",
    "document_copy_dispose",
    "document_retrieval_record",
    "document_return",
    "fieldwork_record_approve",
    "fieldwork_record_create",
    "fieldwork_record_read",
    "file_digest",
    "petition_handle",
    "petition_read",
    "petition_register",
    "petition_register_online",
]
