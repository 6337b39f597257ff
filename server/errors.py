"""Every problem the API can answer with, declared once: its code, its HTTP status and its default wording.

The domain raises DomainError (or a subclass) with a registered code and, usually, a message that says exactly
what was wrong; the status always comes from this registry, never from the raiser. server/http/problems.py
turns any exception into the one JSON shape and status, for a request sent alone or inside a batch. The web
app words every code in each of its languages (web/js/messages/<lang>-errors.js; its English wording is the
default wording below, so it can tell a generic message from a specific one): tests/unit/test_errors.py
checks both, and that every code used in server/ is registered here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    code: str
    status: int
    message: str  # the default wording, in English; a raiser's own message usually says more


class UnknownProblem(LookupError):
    """A code nobody registered, or one raised with a status the registry does not give it: a bug to fix."""


def _register(*problems: tuple[int, str, str]) -> dict[str, Problem]:
    registry: dict[str, Problem] = {}
    for status, code, message in problems:
        if code in registry:
            raise UnknownProblem(f"error code {code!r} is registered twice")
        registry[code] = Problem(code, status, message)
    return registry


PROBLEMS = _register(
    (400, "bad_request", "The request could not be understood."),
    (400, "invalid_json", "The request body is not valid JSON."),
    (400, "cursor_invalid", "This link to a page of the list is not valid. Load the list again from the start."),
    (400, "cursor_mismatch", "This link to a page belongs to a list with other filters. Load the list again."),
    (401, "not_authenticated", "Your session has ended. Log in again."),
    (401, "invalid_credentials", "The email or password is not right."),
    (403, "forbidden", "Your roles do not allow this."),
    (403, "cross_origin", "This request came from another site and was refused."),
    (403, "reports_off", "Reports are not being taken for this building at the moment."),
    (404, "not_found", "Nothing exists at this address."),
    (404, "unknown_code", "There is no space with this code. Check the code on the poster and type it again."),
    (404, "code_retired", "This code is no longer valid: the poster is out of date."),
    (405, "method_not_allowed", "This address does not accept that method."),
    (409, "conflict", "This conflicts with a record that already exists. Reload and try again."),
    (409, "invalid_transition", "This cannot move to that state from the state it is in now."),
    (409, "audit_submitted", "This audit has been submitted and can no longer be changed."),
    (409, "finding_changed", "Someone else changed this finding a moment ago; here it is now."),
    (409, "finding_triaged", "The committee has taken this finding up: it can no longer be changed from the walk."),
    (409, "report_changed", "Someone else acted on this report a moment ago; open it again to see it now."),
    (409, "report_closed", "This report is closed: it no longer takes messages."),
    (409, "already_sent", "This report was already received."),
    (409, "not_verified", "Only a fix the committee has verified can be published."),
    (413, "too_large", "The file is too large."),
    (415, "unsupported_media_type", "This kind of file is not accepted."),
    (422, "validation", "Some of what was sent is not valid."),
    (422, "too_long", "This text is too long."),
    (422, "audit_incomplete", "Some items are still unanswered."),
    (422, "csv_invalid", "The file has problems. Nothing was imported."),
    (422, "invitation_invalid", "This link is not valid. Ask an administrator for a new one."),
    (422, "photo_invalid", "The photo could not be read: the file is truncated or damaged."),
    (422, "photo_too_large", "This photo has too many pixels."),
    (422, "photo_missing", "A photo did not finish uploading. Add it again, or send the report without it."),
    (422, "empty_report", "Describe what you saw or add a photo before sending."),
    (422, "rejected", "This report could not be accepted."),
    (422, "photo_not_redacted", "Blur the photo (faces, names, anything private) before publishing it."),
    (429, "rate_limited", "Too many attempts. Wait a little and try again."),
    (500, "internal", "Something went wrong on the server. It has been logged."),
)

# The code a bare HTTP status is answered with (Starlette's own 404 and 405, for example): the first listed.
FOR_STATUS = {status: next(p.code for p in PROBLEMS.values() if p.status == status)
              for status in sorted({p.status for p in PROBLEMS.values()})}


def problem(code: str) -> Problem:
    try:
        return PROBLEMS[code]
    except KeyError:
        raise UnknownProblem(f"error code {code!r} is not registered in server/errors.py") from None


def checked(code: str, status: int) -> str:
    """The code, after making sure the registry gives it this status (for errors that carry both, such as a
    rejected photo's)."""
    if problem(code).status != status:
        raise UnknownProblem(f"error code {code!r} is registered with status {problem(code).status}, not {status}")
    return code


class DomainError(Exception):
    """Something the caller asked for cannot be done; says what and where."""

    code = "validation"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        problem(cls.code)  # an unregistered code fails when the class is defined, not when it is first raised
        if "status" in cls.__dict__:
            raise UnknownProblem(f"{cls.__name__} sets a status: register its code with that status instead")

    def __init__(self, message: str | None = None, *, field: str | None = None, code: str | None = None,
                 **extra: Any) -> None:
        if code is not None:
            self.code = code
        registered = problem(self.code)  # an unregistered code fails where it is raised
        self.message = message or registered.message
        super().__init__(self.message)
        self.field = field
        self.extra = extra

    @property
    def status(self) -> int:
        return PROBLEMS[self.code].status

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "field": self.field, **self.extra}}


class BadRequest(DomainError):
    code = "bad_request"


class NotAuthenticated(DomainError):
    code = "not_authenticated"


class Forbidden(DomainError):
    code = "forbidden"


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class TooLarge(DomainError):
    code = "too_large"


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"


class Invalid(DomainError):
    code = "validation"


class RateLimited(DomainError):
    code = "rate_limited"
