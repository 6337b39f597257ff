"""Typed problems the domain raises; the HTTP layer turns each into one JSON shape and a status."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Something the caller asked for cannot be done; says what and where."""

    status = 422
    code = "validation"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None,
                 status: int | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "field": self.field, **self.extra}}


class BadRequest(DomainError):
    status, code = 400, "bad_request"


class NotAuthenticated(DomainError):
    status, code = 401, "not_authenticated"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


class NotFound(DomainError):
    status, code = 404, "not_found"


class Conflict(DomainError):
    status, code = 409, "conflict"


class TooLarge(DomainError):
    status, code = 413, "too_large"


class UnsupportedMediaType(DomainError):
    status, code = 415, "unsupported_media_type"


class Invalid(DomainError):
    status, code = 422, "validation"


class RateLimited(DomainError):
    status, code = 429, "rate_limited"
