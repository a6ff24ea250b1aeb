"""The spec, as the emulator reads it: per operation its path, query and body rules.

Everything a handler may rely on is checked here against the spec's own schemas (openapi-schema-validator,
OpenAPI 3.0 semantics: nullable, formats), so a spec change that only moves a bound or adds a field needs
no code change in the emulator.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from jsonschema.exceptions import ValidationError as SchemaError
from jsonschema.protocols import Validator
from openapi_schema_validator import OAS30Validator

from generator.validate import validate_spec

HTTP_METHODS = ("get", "put", "post", "delete", "patch")
FILTER_NAME = re.compile(r"^filter\[(?P<key>[^\]]+)\]$")


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
    attribute: str  # the column it filters on
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


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str  # upper case
    path: str  # the spec's template, e.g. /api/v1/data-pool/{data_pool}
    path_parameters: tuple[Parameter, ...]
    query_parameters: dict[str, Parameter]
    filters: dict[str, Filter]
    sorts: tuple[str, ...] | None
    includes: tuple[str, ...] | None
    pagination: Pagination | None
    body: Body | None
    secured: bool
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


def load_operations(spec_path: Path) -> list[Operation]:
    """Every operation of the spec, resolved (prance) and read once at start."""
    spec = validate_spec(json.loads(spec_path.read_text(encoding="utf-8")), str(spec_path))
    global_security = spec.get("security", [])
    operations = []
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                operations.append(_operation(path, method, item[method], item.get("parameters", []), global_security))
    return operations


def _operation(
    path: str, method: str, raw: dict[str, Any], shared: list[dict[str, Any]], global_security: list[Any]
) -> Operation:
    parameters = [_parameter(p) for p in [*shared, *raw.get("parameters", [])]]
    query = {p.name: p for p in parameters if p.location == "query"}
    security = raw.get("security", global_security)
    return Operation(
        operation_id=raw.get("operationId", f"{method} {path}"),
        method=method.upper(),
        path=path,
        path_parameters=tuple(p for p in parameters if p.location == "path"),
        query_parameters=query,
        filters=_filters(query),
        sorts=_listed(query, "x-sort-fields"),
        includes=_listed(query, "x-include-relationships"),
        pagination=_pagination(raw.get("x-pagination")),
        body=_body(raw.get("requestBody")),
        secured=bool(security) and all(requirement for requirement in security),
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
    return Pagination(raw["page_parameter"], raw["size_parameter"], int(raw["default_size"]), int(raw["max_size"]))


def _body(raw: dict[str, Any] | None) -> Body | None:
    if not raw:
        return None
    content_type, media = next(iter(raw.get("content", {}).items()))
    return Body(content_type, media.get("schema", {}), bool(raw.get("required")))
