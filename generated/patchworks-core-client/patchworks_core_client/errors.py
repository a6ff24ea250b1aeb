"""Typed errors: every answer outside 2xx raises an ApiError subclass chosen by its status.

    ApiError                    status_code, message (the body's "message"), body (JSON, or the text), headers
    ├── BadRequestError         400
    ├── AuthenticationError     401
    ├── PermissionDeniedError   403
    ├── NotFoundError           404
    ├── ConflictError           409
    ├── ValidationError         422, with .errors: field -> messages (the body's "errors")
    ├── RateLimitError          429, with .retry_after (seconds, when the answer says)
    ├── ServerError             5xx
    └── UnexpectedStatus        a status the spec does not document (when raise_on_unexpected_status)

Only the answer is kept: never the request, so never its credentials.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import httpx

from . import _json_decoding
from ._retry import parse_retry_after

MESSAGE_FIELD = "message"
VALIDATION_ERRORS_FIELD = "errors"


class ApiError(Exception):
    """The API answered with an error status, or with an answer that is not the documented one."""

    def __init__(
        self, status_code: int, message: str, *, body: Any = None, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(status_code, message)
        self.status_code = status_code
        self.message = message
        self.body = body
        self.headers = httpx.Headers(headers or {})

    def __str__(self) -> str:
        return f"{self.status_code} {_reason(self.status_code)}: {self.message}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code}, message={self.message!r})"


class BadRequestError(ApiError):
    """400: malformed JSON, or a filter, sort or include the operation does not allow."""


class AuthenticationError(ApiError):
    """401: the API key or token is missing, invalid or expired, or the login was refused."""


class PermissionDeniedError(ApiError):
    """403: the credentials lack the permission for this action."""


class NotFoundError(ApiError):
    """404: no such resource (or route)."""


class ConflictError(ApiError):
    """409: the resource already exists."""


class ValidationError(ApiError):
    """422: the request failed validation; `errors` maps each field to its messages."""

    @property
    def errors(self) -> dict[str, list[str]]:
        raw = self.body.get(VALIDATION_ERRORS_FIELD) if isinstance(self.body, dict) else None
        if not isinstance(raw, dict):
            return {}
        return {
            str(field): [_message_text(m) for m in messages]
            for field, messages in raw.items()
            if isinstance(messages, list)
        }


class RateLimitError(ApiError):
    """429: too many requests; `retry_after` is the wait the answer asked for, in seconds, if any."""

    @property
    def retry_after(self) -> float | None:
        return parse_retry_after(self.headers.get("Retry-After"), now=time.time())


class ServerError(ApiError):
    """5xx: the server failed."""


class UnexpectedStatus(ApiError):
    """A status the spec does not document, raised when the client has raise_on_unexpected_status."""

    def __init__(self, status_code: int, content: bytes) -> None:
        body = _body(content)
        super().__init__(status_code, _message(body, status_code), body=body)
        self.content = content

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception pickles as cls(*self.args), and args are ApiError's (status, message): this __init__
        # takes the content instead (multiprocessing and task queues pickle what a worker raised).
        return type(self), (self.status_code, self.content), self.__dict__


ERRORS_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: ValidationError,
    429: RateLimitError,
}


def error_for_status(status_code: int, content: bytes, headers: Mapping[str, str]) -> ApiError:
    """The typed error for an error answer."""
    cls = ERRORS_BY_STATUS.get(status_code) or (ServerError if status_code >= 500 else ApiError)
    body = _body(content)
    return cls(status_code, _message(body, status_code), body=body, headers=headers)


def raise_for_status(status_code: int, content: bytes, headers: Mapping[str, str]) -> None:
    if not 200 <= status_code < 300:
        raise error_for_status(status_code, content, headers)


def _body(content: bytes) -> Any:
    try:
        return _json_decoding.loads(content)
    except ValueError:
        return content.decode("utf-8", errors="replace")


def _message(body: Any, status_code: int) -> str:
    """The body's message, else the start of a body that is not JSON, else the status's reason."""
    if isinstance(body, dict) and isinstance(body.get(MESSAGE_FIELD), str) and body[MESSAGE_FIELD]:
        return str(body[MESSAGE_FIELD])
    text = body.strip()[:200] if isinstance(body, str) else ""
    return text or _reason(status_code)


def _message_text(message: Any) -> str:
    """A validation message: a string, or the guide's {rule: reason} object (its reasons, joined)."""
    if isinstance(message, dict):
        return "; ".join(str(reason) for reason in message.values())
    return str(message)


def _reason(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return "Unknown Status"


__all__ = [
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "UnexpectedStatus",
    "ValidationError",
    "error_for_status",
    "raise_for_status",
]
