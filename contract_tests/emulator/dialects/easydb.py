"""The easydb dialect: how an easydb 5 server answers, whatever the call (specs/easydb/upstream/api/ and
errors/, specs/easydb/upstream-facts.md).

- Every failure is HTTP 400 with {"realm", "code", ...}: the `api` realm for a request the server cannot
  take (a bad body, an unknown call, a wrong method: `description` in English), the `user` realm for what
  the user may put right (not authenticated, not found, rights: `parameters`, each a string). Server
  errors would be 500 in the `server` realm; the emulator answers none (what it did not foresee is
  answered as error.api.generic, and logged) but one: a database too busy for a write in time is
  error.server.database as a 503 with Retry-After, which a client may retry.
- Where the code depends on the call, the dialect picks one the operation documents (its x-error-codes):
  no token is "not authenticated" on a pool call, "session not found" on the session calls; a path id
  too large for any record is the path's resource "not found" (error.user.pool_not_found).
- Every answer carries the version headers X-Easydb-Base-Schema-Version, -User-Schema-Version, -API-Version.
- A GET's answer says how it may be cached (api/_index, Cache handling): with `cache_seconds` above 0,
  `Cache-Control: private; max-age=<n>` (as the page writes it) and `Expires`; otherwise `Cache-Control`
  and `Pragma` no-cache. A `cache_seconds` that is not an integer counts as not given; one over a year
  as a year.
- Timestamps are ISO 8601 with their offset.
"""

from __future__ import annotations

import datetime
import email.utils
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from jsonschema.exceptions import ValidationError as SchemaError
from starlette.requests import Request
from starlette.responses import Response

from contract_tests.emulator.core.answers import ErrorAnswer, Kind, Problem, json_response
from contract_tests.emulator.core.dialect import Dialect
from contract_tests.emulator.core.spec import Operation

VERSION_HEADERS = {
    "X-Easydb-Base-Schema-Version": "136",
    "X-Easydb-User-Schema-Version": "1",
    "X-Easydb-API-Version": "1",
}
# A GET without cache_seconds (or with 0): "caching is disabled by setting the Cache-Control and Pragma
# headers to no-cache" (api/_index, Cache handling).
UNCACHED_HEADERS = {**VERSION_HEADERS, "Cache-Control": "no-cache", "Pragma": "no-cache"}
MAX_CACHE_SECONDS = 365 * 24 * 3600


class EasydbError(ErrorAnswer):
    """An error in easydb's body: realm and code, and parameters (user realm) or a description (api)."""

    def __init__(self, realm: str, code: str, *, parameters: Mapping[str, Any] | None = None,
                 description: str | None = None, status: int = 400,
                 headers: Mapping[str, str] | None = None) -> None:  # fmt: skip
        super().__init__(code)
        self.realm = realm
        self.code = code
        self.status = status
        self.headers = dict(headers or {})
        # The errors catalogue: parameters are a map of string to string.
        self.parameters = {name: str(value) for name, value in (parameters or {}).items()}
        self.description = description

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"realm": self.realm, "code": self.code}
        if self.realm == "user":
            body["parameters"] = self.parameters
        if self.description is not None:
            body["description"] = self.description
        if self.realm == "server":  # errors/: server errors name their log entry
            body["uuid"] = str(uuid.uuid4())
        return body

    def response(self) -> Response:
        return json_response(self.status, self.body(), {**VERSION_HEADERS, **self.headers})


def user_error(code: str, **parameters: Any) -> EasydbError:
    """`error.user.<code>` with its parameters."""
    return EasydbError("user", f"error.user.{code}", parameters=parameters)


def api_error(code: str, description: str) -> EasydbError:
    """`error.api.<code>` with its English description."""
    return EasydbError("api", f"error.api.{code}", description=description)


def _invalid(params: Mapping[str, Any]) -> EasydbError:
    """The first schema error of a body, as the server's api error for it."""
    prefix, error = params["errors"][0]
    return _schema_error(error, [*prefix, *error.absolute_path])


def _schema_error(error: SchemaError, path: list[Any]) -> EasydbError:
    where = ".".join(str(part) for part in path) or "body"
    if error.validator == "required" and isinstance(error.validator_value, list):
        given = error.instance if isinstance(error.instance, dict) else {}
        missing = [name for name in error.validator_value if name not in given]
        return api_error("attribute_expected", f"{where}: attribute {', '.join(missing)} expected")
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set((error.schema.get("properties") or {}) if isinstance(error.schema, dict) else ())
        extra = sorted(set(error.instance) - allowed)
        return api_error("attribute_not_accepted", f"{where}: attribute {', '.join(extra)} not accepted")
    if error.validator == "type":
        return api_error("type_mismatch", f"{where}: {error.validator_value} expected")
    return api_error("invalid_value", f"{where}: {error.message}")


def documented_codes(operation: Operation) -> set[str]:
    """The error codes the operation's answers document (the spec's x-error-codes, from the pages'
    status tables and the errors catalogue)."""
    return {
        str(entry.get("code"))
        for response in operation.responses.values()
        if isinstance(response, dict)
        for entry in response.get("x-error-codes") or ()
        if isinstance(entry, dict)
    }


def _unauthenticated(params: Mapping[str, Any]) -> EasydbError:
    """No token where one is needed: "not authenticated" where the operation documents it, else (the session
    calls) "session not found", as for a token the server does not know."""
    operation = params.get("operation")
    if operation is None or "error.user.not_authenticated" in documented_codes(operation):
        return user_error("not_authenticated")
    return user_error("session_not_found", id="")


