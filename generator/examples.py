"""Every example in the built spec is valid against its schema: the `example` of a schema, a parameter, a
header or a media type, and each named `examples` entry's `value` (followed through a `$ref` to
components/examples). They are what schemathesis' examples phase sends and what a reader copies, so a
wrong one fails the build, naming the overlay action that wrote it (or the pages, when no action did),
the operation and the example.

Validated with openapi-schema-validator's OAS30Validator and its format checker: OpenAPI 3.0's dialect
(nullable, formats), as the emulator and the tests check bodies (a `binary` value may be text).
References resolve inside the document (a `referencing` registry holding it): no prance round trip.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from openapi_schema_validator import OAS30Validator
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT4

from generator.errors import BuildError
from generator.openapi import HTTP_METHODS, pointer, pointer_parts, pointer_token
from generator.overlay import AppliedAction
from generator.spec_rules import openapi_objects

_DOCUMENT_URI = "urn:openapi-document"
# OpenAPI's formats, except that a `binary` example may be text: JSON has no bytes, and an example of an
# uploaded file is its content (openapi-schema-validator accepts only Python bytes there).
_FORMATS = copy.deepcopy(OAS30Validator.FORMAT_CHECKER)
_FORMATS.checks("binary")(lambda value: isinstance(value, str | bytes))


@dataclass(frozen=True)
class Example:
    where: str  # JSON pointer of the example value
    schema_at: str  # JSON pointer of the schema it must satisfy
    name: str  # "example", or the key under `examples`
    value: Any


def find_examples(document: dict[str, Any]) -> Iterator[Example]:
    """Every example in the document with the schema it must satisfy."""
    for where, node in openapi_objects(document):
        # A media type, parameter or header holds its schema under `schema`; a Schema Object is its own.
        has_schema = isinstance(node.get("schema"), dict)
        schema_at = f"{where}/schema" if has_schema else where
        if "example" in node and (has_schema or _is_schema_place(where)):
            yield Example(f"{where}/example", schema_at, "example", node["example"])
        entries = node.get("examples")
        if has_schema and isinstance(entries, dict):
            for name, entry in entries.items():
                entry_at = f"{where}/examples/{pointer_token(str(name))}"
                if isinstance(entry, dict) and "$ref" in entry:
                    entry_at = str(entry["$ref"]).removeprefix("#")
                    entry = pointer(document, entry_at, default={})
                if isinstance(entry, dict) and "value" in entry:
                    yield Example(f"{entry_at}/value", schema_at, str(name), entry["value"])


def check_examples(document: dict[str, Any], applied: Sequence[AppliedAction], pages: str) -> int:
    """Fail the build on an example its schema refuses; returns how many examples were checked."""
    registry: Registry[Any] = Registry().with_resource(_DOCUMENT_URI, DRAFT4.create_resource(document))
    problems: list[str] = []
    count = 0
    for example in find_examples(document):
        count += 1
        validator = OAS30Validator(
            {"$ref": f"{_DOCUMENT_URI}#{example.schema_at}"},
            registry=registry,
            format_checker=_FORMATS,
        )
        try:
            errors = sorted(validator.iter_errors(example.value), key=lambda error: list(error.absolute_path))
        except Unresolvable as error:  # a $ref in its schema points nowhere: said here, not as a traceback
            problems.append(
                f"{_written_by(example.where, applied) or pages}: {_operation(document, example.where)}: example "
                f"{example.name!r} ({example.where}): its schema ({example.schema_at}) has a $ref that does not "
                f"resolve: {error.ref}"
            )
            continue
        if errors:
            source = _written_by(example.where, applied) or pages
            at = "/" + "/".join(str(part) for part in errors[0].absolute_path)
            problems.append(
                f"{source}: {_operation(document, example.where)}: example {example.name!r} ({example.where}) "
                f"does not match its schema ({example.schema_at}): at {at}: {errors[0].message}"
                + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
            )
    if problems:
        raise BuildError("examples that their schemas refuse (fix the example or the schema)", details=problems)
    return count


def _is_schema_place(where: str) -> bool:
    """An object with `example` and no `schema` is a Schema Object when it sits where schemas sit."""
    parts = pointer_parts(where)
    return "schemas" in parts or "schema" in parts or "properties" in parts or "items" in parts


def _operation(document: dict[str, Any], where: str) -> str:
    parts = pointer_parts(where)
    if len(parts) >= 3 and parts[0] == "paths" and parts[2] in HTTP_METHODS:
        operation = document["paths"][parts[1]][parts[2]]
        return f"operation {operation.get('operationId') or f'{parts[2].upper()} {parts[1]}'}"
    return f"component {'/'.join(parts[:3])}"


def _written_by(where: str, applied: Sequence[AppliedAction]) -> str | None:
    """The last overlay action whose update holds the value at `where` (the pointer below a node it
    selected), as "<file>: action <n>"."""
    parts = pointer_parts(where)
    for done in reversed(applied):
        for selected in done.selected_parts:
            depth = len(selected)
            if [str(part) for part in selected] != parts[:depth]:
                continue
            if _holds(done.action.update, parts[depth:]):
                return f"{done.action.overlay}: action {done.action.number}"
    return None


def _holds(update: Any, parts: list[str]) -> bool:
    node = update
    for part in parts:
        if isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return False
    return True
