from __future__ import annotations

from typing import Any

from django import forms


class BootstrapMixin:
    """Give every widget Bootstrap's class, so templates can render fields as they are."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
