"""Errors users see. A service raises `ServiceError` with a Chinese message that
names the field, the rule and its article; views and the API show it as is."""

from __future__ import annotations


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
