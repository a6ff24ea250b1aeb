"""Where a write case carries resource ids, and what a value in such a place is: the live-write guard's
reading of a case (contract_tests/safety.py), as the profile's live_safety declares the places.

A place is a path or query parameter, or body fields named by a JSON pointer in which `*` stands for
every item of an array (IdLocation). Each value there is a Slot the guard can judge (classify: parsed the
way a lenient server would, "12abc" and 12.0 and true included) and, when it is someone else's, replace
with one of the run's own. Where the body is not the shape the pointer expects, the node there is judged
as it is: its digits could still name someone's resource.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

from schemathesis import Case
from schemathesis.core import NotSet

from contract_tests.api import ContractSetupError
from generator import openapi
from generator.profile import IdLocation

MAX_ID = 2**63 - 1
_CANONICAL_ID = re.compile(r"^[1-9][0-9]*$")

# An id as the run keeps it: its text ("57" for 57), so that a path's "57" and a body's 57 are one id.
ResourceId = str


class IdValue(Enum):
    """What a value in an id place is (classify)."""

    WELL_FORMED = "a well-formed id"
    HARMLESS = "no server reads it as an id"
    UNSAFE = "a server may read it as an id"


def classify(value: Any, *, integer_ids: bool) -> tuple[IdValue, ResourceId | None]:
    """What a value in an id place is, and the id it is (for a well-formed one)."""
    if value is None:
        return IdValue.HARMLESS, None
    if isinstance(value, bool | float):
        return IdValue.UNSAFE, None
    if isinstance(value, int):
        if value < 1:
            return IdValue.HARMLESS, None
        return (IdValue.WELL_FORMED, str(value)) if value <= MAX_ID else (IdValue.UNSAFE, None)
    if isinstance(value, str):
        if not integer_ids:
            return (IdValue.WELL_FORMED, value) if value else (IdValue.HARMLESS, None)
        if _CANONICAL_ID.match(value) and int(value) <= MAX_ID:
            return IdValue.WELL_FORMED, value
        # isnumeric() also catches digits of other scripts ("١٢"), which int() reads as 12.
        return (IdValue.UNSAFE, None) if any(char.isnumeric() for char in value) else (IdValue.HARMLESS, None)
    if isinstance(value, dict):
        # An object names a resource by other keys (a lookup: {"reference": "..."}), whose values are
        # unique whatever they look like (a vendor's page, under specs/<api>/upstream/, has such a key as
        # "string, unique, optional, rw: can be used for lookups for _id"): "" or "abc" may name someone's
        # resource as well as "12". Only an object that holds nothing but nulls names nothing.
        return (IdValue.HARMLESS, None) if _only_nulls(value) else (IdValue.UNSAFE, None)
    if isinstance(value, list):  # values of the place, several: each judged as it would be there
        judged = [classify(leaf, integer_ids=integer_ids)[0] for leaf in value]
        return (IdValue.HARMLESS, None) if all(j is IdValue.HARMLESS for j in judged) else (IdValue.UNSAFE, None)
    return IdValue.UNSAFE, None


def _only_nulls(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_only_nulls(leaf) for leaf in value.values())
    if isinstance(value, list):
        return all(_only_nulls(leaf) for leaf in value)
    return value is None


@dataclass
class Slot:
    """One value in an id place of a case: container[key]."""

    container: Any
    key: Any

    @property
    def value(self) -> Any:
        return self.container[self.key]

    def replace(self, resource_id: ResourceId) -> None:
        # The value keeps its form: text stays text, a number stays a number.
        self.container[self.key] = int(resource_id) if isinstance(self.value, int) else resource_id


class _BodyOf:
    """A case's body as a container, so that a slot can be the whole body."""

    def __init__(self, case: Case[Any]) -> None:
        self.case = case

    def __getitem__(self, key: object) -> Any:
        return self.case.body

    def __setitem__(self, key: object, value: Any) -> None:
        self.case.body = value


