"""Templates the office can replace: a bad one is refused with the field named and no file written; a good one is
used for the next documents, the old documents stay as they were; the default comes back on reset."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.documents import render, services
from xuncha.documents.models import Document, Template

from . import docx_checks as check
from .conftest import session
from .helpers import content, letterhead

pytestmark = pytest.mark.django_db


def _edited(template: bytes, old: str, new: str) -> bytes:
    """The template with one text of its body replaced, as an office would in Word."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode()
                assert old in text, old
                data = text.replace(old, new, 1).encode()
            dst.writestr(info, data)
    return out.getvalue()


def _default(side: Any) -> bytes:
    return render.default_template(services.spec_of(side.jurisdiction, "feedback_opinions"))


def test_a_template_naming_an_unknown_field_is_refused_with_its_name(jdz_given: Any) -> None:
    side = jdz_given
    bad = _edited(_default(side), "{{ addressee }}", "{{ adressee }}")
    with pytest.raises(ServiceError) as refused:
        services.template_upload(
            actor=side.office_head, jurisdiction=side.jurisdiction, code="feedback_opinions", content=bad,
            original_name="反馈意见.docx",
        )  # fmt: skip
    assert "“adressee”" in refused.value.message and "addressee（主送" in refused.value.message
    assert refused.value.field == "template"
    assert not Template.objects.exists()


def test_a_malformed_tag_and_a_file_that_is_not_docx_are_refused(jdz_given: Any) -> None:
    side = jdz_given
    broken_tag = _edited(_default(side), "{{ addressee }}", "{{ addressee ")
    for bad, words in ((broken_tag, "标签写法有误"), (b"not a zip", "不是有效的 .docx")):
        with pytest.raises(ServiceError) as refused:
            services.template_upload(
                actor=side.office_head, jurisdiction=side.jurisdiction, code="feedback_opinions", content=bad,
                original_name="x.docx",
            )  # fmt: skip
        assert words in refused.value.message
    assert not Template.objects.exists()


def test_the_office_template_is_used_then_the_default_comes_back(jdz_given: Any) -> None:
    side = jdz_given
    letterhead(side)
    before = services.document_generate(actor=side.leader, code="feedback_opinions", subject=session(side))
    mine = _edited(_default(side), "{{ addressee }}：", "{{ addressee }}（本办模板）：")
    template = services.template_upload(
        actor=side.office_head, jurisdiction=side.jurisdiction, code="feedback_opinions", content=mine,
        original_name="本办反馈意见.docx",
    )  # fmt: skip
    after = services.document_generate(actor=side.leader, code="feedback_opinions", subject=session(side))
    assert "（本办模板）" in check.assert_filled(content(after))
    assert after.template_id == template.pk and after.template_sha256 == template.sha256
    before.refresh_from_db()
    assert "（本办模板）" not in check.text_of(content(before))  # the earlier version is unchanged
    services.template_reset(actor=side.office_head, jurisdiction=side.jurisdiction, code="feedback_opinions")
    third = services.document_generate(actor=side.leader, code="feedback_opinions", subject=session(side))
    assert third.template_id is None and "（本办模板）" not in check.text_of(content(third))
    assert Document.objects.filter(kind="feedback_opinions", subject_id=session(side).pk).count() == 3
    with pytest.raises(ServiceError):  # already the default
        services.template_reset(actor=side.office_head, jurisdiction=side.jurisdiction, code="feedback_opinions")


def test_only_the_office_head_replaces_templates(jdz_given: Any) -> None:
    side = jdz_given
    for who in (side.office_clerk, side.leader):
        with pytest.raises(PermissionDeniedError):
            services.template_upload(
                actor=who, jurisdiction=side.jurisdiction, code="feedback_opinions", content=_default(side),
                original_name="x.docx",
            )  # fmt: skip


def test_every_default_template_fills_its_own_sample(jdz: Any, nmg: Any) -> None:
    """Each document of each rulebook: its shipped template renders its sample fields into a complete .docx."""
    from xuncha.documents.kinds import specs

    count = 0
    for side in (jdz, nmg):
        for spec in specs(side.jurisdiction.rulebook):
            render.check_template(render.default_template(spec), spec)
            count += 1
    assert count == len(jdz.jurisdiction.rulebook.documents) + len(nmg.jurisdiction.rulebook.documents)


def test_the_default_template_has_the_same_digest_every_time(jdz: Any) -> None:
    spec = services.spec_of(jdz.jurisdiction, "feedback_opinions")
    render._default_cached.cache_clear()
    first = render.digest(render.default_template(spec))
    render._default_cached.cache_clear()
    assert render.digest(render.default_template(spec)) == first
