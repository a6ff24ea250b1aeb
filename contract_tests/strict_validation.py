"""A second, independent judge of every response: openapi-core (strict OpenAPI 3.0.3) validates each
answer of the run against the run's spec, as the check `strict_response_conformance`.

Why a second one: schemathesis reads the spec leniently where 3.0.3 is strict (it takes `nullable: true`
beside an `allOf` with no `type` as admitting null, which 3.0.3 says has no effect), so a spec can pass the
contract check and still be refused by the strict validators its readers use (issue 12, D2: 192 errors on
one deduped-data page). This check holds the spec and the host to the letter of 3.0.3: the status is
documented, the body matches its schema (nullable only beside a type, formats checked), and the
documented headers are there and of their schema.

What it does not validate, and says so by returning True (schemathesis' "skipped", not a pass): an answer
whose body is not JSON (a CSV download, an HTML error page). openapi-core has no reader for those media
types and would judge the raw bytes against the schema; whether the media type is documented is
content_type_conformance's to say.

The spec is read once per process, when the API's checks are set up (use(), from checks.use()); each check
then costs one validation (well under a millisecond for a small answer, ~20 ms for a page of 100 records).
A failure names the operation and each violation on one line: where (status, body path with array
indices as *, or the header) and what, counting the places a violation repeats in, never a schema dump.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import schemathesis
from jsonschema.exceptions import ValidationError as SchemaError
from jsonschema.exceptions import best_match
from openapi_core import Config, OpenAPI, V30ResponseValidator
from openapi_core.datatypes import RequestParameters
from openapi_core.deserializing.media_types.util import json_loads
from openapi_core.templating.media_types.exceptions import MediaTypeNotFound
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.validation.response.exceptions import HeaderValidationError, MissingData, MissingRequiredHeader
from openapi_core.validation.schemas.exceptions import InvalidSchemaValue
from schemathesis import Case
from schemathesis.checks import CheckContext
from schemathesis.core.failures import Failure, Severity
from schemathesis.core.transport import Response
from schemathesis.generation.meta import REQUEST_SHAPE_PROBES, coverage_scenario
from werkzeug.datastructures import Headers

from contract_tests.api import ContractApi

CHECK = "strict_response_conformance"
MAX_LINES = 20  # violations listed per failure; the rest are counted
MAX_MESSAGE = 160  # characters of one violation's message (a message may quote a whole record)
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# What schemathesis reads as "skipped" (no result recorded, so the report counts no run); None is "passed".
NOT_VALIDATED = True
_INDEX = re.compile(r"/\d+(?=/|$)")


def is_json(media_type: str) -> bool:
    """application/json, or a structured +json type (application/problem+json)."""
    essence = media_type.split(";", 1)[0].strip().lower()
    return essence == "application/json" or essence.endswith("+json")


@dataclass(frozen=True)
class StrictViolation:
    where: str  # "status 418", "body /data/*/flow", "header X-Api-Version"
    what: str  # openapi-core's (or jsonschema's) message, cut at MAX_MESSAGE characters
    rule: str = ""  # the schema keyword broken (type, required, ...): one place breaks each rule once
    places: int = 1  # how many places of the body it was found in (array items counted apart)

    def line(self) -> str:
        counted = f" ({self.places} places)" if self.places > 1 else ""
        return f"{self.where}: {self.what}{counted}"


@dataclass
class _Request:
    """What openapi-core reads of a request to find the operation: the path template and the server the
    spec declares for it (the run's host is not among the spec's servers: an emulator on a loopback port)."""

    method: str
    path: str
    host_url: str
    body: bytes | None = None
    content_type: str = ""
    parameters: RequestParameters = field(default_factory=RequestParameters)

    @property
    def path_pattern(self) -> str:
        return self.path


@dataclass(frozen=True)
class _Response:
    status_code: int
    headers: Headers
    content_type: str
    data: bytes | None


class StrictValidator:
    """The spec of one API as openapi-core reads it (built once), and each operation's server."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        json_types: dict[str, Callable[[bytes], Any]] = {
            media_type: json_loads
            for item in (spec.get("paths") or {}).values()
            for method, operation in item.items()
            if method in HTTP_METHODS and isinstance(operation, dict)
            for response in (operation.get("responses") or {}).values()
            if isinstance(response, dict)
            for media_type in (response.get("content") or {})
            if is_json(media_type)
        }
        # A +json type (application/problem+json) is JSON: without this openapi-core reads it as bytes.
        # The 3.0 validator whatever the document says of itself: the project's specs are OpenAPI 3.0.3.
        config = Config(response_validator_cls=V30ResponseValidator, extra_media_type_deserializers=json_types)
        self._openapi = OpenAPI.from_dict(dict(spec), config=config)  # type: ignore[arg-type]
        default = (spec.get("servers") or [{"url": "/"}])[0]
        self._where: dict[tuple[str, str], tuple[str, str]] = {}  # (method, path) -> (host URL, path prefix)
        for path, item in (spec.get("paths") or {}).items():
            for method, operation in item.items():
                if method in HTTP_METHODS and isinstance(operation, dict):
                    servers = operation.get("servers") or item.get("servers") or []
                    self._where[(method, path)] = _located(servers[0] if servers else default)

    def violations(
        self, method: str, path: str, status: int, headers: Mapping[str, Iterable[str]], body: bytes | None
    ) -> list[StrictViolation] | None:
        """The answer's violations of the spec for the operation `method path` (its template); None when
        it is not validated: its body is not JSON (see the module's docstring)."""
        content_type = next(iter(_header(headers, "content-type")), "")
        if body and not is_json(content_type):
            return None
        method = method.lower()
        host, prefix = self._where.get((method, path), ("http://localhost", ""))
        request = _Request(method, prefix + path, host)
        response = _Response(
            status, Headers([(name, value) for name, values in headers.items() for value in values]), content_type, body
        )
        return _grouped(_described(self._openapi.response_validator.iter_errors(request, response), status))


