"""Shared fixtures: the real patchworks-core inputs, and throw-away API trees built from them or from scratch."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build import BuiltSpec, build_spec
from generator.errors import BuildError
from generator.extract import extract_fragments
from generator.layout import REPO_ROOT, ApiLayout
from generator.validate import validate_spec

PATCHWORKS = REPO_ROOT / "specs" / "patchworks-core"


@pytest.fixture(scope="session")
def built() -> BuiltSpec:
    """The patchworks-core spec, built once from the committed upstream pages and overlays."""
    return build_spec(ApiLayout.find("patchworks-core"))


@pytest.fixture(scope="session")
def resolved(built: BuiltSpec) -> dict[str, Any]:
    """The built spec with every $ref resolved by prance."""
    return validate_spec(built.document, "openapi.json")


@pytest.fixture
def patchworks_copy(tmp_path: Path) -> ApiLayout:
    """A copy of specs/patchworks-core/ (without its built spec) that a test may change."""
    specs = tmp_path / "specs"
    shutil.copytree(PATCHWORKS, specs / "patchworks-core", ignore=shutil.ignore_patterns("openapi.json"))
    return ApiLayout.find("patchworks-core", specs_dir=specs)


# An overlay that leaves the spec of fragment("/a") invalid: its 200 answer refers to a missing schema.
BREAKING_OVERLAY = """
overlay: 1.0.0
info: {title: breaks, version: '1'}
actions:
  - target: $.paths['/a'].get.responses['200']
    description: Points at a schema that does not exist.
    update: {content: {application/json: {schema: {$ref: '#/components/schemas/Missing'}}}}
"""


def fragment_page(title: str, *fragments: dict[str, Any]) -> str:
    """A markdown page in the vendor's format: a heading and one ```json block per operation."""
    blocks = [f"## Operation {n}\n\n> prose\n\n```json\n{json.dumps(f)}\n```\n" for n, f in enumerate(fragments, 1)]
    return f"# {title}\n\n" + "\n".join(blocks)


def fragment(path: str, method: str = "get", schemas: dict[str, Any] | None = None, **operation: Any) -> dict[str, Any]:
    """A minimal valid OpenAPI 3.0 fragment with one operation."""
    operation.setdefault("responses", {"200": {"description": "OK"}})
    return {
        "openapi": "3.0.0",
        "info": {"title": "Made-up API", "version": "1.0.0"},
        "paths": {path: {method: operation}},
        "components": {"schemas": schemas or {}},
    }


def minimal_profile(name: str, write_operations: list[str], **overrides: Any) -> dict[str, Any]:
    """An api.yaml for a made-up API: a key in a header, errors by status, no pagination, and each write
    operation declared as carrying no ids. `overrides` replace whole top-level sections."""
    package = name.replace("-", "_")
    profile: dict[str, Any] = {
        "display_name": f"{name} API",
        "client": {"project": f"{name}-client", "package": f"{package}_client", "version": "0.1.0"},
        "env_prefix": package.upper() + "_",
        "auth": {},
        "errors": {"by": "status", "message_field": "message"},
        "pagination": "none",
        "emulator": {"dialect": "laravel"},
        "live_safety": {"resources": {}, "writes": {operation: [] for operation in write_operations}},
    }
    return {**profile, **overrides}


def _write_operations(upstream: Path) -> list[str]:
    """The operationIds of the write operations on the pages (for a made-up API's profile); a page that does
    not parse has none (the build reports it)."""
    found = []
    for page in sorted(upstream.glob("*.md")):
        try:
            fragments = extract_fragments(page, page.name)
        except BuildError:
            continue
        for piece in fragments:
            for path, item in piece.document.get("paths", {}).items():
                for method, operation in item.items():
                    if method in ("post", "put", "patch", "delete") and isinstance(operation, dict):
                        found.append(str(operation.get("operationId") or f"{method.upper()} {path}"))
    return found


@pytest.fixture
def new_api(tmp_path: Path) -> Callable[..., ApiLayout]:
    """Make specs/<name>/ under tmp_path from pages ({file name: text}) and overlays ({file name: yaml}),
    with a minimal profile (api.yaml) unless `profile` gives one (a mapping, or None for no file)."""

    def make(pages: dict[str, str], overlays: dict[str, str] | None = None, name: str = "made-up",
             profile: dict[str, Any] | bool | None = True) -> ApiLayout:  # fmt: skip
        root = tmp_path / "specs" / name
        (root / "upstream").mkdir(parents=True)
        for file_name, text in pages.items():
            (root / "upstream" / file_name).write_text(text, encoding="utf-8")
        if overlays:
            (root / "overlays").mkdir()
            for file_name, text in overlays.items():
                (root / "overlays" / file_name).write_text(text, encoding="utf-8")
        if profile is True:
            profile = minimal_profile(name, _write_operations(root / "upstream"))
        if isinstance(profile, dict):
            (root / "api.yaml").write_text(yaml.safe_dump(profile, sort_keys=False), encoding="utf-8")
        return ApiLayout.find(name, specs_dir=tmp_path / "specs")

    return make
