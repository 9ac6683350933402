"""Errors users see. A service raises `ServiceError` with a Chinese message that
names the field, the rule and its article; views and the API show it as is."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    def __init__(self, message: str, *, field: str | None = None, article: str = "", code: str = "invalid") -> None:
        self.message = message
        self.field = field
        self.article = article
        self.code = code
        super().__init__(message)

    def as_dict(self) -> dict[str, str]:
        out = {"detail": self.message, "code": self.code}
        if self.field:
            out["field"] = self.field
        if self.article:
            out["article"] = self.article
        return out


class PermissionDeniedError(ServiceError):
    def __init__(self, message: str, *, article: str = "") -> None:
        super().__init__(message, article=article, code="permission_denied")


def full_clean_or_raise(obj: Any, **kwargs: Any) -> None:
    """`obj.full_clean()`, with Django's ValidationError turned into a ServiceError
    whose message names each field by its Chinese label."""
    from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        parts, first_field = [], None
        for name, messages in exc.message_dict.items():
            if name == NON_FIELD_ERRORS:
                parts += messages
                continue
            first_field = first_field or name
            label = str(obj._meta.get_field(name).verbose_name)
            parts += [f"{label}：{m}" for m in messages]
        raise ServiceError("；".join(parts), field=first_field) from exc


def check_past_date(
    value: Any, *, field: str, label: str, not_before: Any = None, after: str = "", article: str = ""
) -> None:
    """A date of something that has happened in the world: not after today, and not before `not_before` (the date
    of the step it depends on, named by `after`) when given."""
    from django.utils import timezone

    today = timezone.localdate()
    if value > today:
        raise ServiceError(f"{label}不能晚于今天（{today}）：填写的是 {value}", field=field)
    check_not_before(value, not_before, field=field, label=label, after=after, article=article)


def check_not_before(value: Any, earlier: Any, *, field: str, label: str, after: str = "", article: str = "") -> None:
    """A step cannot be dated before the step it depends on: `value` (the `label` of `field`) not before `earlier`,
    the date of `after` (e.g. “报告定稿日期”). The refusal names the field, both dates and the article."""
    import datetime

    if earlier is None or value is None:
        return
    if isinstance(earlier, datetime.datetime):
        from django.utils import timezone

        earlier = timezone.localdate(earlier)
    if value < earlier:
        step = f"{after}为 {earlier}，" if after else ""
        cite = f"（{article}）" if article else ""
        raise ServiceError(
            f"{label}不能早于 {earlier}：{step}填写的{label}是 {value}{cite}", field=field, article=article
        )
