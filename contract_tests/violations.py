"""Which field of the spec a schema failure is about, in words: `DataPool.owner_id: missing`.

One field that drifted fails in every response that carries it, each time as a schema dump; the report
groups the failures by what is returned here and shows one line per field and one example. A failure
that carries a JSON Schema path (schemathesis' JsonSchemaError and any failure with `schema_path` and
`instance_path`) is named by the spec's schema (components/schemas/<Name>) and the properties under it,
else by the JSON pointer into the body, with the array indices as `*` (the same field of every item).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from schemathesis.core.failures import Failure

_REQUIRED = re.compile(r'^"?(?P<name>.*?)"? is a required property')
# The failing JSON Schema keyword, as a person would say it.
_KINDS = {
    "required": "missing",
    "type": "of the wrong type",
    "enum": "not one of the spec's values",
    "const": "not the spec's constant",
    "format": "not in the spec's format",
    "pattern": "not matching the spec's pattern",
    "additionalProperties": "not in the spec (an additional property)",
    "unevaluatedProperties": "not in the spec (an additional property)",
    "minLength": "shorter than the spec allows",
    "maxLength": "longer than the spec allows",
    "minimum": "below the spec's minimum",
    "maximum": "above the spec's maximum",
    "minItems": "with fewer items than the spec allows",
    "maxItems": "with more items than the spec allows",
    "anyOf": "matching none of the spec's alternatives",
    "oneOf": "not matching exactly one of the spec's alternatives",
}


@dataclass(frozen=True, order=True)
class Violation:
    field: str  # DataPool.owner_id, or /data/*/owner_id where no named schema holds it
    kind: str  # missing, of the wrong type, ...

    def line(self) -> str:
        return f"{self.field}: {self.kind}"


def violation_of(failure: Failure) -> Violation | None:
    """The field and kind of a failure with a JSON Schema path, or of the strict validator's (its first
    place: contract_tests/strict_validation.py); None for any other failure."""
    strict = getattr(failure, "violations", None)
    if isinstance(strict, list) and strict and hasattr(strict[0], "where"):
        first = strict[0]
        return Violation(first.where.removeprefix("body "), _KINDS.get(first.rule, first.what))
    schema_path = getattr(failure, "schema_path", None)
    instance_path = getattr(failure, "instance_path", None)
    if not isinstance(schema_path, Sequence) or not isinstance(instance_path, Sequence) or not schema_path:
        return None
    path = _unbundled(failure, list(schema_path))
    keyword = str(path[-1])
    instance = getattr(failure, "instance", None)
    kind = (
        "null, which the spec does not allow"
        if keyword == "type" and instance is None
        else _KINDS.get(keyword, f"failing the spec's {keyword}")
    )
    missing = None
    if keyword == "required":
        found = _REQUIRED.match(str(getattr(failure, "_raw_message", "") or getattr(failure, "validation_message", "")))
        missing = found["name"] if found else None
    named = _named_field(path[:-1], missing)
    if named is not None:
        return Violation(named, kind)
    pointer = "".join("/*" if isinstance(part, int) else f"/{part}" for part in instance_path)
    if missing is not None:
        pointer += f"/{missing}"
    return Violation(pointer or "(the whole body)", kind)


def _unbundled(failure: Failure, path: list[Any]) -> list[Any]:
    """schemathesis validates against a bundle of the response schema (`x-bundled/schema000002/...`);
    the failure keeps the map back to the spec's references in `_name_to_uri`. It is private, so it is
    read defensively: without it, the path is left as it is and the field is named by its pointer."""
    name_to_uri = getattr(failure, "_name_to_uri", None)
    if not isinstance(name_to_uri, dict) or not name_to_uri:
        return path
    from schemathesis.core.jsonschema.bundler import unbundle_path

    return list(unbundle_path(path, name_to_uri))


def _named_field(path: list[Any], missing: str | None) -> str | None:
    """`Schema.property.property` from the last components/schemas/<Name> in a schema path."""
    starts = [index for index in range(len(path) - 2) if path[index] == "components" and path[index + 1] == "schemas"]
    if not starts:
        return None
    start = starts[-1]
    names = [str(path[start + 2])]
    rest, index = path[start + 3 :], 0
    while index < len(rest) - 1:  # a property may itself be named "properties": step over each name
        if rest[index] == "properties":
            names.append(str(rest[index + 1]))
            index += 2
        else:
            index += 1
    if missing is not None:
        names.append(missing)
    return ".".join(names)
