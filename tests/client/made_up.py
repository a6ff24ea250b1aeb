"""Made-up APIs for the client's tests: a spec fragment with its servers and security schemes, and their
generated client, imported. Each test module generates its API's client once (generation takes a while)."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.build import build_spec
from generator.generate import generate_client
from generator.layout import ApiLayout
from tests.conftest import fragment_page


def api_fragment(title: str, schemes: dict[str, Any], schemas: dict[str, Any], tag: str, path: str, method: str,
                 **operation: Any) -> dict[str, Any]:  # fmt: skip
    """One operation's OpenAPI 3.0 fragment, with everything an API's pages repeat: its server, security
    schemes (any of them secures an operation unless it says `security`) and schemas."""
    return {
        "openapi": "3.0.0",
        "info": {"title": title, "version": "1.0.0"},
        "servers": [{"url": f"https://api.{tag.lower()}.example"}],
        "security": [{name: []} for name in schemes],
        "tags": [{"name": tag}],
        "paths": {path: {method: {"tags": [tag], **operation}}},
        "components": {"schemas": schemas, "securitySchemes": schemes},
    }


@contextmanager
def generated_package(
    new_api: Callable[..., ApiLayout],
    output_root: Path,
    name: str,
    fragments: list[dict[str, Any]],
    profile: dict[str, Any],
) -> Iterator[ModuleType]:
    """The client of a made-up API (specs/<name>/ from one page of `fragments` and `profile`), generated into
    output_root unless an earlier test of the module did, and imported."""
    project = output_root / profile["client"]["project"]
    if not project.is_dir():
        layout = new_api({f"{name}.md": fragment_page(name, *fragments)}, name=name, profile=profile)
        generate_client(layout, build_spec(layout).document, layout.spec_path, output_root)
    sys.path.insert(0, str(project))
    try:
        yield importlib.import_module(profile["client"]["package"])
    finally:
        sys.path.remove(str(project))


def module(package: ModuleType, name: str) -> Any:
    """A module of the generated package: `module(package, "api.things.get_thing")`."""
    return importlib.import_module(f"{package.__name__}.{name}")


def mypy_strict(package: ModuleType) -> subprocess.CompletedProcess[str]:
    """mypy --strict over a generated package, from its project directory (whose pyproject says strict)."""
    package_dir = Path(package.__file__ or "").parent
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--no-incremental",
        "--cache-dir",
        os.devnull,
        package_dir.name,
    ]
    return subprocess.run(command, cwd=package_dir.parent, capture_output=True, text=True, check=False)
