"""A request's body, read and checked against its operation (the pipeline's step after authentication and
the rate limit): a body the operation requires and did not get, its size (413), media type (415), syntax
(400, with a fixed message per cause rather than the parser's wording) and schema (422)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from jsonschema.exceptions import ValidationError as SchemaError
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request

from contract_tests.emulator.core.answers import Kind, Problem
from contract_tests.emulator.core.call import Call
from contract_tests.emulator.core.shapes import merged, properties
from contract_tests.emulator.core.spec import Body

MAX_BODY_BYTES = 10 * 1024 * 1024  # larger bodies are refused (413), as soon as that many bytes have come
FORM = "application/x-www-form-urlencoded"


async def read_body(call: Call) -> None:
    """Read the operation's request body and check it against the spec, whatever the handler: a body the
    operation requires and did not get (Kind.BODY_REQUIRED), its media type (415), its syntax (400), its
    schema (422). The handler gets call.body (JSON and forms) or call.form (multipart), checked."""
    spec = call.operation.body
    if spec is None:
        return
    request = call.request
    raw = await bounded_body(request)
    content_type = media_type(request)
    if not raw.strip():
        _read_no_body(call, spec)
        return
    if spec.content_type == "multipart/form-data":
        await _read_multipart(call, spec, content_type)
        return
    if spec.content_type == FORM:
        _read_form_fields(call, spec, raw, content_type)
        return
    if not (content_type == "application/json" or content_type.endswith("+json")):
        raise Problem(Kind.UNSUPPORTED_MEDIA_TYPE, 415, expected="application/json")
    body = json_body(raw)
    if spec.schema.get("type") == "object" and not isinstance(body, dict):
        # Many applications would read it as no input, so an update (nothing required) would pass
        # unchanged; the spec says the body is an object, and the emulator holds the API to its contract.
        raise Problem(Kind.BODY_NOT_OBJECT, 422)
    _check(call, spec, body)
    call.body = body


async def read_body_after_binding(call: Call, binding: Callable[[Call], object] | None) -> None:
    """The body read and checked, as read_body does; for a dialect that finds the path's records first
    (binding), a body it refuses is refused only once they are found: a missing one is the 404. A body too
    large is refused before (a server's size limit comes before the application). The records are looked
    up only for a body refused: a call whose body passes pays nothing, and its handler finds them."""
    try:
        await read_body(call)
    except Problem as refused:
        if binding is None or refused.kind is Kind.BODY_TOO_LARGE:
            raise
        await call.emulator.run_sync(binding, call)  # a missing record: its 404 instead
        raise


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def bounded_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request's body, refused (413) once it is larger than `limit`: before it is read when its
    Content-Length says so, else (chunked, or a Content-Length that lies) as soon as more than `limit`
    bytes have come, so that no more than `limit` and one chunk is ever held. JSON, forms and multipart
    bodies all come through here: Starlette's body(), json() and form() read what this leaves."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise Problem(Kind.BODY_TOO_LARGE, 413, limit=limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Problem(Kind.BODY_TOO_LARGE, 413, limit=limit)
        chunks.append(chunk)
    body = b"".join(chunks)
    # Starlette's Request keeps a body it has read in _body, and its stream() (so form()) yields that
    # once it is there: the multipart parser then reads the bytes checked here, not the socket again.
    request._body = body
    return body


def _read_no_body(call: Call, spec: Body) -> None:
    """An absent or empty body (whatever its Content-Type says): no fields, or no items for an array body.
    Refused when the operation requires a body: the spec's requestBody.required is about the body being
    there, so `{}` (a body, with nothing in it) is taken where the schema allows it, and no body is not,
    even when its schema requires no field (what an update whose fields are all optional is)."""
    empty: dict[str, Any] | list[Any] = [] if spec.schema.get("type") == "array" else {}
    errors = spec.errors(empty)
    if spec.required:
        raise Problem(
            Kind.BODY_REQUIRED,
            422,
            operation=call.operation,
            media_type=spec.content_type,
            schema_type=str(spec.schema.get("type", "")),
            fields=tuple(properties(spec.schema)),
            errors=[((), error) for error in errors],
        )
    if errors:
        raise Problem(Kind.INVALID, 422, errors=[((), error) for error in errors])
    if spec.content_type == "multipart/form-data":
        call.form = FormData()
    else:
        call.body = empty


async def _read_multipart(call: Call, spec: Body, content_type: str) -> None:
    """A multipart form: its parts checked against the body's schema, a file's part as its (unread) bytes,
    and a property the schema gives `format: binary` must be a file, not a text field."""
    if content_type != "multipart/form-data":
        raise Problem(Kind.UNSUPPORTED_MEDIA_TYPE, 415, expected="multipart/form-data")
    try:
        form = await call.request.form(max_files=1, max_fields=20)
    except MultiPartException as error:
        raise Problem(Kind.MALFORMED_BODY, 400, media_type="multipart/form-data", detail=error.message) from None
    except HTTPException as error:  # what Starlette makes of a MultiPartException inside an app
        raise Problem(Kind.MALFORMED_BODY, 400, media_type="multipart/form-data", detail=error.detail) from None
    # openapi-schema-validator reads bytes as a string of format binary: a file passes as one.
    fields = {name: b"" if isinstance(value, UploadFile) else value for name, value in form.multi_items()}
    errors = spec.errors(fields)
    for name, schema in properties(spec.schema).items():
        if merged(schema).get("format") == "binary" and isinstance(fields.get(name), str):
            errors.append(SchemaError(f"{name} must be a file", validator="format", validator_value="binary",
                                      instance=fields[name], path=[name]))  # fmt: skip
    if errors:
        raise Problem(Kind.INVALID, 422, errors=[((), error) for error in errors])
    call.form = form


def _read_form_fields(call: Call, spec: Body, raw: bytes, content_type: str) -> None:
    """A form-encoded body: its fields as an object, checked against the body's schema like JSON."""
    if content_type != FORM:
        raise Problem(Kind.UNSUPPORTED_MEDIA_TYPE, 415, expected=FORM)
    try:
        fields = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=True))
    except UnicodeDecodeError:
        raise Problem(Kind.MALFORMED_BODY, 400, media_type=FORM, detail=NOT_UTF8) from None
    except ValueError:  # strict_parsing: a field without "=" (Python's words would quote the field)
        raise Problem(Kind.MALFORMED_BODY, 400, media_type=FORM, detail='a field has no "="') from None
    _check(call, spec, fields)
    call.body = fields


