"""Step 3: apply OpenAPI Overlay 1.0 documents (specs/<api>/overlays/*.yaml, in file-name order).

Targets are RFC 9535 JSONPath queries, evaluated by python-jsonpath in its strict (RFC 9535) mode.
What the Overlay specification leaves to the tool, and how this one does it:
- `update` on an object is merged in recursively: objects merge key by key, anything else (strings,
  numbers, lists) replaces the value under that key. `update` on a list appends (a list update extends).
  A null update, which the Overlay schema allows without saying what it does, fails the build naming the
  action, and so does a null appended to a list.
- An object with a `$ref` replaces what it lands on instead of merging into it: in OpenAPI 3.0 a
  Reference Object has no siblings, so merging one into an inline schema or response would leave
  the old keys beside the $ref, where tools disagree on what they mean.
- For the same reason an action that would leave a `$ref` with siblings fails the build, naming the file,
  the action, its target and the JSON path: an update that writes one, or an inline object merged into
  a node that is a reference (reference a component that says it all, or remove the node first).
- `remove: true` deletes each selected node from its parent.
- An action whose target selects nothing fails the build: after an upstream change a stale patch must
  be loud, not silently skipped.
"""

from __future__ import annotations

import copy
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonpath
import jsonschema

from generator.errors import BuildError
from generator.input_files import load_yaml, read_text
from generator.merge import normalized_path
from generator.spec_rules import reference_siblings

_JSONPATH = jsonpath.JSONPathEnvironment(strict=True)
_SCHEMA_PATH = Path(__file__).with_name("overlay-1.0.schema.json")


@dataclass(frozen=True)
class Action:
    overlay: str  # the overlay file, as error messages show it
    number: int  # 1-based position in its file
    target: str
    description: str
    update: Any = None
    remove: bool = False

    def __str__(self) -> str:
        # The schema asks for a description with a non-space character; an Action made in code may lack one.
        summary = next((line.strip() for line in self.description.splitlines() if line.strip()), "no description")
        return f"{self.overlay}: action {self.number} ({summary})"


@dataclass(frozen=True)
class AppliedAction:
    action: Action
    selected: tuple[str, ...]  # normalized paths of the nodes it changed
    selected_parts: tuple[tuple[str | int, ...], ...] = ()  # the same, as keys and indices


