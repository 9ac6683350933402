"""One transition mechanism: a model's state field, its table of allowed moves and its guard, declared once.

A model declares its flow next to the field it governs::

    class Finding(models.Model):
        class Status(models.TextChoices): ...
        status = models.CharField(..., choices=Status.choices, default=Status.DRAFT)
        flow = Flow("status", {Status.DRAFT: {Status.TEAM_APPROVED}, ...})

and every service that moves the field goes through it::

    old = Finding.flow.move(finding, Finding.Status.TEAM_APPROVED, article=article)

`move` checks the table and sets the field (the caller saves, inside its transaction, after locking the row);
`check` only checks; `allowed` lists the states reachable from the current one, for pages that offer the next
step. A refusal is a `ServiceError` that names the record, the state it is in, the state asked for, what it may
move to and, where given, the article — in the same words on every page and in the API.

`core/tests/test_transitions.py` checks every declared flow: each state of the field's choices has a row, every
target is one of the choices, and no service writes the field around the flow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from xuncha.core.errors import ServiceError

# Every Flow created, so a test can check them all (model label → flow); filled by `contribute_to_class`.
FLOWS: dict[str, Flow] = {}


class Flow:
    """The allowed moves of one state field of one model.

    `noun` is what the state is called in a refusal (阶段 for an inspection, 状态 elsewhere); `after_label` is
    the word after the current state's label ("处于“报告”阶段"), the noun by default, "" where the sentence reads
    better without it; `quoted` puts the allowed states in quotes; `cite` adds the article inside the bracket;
    `notes` adds a sentence for a state (e.g. what to do instead once a disclosure is published)."""

    def __init__(
        self,
        field: str,
        table: Mapping[Any, Iterable[Any]],
        *,
        noun: str = "状态",
        after_label: str | None = None,
        quoted: bool = True,
        cite: bool = True,
        code: str = "wrong_status",
        notes: Mapping[Any, str] | None = None,
    ) -> None:
        self.field = field
        self.table: dict[str, frozenset[str]] = {str(k): frozenset(str(s) for s in v) for k, v in table.items()}
        self.noun = noun
        self.after_label = noun if after_label is None else after_label
        self.quoted = quoted
        self.cite = cite
        self.code = code
        self.notes = {str(k): v for k, v in (notes or {}).items()}
        self.model: Any = None

    # Django calls this when the Flow is an attribute of a model class.
    def contribute_to_class(self, cls: Any, name: str, **kwargs: Any) -> None:
        self.model = cls
        setattr(cls, name, self)
        if not cls._meta.abstract:
            FLOWS[cls._meta.label] = self

    @property
    def terminal(self) -> frozenset[str]:
        return frozenset(state for state, targets in self.table.items() if not targets)

    def label(self, state: str) -> str:
        choices = dict(self.model._meta.get_field(self.field).flatchoices)
        return str(choices.get(state, state))

    def allowed(self, obj: Any) -> list[str]:
        """The states `obj` may move to from where it is, in the order of the field's choices."""
        targets = self.table.get(str(getattr(obj, self.field)), frozenset())
        return [value for value, _ in self.model._meta.get_field(self.field).flatchoices if value in targets]

    def may(self, obj: Any, to: str) -> bool:
        return str(to) in self.table.get(str(getattr(obj, self.field)), frozenset())

    def check(self, obj: Any, to: str, *, article: str = "", subject: str | None = None) -> None:
        """Refuse a move the table does not allow, with the sentence every page and the API show."""
        if self.may(obj, to):
            return
        current = str(getattr(obj, self.field))
        names = [self.label(s) for s in self.allowed(obj)]
        allowed = "、".join(f"“{n}”" if self.quoted else n for n in names) or "（无）"
        note = self.notes.get(current, "")
        tail = f"；{note}" if note else ""
        tail += f"；{article}" if article and self.cite else ""
        who = str(obj) if subject is None else subject
        raise ServiceError(
            f"{who}处于“{self.label(current)}”{self.after_label}，不能转入“{self.label(str(to))}”"
            f"（此{self.noun}只能转入：{allowed}{tail}）",
            field=self.field,
            article=article,
            code=self.code,
        )

    def move(self, obj: Any, to: str, *, article: str = "", subject: str | None = None) -> str:
        """Check the move, set the field and return the state it left. The caller saves, in its transaction."""
        self.check(obj, to, article=article, subject=subject)
        current = str(getattr(obj, self.field))
        setattr(obj, self.field, to)
        return current