def _check(call: Call, spec: Body, body: Any) -> None:
    """The body against its schema (422), then, for an application that hands its code only the fields
    its rules name, without the fields the schema does not list."""
    errors = spec.errors(body)
    if errors:
        raise Problem(Kind.INVALID, 422, errors=[((), error) for error in errors])
    if call.emulator.dialect.drops_unlisted_fields:
        _drop_unlisted(body, spec.schema)


def _drop_unlisted(value: Any, schema: Any) -> None:
    """Remove, in place, the object fields the schema does not list (where it lists some), at every depth
    the schema describes: an object's listed properties, an array's items."""
    shape = merged(schema)
    if isinstance(value, dict):
        listed = properties(shape)
        for name in list(value):
            if name in listed:
                _drop_unlisted(value[name], listed[name])
            elif listed and not isinstance(shape.get("additionalProperties"), dict):
                del value[name]
    elif isinstance(value, list) and isinstance(shape.get("items"), dict):
        for item in value:
            _drop_unlisted(item, shape["items"])


# A malformed body's detail (Kind.MALFORMED_BODY): fixed words per cause, never Python's own ("'utf-8' codec
# can't decode byte 0xe9 ...", "maximum recursion depth exceeded ...", "Exceeds the limit (4300 digits) ...").
NOT_UTF8, NESTED_TOO_DEEP, TOO_MANY_DIGITS = "it is not UTF-8", "it is nested too deeply", "a number is too long"
OUT_OF_RANGE = "a number is beyond a double's range"
LONE_SURROGATE = "a text holds half of a UTF-16 surrogate pair, which is no Unicode character"
# Where a body can hold a lone surrogate at all: a \uD800-\uDFFF escape, UTF-8 bytes of one (Python's decoder
# reads bodies with surrogatepass), or a NUL (a body in UTF-16 or UTF-32). Only such a body is walked.
_MAY_HOLD_A_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]|\xed[\xa0-\xbf]|\x00")


def json_body(raw: bytes) -> Any:
    """A JSON body's value, or a Problem (Kind.MALFORMED_BODY, 400) naming the cause. A syntax error keeps
    the parser's account (what it expected, at which line and column): no more than the body holds.

    Two values Python's decoder reads are refused too, as no text an application could store and answer:
    a number with a fraction or an exponent beyond a double's range (1e400, which Python reads as inf and
    writes back as Infinity, which is not JSON: every later answer holding it would be unreadable; an
    integer of any length stays an integer, written back as it came), and a lone surrogate ("\\ud800", which
    neither SQLite nor UTF-8 can hold; PHP's json_decode refuses it as JSON_ERROR_UTF16)."""
    try:
        value = json.loads(raw, parse_constant=_not_json, parse_float=_finite_float)
    except UnicodeDecodeError:
        detail = NOT_UTF8
    except (json.JSONDecodeError, _NotJson) as error:
        detail = str(error)
    except _OutOfRange:
        detail = OUT_OF_RANGE
    except RecursionError:  # the decoder recurses once per level of nesting
        detail = NESTED_TOO_DEEP
    except ValueError:  # the only other: int() refusing more than sys.get_int_max_str_digits() digits
        detail = TOO_MANY_DIGITS  # (caught here: a parse_int hook would halve the speed of every body)
    else:
        if not (_MAY_HOLD_A_SURROGATE.search(raw) and _holds_a_lone_surrogate(value)):
            return value
        detail = LONE_SURROGATE
    raise Problem(Kind.MALFORMED_BODY, 400, media_type="application/json", detail=detail)


class _NotJson(ValueError):
    """A constant Python's decoder reads but JSON does not have (_not_json)."""


class _OutOfRange(Exception):
    """A number Python's decoder reads as an infinite float (_finite_float)."""


def _not_json(constant: str) -> object:
    """NaN, Infinity and -Infinity, which Python reads but JSON (RFC 8259) does not have."""
    raise _NotJson(f"{constant} is not JSON")


def _finite_float(text: str) -> float:
    """A number with a fraction or an exponent, as float() reads it, unless beyond a double's range. (Only
    such numbers come here: an integer's digits go to int(), untouched.)"""
    number = float(text)
    if math.isinf(number):
        raise _OutOfRange
    return number


def _holds_a_lone_surrogate(value: Any) -> bool:
    """Whether any text of a decoded body, a key or a value at any depth, has a code point U+D800-U+DFFF
    (which UTF-8 cannot encode). Walked with a list rather than by recursion: the body may be as deep as the
    decoder allowed."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str) and not item.isascii():
            try:
                item.encode()
            except UnicodeEncodeError:
                return True
    return False
