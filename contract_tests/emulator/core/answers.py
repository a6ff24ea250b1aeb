"""What every answer is made of: a JSON response, and the problems the core meets on the way to one.

The core names a problem (Problem: a kind, a suggested status, its parameters); the API's dialect decides
what it looks like on the wire (status, body, wording), since every API words its failures its own way.
An API package or a dialect that has its answer ready raises an ErrorAnswer instead.
"""

from __future__ import annotations

import json
import json.encoder
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any

from starlette.responses import Response

JSON = "application/json"


# One encoder for every answer: json.dumps with any option makes a new JSONEncoder on every call. (An
# encoder keeps no state between calls: it may be shared by threads.)
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


# What _ENCODER.encode() makes, by the C encoder it would make again on every call (json.encoder's
# c_make_encoder, with _ENCODER's own settings, as its iterencode() passes them), made once: a third of a
# small answer's encoding. Without the circular reference check (markers None), which would make it keep
# state during a call, so that threads could not share it: an answer is a tree of the request's own records
# and the spec's values, never a cycle (a cycle would end as a RecursionError, answered as any unexpected
# failure). None where the C module is missing.
_make_c_encoder: Callable[..., Callable[[Any, int], Sequence[str]]] | None = getattr(
    json.encoder, "c_make_encoder", None
)
_C_ENCODER = (
    _make_c_encoder(
        None,
        _ENCODER.default,
        json.encoder.encode_basestring,
        None,
        _ENCODER.key_separator,
        _ENCODER.item_separator,
        _ENCODER.sort_keys,
        _ENCODER.skipkeys,
        _ENCODER.allow_nan,
    )
    if _make_c_encoder is not None
    else None
)


def json_text(body: Any) -> str:
    """The body as JSON (UTF-8 as it is, no spaces): what every answer sends."""
    if _C_ENCODER is None or isinstance(body, str):
        return _ENCODER.encode(body)
    return "".join(_C_ENCODER(body, 0))


def json_response(status: int, body: Any, headers: Mapping[str, str] | None = None) -> Response:
    content = json_text(body).encode()
    if headers or status < 200 or status in (204, 304):
        return Response(content, status_code=status, headers=dict(headers) if headers else None, media_type=JSON)
    return _JsonAnswer(content, status)


class _JsonAnswer(Response):
    """The Response Starlette makes of JSON content with no headers given (the same two headers, in the
    same order), made without its general path for any content, headers and media type: a tenth of a
    point lookup's time in the emulator."""

    media_type = JSON

    def __init__(self, content: bytes, status: int) -> None:
        self.status_code = status
        self.background = None
        self.body = content
        self.raw_headers = [(b"content-length", str(len(content)).encode()), (b"content-type", JSON.encode())]


class KeptAnswer:
    """A JSON answer kept to be sent again (PointLookup keeps its answers for as long as the database's
    state is the same): its status, body and headers, each sending a new Response of its own, since the
    pipeline adds headers to the one it sends."""

    MAX_BODY = 16 * 1024  # bytes: a larger answer is not kept (a point lookup's kept answers stay small)

    def __init__(self, status: int, body: bytes, raw_headers: list[tuple[bytes, bytes]]) -> None:
        self._status, self._body, self._raw_headers = status, body, tuple(raw_headers)

    @classmethod
    def of(cls, response: Response) -> KeptAnswer | None:
        """The answer kept, or None when it cannot be sent again as it is (not a plain Response with its
        body in hand, a task to run after it, a body too large to keep)."""
        if type(response) not in (Response, _JsonAnswer) or response.background is not None:
            return None
        body = response.body
        if not isinstance(body, bytes) or len(body) > cls.MAX_BODY:
            return None
        return cls(response.status_code, body, response.raw_headers)

    def response(self) -> Response:
        answer = Response.__new__(Response)
        answer.status_code, answer.background, answer.body = self._status, None, self._body
        answer.raw_headers = list(self._raw_headers)
        return answer


class Kind(StrEnum):
    """Every problem the core can meet; each dialect words all of them (a test holds it to that)."""

    ROUTE_NOT_FOUND = "route_not_found"  # path
    METHOD_NOT_ALLOWED = "method_not_allowed"  # method, path, allowed (list)
    UNAUTHENTICATED = "unauthenticated"  # operation (the spec's Operation; None for a control route)
    TOO_MANY_REQUESTS = "too_many_requests"  # retry_after (seconds)
    # name, value, operation: not of the parameter's type, or an integer beyond any record's (no such record)
    BAD_PATH_PARAMETER = "bad_path_parameter"
    NOT_FOUND = "not_found"  # resource (the path parameter naming it), key
    # resource, field (the attribute holding ids), key: a new record brought an id a record has already
    KEY_TAKEN = "key_taken"
    IDS_EXHAUSTED = "ids_exhausted"  # resource, largest: every id up to the largest there is was given out
    BODY_TOO_LARGE = "body_too_large"  # limit (bytes)
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"  # expected (a media type)
    MALFORMED_BODY = "malformed_body"  # media_type, detail
    BODY_NOT_OBJECT = "body_not_object"
    # A body the operation requires (requestBody.required) is absent or empty. operation; media_type;
    # schema_type (the body schema's type, "" when it names none); fields (the properties its schema lists,
    # in order); errors (as INVALID's: what the schema itself says of no input, e.g. its required fields;
    # empty when it requires none, so only the spec's `required: true` refuses it).
    BODY_REQUIRED = "body_required"
    INVALID = "invalid"  # errors: list of (field prefix, jsonschema ValidationError)
    # A list request's filter has more values than the emulator takes in one request (a 400): filter (as
    # the request names it), count, limit (query.MAX_FILTER_VALUES).
    TOO_MANY_FILTER_VALUES = "too_many_filter_values"
    # A control route refused (not in the spec): reason (what to do about it, never a key)
    CONTROL_REFUSED = "control_refused"
    # The database had no turn for a write in time (storage.DatabaseBusy: too many writes queued before
    # it, or another process holding the file): a 503, worth retrying in retry_after (seconds).
    BUSY = "busy"
    UNEXPECTED = "unexpected"  # a failure the emulator did not foresee (logged with its traceback)
    ROUTING = "routing"  # detail: any other error of the HTTP router


class Problem(Exception):
    """A request the core cannot answer as asked; the dialect turns it into the API's error answer."""

    def __init__(self, kind: Kind, status: int, headers: Mapping[str, str] | None = None, **params: Any) -> None:
        super().__init__(f"{kind} ({status})")
        self.kind = kind
        self.status = status
        self.headers = dict(headers or {})
        self.params = params


class ErrorAnswer(Exception, ABC):
    """An error that already knows its answer (raised by a dialect or an API package)."""

    @abstractmethod
    def response(self) -> Response: ...
