"""The spec, as the emulator reads it: per operation its path, query and body rules, its security and its
documented answers; and the security schemes. It is read once at start, checked against the OpenAPI 3.0
schema and its local `$ref`s followed (resolved_spec(): not with prance, for the server's memory).

Everything a handler may rely on is checked against the spec's own schemas (openapi-schema-validator,
OpenAPI 3.0 semantics: nullable, formats), so a spec change that only moves a bound or adds a field needs
no code change in the emulator. The project's x- extensions are read here too: x-filter, x-sort-fields,
x-include-relationships (on query parameters) and x-pagination (on operations).
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from jsonschema.exceptions import ValidationError as SchemaError
from jsonschema.protocols import Validator
from openapi_schema_validator import OAS30Validator

from generator.errors import BuildError
from generator.openapi import at, operations, pointer_parts, pointer_token

HTTP_METHODS = ("get", "put", "post", "delete", "patch")
FILTER_NAME = re.compile(r"^filter\[(?P<key>[^\]]+)\]$")
PATH_PARAMETER = re.compile(r"^\{(?P<name>[^{}/]+)\}$")


class SpecMismatch(RuntimeError):
    """Found at start: the spec asks for what the API package cannot serve (a filter on a column its table
    does not have, records kept for a collection the spec does not have); the message names which."""


def validator(schema: dict[str, Any]) -> Validator:
    return OAS30Validator(schema, format_checker=OAS30Validator.FORMAT_CHECKER)


class SchemaChecked:
    """Something a request value is checked against: its schema's validator is built once, not per request."""

    schema: dict[str, Any]

    @cached_property
    def _validator(self) -> Validator:
        return validator(self.schema)

    def errors(self, value: Any) -> list[SchemaError]:
        return list(self._validator.iter_errors(value))


@dataclass(frozen=True)
class Parameter(SchemaChecked):
    name: str
    location: str
    required: bool
    schema: dict[str, Any]
    extensions: dict[str, Any]


@dataclass(frozen=True)
class Filter:
    key: str  # as in filter[key]
    attribute: str  # the attribute it filters on
    match: str  # partial, exact, before or after
    parameter: Parameter


@dataclass(frozen=True)
class Body(SchemaChecked):
    content_type: str
    schema: dict[str, Any]
    required: bool


@dataclass(frozen=True)
class Pagination:
    page: str
    size: str
    default_size: int
    max_size: int
    items: str | None  # the body's property holding the page's items, when the spec names it


@dataclass(frozen=True)
class SecurityScheme:
    """Where a request carries one kind of credential (OpenAPI's securitySchemes)."""

    name: str
    type: str  # apiKey, http, oauth2, openIdConnect
    location: str  # header, query or cookie
    parameter: str  # the header, query parameter or cookie holding it
    scheme: str | None = None  # for http: bearer, basic


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str  # upper case
    path: str  # the spec's template, e.g. /api/v1/things/{thing}
    path_parameters: tuple[Parameter, ...]
    query_parameters: dict[str, Parameter]
    filters: dict[str, Filter]
    sorts: tuple[str, ...] | None
    includes: tuple[str, ...] | None
    pagination: Pagination | None
    body: Body | None
    security: tuple[tuple[str, ...], ...]  # alternatives, each the schemes it needs together
    responses: dict[str, Any] = field(default_factory=dict, repr=False)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def secured(self) -> bool:
        """Whether a credential is required: an empty requirement ({}) makes one optional."""
        return bool(self.security) and all(self.security)

    def success(self) -> list[int]:
        """The documented 2xx statuses, lowest first."""
        return sorted(int(status) for status in self.responses if status.isdigit() and status.startswith("2"))

    def json_schema(self, status: int) -> dict[str, Any] | None:
        """The JSON body schema of a documented answer, if it has one."""
        content = (self.responses.get(str(status)) or {}).get("content") or {}
        for media_type, media in content.items():
            if media_type == "application/json" or media_type.endswith("+json"):
                schema = media.get("schema")
                return schema if isinstance(schema, dict) else {}
        return None