def slots(case: Case[Any], place: IdLocation) -> Iterator[Slot]:
    """The values a case has in one declared id place (none when the case leaves it out)."""
    if place.location in ("path", "query"):
        container = case.path_parameters if place.location == "path" else case.query
        if container is None or place.name not in container:
            return
        value = container[place.name]
        if isinstance(value, list):  # a repeated query parameter: each value is one
            yield from (Slot(value, index) for index in range(len(value)))
        else:
            yield Slot(container, place.name)
        return
    if isinstance(case.body, NotSet):
        return
    yield from _walk(_BodyOf(case), None, pointer_parts(str(place.pointer)))


def item_values(item: Any, pointer: str) -> list[Any]:
    """The values one item of an array body has at a pointer that starts with `*` (found as slots() finds
    them in every item)."""
    return [slot.value for slot in _walk([item], 0, pointer_parts(pointer)[1:])]


def _walk(container: Any, key: Any, rest: list[str]) -> Iterator[Slot]:
    """The slots under container[key] along a pointer; where the body is not the shape the pointer
    expects, the node there is judged as it is (its digits could still name someone's resource)."""
    node = container[key]
    if not rest:
        yield Slot(container, key)
        return
    head, tail = rest[0], rest[1:]
    if head == "*" and isinstance(node, list):
        for index in range(len(node)):
            yield from _walk(node, index, tail)
    elif head != "*" and isinstance(node, dict):
        if head in node:
            yield from _walk(node, head, tail)
    else:
        yield Slot(container, key)


def _items_along(document: Any, pointer: str) -> list[tuple[Any, list[str]]]:
    """Where a pointer starts, and the rest of it: in every item of an array document when the pointer
    goes into its first one (`/0/...` stands for each item), else at the document."""
    parts = pointer_parts(pointer)
    if parts and parts[0] == "0" and isinstance(document, list):
        return [(item, parts[1:]) for item in document]
    return [(document, parts)]


def every_item(document: Any, pointer: str) -> list[Any]:
    """The values at the pointer (in every item, for a pointer into an array's first item)."""
    return [_at_parts(node, rest) for node, rest in _items_along(document, pointer)]


def item_pointer(pointer: str) -> str:
    """The pointer within one item, for a pointer into an array's first item (`/0/name` -> `/name`)."""
    return pointer.removeprefix("/0") if pointer.startswith("/0/") else pointer


def name_slots(body: Any, pointer: str) -> Iterator[Slot]:
    """Where a case's body has a name at the pointer (text there already; nothing is added)."""
    for node, rest in _items_along(body, pointer):
        if not rest:
            continue
        parent = _at_parts(node, rest[:-1])
        if isinstance(parent, dict) and isinstance(parent.get(rest[-1]), str):
            yield Slot(parent, rest[-1])


def put(document: Any, pointer: str, value: ResourceId, as_integer: bool = False) -> None:
    """Set the value at the pointer in a body the run builds, making the objects on the way."""
    *path, last = pointer_parts(pointer)
    node = document
    for part in path:
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict):
            node = node.setdefault(part, {})
        else:
            raise ContractSetupError(f"live_safety: the pointer {pointer} does not fit the body {document!r}")
    if not isinstance(node, dict):
        raise ContractSetupError(f"live_safety: the pointer {pointer} does not fit the body {document!r}")
    node[last] = int(value) if as_integer else value


def as_pointer(field_or_pointer: str) -> str:
    """A profile's field: a JSON pointer (`/0/item/name`), or the name of a top-level field (`name`)."""
    if field_or_pointer.startswith("/"):
        return field_or_pointer
    return "/" + openapi.pointer_token(field_or_pointer)


def pointer_parts(pointer: str) -> list[str]:
    return openapi.pointer_parts(pointer if pointer.startswith("/") else "/" + pointer)


def at(document: Any, pointer: str) -> Any:
    return _at_parts(document, pointer_parts(pointer))


def _at_parts(document: Any, parts: list[str]) -> Any:
    return openapi.at(document, parts, default=None)


def describe(place: IdLocation) -> str:
    return f"body {place.pointer}" if place.location == "body" else f"{place.location} parameter {place.name}"
