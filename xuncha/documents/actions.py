"""The event actions this app records: one constant each, so a misspelt action fails at import."""

from __future__ import annotations

from xuncha.audit.actions import define

DOCUMENT_GENERATED = define("document.generated", "生成公文")
DOCUMENT_PDF_RENDERED = define("document.pdf_rendered", "生成公文 PDF 预览")
DOCUMENT_TEMPLATE_UPLOADED = define("document.template_uploaded", "上传公文模板")
DOCUMENT_TEMPLATE_RESET = define("document.template_reset", "恢复默认公文模板")
DOCUMENT_LETTERHEAD_SET = define("document.letterhead_set", "设置发文机关标志和代字")
