"""Rules for a spec that OpenAPI 3.0's own schema does not enforce, but that tools read differently when
they are broken (so the build refuses them, naming the JSON pointer):

- A Reference Object has no siblings: OpenAPI 3.0 says they are ignored, yet some tools merge them and
  others drop them, so a `$ref` beside `description` or `content` means different things to each.
- `nullable: true` only has an effect beside a `type` in the same Schema Object (OpenAPI 3.0.3, "nullable":
  "A true value adds "null" to the allowed types specified by the type keyword"); without one a strict
  validator rejects null where a lenient one accepts it. A nullable reference is written
  `oneOf: [{type: object, nullable: true, enum: [null]}, {$ref: ...}]`: strict validators accept null by the
  first branch and the object by the second, and openapi-python-client types it `Model | None`.
- `x-secret` (generator/secret_fields.py: a field whose value the client masks) is a boolean: a string
  "true" would be read as no mark at all, and the value would show.

Hand-written: the walk has to know which keys of an OpenAPI document hold names (a property called
`nullable` is not the keyword) and which hold free data (examples, defaults, enums), which no generic
JSON walker knows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.errors import BuildError
from generator.openapi import pointer_token

# Keys whose value is a map from names (of properties, paths, statuses, media types, ...) to objects: the
# map itself is not an OpenAPI object, its values are.
_NAME_MAPS = frozenset(
    ("properties", "paths", "responses", "schemas", "headers", "content", "encoding", "links", "callbacks",
     "securitySchemes", "requestBodies", "variables", "patternProperties")
)  # fmt: skip
# Keys whose value is data in the API's own terms (an example body may hold any key at all).
_DATA_KEYS = frozenset(("example", "default", "enum", "const", "scopes", "mapping", "externalValue"))


def openapi_objects(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(JSON pointer, object) of every OpenAPI object and schema at or under `node`: not the name maps that
    hold them, nor example values, defaults, enums or x- extensions."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from openapi_objects(item, f"{pointer}/{index}")
        return
    if not isinstance(node, dict):
        return
    yield pointer, node
    for key, child in node.items():
        key = str(key)
        where = f"{pointer}/{pointer_token(key)}"
        if key.startswith("x-") or key in _DATA_KEYS:
            continue
        if key == "examples" and isinstance(child, dict):  # Example Objects: their `value` is data
            for name, example in child.items():
                if isinstance(example, dict):
                    yield f"{where}/{pointer_token(str(name))}", example
        elif key in _NAME_MAPS and isinstance(child, dict):
            for name, value in child.items():
                yield from openapi_objects(value, f"{where}/{pointer_token(str(name))}")
        else:
            yield from openapi_objects(child, where)


def reference_siblings(node: Any, pointer: str = "") -> list[str]:
    """Each place under `node` where a `$ref` has sibling keys, as "<pointer>: $ref with <keys>"."""
    return [
        f"{where or '/'}: $ref with {', '.join(sorted(str(key) for key in found if key != '$ref'))}"
        for where, found in openapi_objects(node, pointer)
        if "$ref" in found and len(found) > 1
    ]


def nullable_without_type(node: Any, pointer: str = "") -> list[str]:
    """Each schema under `node` that says `nullable` without a `type` beside it."""
    return [
        f"{where or '/'}: nullable without type"
        for where, found in openapi_objects(node, pointer)
        if "nullable" in found and "type" not in found
    ]


def malformed_secret_marks(node: Any, pointer: str = "") -> list[str]:
    """Each schema under `node` whose `x-secret` is not a boolean."""
    return [
        f"{where or '/'}: x-secret is {found['x-secret']!r}"
        for where, found in openapi_objects(node, pointer)
        if "x-secret" in found and not isinstance(found["x-secret"], bool)
    ]


def check_structure(document: dict[str, Any], what: str) -> None:
    """Fail the build on a `$ref` with siblings, a `nullable` without `type` or an `x-secret` that is not
    a boolean anywhere in `document`."""
    siblings = reference_siblings(document)
    if siblings:
        raise BuildError(
            f"{what}: a $ref with sibling keys (OpenAPI 3.0 ignores them, and tools disagree on what it means)",
            details=[*siblings, "put what the siblings say in the referenced component, or inline the object"],
        )
    untyped = nullable_without_type(document)
    if untyped:
        raise BuildError(
            f"{what}: nullable without a type beside it (OpenAPI 3.0.3: it then allows no null)",
            details=[
                *untyped,
                "give the schema its type; for a nullable reference write "
                "oneOf: [{type: object, nullable: true, enum: [null]}, {$ref: ...}]",
            ],
        )
    malformed = malformed_secret_marks(document)
    if malformed:
        raise BuildError(
            f"{what}: x-secret must be true or false (the client masks a field marked x-secret: true)",
            details=malformed,
        )
