"""What the client templates need to know about an operation beyond openapi-python-client's parser.

openapi-python-client parses the spec into Endpoint objects but drops the `x-` extensions the overlays add
and flattens query parameter names (`filter[name]` becomes `filtername`). The templates get an
EndpointView for each Endpoint: the raw operation from the spec, the query parameters as the client
should take them (`filter_name: str | Sequence[str]`, `sort: Sort | Sequence[Sort]`), the pagination of a
list operation, the upload of a file operation, whether it may be retried once sent and what it raises.
ApiView.examples picks the API's own operations for the README and docstrings. Everything here is
derived from the spec and the runtime chosen for the API (client_runtime.py), so a new page needs no
change here.
"""

from __future__ import annotations

import json
import mimetypes
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
from generator.client_parts import python_name
from generator.client_runtime import ClientRuntime
from generator.errors import BuildError
from generator.secret_fields import secret_fields

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


@dataclass(frozen=True)
class ExampleCall:
    """One operation's call, for the README and docstrings: `list_data_pools.sync(client=client)`."""

    tag: str  # its package under api/
    module: str  # its module there
    arguments: str
    items_attribute: str | None = None  # where a page's items are (a paginated operation)
    body_class: str | None = None  # the model its body example builds
    operation_id: str = ""  # the operation called (the README's error example picks one of its codes)

    def call(self, function: str = "sync") -> str:
        return f"{self.module}.{function}({self.arguments})"


@dataclass(frozen=True)
class Examples:
    """The API's own operations the README shows: a list, a get, a create, an iteration, an upload."""

    listing: ExampleCall | None
    getting: ExampleCall | None
    creating: ExampleCall | None
    iterating: ExampleCall | None
    uploading: ExampleCall | None
    query_conventions: bool  # some operation takes filter[...], sort or include parameters

    @property
    def primary(self) -> ExampleCall | None:
        """The one call a short example shows."""
        return self.listing or self.getting or self.creating

    def imports(self, package: str) -> list[str]:
        """The imports of the README's "Call an operation" example: the list, get and create calls, and
        the model the create builds."""
        calls = [call for call in (self.listing, self.getting, self.creating) if call]
        modules: dict[str, set[str]] = {}
        for call in calls:
            modules.setdefault(f"{package}.api.{call.tag}", set()).add(call.module)
        if self.creating and self.creating.body_class:
            modules[f"{package}.models"] = {self.creating.body_class}
        return [f"from {module} import {', '.join(sorted(names))}" for module, names in sorted(modules.items())]


