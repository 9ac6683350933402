"""Filling a template many times quickly, with docxtpl's own preparation of the template.

docxtpl reopens the template with python-docx, re-prepares its XML and re-compiles it for every document, then saves
every part of the package again. For a template that uses only text, paragraph and row tags — every default
template, and most office ones — the preparation is the same each time, so it is done once and kept (`prepare`):
docxtpl's `patch_xml` on the body and on the headers and footers that hold tags, compiled once. Filling
(`fill`) is then the Jinja rendering, docxtpl's own post-processing of the result (`resolve_listing`), a check that
the result is well-formed XML, and a new zip of the template's parts with the rendered ones in place.

A template using anything else docxtpl does at rendering (pictures, `{%tc` column tags, tags in the document
properties or footnotes) is not prepared (`prepare` returns None) and goes through docxtpl whole (`render.render`).
`tests/test_fastfill.py` checks that both ways print the same text.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from lxml import etree

_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_TAG = re.compile(r"\{[{%#]")
_UNSUPPORTED = re.compile(r"\{%-?\s*tc\b|<wp:docPr\b|\{\{-?\s*[a-z_]+\s*\|\s*(?:image|subdoc)")
_LISTING = re.compile("[\n\t\a\f]")
_BODY = re.compile(rb"<w:body\b.*</w:body>", re.DOTALL)


@dataclass
class Prepared:
    skeleton: bytes  # the template's package without the parts that are rendered, compressed once
    document_name: str
    document_head: bytes
    document_tail: bytes
    body: jinja2.Template
    parts: dict[str, tuple[jinja2.Template, str]]  # zip name → (compiled part, its encoding)


def _compiled(env: jinja2.Environment, xml: str) -> jinja2.Template:
    # What docxtpl's render_xml_part does before rendering.
    return env.from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", xml))


def _finished(tpl: DocxTemplate, xml: str) -> str:
    # What docxtpl's render_xml_part does after rendering.
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if not _LISTING.search(xml):
        return xml  # resolve_listing only turns these characters into breaks and tabs: without them it changes nothing
    return str(tpl.resolve_listing(xml))


def prepare(template: bytes, env: jinja2.Environment) -> tuple[Prepared, DocxTemplate] | None:
    """The template prepared for `fill`, or None when it needs docxtpl whole. Raises Jinja's errors on a malformed
    tag, as docxtpl would at rendering."""
    with zipfile.ZipFile(io.BytesIO(template)) as package:
        infos = package.infolist()
        data = {info.filename: package.read(info.filename) for info in infos}
    document_name = "word/document.xml"
    if document_name not in data:
        raise KeyError(document_name)
    for name, blob in data.items():
        is_tagged_extra = name.startswith(("docProps/", "word/footnotes", "word/endnotes"))
        if is_tagged_extra and _TAG.search(blob.decode("utf-8", "ignore")):
            return None
    tpl = DocxTemplate(io.BytesIO(template))
    tpl.render_init()
    body_xml = tpl.patch_xml(tpl.get_xml())
    if _UNSUPPORTED.search(body_xml):
        return None
    parts: dict[str, tuple[jinja2.Template, str]] = {}
    for uri in (_HEADER, _FOOTER):
        for _key, part in tpl.get_headers_footers(uri):
            xml = tpl.get_part_xml(part)
            if not _TAG.search(xml):
                continue  # copied as it is
            patched = tpl.patch_xml(xml)
            if _UNSUPPORTED.search(patched):
                return None
            parts[str(part.partname).lstrip("/")] = (_compiled(env, patched), tpl.get_headers_footers_encoding(xml))
    match = _BODY.search(data[document_name])
    if match is None:
        return None
    rendered = {document_name, *parts}
    skeleton = io.BytesIO()
    with zipfile.ZipFile(skeleton, "w", zipfile.ZIP_DEFLATED) as package:
        for info in infos:
            if info.filename not in rendered:
                package.writestr(_entry(info), data[info.filename])
    prepared = Prepared(
        skeleton=skeleton.getvalue(),
        document_name=document_name,
        document_head=data[document_name][: match.start()],
        document_tail=data[document_name][match.end() :],
        body=_compiled(env, body_xml),
        parts=parts,
    )
    return prepared, tpl


def fill(prepared: Prepared, tpl: DocxTemplate, context: dict[str, Any]) -> bytes:
    """The filled .docx. Raises Jinja's errors (a field the template names but the context lacks, under
    StrictUndefined) and lxml's XMLSyntaxError if the result would not be well-formed."""
    body = _finished(tpl, prepared.body.render(context))
    etree.fromstring(body.encode())  # never a broken file
    rendered = {prepared.document_name: prepared.document_head + body.encode() + prepared.document_tail}
    for name, (compiled, encoding) in prepared.parts.items():
        xml = _finished(tpl, compiled.render(context))
        etree.fromstring(xml.encode(encoding))
        rendered[name] = xml.encode(encoding)
    # The unchanged parts are copied compressed (the skeleton); only the rendered ones are compressed here.
    out = io.BytesIO(prepared.skeleton)
    out.seek(0, io.SEEK_END)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for name, blob in rendered.items():
            package.writestr(_entry(zipfile.ZipInfo(name)), blob)
    return out.getvalue()


def _entry(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = info.external_attr
    return entry
