"""Contributions: how a lower app lets higher apps plug in without importing them.

Dependencies point down (`.importlinter` lists the layers). Where a lower app needs something only a higher app
knows — the closure conditions of an inspection, the listeners of an event, the items of a work queue, the kinds
of secret material — the lower app declares a `Hook` and the higher app registers into it from its
`AppConfig.ready()`::

    # inspections/closure.py (lower)
    CLOSURE_CONDITIONS: Hook[Callable[..., Condition | None]] = Hook("closure_conditions", "…")

    # feedback/apps.py (higher)
    def ready(self):
        from xuncha.inspections.closure import CLOSURE_CONDITIONS
        from . import closure
        CLOSURE_CONDITIONS.register(closure.receipt_condition, key="feedback.receipt")

Every hook is listed in `HOOKS` (name → hook) so `docs/architecture.md` and a test can show who contributes what.
Registration is idempotent by key (a second `ready()` in tests replaces, never duplicates).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")

HOOKS: dict[str, Hook[object]] = {}


class Hook(Generic[T]):
    """An ordered set of contributions, each under a key naming the contributing app and what it adds."""

    def __init__(self, name: str, doc: str) -> None:
        if name in HOOKS:
            raise ValueError(f"hook {name!r} declared twice")
        self.name = name
        self.doc = doc
        self._items: dict[str, T] = {}
        HOOKS[name] = self  # type: ignore[assignment]

    def register(self, item: T, *, key: str) -> T:
        self._items[key] = item
        return item

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._items.values()))

    def items(self) -> list[tuple[str, T]]:
        return list(self._items.items())

    def keys(self) -> list[str]:
        return list(self._items)

    def get(self, key: str) -> T:
        try:
            return self._items[key]
        except KeyError:
            raise LookupError(f"hook {self.name!r} has no contribution {key!r}; registered: {self.keys()}") from None

    def __len__(self) -> int:
        return len(self._items)


def single(hook: Hook[Callable[..., T]]) -> Callable[..., T]:
    """The one contribution of a hook that must have exactly one (e.g. the builder of a viewer)."""
    items = list(hook)
    if len(items) != 1:
        raise LookupError(f"hook {hook.name!r} needs exactly one contribution, has {len(items)}")
    return items[0]
