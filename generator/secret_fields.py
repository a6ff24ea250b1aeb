"""Which fields of a generated model hold a secret, and how the model declares them (masked in its repr).

A property is secret when its schema says so: `format: password` (OpenAPI's own mark for a value to hide),
or `x-secret: true` (this project's extension, for what is secret without being a password: a login's
token, a session token; the overlays that add it give their evidence). A property is secret too when its
schema reaches a secret one through a `$ref`, a nullable wrapper (oneOf/anyOf/allOf) or the items of an
array. The model keeps the value as its attribute; attrs prints the field with the runtime's
`masked_repr` (`password='********'`), so a repr, a str, a log line or an exception message that shows the
model shows no secret.

openapi-python-client's parser keeps each model's raw schema (ModelProperty.data, extensions included), not
its properties' formats: this module reads that schema, following references in the built spec.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openapi_python_client.parser.properties import ModelProperty
from openapi_python_client.parser.properties.protocol import PropertyProtocol

from generator import openapi

SECRET_EXTENSION = "x-secret"
# The runtime's function that attrs calls for a secret field's repr (generator/templates/runtime/_auth.py.jinja).
MASKED_REPR = "masked_repr"
_MAX_DEPTH = 20  # wrappers and array items nested deeper than this are not followed (a cycle)


def is_secret(spec: Mapping[str, Any], schema: Any, depth: int = 0) -> bool:
    """Whether a property with this schema holds a secret (see the module's docstring)."""
    node = openapi.resolve(spec, schema)
    if not isinstance(node, Mapping) or depth > _MAX_DEPTH:
        return False
    if node.get("format") == "password" or node.get(SECRET_EXTENSION) is True:
        return True
    wrapped = [*node.get("oneOf", ()), *node.get("anyOf", ()), *node.get("allOf", ())]
    if "items" in node:
        wrapped.append(node["items"])
    return any(is_secret(spec, inner, depth + 1) for inner in wrapped)


def secret_fields(spec: Mapping[str, Any], model: ModelProperty) -> frozenset[str]:
    """The wire names of the model's secret properties, from its schema and the schemas it is composed of
    (allOf), as openapi-python-client merges them into one model."""
    raw = model.data.model_dump(by_alias=True, exclude_none=True, mode="json")
    return frozenset(_secret_properties(spec, raw, 0))


def sends_a_secret(spec: Mapping[str, Any], operation: Mapping[str, Any]) -> bool:
    """Whether the operation's request body holds a secret (a login's password, say): httpx sends a body
    again on a 307 or 308 redirect, to whichever host it names, so the client keeps such a request home."""
    body = openapi.resolve(spec, operation.get("requestBody", {}))
    media_types = body.get("content", {}).values() if isinstance(body, Mapping) else ()
    return any(
        is_secret(spec, media.get("schema")) or _secret_properties(spec, media.get("schema"), 0)
        for media in media_types
        if isinstance(media, Mapping)
    )


def _secret_properties(spec: Mapping[str, Any], schema: Any, depth: int) -> set[str]:
    node = openapi.resolve(spec, schema)
    if not isinstance(node, Mapping) or depth > _MAX_DEPTH:
        return set()
    found = {name for name, inner in node.get("properties", {}).items() if is_secret(spec, inner)}
    for part in node.get("allOf", ()):
        found |= _secret_properties(spec, part, depth + 1)
    return found


def masked_declaration(prop: PropertyProtocol) -> str:
    """A secret property's attrs declaration: its annotation and default as openapi-python-client declares
    them (PropertyProtocol.to_string), with attrs printing it masked."""
    arguments = [f"repr={MASKED_REPR}"]
    if prop.default is not None:
        arguments.insert(0, f"default={prop.default.python_code.as_unembedded_code()}")
    elif not prop.required:
        arguments.insert(0, "default=UNSET")
    annotation = prop.get_type_string().as_unembedded_code()
    return f"{prop.python_name}: {annotation} = _attrs_field({', '.join(arguments)})"