@dataclass(frozen=True)
class _Located:
    """An operation with where the client has it: api/<tag>/<module>.py."""

    tag: str
    module: str
    endpoint: Endpoint
    view: EndpointView

    @property
    def path(self) -> str:
        return str(self.endpoint.path.get_untrusted_value())

    @property
    def path_parameters(self) -> int:
        return len(self.endpoint.path_parameters)


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
        parameters = [self._resolve(p) for p in operation.get("parameters", [])]
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
        )

    def _own_server(self, endpoint: Endpoint, operation: dict[str, Any]) -> str | None:
        """The first URL of the operation's own `servers` (else its path item's), without a trailing slash."""
        servers = operation.get("servers") or self.spec["paths"][endpoint.path.get_untrusted_value()].get("servers")
        return str(servers[0]["url"]).rstrip("/") if servers else None

    def _has_success_body(self, operation: dict[str, Any]) -> bool:
        """Whether a 2xx answer has a body: one without content (a delete's bare 200) returns None, where
        openapi-python-client would type it Any."""
        return any(
            self._resolve(response).get("content")
            for status, response in operation.get("responses", {}).items()
            if str(status).startswith("2")
        )

    def _one_item(self, operation: dict[str, Any]) -> bool:
        """Whether every 2xx JSON body is an array of exactly one item (minItems = maxItems = 1): an API
        that answers a get by id with a one-element list, whose client returns the item."""
        schemas = [
            self._resolve(media.get("schema", {}))
            for status, response in operation.get("responses", {}).items()
            if str(status).startswith("2")
            for media in self._resolve(response).get("content", {}).values()
        ]
        return bool(schemas) and all(
            schema.get("type") == "array" and schema.get("minItems") == 1 and schema.get("maxItems") == 1
            for schema in schemas
        )

    @cached_property
    def examples(self) -> Examples:
        """The README's and docstrings' calls, picked from the spec's own operations (the first in path
        order of each kind): a list is a GET without path parameters (a paginated one first), a get is a
        GET of one item (below the list's path if there is one), a create a POST of a JSON model without
        path parameters."""
        found = sorted(
            (
                _Located(str(tag), self.module_name(endpoint), endpoint, self.endpoint(endpoint))
                for tag, collection in self.openapi.endpoint_collections_by_tag.items()
                for endpoint in collection.endpoints
            ),
            key=lambda located: (located.path, located.endpoint.method),
        )
        gets = [located for located in found if located.endpoint.method == "get"]
        lists = sorted((located for located in gets if located.path_parameters == 0),
                       key=lambda located: located.view.pagination is None)  # fmt: skip
        below = lists[0].path.rstrip("/") + "/" if lists else "/"
        items = sorted((located for located in gets if located.path_parameters == 1),
                       key=lambda located: not located.path.startswith(below))  # fmt: skip
        creates = [(located, body) for located in found
                   if located.endpoint.method == "post" and located.path_parameters == 0
                   for body in [self._example_body(located.endpoint)] if body]  # fmt: skip
        paginated = [located for located in found if located.view.pagination is not None]
        uploads = [located for located in found if located.view.upload is not None]
        conventions = {"filter", "sort", "include"}
        return Examples(
            listing=self._example(lists[0], listing_call=True) if lists else None,
            getting=self._example(items[0]) if items else None,
            creating=self._example(creates[0][0], body=creates[0][1]) if creates else None,
            iterating=self._example(paginated[0], iterating=True) if paginated else None,
            uploading=self._example(uploads[0]) if uploads else None,
            query_conventions=any(p.role in conventions for located in found for p in located.view.query_parameters),
        )

    def _example(
        self,
        located: _Located,
        *,
        listing_call: bool = False,
        iterating: bool = False,
        body: tuple[str, str] | None = None,
    ) -> ExampleCall:
        """A call with example values for the path parameters, the body and the required query
        parameters; a list's shows its sort and page size too."""
        endpoint, view = located.endpoint, located.view
        raw = {p["name"]: p for p in (self._resolve(q) for q in self.operation(endpoint).get("parameters", []))}
        arguments = [_example_value(raw.get(p.name, {}).get("schema", {})) for p in endpoint.path_parameters]
        arguments.append("client=client")
        if body:
            arguments.append(f"body={body[1]}")
        if view.upload:
            extension = mimetypes.guess_extension(view.upload.content_type) or ".bin"
            arguments.append(f'{view.upload.python_name}="file{extension}"')
        for parameter in view.query_parameters:
            if parameter.required:
                value = _example_value(raw[parameter.wire_name].get("schema", {}))
                arguments.append(f"{parameter.python_name}={value}")
            elif listing_call and parameter.role == "sort":
                values = next(alias.values for alias in view.aliases if alias.name == "Sort")
                arguments.append(f"sort={_literal(next((v for v in values if v.startswith('-')), values[0]))}")
            elif listing_call and parameter.role == "size" and view.pagination:
                arguments.append(f"{parameter.python_name}={max(1, view.pagination.max_size // 2)}")
        pagination = view.pagination
        return ExampleCall(
            tag=located.tag,
            module=located.module,
            arguments=", ".join(arguments),
            items_attribute=pagination.items_attribute if pagination and (iterating or listing_call) else None,
            body_class=body[0] if body else None,
            operation_id=located.view.operation_id,
        )

    def _example_body(self, endpoint: Endpoint) -> tuple[str, str] | None:
        """(model class, its construction) for a JSON body that is a model of scalar required fields."""
        content = self._resolve(self.operation(endpoint).get("requestBody", {})).get("content", {})
        reference = content.get("application/json", {}).get("schema", {}).get("$ref")
        if list(content) != ["application/json"] or not reference:
            return None
        schema = self._resolve({"$ref": reference})
        model = self._model(reference.rsplit("/", 1)[-1], f"{endpoint.method} {endpoint.path}")
        fields = []
        for name in schema.get("required", []):
            field_schema = self._resolve(schema.get("properties", {}).get(name, {}))
            if field_schema.get("type") not in _SCALAR_TYPES or not name.isidentifier():
                return None
            fields.append(f"{python_name(name)}={_example_value(field_schema)}")
        return model.class_info.name, f"{model.class_info.name}({', '.join(fields)})"

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
    if schema.get("type") == "array" and schema.get("items", {}).get("type") in _SCALAR_TYPES:
        return "plain", f"Sequence[{_SCALAR_TYPES[schema['items']['type']]}]"
    if schema.get("type") in _SCALAR_TYPES:
        return "plain", _SCALAR_TYPES[schema["type"]]
    raise BuildError(
        f"{operation_id}: query parameter {parameter['name']!r} has a schema the client cannot send: {schema}"
    )


def _example_value(schema: dict[str, Any]) -> str:
    """A Python literal for an example: the schema's example, else its first enum value, else one of its type."""
    if "example" in schema and isinstance(schema["example"], (str, int, float, bool)):
        return _literal(schema["example"])
    if schema.get("enum"):
        return _literal(schema["enum"][0])
    return {"integer": "1", "number": "1.0", "boolean": "True"}.get(str(schema.get("type")), '"..."')


def _literal(value: str | float | bool) -> str:
    """A Python literal, strings in double quotes as ruff formats them."""
    return json.dumps(value) if isinstance(value, str) else repr(value)


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
