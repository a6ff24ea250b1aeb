"""What a write case created, by its answer: the live-write guard's reading (contract_tests/safety.py) of
which items of a case are new resources and which change one that exists, and the ids the answer gives the
new ones.

A write that may create as well as change (an upsert of arrays: an item without its id is a new resource,
one with it a change) answers with the ids of both. Only the ids answered for the new ones are the run's:
an item that names a resource in any id place but those the run's own create bodies fill (the home's
parent, say) changes that resource, and the id answered for it is not the run's to delete, even when the
guard let the case through (a change of one of the run's own resources is the run's already).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemathesis import Case

from contract_tests.id_places import IdValue, ResourceId, classify, every_item, item_values, pointer_parts, slots
from generator.profile import IdLocation

WHOLE_CASE = -1  # the "item" of a value outside any item of an array body (a parameter, a body field)


@dataclass(frozen=True)
class Creations:
    """What a 2xx answer says a case created."""

    ids: list[ResourceId]  # the ids answered for the case's new resources
    creates: int  # how many of the case's items (or the case, for a body that is no array) are new ones
    unanswered: int  # how many of those have no well-formed id where the links say


def holds_value_at(document: Any, pointer: str) -> bool:
    """Whether a body the run builds has a value other than null at the pointer (`*`: in any item). Strict:
    a body that is not the shape the pointer expects holds nothing there."""

    def walk(node: Any, parts: list[str]) -> bool:
        if not parts:
            return node is not None
        head, tail = parts[0], parts[1:]
        if head == "*" and isinstance(node, list):
            return any(walk(item, tail) for item in node)
        if isinstance(node, list) and head.isdigit() and int(head) < len(node):
            return walk(node[int(head)], tail)
        if isinstance(node, dict) and head in node:
            return walk(node[head], tail)
        return False

    return walk(document, pointer_parts(pointer))


def naming_items(case: Case[Any], places: list[tuple[IdLocation, bool]]) -> set[int]:
    """The items of the case that name an existing resource in one of the places (each with whether its
    ids are integers): their index in an array body, WHOLE_CASE for a value outside any item (then every
    item changes what it names, as far as the run can tell)."""
    naming: set[int] = set()
    for place, integer_ids in places:
        for index, value in _values_by_item(case, place):
            if classify(value, integer_ids=integer_ids)[0] is not IdValue.HARMLESS:
                naming.add(index)
    return naming


def _values_by_item(case: Case[Any], place: IdLocation) -> list[tuple[int, Any]]:
    parts = pointer_parts(str(place.pointer)) if place.location == "body" else []
    if parts[:1] == ["*"] and isinstance(case.body, list):
        return [
            (index, value) for index, item in enumerate(case.body) for value in item_values(item, str(place.pointer))
        ]
    return [(WHOLE_CASE, slot.value) for slot in slots(case, place)]


def answered_creations(case: Case[Any], naming: set[int], pointer: str, answer: Any) -> Creations:
    """The ids a 2xx answer (its JSON, or None when it has none) gives the case's new resources, at the
    links' pointer (`/0/...`: in every item of an array answer, item by item as the case sent them)."""
    items = len(case.body) if isinstance(case.body, list) else 1
    if WHOLE_CASE in naming:
        return Creations([], 0, 0)
    new = [index for index in range(items) if index not in naming]
    answered = every_item(answer, pointer) if answer is not None else []
    per_item = isinstance(answer, list) and pointer.startswith("/0/") and len(answered) == items
    if per_item:
        chosen = [answered[index] for index in new]
    elif not naming:
        chosen = answered  # every item is new: every id answered is one of theirs
    else:
        # Changes and new ones in an answer that does not match the items one to one: which id is
        # which cannot be told, and an id not known to be the run's is never taken for one.
        return Creations([], len(new), len(new))
    ids = [resource_id for kind, resource_id in (classify(value, integer_ids=False) for value in chosen)
           if kind is IdValue.WELL_FORMED and resource_id]  # fmt: skip
    return Creations(ids, len(new), max(len(new) - len(ids), 0))
