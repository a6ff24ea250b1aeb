"""What the client templates need to know about an operation beyond openapi-python-client's parser.

openapi-python-client parses the spec into Endpoint objects but drops the `x-` extensions the overlays add
and flattens query parameter names (`filter[name]` becomes `filtername`). The templates get an
EndpointView for each Endpoint: the raw operation from the spec, the query parameters as the client
should take them (`filter_name: str | Sequence[str]`, `sort: Sort | Sequence[Sort]`), the pagination of a
list operation and the upload of a file operation. Everything here is derived from the spec, so a new
page needs no change here.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from typing import Any

from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.openapi import Endpoint
from openapi_python_client.parser.properties import ModelProperty
from openapi_python_client.parser.properties.protocol import PropertyProtocol

from generator.errors import BuildError

_SCALAR_TYPES = {"integer": "int", "number": "float", "boolean": "bool", "string": "str"}


@dataclass(frozen=True)
class LiteralAlias:
    """A `Name = Literal[...]` the module defines, e.g. the allowed sort fields."""

    name: str
    values: tuple[str, ...]

    @property
    def definition(self) -> str:
        return f"{self.name} = Literal[{', '.join(repr(v) for v in self.values)}]"


@dataclass(frozen=True)
class QueryParameter:
    wire_name: str  # as the API spells it: filter[name]
    python_name: str  # as the client takes it: filter_name
    annotation: str
    required: bool
    description: str
    role: str  # filter, sort, include, page, size or plain

    @property
    def signature(self) -> str:
        declaration = f"{self.python_name}: {self.annotation}"
        return declaration if self.required else f"{declaration} = UNSET"


@dataclass(frozen=True)
class Pagination:
    page: QueryParameter
    size: QueryParameter
    items_attribute: str
    item_class: str
    item_import: str
    max_size: int


@dataclass(frozen=True)
class Upload:
    """A multipart body whose one field is a file: the client takes a path, bytes or a binary file."""

    field_name: str
    python_name: str
    content_type: str
    description: str


@dataclass(frozen=True)
class EndpointView:
    operation_id: str
    query_parameters: tuple[QueryParameter, ...]
    aliases: tuple[LiteralAlias, ...]
    success_types: tuple[str, ...]  # Python types of the 2xx bodies
    pagination: Pagination | None
    upload: Upload | None
    path_descriptions: dict[str, str]  # path parameter name -> its description

    def describe_path_parameter(self, name: Any) -> str:
        """The description of a path parameter (openapi-python-client's docstrings leave it out)."""
        raw = name.get_untrusted_value() if hasattr(name, "get_untrusted_value") else str(name)
        return self.path_descriptions.get(raw, "")

    @property
    def success_type(self) -> str:
        return " | ".join(self.success_types) if self.success_types else "None"

    @property
    def iteration_parameters(self) -> tuple[QueryParameter, ...]:
        """The query parameters `iterate` takes: all but the page and page size, which it drives itself."""
        return tuple(p for p in self.query_parameters if p.role not in ("page", "size"))


class ApiView:
    """Looks up the raw spec behind openapi-python-client's Endpoints; one per generation."""

    def __init__(self, spec: dict[str, Any], openapi: GeneratorData) -> None:
        self.spec = spec
        self.openapi = openapi

    def operation(self, endpoint: Endpoint) -> dict[str, Any]:
        operation: dict[str, Any] = self.spec["paths"][endpoint.path.get_untrusted_value()][endpoint.method]
        return operation

    def endpoint(self, endpoint: Endpoint) -> EndpointView:
        operation = self.operation(endpoint)
        operation_id = operation.get("operationId") or f"{endpoint.method} {endpoint.path}"
        parameters = [self._resolve(p) for p in operation.get("parameters", [])]
        query = [p for p in parameters if p.get("in") == "query"]
        aliases = tuple(alias for alias in (_alias_for(p) for p in query) if alias is not None)
        query_parameters = tuple(_query_parameter(p, operation, operation_id) for p in query)
        return EndpointView(
            operation_id=operation_id,
            query_parameters=query_parameters,
            aliases=aliases,
            success_types=_success_types(endpoint),
            pagination=self._pagination(operation, operation_id, query_parameters),
            upload=self._upload(operation),
            path_descriptions={p["name"]: _describe(p) for p in parameters if p.get("in") == "path"},
        )

    def _pagination(
        self, operation: dict[str, Any], operation_id: str, parameters: tuple[QueryParameter, ...]
    ) -> Pagination | None:
        marker = operation.get("x-pagination")
        if marker is None:
            return None
        by_wire = {p.wire_name: p for p in parameters}
        try:
            page = by_wire[marker["page_parameter"]]
            size = by_wire[marker["size_parameter"]]
            items = marker["items"]
            item_schema = self._list_item_schema(operation, items)
        except KeyError as missing:
            raise BuildError(f"{operation_id}: x-pagination names {missing}, which the operation lacks") from None
        if not str(items).isidentifier():
            raise BuildError(f"{operation_id}: x-pagination items {items!r} is not a property name the client can use")
        model = self._model(item_schema, operation_id)
        return Pagination(
            page=page,
            size=size,
            items_attribute=items,
            item_class=model.class_info.name,
            item_import=f"from ...models.{model.class_info.module_name} import {model.class_info.name}",
            max_size=int(marker.get("max_size", 100)),
        )

    def _list_item_schema(self, operation: dict[str, Any], items: str) -> str:
        """The schema name of the list's items: 200 body -> items property -> array items $ref."""
        body = self._resolve(operation["responses"]["200"])["content"]["application/json"]["schema"]
        envelope = self._resolve(body)
        reference: str = envelope["properties"][items]["items"]["$ref"]
        return reference.rsplit("/", 1)[-1]

    def _model(self, schema_name: str, operation_id: str) -> ModelProperty:
        for model in self.openapi.models:
            if model.name.get_untrusted_value() == f"/components/schemas/{schema_name}":
                return model
        raise BuildError(f"{operation_id}: no model was generated for schema {schema_name!r}")

    def _upload(self, operation: dict[str, Any]) -> Upload | None:
        content = self._resolve(operation.get("requestBody", {})).get("content", {})
        if list(content) != ["multipart/form-data"]:
            return None
        media = content["multipart/form-data"]
        schema = self._resolve(media.get("schema", {}))
        properties = schema.get("properties", {})
        if len(properties) != 1:
            return None
        ((field_name, field_schema),) = properties.items()
        if field_schema.get("format") != "binary":
            return None
        content_type = media.get("encoding", {}).get(field_name, {}).get("contentType", "application/octet-stream")
        return Upload(field_name, python_name(field_name), content_type, field_schema.get("description", ""))

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = self.spec
            for key in node["$ref"].removeprefix("#/").split("/"):
                target = target[key]
            node = target
        return node


def python_name(wire_name: str) -> str:
    """`filter[flow_id]` -> `filter_flow_id`; a Python keyword gets a trailing underscore."""
    name = re.sub(r"[^0-9a-zA-Z_]+", "_", wire_name).strip("_")
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    return f"{name}_" if keyword.iskeyword(name) or not name else name


def _alias_for(parameter: dict[str, Any]) -> LiteralAlias | None:
    if "x-sort-fields" in parameter:
        fields = parameter["x-sort-fields"]
        return LiteralAlias("Sort", tuple(v for field in fields for v in (field, f"-{field}")))
    if "x-include-relationships" in parameter:
        return LiteralAlias("Include", tuple(parameter["x-include-relationships"]))
    return None


def _query_parameter(parameter: dict[str, Any], operation: dict[str, Any], operation_id: str) -> QueryParameter:
    wire_name = parameter["name"]
    required = bool(parameter.get("required", False))
    role, annotation = _role_and_type(parameter, operation, operation_id)
    if not required:
        annotation = f"{annotation} | Unset"
    return QueryParameter(
        wire_name=wire_name,
        python_name=python_name(wire_name),
        annotation=annotation,
        required=required,
        description=_describe(parameter),
        role=role,
    )


def _role_and_type(parameter: dict[str, Any], operation: dict[str, Any], operation_id: str) -> tuple[str, str]:
    pagination = operation.get("x-pagination", {})
    schema = parameter.get("schema", {})
    if "x-sort-fields" in parameter:
        return "sort", "Sort | Sequence[Sort]"
    if "x-include-relationships" in parameter:
        return "include", "Include | Sequence[Include]"
    if "x-filter" in parameter:
        match = parameter["x-filter"].get("match")
        if match in ("before", "after"):
            return "filter", "datetime.datetime | str"
        if match == "exact":
            return "filter", "int | str | Sequence[int | str]"
        return "filter", "str | Sequence[str]"
    if parameter["name"] == pagination.get("page_parameter"):
        return "page", "int"
    if parameter["name"] == pagination.get("size_parameter"):
        return "size", "int"
    if schema.get("type") == "string" and schema.get("format") == "date-time":
        return "plain", "datetime.datetime | str"
    if schema.get("type") == "array" and schema.get("items", {}).get("type") in _SCALAR_TYPES:
        return "plain", f"Sequence[{_SCALAR_TYPES[schema['items']['type']]}]"
    if schema.get("type") in _SCALAR_TYPES:
        return "plain", _SCALAR_TYPES[schema["type"]]
    raise BuildError(
        f"{operation_id}: query parameter {parameter['name']!r} has a schema the client cannot send: {schema}"
    )


def _describe(parameter: dict[str, Any]) -> str:
    description = " ".join(str(parameter.get("description", "")).split())
    default = parameter.get("schema", {}).get("default")
    if default is not None:
        description = f"{description} The API's default: {default}.".strip()
    return description


def _success_types(endpoint: Endpoint) -> tuple[str, ...]:
    types: list[str] = []
    for response in endpoint.responses.patterns:
        low, high = response.status_code.range or (0, 0)
        prop: PropertyProtocol = response.prop
        if low >= 200 and high < 300:
            type_string = prop.get_type_string(no_optional=True).as_unembedded_code()
            if type_string not in types and type_string != "None":
                types.append(type_string)
    return tuple(types)