def load_overlay(path: Path, display_path: str) -> list[Action]:
    """The actions of one overlay file, after checking it against the Overlay 1.0 schema (the file must be
    UTF-8 YAML without a key twice in one mapping)."""
    document = load_yaml(read_text(path, display_path), display_path)
    errors = sorted(_overlay_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        raise BuildError(
            f"{display_path}: not a valid Overlay 1.0 document",
            details=[f"at {_json_pointer(e.absolute_path)}: {_schema_complaint(e)}" for e in errors],
        )
    for number, raw in enumerate(document["actions"], start=1):
        _refuse_non_string_keys(raw.get("update"), f"{display_path}: action {number}")
    return [
        Action(
            overlay=display_path,
            number=number,
            target=raw["target"],
            description=raw["description"],
            update=raw.get("update"),
            remove=bool(raw.get("remove", False)),
        )
        for number, raw in enumerate(document["actions"], start=1)
    ]


def apply_actions(document: dict[str, Any], actions: list[Action]) -> list[AppliedAction]:
    """Apply the actions in order, changing `document` in place."""
    return [_apply(document, action) for action in actions]


def _apply(document: dict[str, Any], action: Action) -> AppliedAction:
    try:
        matches = list(_JSONPATH.finditer(action.target, document))
    except jsonpath.JSONPathError as error:
        raise BuildError(f"{action}: target {action.target!r} is not a valid JSONPath: {error}") from None
    if not matches:
        raise BuildError(
            f"{action}: target {action.target} selects nothing",
            details=["the upstream page changed or the patch is wrong: fix or delete this action"],
        )
    if action.remove:
        _remove(matches, action)
    else:
        written = reference_siblings(action.update)
        if written:
            raise BuildError(
                f"{action}: target {action.target}: the update writes a $ref with sibling keys",
                details=[f"in the update at {place}" for place in written]
                + ["a Reference Object has no siblings: say it in the referenced component, or inline the object"],
            )
        for match in matches:
            _update(match.obj, action, match.path)
    return AppliedAction(
        action,
        tuple(match.path for match in matches),
        tuple(tuple(part for part in match.parts if isinstance(part, str | int)) for match in matches),
    )


def _update(node: Any, action: Action, where: str) -> None:
    if action.update is None:
        # The Overlay schema allows a null update and says nothing of what it does: appended to a list it
        # is a null parameter or tag, which openapi-spec-validator then trips over with a TypeError.
        raise BuildError(
            f"{action}: target {action.target}: the update is null",
            details=["an update merges an object into an object or appends to a list; to delete, use remove: true"],
        )
    if isinstance(node, list) and isinstance(action.update, list) and None in action.update:
        raise BuildError(
            f"{action}: target {action.target}: the update appends null (item {action.update.index(None)}) "
            f"to the list at {where}",
            details=["a list in an OpenAPI document holds objects or strings, never null"],
        )
    if isinstance(node, dict) and isinstance(action.update, dict):
        if _is_reference(action.update):
            node.clear()
        _merge_into(node, action.update, action, where)
    elif isinstance(node, list):
        additions = action.update if isinstance(action.update, list) else [action.update]
        node.extend(copy.deepcopy(additions))
    else:
        raise BuildError(
            f"{action}: cannot update a {type(node).__name__} with a {type(action.update).__name__}",
            details=[
                "an update merges an object into an object or appends to a list; "
                "to replace a value, target the object that holds it"
            ],
        )


def _merge_into(target: dict[str, Any], update: dict[str, Any], action: Action, where: str) -> None:
    if _is_reference(target) and not _is_reference(update) and update:
        raise BuildError(
            f"{action}: target {action.target}: merging {', '.join(sorted(update))} into the $ref at {where} "
            "would give the reference siblings",
            details=[
                f"{where} is {{$ref: {target['$ref']}}}: a Reference Object has no siblings, so the merged "
                "keys would be ignored by some tools and not by others",
                "reference a component that says it all (an update with a $ref replaces the node), "
                "or remove the node in one action and state it inline in the next",
            ],
        )
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict) and not _is_reference(value):
            _merge_into(target[key], value, action, where + normalized_path((str(key),)).removeprefix("$"))
        else:
            target[key] = copy.deepcopy(value)


def _is_reference(value: dict[str, Any]) -> bool:
    return "$ref" in value


def _remove(matches: list[jsonpath.JSONPathMatch], action: Action) -> None:
    # Removals are grouped by parent and list items removed from the highest index down, so that
    # removing one item does not shift the index of another selected by the same query.
    by_parent: dict[int, tuple[Any, list[Any]]] = defaultdict(lambda: (None, []))
    for match in matches:
        if match.parent is None:
            raise BuildError(f"{action}: cannot remove the document root")
        parent = match.parent.obj
        by_parent[id(parent)] = (parent, [*by_parent[id(parent)][1], match.parts[-1]])
    for parent, keys in by_parent.values():
        for key in sorted(set(keys), reverse=True) if isinstance(parent, list) else set(keys):
            del parent[key]


def _refuse_non_string_keys(value: Any, where: str, path: str = "update") -> None:
    """JSON has only string keys; YAML reads `Null:`, `yes:` or `1:` as other types, a silent surprise."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise BuildError(f"{where}: key {key!r} under {path} is not a string (quote it in the YAML)")
            _refuse_non_string_keys(item, where, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_non_string_keys(item, where, f"{path}[{index}]")


@cache
def _overlay_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(_SCHEMA_PATH.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    return validator_class(schema)


def _schema_complaint(error: jsonschema.ValidationError) -> str:
    if error.validator == "pattern" and list(error.absolute_path)[-1:] == ["description"]:
        return "the description is only spaces: say what defect the action fixes and where the evidence is"
    return error.message


def _json_pointer(parts: Any) -> str:
    return "/" + "/".join(str(part) for part in parts)
