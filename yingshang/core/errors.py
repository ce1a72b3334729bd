"""The one small hierarchy of domain errors. The API maps each to {"message", "code", "fields"}."""

from __future__ import annotations


class DomainError(Exception):
    """A request the domain refuses. `message` is shown to the user (Chinese)."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}


class ValidationFailed(DomainError):
    status = 422
    code = "validation"


class TooLarge(ValidationFailed):
    """A file or a body over its size limit: a validation error that answers 413, not 422."""

    status = 413
    code = "too_large"


class NotAllowed(DomainError):
    """The actor may see the object but may not do this to it."""

    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    """Someone else changed the object first (a race), or the move is not allowed from its state."""

    status = 409
    code = "conflict"
