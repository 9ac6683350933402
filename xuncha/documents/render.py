"""Filling a template: docxtpl over a .docx whose text holds Jinja tags.

- The default template of each kind is built in code (`kinds.<kind>.template`, with `gbt9704`) once per process and
  kept as bytes with fixed zip timestamps, so its digest is the same on every machine.
- The office may replace it (`models.Template`); an uploaded template is tried on the kind's sample fields before it
  is accepted, and every rendering is strict: a field the template names but the record does not have is refused
  with its name (`TemplateFieldError`), never printed as an empty gap or a broken file.
- Compiled Jinja templates are cached by their source (docxtpl compiles every part on every rendering otherwise):
  the same template renders many documents (the benchmark: feedback opinions of a large inspection).
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import zipfile
from collections import OrderedDict
from functools import lru_cache
from typing import Any

import jinja2
from docx import Document as open_docx
from docxtpl import DocxTemplate
from lxml import etree

from xuncha.core.errors import ServiceError

from . import fastfill
from .kinds import Spec

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


class TemplateFieldError(ServiceError):
    pass


class _CachingEnvironment(jinja2.Environment):
    """StrictUndefined; values escaped for XML (a “&” or “<” in a record is text, never markup: only the
    product's own runs, `markupsafe.Markup`, go in as they are); compiled templates kept by source (bounded)."""

    def __init__(self) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True)
        self._compiled: OrderedDict[str, jinja2.Template] = OrderedDict()

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> jinja2.Template:
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            compiled = super().from_string(source)
            self._compiled[source] = compiled
            if len(self._compiled) > 256:
                self._compiled.popitem(last=False)
        else:
            self._compiled.move_to_end(source)
        return compiled


_ENV = _CachingEnvironment()


def normalized(content: bytes) -> bytes:
    """The same .docx with fixed timestamps in its zip: equal content, equal digest."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            copy = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            copy.compress_type = zipfile.ZIP_DEFLATED
            copy.external_attr = info.external_attr
            dst.writestr(copy, src.read(info.filename))
    return out.getvalue()


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@lru_cache(maxsize=64)
def _default_cached(book_code: str, spec_code: str) -> bytes:
    from xuncha.jurisdictions.rulebook import get_rulebook

    from .kinds import spec_for

    spec = spec_for(get_rulebook(book_code), spec_code)
    buffer = io.BytesIO()
    spec.kind.template(spec).save(buffer)
    return normalized(buffer.getvalue())


def default_template(spec: Spec) -> bytes:
    """The shipped template of a document (built in code with gbt9704)."""
    return _default_cached(spec.book.code, spec.code)


_UNDEFINED = re.compile(r"'([^']+)' is undefined")
_NO_ATTRIBUTE = re.compile(r"has no attribute '([^']+)'")


def _field_error(exc: Exception, spec: Spec) -> TemplateFieldError:
    text = str(exc)
    available = "、".join(f"{name}（{label}）" for name, label in spec.kind.fields.items())
    match = _UNDEFINED.search(text) or _NO_ATTRIBUTE.search(text)
    if match:
        return TemplateFieldError(
            f"模板使用了“{spec.name}”没有的字段“{match.group(1)}”；可用的字段：{available}", field="template"
        )
    return TemplateFieldError(f"模板中的字段无法填写（{text}）；可用的字段：{available}", field="template")


_PREPARED: OrderedDict[str, Any] = OrderedDict()
_PREPARED_LOCK = threading.Lock()


def _prepared(template: bytes) -> Any:
    """The template prepared once for fastfill (None: docxtpl renders it whole), kept by digest (bounded)."""
    key = digest(template)
    with _PREPARED_LOCK:
        if key in _PREPARED:
            _PREPARED.move_to_end(key)
            return _PREPARED[key]
    prepared = fastfill.prepare(template, _ENV)
    with _PREPARED_LOCK:
        _PREPARED[key] = prepared
        if len(_PREPARED) > 32:
            _PREPARED.popitem(last=False)
    return prepared


def render(template: bytes, fields: dict[str, Any], spec: Spec) -> bytes:
    """The filled .docx; refused with the field's name when the template names a field the document lacks, and
    with the tag's error when a tag is malformed."""
    try:
        prepared = _prepared(template)
        if prepared is not None:
            ready, tpl = prepared
            return fastfill.fill(ready, tpl, fields)
        document = DocxTemplate(io.BytesIO(template))
        document.render(fields, _ENV)
        out = io.BytesIO()
        document.save(out)
    except etree.XMLSyntaxError as exc:
        raise TemplateFieldError(
            f"按模板填写后的文件不是有效的 Word 文档（{exc}）：请检查模板中标签所在的位置", field="template"
        ) from exc
    except jinja2.UndefinedError as exc:
        raise _field_error(exc, spec) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateFieldError(
            f"模板中的标签写法有误：{exc.message}"
            "（字段写作 {{ 字段 }}，段落循环写作 {%p for … %} … {%p endfor %}）",
            field="template",
        ) from exc
    except TypeError as exc:  # a loop over a field that is not a list, a field used as a list …
        raise TemplateFieldError(f"模板中的字段用法与“{spec.name}”的字段不符（{exc}）", field="template") from exc
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateFieldError(
            "模板不是有效的 .docx 文件（须为 Word 或 WPS 保存的 .docx）", field="template"
        ) from exc
    return out.getvalue()


def check_template(content: bytes, spec: Spec) -> None:
    """An uploaded template: a .docx that renders the kind's sample fields into a .docx that opens."""
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise TemplateFieldError("模板不是有效的 .docx 文件（须为 Word 或 WPS 保存的 .docx）", field="template")
    result = render(content, spec.kind.sample(spec) | sample_common(spec), spec)
    try:
        open_docx(io.BytesIO(result))
    except Exception as exc:  # python-docx raises several kinds on a broken package
        raise TemplateFieldError("按该模板生成的文件无法打开，请检查模板", field="template") from exc


COMMON_FIELDS = {
    "title": "标题",
    "issuer": "发文机关标志",
    "issuer_mark": "发文机关标志（红色小标宋，字号按长度自动确定；写作 {{r issuer_mark }}）",
    "printer": "印发机关",
    "number": "发文字号",
    "date": "成文日期",
    "printed_on": "印发日期",
    "word": "工作用语（按规则）",
    "rulebook": "所依据的规则",
    "article": "所依据的条文",
}


def sample_common(spec: Spec) -> dict[str, Any]:
    return {
        "title": spec.name,
        "issuer": "某某发文机关",
        "issuer_mark": "",
        "printer": "某某印发机关",
        "number": "某某〔2026〕1号",
        "date": "2026年1月1日",
        "printed_on": "2026年1月1日",
        "word": spec.book.word,
        "rulebook": spec.book.short_title,
        "article": spec.entry.article,
    }
