"""The document kinds: for each builder code of `vocabulary.DOCUMENT_KINDS`, which record a document is printed from,
who may print and read it, the fields it is filled with, and its default template.

A rulebook's `documents` section says which of these its jurisdiction has (`Spec`: the rulebook entry and its kind).
Each kind lives in its own module and registers itself with `register`; `readers_q` is the one visibility rule of
`Document`: a document is seen by whoever sees the record it was printed from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Model, Q, QuerySet

from xuncha.core.errors import ServiceError
from xuncha.core.visibility import NOTHING, Viewer

if TYPE_CHECKING:
    from docx.document import Document as Docx

    from xuncha.accounts.models import User
    from xuncha.jurisdictions.models import Jurisdiction
    from xuncha.jurisdictions.rulebook.schema import OfficialDocument, Rulebook


@dataclass(frozen=True)
class Kind:
    code: str  # a code of vocabulary.DOCUMENT_KINDS
    model: type[Model]  # the record a document is printed from
    # The fields of the document, from the record (and who prints it): {name: value}; a value may be a list of
    # dicts (loops). Only what the record's readers may see: a document is read by the record's readers.
    fill: Callable[[Any, Spec, Any], dict[str, Any]]
    # The default template (docxtpl tags), built with gbt9704.
    template: Callable[[Spec], Docx]
    # The fields a template may use, {name: label}, for the office's template page and its error messages.
    fields: dict[str, str]
    # A sample of `fill`'s result: an uploaded template is tried on it before it is accepted.
    sample: Callable[[Spec], dict[str, Any]]
    jurisdiction_of: Callable[[Any], Jurisdiction]
    inspection_of: Callable[[Any], Any]
    # Refuse (PermissionDeniedError) unless `actor` may print this record's document.
    authorize: Callable[[User | None, Any, Spec], None]
    # Refuse (ServiceError) while the record cannot be printed yet (a report not final, a form not approved).
    ready: Callable[[Any, Spec], None] = lambda subject, spec: None
    # The records of this kind under one inspection (the inspection's documents page).
    under_inspection: Callable[[Any, Spec], QuerySet[Any, Any]] | None = None
    # Who reads a printed document: a Q over Document. Default: whoever sees the record it came from.
    readers: Callable[[Viewer], Q] | None = None
    numbered_default: bool = False
    landscape: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def subject_type(self) -> str:
        return self.model._meta.label

    def readers_q(self, viewer: Viewer) -> Q:
        if self.readers is not None:
            return Q(builder=self.code) & self.readers(viewer)
        manager: Any = self.model._default_manager
        visible = manager.visible_to(viewer).values("pk")
        return Q(builder=self.code, subject_type=self.subject_type, subject_id__in=visible)


@dataclass(frozen=True)
class Spec:
    """One document of a rulebook: its entry there and the kind that prints it."""

    entry: OfficialDocument
    kind: Kind
    book: Rulebook

    @property
    def code(self) -> str:
        return self.entry.code

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def citation(self) -> str:
        return f"《{self.book.short_title}》{self.entry.article}"


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.code in KINDS:
        raise ValueError(f"document kind {kind.code!r} registered twice")
    KINDS[kind.code] = kind
    return kind


def specs(book: Rulebook) -> list[Spec]:
    """The documents of a rulebook that the product can print, in the rulebook's order."""
    return [Spec(entry, KINDS[entry.kind], book) for entry in book.documents if entry.kind in KINDS]


def spec_for(book: Rulebook, code: str) -> Spec:
    entry = book.document(code)
    if entry is None or entry.kind not in KINDS:
        known = "、".join(f"{s.code}（{s.name}）" for s in specs(book)) or "（无）"
        raise ServiceError(f"《{book.short_title}》没有文书“{code}”；可用的文书：{known}", field="kind")
    return Spec(entry, KINDS[entry.kind], book)


def readers_q(viewer: Viewer) -> Q:
    """Document.visibility_q: the union over the kinds of “sees the record it came from”."""
    if not viewer.authenticated:
        return NOTHING
    q = NOTHING
    for kind in KINDS.values():
        q |= kind.readers_q(viewer)
    return q


def load() -> None:
    """Import every kind module of this package (each registers itself); called from DocumentsConfig.ready()."""
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        if module.name != "common":
            importlib.import_module(f"{__name__}.{module.name}")