def _located(server: Mapping[str, Any]) -> tuple[str, str]:
    """Where openapi-core finds an operation of this server: its scheme and host, and its path (its
    variables at their defaults), which the operation's path template follows."""
    url = str(server.get("url") or "/")
    for name, variable in (server.get("variables") or {}).items():
        url = url.replace("{" + name + "}", str(variable.get("default", "")))
    parts = urlsplit(url)
    host = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "http://localhost"
    return host, parts.path.rstrip("/")


def _header(headers: Mapping[str, Iterable[str]], name: str) -> list[str]:
    return [value for key, values in headers.items() if key.lower() == name for value in values]


def _described(errors: Iterable[Exception], status: int) -> Iterator[tuple[StrictViolation, str]]:
    """Each violation openapi-core reports, and the exact place it is at (a body path; "" elsewhere)."""
    for error in errors:
        cause = error.__cause__
        if isinstance(error, ResponseNotFound):
            yield StrictViolation(f"status {status}", "not documented for this operation"), ""
        elif isinstance(error, MissingData):
            yield StrictViolation(f"status {status} body", "missing: the response documents content"), ""
        elif isinstance(error, MissingRequiredHeader):
            yield StrictViolation(f"header {error.name}", "required, missing"), ""
        elif isinstance(error, HeaderValidationError):  # of its schema, or not even of its type
            messages = [schema_error.message for schema_error in _schema_errors(cause)] or [str(cause or error)]
            for message in messages:
                yield StrictViolation(f"header {error.name}", _cut(message)), ""
        elif isinstance(cause, InvalidSchemaValue):
            for schema_error in _schema_errors(cause):
                chosen = (best_match(schema_error.context) if schema_error.context else None) or schema_error
                yield _body_violation(chosen), "".join(f"/{part}" for part in chosen.absolute_path)
        elif isinstance(cause, MediaTypeNotFound):
            yield StrictViolation(f"status {status} content type", f"{cause.mimetype} is not documented"), ""
        else:  # a body that is not the JSON it says, or what openapi-core reports otherwise
            yield StrictViolation(f"status {status}", _cut(str(cause or error))), ""


