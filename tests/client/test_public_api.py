"""Each committed client's public API is the one its snapshot records: no public name or signature goes
away or changes unnoticed when the generator or its templates change.

The public API is what a user can import without an underscore: the package's exports, its public
modules (errors, client, types, models, api.*) and, inside them, every public class, function and
attribute, with classes' members (inherited ones included) and functions' parameters (name, kind,
annotation, default) and return annotations. Private modules (`_auth`, `_retry`, ...) are left out
except for what the package re-exports from them, which is recorded under the exported name: moving an
implementation between private modules is not a change of the public API.

griffe reads the source without importing it. A name or signature that is removed or changed fails the
test; so does one that was added, until the snapshot is recorded again on purpose:

    UPDATE_PUBLIC_API=1 .venv/bin/pytest tests/client/test_public_api.py

which rewrites tests/client/public_api/<project>.json; review its diff like any API change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import griffe
import pytest

from generator.layout import GENERATED_DIR, ApiLayout, all_apis

SNAPSHOTS = Path(__file__).with_name("public_api")
UPDATE = os.environ.get("UPDATE_PUBLIC_API") == "1"

Description = dict[str, Any]


def public_api(project_dir: Path, package: str) -> dict[str, Description]:
    """Every public object of the package under project_dir, by its public dotted path."""
    root = griffe.load(package, search_paths=[str(project_dir)], resolve_aliases=False)
    assert isinstance(root, griffe.Module)
    found: dict[str, Description] = {}
    _walk_module(root, package, found)
    return dict(sorted(found.items()))


def _walk_module(module: griffe.Module, path: str, found: dict[str, Description]) -> None:
    found[path] = {"kind": "module"}
    for name, member in module.members.items():
        if isinstance(member, griffe.Alias):
            if name in (module.exports or ()):  # a re-export: the object, under its public name
                _describe(member.final_target, f"{path}.{name}", found)
            continue
        if not member.is_public:
            continue
        if isinstance(member, griffe.Module):
            _walk_module(member, f"{path}.{name}", found)
        else:
            _describe(member, f"{path}.{name}", found)


def _describe(obj: griffe.Object | griffe.Alias, path: str, found: dict[str, Description]) -> None:
    if isinstance(obj, griffe.Class):
        found[path] = {
            "kind": "class",
            "bases": [str(base) for base in obj.bases],
            "decorators": [str(decorator.value) for decorator in obj.decorators],
        }
        for name, member in obj.all_members.items():  # inherited members too, resolved
            target = member.final_target if isinstance(member, griffe.Alias) else member
            if member.is_public and not isinstance(target, griffe.Module):
                _describe(target, f"{path}.{name}", found)
    elif isinstance(obj, griffe.Function):
        found[path] = {
            "kind": "function",
            "labels": sorted(obj.labels),
            "parameters": [
                {
                    "name": parameter.name,
                    "kind": parameter.kind.value if parameter.kind else None,
                    "annotation": _text(parameter.annotation),
                    "default": _text(parameter.default),
                }
                for parameter in obj.parameters
            ],
            "returns": _text(obj.returns),
        }
    elif isinstance(obj, griffe.Attribute):
        # A module's or class's value is a constant or a default (part of the API); what a method assigns
        # to an instance attribute is how it is computed (not).
        declared = bool(obj.labels & {"module-attribute", "class-attribute"})
        found[path] = {
            "kind": "attribute",
            "labels": sorted(obj.labels),
            "annotation": _text(obj.annotation),
            "value": _text(obj.value) if declared else None,
        }
    elif isinstance(obj, griffe.Module):
        _walk_module(obj, path, found)


def _text(expression: Any) -> str | None:
    return None if expression is None else str(expression)


def committed_clients() -> list[tuple[str, Path, str]]:
    """(project, its directory, its package) of every API's committed client."""
    clients = []
    for api in all_apis():
        profile = ApiLayout.find(api).profile
        clients.append((profile.client.project, GENERATED_DIR / profile.client.project, profile.client.package))
    return clients


@pytest.mark.parametrize(("project", "project_dir", "package"), committed_clients(), ids=lambda v: str(v))
def test_the_public_api_is_the_recorded_one(project: str, project_dir: Path, package: str) -> None:
    snapshot = SNAPSHOTS / f"{project}.json"
    current = public_api(project_dir, package)
    assert len(current) > 10, f"griffe found almost nothing in {project_dir}: is the package there?"
    if UPDATE:
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert snapshot.is_file(), f"{snapshot} is missing: record it with UPDATE_PUBLIC_API=1 (see this module)"
    recorded: dict[str, Description] = json.loads(snapshot.read_text(encoding="utf-8"))
    removed = sorted(set(recorded) - set(current))
    added = sorted(set(current) - set(recorded))
    changed = [
        f"{path}:\n      recorded {json.dumps(recorded[path], sort_keys=True)}\n"
        f"      now      {json.dumps(current[path], sort_keys=True)}"
        for path in sorted(set(recorded) & set(current))
        if recorded[path] != current[path]
    ]
    problems = [f"removed: {path}" for path in removed] + [f"changed: {text}" for text in changed]
    problems += [f"added (not in the snapshot): {path}" for path in added]
    assert not problems, (
        f"{project}'s public API differs from {snapshot.name} (if on purpose: UPDATE_PUBLIC_API=1):\n  "
        + "\n  ".join(problems)
    )


def test_the_comparison_sees_a_changed_signature(tmp_path: Path) -> None:
    """The walker records what the main test compares: a parameter's default, a re-export, a method."""
    package = tmp_path / "made_up"
    package.mkdir()
    (package / "_impl.py").write_text(
        "class Thing:\n    size: int = 1\n\n    def grow(self, by: int = 2, *, twice: bool = False) -> int:\n"
        "        return self.size + by\n\n\ndef _hidden() -> None: ...\n",
        encoding="utf-8",
    )
    (package / "__init__.py").write_text("from ._impl import Thing\n\n__all__ = ['Thing']\n", encoding="utf-8")
    before = public_api(tmp_path, "made_up")
    assert set(before) == {"made_up", "made_up.Thing", "made_up.Thing.size", "made_up.Thing.grow"}
    grow = before["made_up.Thing.grow"]
    assert [(p["name"], p["kind"], p["default"]) for p in grow["parameters"]] == [
        ("self", "positional or keyword", None),
        ("by", "positional or keyword", "2"),
        ("twice", "keyword-only", "False"),
    ]
    impl = package / "_impl.py"
    impl.write_text(impl.read_text(encoding="utf-8").replace("by: int = 2", "by: int = 3"), encoding="utf-8")
    assert public_api(tmp_path, "made_up")["made_up.Thing.grow"] != grow
