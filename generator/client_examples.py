"""The calls the client's README and docstrings show (ApiView.examples): picked from the spec's own operations,
with example values from their schemas, so that a new API's README shows its own operations."""

from __future__ import annotations

import json
import mimetypes
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from openapi_python_client.parser.openapi import Endpoint

from generator.client_parts import python_name

if TYPE_CHECKING:  # client_views imports this module: ApiView only for the annotations
    from generator.client_views import ApiView, EndpointView

# JSON's scalar types and their Python types: a body example's values (here) and the query parameters'
# annotations (client_views).
SCALAR_TYPES = {"integer": "int", "number": "float", "boolean": "bool", "string": "str"}


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


def examples_of(api: ApiView) -> Examples:
    """The README's and docstrings' calls, picked from the spec's own operations (the first in path
    order of each kind): a list is a GET without path parameters (a paginated one first), a get is a
    GET of one item (below the list's path if there is one), a create a POST of a JSON model without
    path parameters."""
    found = sorted(
        (
            _Located(str(tag), api.module_name(endpoint), endpoint, api.endpoint(endpoint))
            for tag, collection in api.openapi.endpoint_collections_by_tag.items()
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
               for body in [_example_body(api, located.endpoint)] if body]  # fmt: skip
    paginated = [located for located in found if located.view.pagination is not None]
    uploads = [located for located in found if located.view.upload is not None]
    conventions = {"filter", "sort", "include"}
    return Examples(
        listing=_example(api, lists[0], listing_call=True) if lists else None,
        getting=_example(api, items[0]) if items else None,
        creating=_example(api, creates[0][0], body=creates[0][1]) if creates else None,
        iterating=_example(api, paginated[0], iterating=True) if paginated else None,
        uploading=_example(api, uploads[0]) if uploads else None,
        query_conventions=any(p.role in conventions for located in found for p in located.view.query_parameters),
    )


def _example(
    api: ApiView,
    located: _Located,
    *,
    listing_call: bool = False,
    iterating: bool = False,
    body: tuple[str, str] | None = None,
) -> ExampleCall:
    """A call with example values for the path parameters, the body and the required query
    parameters; a list's shows its sort and page size too."""
    endpoint, view = located.endpoint, located.view
    raw = {p["name"]: p for p in (api.resolve(q) for q in api.operation(endpoint).get("parameters", []))}
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


def _example_body(api: ApiView, endpoint: Endpoint) -> tuple[str, str] | None:
    """(model class, its construction) for a JSON body that is a model of scalar required fields."""
    content = api.resolve(api.operation(endpoint).get("requestBody", {})).get("content", {})
    reference = content.get("application/json", {}).get("schema", {}).get("$ref")
    if list(content) != ["application/json"] or not reference:
        return None
    schema = api.resolve({"$ref": reference})
    model = api.model(reference.rsplit("/", 1)[-1], f"{endpoint.method} {endpoint.path}")
    fields = []
    for name in schema.get("required", []):
        field_schema = api.resolve(schema.get("properties", {}).get(name, {}))
        if field_schema.get("type") not in SCALAR_TYPES or not name.isidentifier():
            return None
        fields.append(f"{python_name(name)}={_example_value(field_schema)}")
    return model.class_info.name, f"{model.class_info.name}({', '.join(fields)})"


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
