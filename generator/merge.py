"""Step 2: merge the fragments into one OpenAPI document.

Every fragment repeats the page's info, servers, security, tags and the components its operation uses.
Each definition is filed under its place in the document (("components", "schemas", "DataPool"),
("paths", "/x", "get"), ("info",), ...): an identical definition met again collapses into the first;
a different one is a conflict, kept with every source so that the build can name them all. The build
fails on a conflict unless the overlays make its definitions one (see generator.build).

The output order does not depend on the order of the pages or of the top-level keys and component names
in them (see canonical_order, which the build applies again after the overlays); inside a definition the
page's order is kept (a schema's properties in the order the vendor lists them, which the client's models
keep), and lists keep first appearance (servers: the first is the default).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
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
    return "$" + "".join(f"[{_quoted(key)}]" for key in place)


def _quoted(text: str) -> str:
    """A JSONPath string literal (RFC 9535), in single quotes."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


@dataclass
class Conflict:
    place: Place  # where the merge defines it: a tag by its name
    variants: list[tuple[str, Any]] = field(default_factory=list)  # (first source, definition)

    @property
    def target(self) -> str:
        """What an overlay selects it by: a tag by its name (the tags are a list, which overlays may change)."""
        if self.place[0] == "tags":
            return f"$.tags[?@.name == {_quoted(self.place[1])}]"
        return normalized_path(self.place)

    def path_in(self, document: Mapping[str, Any]) -> list[str | int] | None:
        """Where `document` holds it, if it does: its place, but a tag is the item of the tags list that has
        its name (an overlay may have removed or moved others)."""
        if self.place[0] != "tags":
            return list(self.place)
        tags = document.get("tags")
        items = enumerate(tags) if isinstance(tags, list) else iter(())
        index = next((i for i, tag in items if isinstance(tag, Mapping) and tag.get("name") == self.place[1]), None)
        return None if index is None else ["tags", index]

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
        for place, definition in self.definitions.items():
            _set_in(grouped, place, copy.deepcopy(definition.value))
        if "tags" in grouped:
            grouped["tags"] = list(grouped["tags"].values())
        return canonical_order(grouped)


def merge_fragments(fragments: Iterable[Fragment]) -> MergeResult:
    merger = _Merger()
    count = 0
    for fragment in fragments:
        merger.add(fragment)
        count += 1
    return MergeResult(merger.document(), merger.conflicts, count)


def canonical_order(document: dict[str, Any]) -> dict[str, Any]:
    """The document with its keys in the one order the build writes: top-level keys as OpenAPI lists
    them, paths sorted with methods in the specification's order and responses by status, component
    sections in the specification's order and their entries sorted by name. Lists (servers, security,
    tags, parameters) keep their order."""
    ordered = {key: document[key] for key in TOP_LEVEL_ORDER if key in document}
    ordered.update((key, document[key]) for key in sorted(document) if key not in ordered)
    if isinstance(ordered.get("paths"), dict):
        ordered["paths"] = {
            path: _ordered_path_item(item) if isinstance(item, dict) else item
            for path, item in sorted(ordered["paths"].items())
        }
    if isinstance(ordered.get("components"), dict):
        sections = _ordered_by(ordered["components"], COMPONENT_SECTIONS, first=True)
        ordered["components"] = {
            name: dict(sorted(entries.items())) if isinstance(entries, dict) else entries
            for name, entries in sections.items()
        }
    return ordered


def _ordered_path_item(item: dict[str, Any]) -> dict[str, Any]:
    ordered = _ordered_by(item, HTTP_METHODS, first=False)
    for operation in ordered.values():
        if isinstance(operation, dict) and isinstance(operation.get("responses"), dict):
            operation["responses"] = dict(sorted(operation["responses"].items()))
    return ordered


def _ordered_by(mapping: dict[str, Any], known: tuple[str, ...], *, first: bool) -> dict[str, Any]:
    """Keys in `known` in that order; the others sorted, before them (first=False) or after."""
    rank = len(known) if first else -1

    def key(name: str) -> tuple[int, str]:
        return (known.index(name) if name in known else rank, name)

    return dict(sorted(mapping.items(), key=lambda entry: key(entry[0])))


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