def _body_violation(error: SchemaError) -> StrictViolation:
    """A schema error of the body, at the field it is about (for a missing property: that property)."""
    pointer = _pointer(error)
    if error.validator == "required" and isinstance(error.instance, dict):
        required = error.validator_value if isinstance(error.validator_value, list) else []
        missing = [str(name) for name in required if name not in error.instance]
        field = next((name for name in missing if error.message.startswith(repr(name))), missing[0] if missing else "")
        return StrictViolation(f"body {pointer.rstrip('/')}/{field}", "required, missing", "required")
    return StrictViolation(f"body {pointer}", _cut(error.message), str(error.validator))


def _schema_errors(cause: BaseException | None) -> list[SchemaError]:
    found = getattr(cause, "schema_errors", ()) if cause is not None else ()
    return [error for error in found if isinstance(error, SchemaError)]


def _pointer(error: SchemaError) -> str:
    """The body path of an error, with array indices as * so that one violation repeated over a list's
    items reads as one line."""
    pointer = "".join(f"/{part}" for part in error.absolute_path) or "/"
    return _INDEX.sub("/*", pointer)


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _grouped(found: Iterable[tuple[StrictViolation, str]]) -> list[StrictViolation]:
    """Violations of one place and rule counted together (the same field of every item of a list), in the
    order first found, each with the first message; its places are the distinct body paths it was at."""
    first: dict[tuple[str, str], StrictViolation] = {}
    places: dict[tuple[str, str], set[str]] = {}
    for violation, at in found:
        key = (violation.where, violation.rule)
        first.setdefault(key, violation)
        places.setdefault(key, set()).add(at)
    return [StrictViolation(v.where, v.what, v.rule, len(places[key])) for key, v in first.items()]


class StrictResponseViolation(Failure):
    """The answer breaks the spec as a strict OpenAPI 3.0.3 validator reads it."""

    code = "ST991"
    checks = (CHECK,)
    kind_title = "Response violates the spec (strict OpenAPI 3.0.3, openapi-core)"

    __slots__ = ("violations",)

    def __init__(self, *, operation: str, status: int, violations: list[StrictViolation]) -> None:
        lines = [violation.line() for violation in violations[:MAX_LINES]]
        if len(violations) > MAX_LINES:
            lines.append(f"... and {len(violations) - MAX_LINES} more")
        count = sum(violation.places for violation in violations)
        super().__init__(
            operation=operation,
            title=f"{operation} {status}: {count} strict OpenAPI 3.0.3 violation{'s' if count > 1 else ''}",
            message="\n".join(lines),
            severity=Severity.HIGH,
        )
        self.violations = violations

    @property
    def _unique_key(self) -> str:
        # One finding per set of places: a different field breaking is a different finding.
        return "|".join(sorted({violation.where for violation in self.violations}))


# By the spec's info.title (as checks.py keeps the APIs' rejections): the APIs use() has seen.
_VALIDATORS: dict[str, StrictValidator] = {}
_LOCK = threading.Lock()


def use(api: ContractApi) -> None:
    """Read the API's spec for the check (once per run: the run's process sets up one API)."""
    validator = StrictValidator(api.spec)
    with _LOCK:
        _VALIDATORS[api.title] = validator


@schemathesis.check
def strict_response_conformance(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Every answer, in every phase, validated by openapi-core against the run's spec (see the module's
    docstring); NOT_VALIDATED for an API not set up, or an answer that is not JSON."""
    title = str(case.operation.schema.raw_schema.get("info", {}).get("title", ""))
    validator = _VALIDATORS.get(title)
    if validator is None:
        return NOT_VALIDATED
    if coverage_scenario(case) in REQUEST_SHAPE_PROBES:
        # A probe of the request's shape (a method the path does not declare, say) is not a call of this
        # operation: its answer is not the operation's to document (schemathesis' conformance checks skip
        # it too; unsupported_method judges a 405).
        return NOT_VALIDATED
    found = validator.violations(case.operation.method, case.operation.path, response.status_code,
                                 response.headers, response.content)  # fmt: skip
    if found is None:
        return NOT_VALIDATED
    if found:
        raise StrictResponseViolation(operation=case.operation.label, status=response.status_code, violations=found)
    return None  # validated: it conforms
