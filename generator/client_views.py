"""What the client templates need to know about an operation beyond openapi-python-client's parser.

openapi-python-client parses the spec into Endpoint objects but drops the `x-` extensions the overlays add
and flattens query parameter names (`filter[name]` becomes `filtername`). The templates get an
EndpointView for each Endpoint: the raw operation from the spec, the query parameters as the client
should take them (`filter_name: str | Sequence[str]`, `sort: Sort | Sequence[Sort]`), the pagination of a
list operation, the upload of a file operation, whether it may be retried once sent and what it raises.
ApiView.examples picks the API's own operations for the README and docstrings (client_examples.py).
Everything here is derived from the spec and the runtime chosen for the API (client_runtime.py), so a new
page needs no change here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.openapi import Endpoint
from openapi_python_client.parser.properties import ModelProperty
from openapi_python_client.parser.properties.protocol import PropertyProtocol
from openapi_python_client.strings import PythonIdentifier

from generator import openapi
from generator.client_examples import SCALAR_TYPES, Examples, examples_of
from generator.client_parts import python_name
from generator.client_runtime import ClientRuntime
from generator.errors import BuildError
from generator.secret_fields import secret_fields, sends_a_secret


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
    retried: bool  # may a request that reached the server be sent again (5xx, timeouts)
    raises: str  # the docstring's `errors.ApiError:` entry
    query_parameters: tuple[QueryParameter, ...]
    aliases: tuple[LiteralAlias, ...]
    success_properties: tuple[PropertyProtocol, ...]  # openapi-python-client's properties of the 2xx bodies
    success_types: tuple[str, ...]  # their Python types, each once
    single_item: bool  # the 2xx body is an array of exactly one item, which sync() returns by itself
    pagination: Pagination | None
    upload: Upload | None
    path_descriptions: dict[str, str]  # path parameter name -> its description
    own_server: str | None = None  # the operation's own server (its or its path's `servers`), if any
    sends_secret: bool = False  # its request body holds a secret (a password): not sent to another origin

    def describe_path_parameter(self, name: Any) -> str:
        """The description of a path parameter (openapi-python-client's docstrings leave it out)."""
        raw = name.get_untrusted_value() if hasattr(name, "get_untrusted_value") else str(name)
        return self.path_descriptions.get(raw, "")

    @property
    def success_type(self) -> str:
        if self.single_item:
            return re.sub(r"^list\[(.*)\]$", r"\1", self.success_types[0])
        return " | ".join(self.success_types) if self.success_types else "None"

    @property
    def success_classes(self) -> tuple[str, ...]:
        """The classes of the success types (`list[Pool]` is a list), each once."""
        return tuple(dict.fromkeys(re.sub(r"\[.*\]$", "", type_string) for type_string in self.success_types))

    @property
    def success_check(self) -> str:
        """isinstance()'s second argument for the success types: their classes."""
        classes = self.success_classes
        return classes[0] if len(classes) == 1 else f"({', '.join(classes)})"

    @property
    def iteration_parameters(self) -> tuple[QueryParameter, ...]:
        """The query parameters `iterate` takes: all but the page and page size, which it drives itself."""
        return tuple(p for p in self.query_parameters if p.role not in ("page", "size"))


class ApiView:
    """Looks up the raw spec behind openapi-python-client's Endpoints; one per generation."""

    def __init__(self, spec: dict[str, Any], openapi: GeneratorData, runtime: ClientRuntime, field_prefix: str) -> None:
        self.spec = spec
        self.openapi = openapi
        self.runtime = runtime
        self.field_prefix = field_prefix
        self._views: dict[tuple[str, str], EndpointView] = {}

    def operation(self, endpoint: Endpoint) -> dict[str, Any]:
        operation: dict[str, Any] = self.spec["paths"][endpoint.path.get_untrusted_value()][endpoint.method]
        return operation

    def secret_fields(self, model: ModelProperty) -> frozenset[str]:
        """The wire names of the model's fields the spec marks secret: its repr masks them (secret_fields.py)."""
        return secret_fields(self.spec, model)

    def module_name(self, endpoint: Endpoint) -> str:
        """The operation's module under api/<tag>/, as openapi-python-client names it."""
        return str(PythonIdentifier(endpoint.name, self.field_prefix))

    def endpoint(self, endpoint: Endpoint) -> EndpointView:
        key = (endpoint.method, endpoint.path.get_untrusted_value())
        if key not in self._views:
            self._views[key] = self._endpoint(endpoint)
        return self._views[key]

    def _endpoint(self, endpoint: Endpoint) -> EndpointView:
        operation = self.operation(endpoint)
        operation_id = operation.get("operationId") or f"{endpoint.method} {endpoint.path}"
        parameters = [self.resolve(p) for p in operation.get("parameters", [])]
        query = [p for p in parameters if p.get("in") == "query"]
        aliases = tuple(alias for alias in (_alias_for(p) for p in query) if alias is not None)
        query_parameters = tuple(_query_parameter(p, operation, operation_id) for p in query)
        return EndpointView(
            operation_id=operation_id,
            retried=self.runtime.retried(endpoint.method, operation),
            raises=self.runtime.errors.raises(operation_id),
            query_parameters=query_parameters,
            aliases=aliases,
            success_properties=(success_properties := _success_properties(endpoint)),
            success_types=(success_types := _types(success_properties) if self._has_success_body(operation) else ()),
            single_item=len(success_types) == 1 and success_types[0].startswith("list[") and self._one_item(operation),
            pagination=self._pagination(operation, operation_id, query_parameters),
            upload=self._upload(operation),
            path_descriptions={p["name"]: _describe(p) for p in parameters if p.get("in") == "path"},
            own_server=self._own_server(endpoint, operation),
            sends_secret=sends_a_secret(self.spec, operation),
        )

    def _own_server(self, endpoint: Endpoint, operation: dict[str, Any]) -> str | None:
        """The first URL of the operation's own `servers` (else its path item's), without a trailing slash."""
        servers = operation.get("servers") or self.spec["paths"][endpoint.path.get_untrusted_value()].get("servers")
        return str(servers[0]["url"]).rstrip("/") if servers else None

    def _has_success_body(self, operation: dict[str, Any]) -> bool:
        """Whether a 2xx answer has a body: one without content (a delete's bare 200) returns None, where
        openapi-python-client would type it Any."""
        return any(
            self.resolve(response).get("content")
            for status, response in operation.get("responses", {}).items()
            if str(status).startswith("2")
        )

    def _one_item(self, operation: dict[str, Any]) -> bool:
        """Whether every 2xx JSON body is an array of exactly one item (minItems = maxItems = 1): an API
        that answers a get by id with a one-element list, whose client returns the item."""
        schemas = [
            self.resolve(media.get("schema", {}))
            for status, response in operation.get("responses", {}).items()
            if str(status).startswith("2")
            for media in self.resolve(response).get("content", {}).values()
        ]
        return bool(schemas) and all(
            schema.get("type") == "array" and schema.get("minItems") == 1 and schema.get("maxItems") == 1
            for schema in schemas
        )

    @cached_property
    def examples(self) -> Examples:
        """The README's and docstrings' calls (client_examples.py)."""
        return examples_of(self)

    def _pagination(
        self, operation: dict[str, Any], operation_id: str, parameters: tuple[QueryParameter, ...]
    ) -> Pagination | None:
        marker = operation.get("x-pagination")
        if marker is None:
            return None
        if self.runtime.pagination is None:
            raise BuildError(f"{operation_id}: the spec marks it x-pagination, but the API's profile says "
                             "`pagination: none`")  # fmt: skip
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
        model = self.model(item_schema, operation_id)
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
        body = self.resolve(operation["responses"]["200"])["content"]["application/json"]["schema"]
        envelope = self.resolve(body)
        reference: str = envelope["properties"][items]["items"]["$ref"]
        return reference.rsplit("/", 1)[-1]

    def model(self, schema_name: str, operation_id: str) -> ModelProperty:
        for model in self.openapi.models:
            if model.name.get_untrusted_value() == f"/components/schemas/{schema_name}":
                return model
        raise BuildError(f"{operation_id}: no model was generated for schema {schema_name!r}")

    def _upload(self, operation: dict[str, Any]) -> Upload | None:
        content = self.resolve(operation.get("requestBody", {})).get("content", {})
        if list(content) != ["multipart/form-data"]:
            return None
        media = content["multipart/form-data"]
        schema = self.resolve(media.get("schema", {}))
        properties = schema.get("properties", {})
        if len(properties) != 1:
            return None
        ((field_name, field_schema),) = properties.items()
        if field_schema.get("format") != "binary":
            return None
        content_type = media.get("encoding", {}).get(field_name, {}).get("contentType", "application/octet-stream")
        return Upload(field_name, python_name(field_name), content_type, field_schema.get("description", ""))

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        return openapi.resolved(self.spec, node)


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
    if schema.get("type") == "array" and schema.get("items", {}).get("type") in SCALAR_TYPES:
        return "plain", f"Sequence[{SCALAR_TYPES[schema['items']['type']]}]"
    if schema.get("type") in SCALAR_TYPES:
        return "plain", SCALAR_TYPES[schema["type"]]
    raise BuildError(
        f"{operation_id}: query parameter {parameter['name']!r} has a schema the client cannot send: {schema}"
    )


def _describe(parameter: dict[str, Any]) -> str:
    description = " ".join(str(parameter.get("description", "")).split())
    default = parameter.get("schema", {}).get("default")
    if default is not None:
        description = f"{description} The API's default: {default}.".strip()
    return description


def _success_properties(endpoint: Endpoint) -> tuple[PropertyProtocol, ...]:
    successes = []
    for response in endpoint.responses.patterns:
        low, high = response.status_code.range or (0, 0)
        if low >= 200 and high < 300:
            successes.append(response.prop)
    return tuple(successes)


def _types(properties: tuple[PropertyProtocol, ...]) -> tuple[str, ...]:
    """The Python types of the properties, each once, without None."""
    types = (prop.get_type_string(no_optional=True).as_unembedded_code() for prop in properties)
    return tuple(type_string for type_string in dict.fromkeys(types) if type_string != "None")
