"""Step 2: merge the fragments into one OpenAPI document.

Every fragment repeats the page's info, servers, security, tags and the components its operation uses.
Each definition is filed under its place in the document (("components", "schemas", "DataPool"),
("paths", "/x", "get"), ("info",), ...): an identical definition met again collapses into the first;
a different one is a conflict, kept with every source so that the build can name them all. The build
fails on a conflict unless an overlay action targets that place (see generator.build).

The output order does not depend on dict order in the input: paths and component names are sorted,
methods and component sections follow the OpenAPI specification's order, lists keep first appearance
(servers: the first is the default).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.errors import BuildError
from generator.extract import HTTP_METHODS, Fragment

Place = tuple[str, ...]

TOP_LEVEL_ORDER = ("openapi", "info", "externalDocs", "servers", "security", "tags", "paths", "components")
COMPONENT_SECTIONS = (
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
)
LISTS_OF_UNIQUE_ITEMS = ("servers", "security")


def normalized_path(place: Place) -> str:
    """The RFC 9535 normalized path of a place: what an overlay's target selects it by."""
    escaped = (key.replace("\\", "\\\\").replace("'", "\\'") for key in place)
    return "$" + "".join(f"['{key}']" for key in escaped)


@dataclass
class Conflict:
    place: Place
    variants: list[tuple[str, Any]] = field(default_factory=list)  # (first source, definition)

    @property
    def target(self) -> str:
        return normalized_path(self.place)

    def describe(self) -> str:
        sources = " and ".join(source for source, _ in self.variants)
        return f"{'.'.join(self.place)} is defined differently in {sources}"


@dataclass
class MergeResult:
    document: dict[str, Any]
    conflicts: list[Conflict]
    fragment_count: int


@dataclass
class _Definition:
    value: Any
    source: str
    conflict: Conflict | None = None


class _Merger:
    def __init__(self) -> None:
        self.definitions: dict[Place, _Definition] = {}
        self.lists: dict[str, list[Any]] = {name: [] for name in LISTS_OF_UNIQUE_ITEMS}
        self.openapi_version: tuple[str, str] | None = None
        self.conflicts: list[Conflict] = []

    def add(self, fragment: Fragment) -> None:
        source = fragment.describe()
        for key, value in fragment.document.items():
            if key == "openapi":
                self._check_version(value, source)
            elif key in LISTS_OF_UNIQUE_ITEMS:
                self._add_unique_items(key, value, source)
            elif key == "tags":
                for tag in _as_list(value, "tags", source):
                    name = tag.get("name") if isinstance(tag, dict) else None
                    if not isinstance(name, str):
                        raise BuildError(f"{source}: a tag has no name: {json.dumps(tag)}")
                    self._define(("tags", name), tag, source)
            elif key == "paths":
                for path, item in _as_dict(value, "paths", source).items():
                    for item_key, operation in _as_dict(item, f"paths.{path}", source).items():
                        self._define(("paths", path, item_key), operation, source)
            elif key == "components":
                for section, entries in _as_dict(value, "components", source).items():
                    for name, definition in _as_dict(entries, f"components.{section}", source).items():
                        self._define(("components", section, name), definition, source)
            else:
                self._define((key,), value, source)

    def _check_version(self, version: Any, source: str) -> None:
        if self.openapi_version is None:
            self.openapi_version = (version, source)
        elif self.openapi_version[0] != version:
            first_version, first_source = self.openapi_version
            raise BuildError(
                "fragments declare different OpenAPI versions",
                details=[f"{first_version!r} in {first_source}", f"{version!r} in {source}"],
            )

    def _add_unique_items(self, key: str, value: Any, source: str) -> None:
        for item in _as_list(value, key, source):
            if item not in self.lists[key]:
                self.lists[key].append(item)

    def _define(self, place: Place, value: Any, source: str) -> None:
        existing = self.definitions.get(place)
        if existing is None:
            self.definitions[place] = _Definition(value, source)
            return
        if existing.value == value:
            return
        if existing.conflict is None:
            existing.conflict = Conflict(place, [(existing.source, existing.value)])
            self.conflicts.append(existing.conflict)
        if all(variant != value for _, variant in existing.conflict.variants):
            existing.conflict.variants.append((source, value))

    def document(self) -> dict[str, Any]:
        grouped: dict[str, Any] = {}
        if self.openapi_version is not None:
            grouped["openapi"] = self.openapi_version[0]
        for name, items in self.lists.items():
            if items:
                grouped[name] = items
        for place in sorted(self.definitions, key=_place_order):
            _set_in(grouped, place, copy.deepcopy(self.definitions[place].value))
        if "tags" in grouped:
            grouped["tags"] = list(grouped["tags"].values())
        ordered = {key: grouped[key] for key in TOP_LEVEL_ORDER if key in grouped}
        ordered.update((key, grouped[key]) for key in sorted(grouped) if key not in ordered)
        return ordered


def merge_fragments(fragments: Iterable[Fragment]) -> MergeResult:
    merger = _Merger()
    count = 0
    for fragment in fragments:
        merger.add(fragment)
        count += 1
    return MergeResult(merger.document(), merger.conflicts, count)


def _place_order(place: Place) -> tuple[Any, ...]:
    """Sort key: paths by path then method order; component sections in the specification's order."""
    if place[0] == "paths":
        item_key = place[2]
        rank = HTTP_METHODS.index(item_key) if item_key in HTTP_METHODS else -1
        return (place[0], place[1], rank, item_key)
    if place[0] == "components":
        section = place[1]
        rank = COMPONENT_SECTIONS.index(section) if section in COMPONENT_SECTIONS else len(COMPONENT_SECTIONS)
        return (place[0], rank, section, place[2])
    return place


def _set_in(document: dict[str, Any], place: Place, value: Any) -> None:
    node = document
    for key in place[:-1]:
        node = node.setdefault(key, {})
    node[place[-1]] = value


def _as_dict(value: Any, where: str, source: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BuildError(f"{source}: {where} must be an object, not {type(value).__name__}")
    return value


def _as_list(value: Any, where: str, source: str) -> list[Any]:
    if not isinstance(value, list):
        raise BuildError(f"{source}: {where} must be a list, not {type(value).__name__}")
    return value