def _bad_path_parameter(params: Mapping[str, Any]) -> EasydbError:
    """A path id that names no record: an integer too large for one is "not found" as the operation
    documents it for the resource the path names (/api/v1/pool/{id}: error.user.pool_not_found, with the
    id); anything else a type mismatch."""
    name, value, operation = str(params["name"]), str(params["value"]), params.get("operation")
    digits = value.removeprefix("-")
    if digits.isascii() and digits.isdigit() and isinstance(operation, Operation):
        segments = operation.path.split("/")
        placeholder = "{" + name + "}"
        resource = segments[segments.index(placeholder) - 1] if placeholder in segments[1:] else ""
        code = f"error.user.{resource}_not_found"
        if code in documented_codes(operation):
            return EasydbError("user", code, parameters={"id": value})
    return api_error("type_mismatch", f"{name}: an integer expected")


def _busy(params: Mapping[str, Any]) -> EasydbError:
    """The database had no turn for the write in time: the server realm's error for the database
    (errors/: error.server.database), as a 503 with Retry-After, since a retry may well succeed."""
    retry_after = str(params["retry_after"])
    return EasydbError("server", "error.server.database", description=f"The database is busy: retry in {retry_after} s",
                       status=503, headers={"Retry-After": retry_after})  # fmt: skip


_A_BODY = {"array": "a JSON array", "object": "a JSON object"}

_ANSWERS: dict[Kind, Callable[[Mapping[str, Any]], EasydbError]] = {
    Kind.ROUTE_NOT_FOUND: lambda p: api_error("invalid_api", f"The API call is invalid: {p['path']}"),
    Kind.METHOD_NOT_ALLOWED: lambda p: api_error(
        "invalid_request_method", f"{p['path']} does not support {p['method']} (only {', '.join(p['allowed'])})"
    ),
    Kind.UNAUTHENTICATED: _unauthenticated,
    Kind.TOO_MANY_REQUESTS: lambda p: api_error("generic", f"Too many requests: retry in {p['retry_after']} s"),
    Kind.BAD_PATH_PARAMETER: _bad_path_parameter,
    Kind.NOT_FOUND: lambda p: user_error(f"{p['resource']}_not_found", id=p["key"]),
    Kind.KEY_TAKEN: lambda p: user_error("integrity_constraint_violation", constraint=f"{p['resource']}.{p['field']}"),
    Kind.IDS_EXHAUSTED: lambda p: api_error("generic", f"No {p['resource']} can be created: every id is taken"),
    Kind.BODY_TOO_LARGE: lambda p: api_error("invalid_content", f"The body is larger than {p['limit']} bytes"),
    Kind.UNSUPPORTED_MEDIA_TYPE: lambda p: api_error("invalid_content", f"Bad content-type: send {p['expected']}"),
    Kind.MALFORMED_BODY: lambda p: api_error(
        "invalid_content", f"The body is not valid {p['media_type']}: {p['detail']}"
    ),
    # errors/: error.api.invalid_content is "The request content is invalid (bad content-type, empty body...)".
    Kind.BODY_REQUIRED: lambda p: api_error(
        "invalid_content", f"The body is empty: send {_A_BODY.get(str(p['schema_type']), 'one')}"
    ),
    Kind.BODY_NOT_OBJECT: lambda _: api_error("type_mismatch", "body: an object expected"),
    Kind.INVALID: _invalid,
    Kind.UNEXPECTED: lambda _: api_error("generic", "The request could not be processed"),
    Kind.BUSY: _busy,
    Kind.TOO_MANY_FILTER_VALUES: lambda p: api_error(
        "invalid_value", f"{p['filter']}: at most {p['limit']} values, {p['count']} given"
    ),
    # Not an API call (the emulator's control routes): easydb's form, and what to do in the description.
    Kind.CONTROL_REFUSED: lambda p: api_error("generic", f"The control routes refused the request: {p['reason']}"),
    Kind.ROUTING: lambda p: api_error("generic", str(p["detail"]) or "The request could not be routed"),
}


def cache_seconds(text: str) -> int:
    """How long a GET's answer may be cached, as its `cache_seconds` asks: 0 (not at all) for a value that
    is not an integer in ASCII digits (with a leading minus) or not above 0, and at most a year (an HTTP date
    past the platform's time_t cannot be written, and no cache keeps one). A value of more digits than a
    year's seconds is over a year, told by its length: int() would refuse one of more than 4,300 digits."""
    magnitude = text.removeprefix("-")
    if not (magnitude.isascii() and magnitude.isdigit()):
        return 0
    significant = magnitude.lstrip("0")
    if not significant or text.startswith("-"):
        return 0
    if len(significant) > len(str(MAX_CACHE_SECONDS)):
        return MAX_CACHE_SECONDS
    return min(int(significant), MAX_CACHE_SECONDS)


class EasydbDialect(Dialect):
    name = "easydb"
    key = "_id"

    def problem(self, problem: Problem) -> Response:
        return _ANSWERS[problem.kind](problem.params).response()

    def now(self) -> str:
        return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")

    # api/_index, HTTP Request: "the query string parameters may be passed in the body using the
    # Content-Type application/x-www-form-urlencoded, provided the call does not expect a body".
    query_in_form_body = True

    def headers(self, request: Request) -> Mapping[str, str]:
        if request.method not in ("GET", "HEAD"):
            return VERSION_HEADERS
        seconds = cache_seconds(request.query_params.get("cache_seconds", ""))
        if seconds <= 0:
            return UNCACHED_HEADERS
        expires = email.utils.formatdate(time.time() + seconds, usegmt=True)
        return {**VERSION_HEADERS, "Cache-Control": f"private; max-age={seconds}", "Expires": expires}


DIALECT = EasydbDialect()