@dataclass(frozen=True)
class Spec:
    operations: list[Operation]
    security_schemes: dict[str, SecurityScheme]


def load_spec(spec_path: Path) -> Spec:
    """Every operation of the spec, checked and resolved (resolved_spec()), read once at start."""
    if not spec_path.is_file():
        raise FileNotFoundError(
            f"{spec_path}: no built spec (build it: python -m generator spec --api {spec_path.parent.name})"
        )
    try:
        document = json.loads(spec_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BuildError(f"{spec_path}: cannot read the spec: {error}") from None
    spec = resolved_spec(document, str(spec_path))
    global_security = spec.get("security", [])
    operations = []
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                operations.append(_operation(path, method, item[method], item.get("parameters", []), global_security))
    schemes = {
        name: _scheme(name, raw) for name, raw in (spec.get("components", {}).get("securitySchemes") or {}).items()
    }
    return Spec(operations, schemes)


def resolved_spec(document: Any, what: str) -> dict[str, Any]:
    """The spec checked against the OpenAPI 3.0 schema, with every local `$ref` replaced by what it
    points at (as prance's ResolvingParser would); BuildError naming the place when it is not valid.

    Not prance, as the build uses (generator/validate.py): the emulator is a long-running server, and
    prance's path costs it 30 MB for as long as it runs (chardet's tables, read to guess the file's
    encoding, and requests, which openapi-spec-validator's reference handlers import), against 1 MB here.
    The built spec has passed the build's full check; what is checked again here is its shape (the
    OpenAPI 3.0 JSON schema, the one openapi-spec-validator uses), that every reference resolves, and that
    no operationId is used twice (handlers are found by it). A referenced object is shared by every place
    that refers to it, not copied: nothing in the emulator changes the spec it reads."""
    errors = sorted(_openapi_schema().iter_errors(document), key=lambda error: list(map(str, error.absolute_path)))
    if errors:
        raise BuildError(
            f"{what} is not valid OpenAPI 3.0",
            details=[f"at {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors[:20]],
        )
    resolved: dict[str, Any] = _References(document, what).resolve(document, "")
    seen: dict[str, str] = {}
    for path, method, operation in operations(resolved):
        operation_id = operation.get("operationId")
        if operation_id is None:
            continue
        if operation_id in seen:
            raise BuildError(f"{what}: operationId {operation_id!r} is used twice ({seen[operation_id]}, "
                             f"{method.upper()} {path})")  # fmt: skip
        seen[operation_id] = f"{method.upper()} {path}"
    return resolved


def _openapi_schema() -> Validator:
    """A validator of the OpenAPI 3.0 schema that openapi-spec-validator ships, its file found without
    importing the package (whose import pulls in requests: the reason it is not used, resolved_spec())."""
    found = importlib.util.find_spec("openapi_spec_validator")
    locations = list(found.submodule_search_locations or []) if found is not None else []
    for location in locations:
        schema_file = Path(location) / "resources" / "schemas" / "v3.0" / "schema.json"
        if schema_file.is_file():
            return Draft4Validator(json.loads(schema_file.read_text(encoding="utf-8")))
    raise BuildError("the OpenAPI 3.0 schema is missing: openapi-spec-validator is not installed (make venv)")


class _References:
    """Follows a document's local `$ref`s (JSON pointers, RFC 6901), each target resolved once.

    Hand-written: jsonref, the library that does this, imports requests for remote references (19 MB of the
    server's memory, the cost resolved_spec() avoids), and jsonschema's `referencing` looks a pointer up
    but does not replace references in a document."""

    def __init__(self, document: Any, what: str) -> None:
        self.document = document
        self.what = what
        self.done: dict[str, Any] = {}
        self.in_progress: set[str] = set()

    def resolve(self, node: Any, where: str) -> Any:
        if isinstance(node, list):
            return [self.resolve(item, f"{where}/{index}") for index, item in enumerate(node)]
        if not isinstance(node, dict):
            return node
        reference = node.get("$ref")
        if isinstance(reference, str):
            return self._target(reference, where)
        return {key: self.resolve(value, f"{where}/{pointer_token(key)}") for key, value in node.items()}

    def _target(self, reference: str, where: str) -> Any:
        if reference in self.done:
            return self.done[reference]
        if not reference.startswith("#"):
            raise BuildError(f"{self.what}: at {where or '/'}: only local references are served, not {reference!r}")
        if reference in self.in_progress:
            raise BuildError(f"{self.what}: at {where or '/'}: {reference!r} refers to itself (a reference cycle)")
        try:
            node = at(self.document, pointer_parts(reference[1:]))
        except KeyError:
            raise BuildError(f"{self.what}: at {where or '/'}: the $ref {reference!r} does not resolve") from None
        self.in_progress.add(reference)
        try:
            self.done[reference] = self.resolve(node, reference[1:])
        finally:
            self.in_progress.discard(reference)
        return self.done[reference]


def path_segments(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment]


def parameter_name(segment: str) -> str | None:
    """The parameter a path segment is ({thing} -> thing), or None for a literal segment."""
    found = PATH_PARAMETER.match(segment)
    return found["name"] if found else None


def _operation(
    path: str, method: str, raw: dict[str, Any], shared: list[dict[str, Any]], global_security: list[Any]
) -> Operation:
    parameters = [_parameter(p) for p in [*shared, *raw.get("parameters", [])]]
    query = {p.name: p for p in parameters if p.location == "query"}
    security = raw.get("security", global_security)
    return Operation(
        operation_id=raw.get("operationId", f"{method.upper()} {path}"),
        method=method.upper(),
        path=path,
        path_parameters=tuple(p for p in parameters if p.location == "path"),
        query_parameters=query,
        filters=_filters(query),
        sorts=_listed(query, "x-sort-fields"),
        includes=_listed(query, "x-include-relationships"),
        pagination=_pagination(raw.get("x-pagination")),
        body=_body(raw.get("requestBody")),
        security=tuple(tuple(requirement) for requirement in security),
        responses=raw.get("responses", {}),
        raw=raw,
    )


def _parameter(raw: dict[str, Any]) -> Parameter:
    extensions = {key: value for key, value in raw.items() if key.startswith("x-")}
    return Parameter(raw["name"], raw["in"], bool(raw.get("required")), raw.get("schema", {}), extensions)


def _filters(query: dict[str, Parameter]) -> dict[str, Filter]:
    filters = {}
    for name, parameter in query.items():
        found = FILTER_NAME.match(name)
        if found:
            rule = parameter.extensions.get("x-filter", {})
            key = found["key"]
            filters[key] = Filter(key, rule.get("attribute", key), rule.get("match", "exact"), parameter)
    return filters


def _listed(query: dict[str, Parameter], extension: str) -> tuple[str, ...] | None:
    for parameter in query.values():
        if extension in parameter.extensions:
            return tuple(parameter.extensions[extension])
    return None


def _pagination(raw: dict[str, Any] | None) -> Pagination | None:
    if raw is None:
        return None
    return Pagination(
        raw["page_parameter"], raw["size_parameter"], int(raw["default_size"]), int(raw["max_size"]), raw.get("items")
    )


def _body(raw: dict[str, Any] | None) -> Body | None:
    if not raw:
        return None
    content_type, media = next(iter(raw.get("content", {}).items()))
    return Body(content_type, media.get("schema", {}), bool(raw.get("required")))


def _scheme(name: str, raw: dict[str, Any]) -> SecurityScheme:
    kind = str(raw.get("type", ""))
    if kind == "apiKey":
        return SecurityScheme(name, kind, str(raw.get("in", "header")), str(raw.get("name", "")))
    # http (bearer, basic), oauth2 and openIdConnect all carry their credential in Authorization.
    return SecurityScheme(name, kind, "header", "Authorization", str(raw.get("scheme", "bearer")).lower())
