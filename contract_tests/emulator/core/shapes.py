"""What the spec's schemas say an answer looks like: where the resource sits in a response body (its
envelope), and the least value a schema accepts, for the fields a request did not give.

Envelopes are read, not assumed: a body that is the resource itself, or an object holding it under one
property ({"data": {...}}), or for lists an array, or an object holding the array (the property x-pagination
names, else its one array property).
"""

from __future__ import annotations

import copy
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Now = Callable[[], str]  # the current time as the dialect writes timestamps


def merged(schema: Any) -> dict[str, Any]:
    """The schema with its allOf parts merged in (properties and required lists joined)."""
    if not isinstance(schema, dict):
        return {}
    if "allOf" not in schema:
        return schema
    result = {key: value for key, value in schema.items() if key != "allOf"}
    properties = dict(result.get("properties", {}))
    required = list(result.get("required", []))
    for part in schema["allOf"]:
        part = merged(part)
        properties.update(part.get("properties", {}))
        required += [name for name in part.get("required", []) if name not in required]
        result.update({key: value for key, value in part.items() if key not in ("properties", "required")})
    if properties:
        result["properties"] = properties
    if required:
        result["required"] = required
    return result


def properties(schema: Any) -> dict[str, Any]:
    found = merged(schema).get("properties", {})
    return found if isinstance(found, dict) else {}


def required(schema: Any) -> list[str]:
    return [str(name) for name in merged(schema).get("required", [])]


def is_array(schema: Any) -> bool:
    return merged(schema).get("type") == "array"


def is_object(schema: Any) -> bool:
    shape = merged(schema)
    return shape.get("type") == "object" or "properties" in shape


@dataclass(frozen=True)
class Envelope:
    """Where the payload (a record, or a list's records) sits in a response body: under `key`, beside the
    `extra` fields the body also requires, or as the whole body (key None). `item` is one record's schema."""

    key: str | None
    item: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)

    def wrap(self, payload: Any) -> Any:
        if self.key is None:
            return payload
        if not self.extra:
            return {self.key: payload}
        return {**copy.deepcopy(self.extra), self.key: payload}


def item_envelope(schema: dict[str, Any] | None, key: str, now: Now) -> Envelope:
    """The envelope of a single record: the body itself when it has the record's key (or says nothing),
    else the one property holding an object (preferring one that has the key)."""
    shape = merged(schema)
    fields = properties(shape)
    if not fields or key in fields:
        return Envelope(None, shape)
    objects = [name for name, value in fields.items() if is_object(value)]
    keyed = [name for name in objects if key in properties(fields[name])]
    chosen = keyed if len(keyed) == 1 else objects
    if len(chosen) != 1:
        return Envelope(None, shape)
    return Envelope(chosen[0], merged(fields[chosen[0]]), _extra(shape, chosen[0], now))


def list_envelope(schema: dict[str, Any] | None, items_key: str | None, now: Now) -> Envelope | None:
    """The envelope of a list: an array body, or the object property holding the array (the one the spec's
    x-pagination names, else the only array property); None when the body holds no list."""
    shape = merged(schema)
    if is_array(shape):
        return Envelope(None, merged(shape.get("items", {})))
    fields = properties(shape)
    if items_key is not None and is_array(fields.get(items_key)):
        chosen = items_key
    else:
        arrays = [name for name, value in fields.items() if is_array(value)]
        if len(arrays) != 1:
            return None
        chosen = arrays[0]
    return Envelope(chosen, merged(merged(fields[chosen]).get("items", {})), _extra(shape, chosen, now))


def _extra(shape: dict[str, Any], key: str, now: Now) -> dict[str, Any]:
    fields = properties(shape)
    return {name: minimal(fields.get(name, {}), now) for name in required(shape) if name != key}


def minimal(schema: Any, now: Now) -> Any:
    """The least value the schema accepts: its default or first enum value, null when nullable, else the
    smallest of its type (required properties only, minItems items, minLength characters, the minimum)."""
    shape = merged(schema)
    if "default" in shape:
        return copy.deepcopy(shape["default"])
    if shape.get("enum"):
        return shape["enum"][0]
    if shape.get("nullable"):
        return None
    for alternatives in ("oneOf", "anyOf"):
        if shape.get(alternatives):
            return minimal(shape[alternatives][0], now)
    kind = shape.get("type")
    if kind == "object" or "properties" in shape:
        fields = properties(shape)
        return {name: minimal(fields.get(name, {}), now) for name in required(shape)}
    if kind == "array":
        return [minimal(shape.get("items", {}), now) for _ in range(int(shape.get("minItems", 0)))]
    if kind == "string":
        return _string(shape, now)
    if kind in ("integer", "number"):
        return _number(shape, integer=kind == "integer")
    if kind == "boolean":
        return False
    return None


def _string(shape: dict[str, Any], now: Now) -> str:
    form = shape.get("format")
    if form == "date-time":
        return now()
    if form == "date":
        return now()[:10]
    if form == "uuid":
        return str(uuid.uuid4())
    if form == "email":
        return "user@example.com"
    if form in ("uri", "url"):
        return "https://example.com/"
    return "x" * int(shape.get("minLength", 0))


def _number(shape: dict[str, Any], *, integer: bool) -> int | float:
    value: float = 0
    low, high = shape.get("minimum"), shape.get("maximum")
    if low is not None and value < low:
        value = low + (1 if shape.get("exclusiveMinimum") is True else 0)
    if high is not None and value > high:
        value = high - (1 if shape.get("exclusiveMaximum") is True else 0)
    return math.ceil(value) if integer else value


def new_record(given: dict[str, Any], item: dict[str, Any], key: str, now: Now) -> dict[str, Any]:
    """A record as the item schema lists it, from what a request gave: each attribute given, else its
    default, else null when nullable, else (when required) the least value; the key left to the store.
    Attributes the schema does not list are dropped (unless it lists none)."""
    fields = properties(item)
    if not fields:
        return {name: value for name, value in given.items() if name != key}
    needed = set(required(item))
    record: dict[str, Any] = {}
    for name, schema in fields.items():
        shape = merged(schema)
        if name == key:
            if given.get(key) is not None:
                record[key] = given[key]
        elif name in given:
            record[name] = given[name]
        elif "default" in shape:
            record[name] = copy.deepcopy(shape["default"])
        elif shape.get("nullable"):
            record[name] = None
        elif name in needed:
            record[name] = minimal(shape, now)
    return record
