"""Shared fixtures: the real patchworks-core inputs, and throw-away API trees built from them or from scratch."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.build import BuiltSpec, build_spec
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


@pytest.fixture
def new_api(tmp_path: Path) -> Callable[..., ApiLayout]:
    """Make specs/<name>/ under tmp_path from pages ({file name: text}) and overlays ({file name: yaml})."""

    def make(pages: dict[str, str], overlays: dict[str, str] | None = None, name: str = "made-up") -> ApiLayout:
        root = tmp_path / "specs" / name
        (root / "upstream").mkdir(parents=True)
        for file_name, text in pages.items():
            (root / "upstream" / file_name).write_text(text, encoding="utf-8")
        if overlays:
            (root / "overlays").mkdir()
            for file_name, text in overlays.items():
                (root / "overlays" / file_name).write_text(text, encoding="utf-8")
        return ApiLayout.find(name, specs_dir=tmp_path / "specs")

    return make
