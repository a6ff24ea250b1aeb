"""The emulator package's structure holds: no import cycle; the core imports nothing from the dialects or
the API packages and names no API and no dialect; a dialect imports only the core.

What would give an API away is read from every API under specs/ (generator.layout.all_apis), as
tests/contract/test_shared_code.py does for the contract check: its names, env prefix, packages, dialect,
resources and camelCase operationIds; and every dialect by its module's name."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from contract_tests.emulator.core.spec import load_spec
from generator.layout import REPO_ROOT, ApiLayout, all_apis
from tests.emulator.conftest import made_up_api, openapi

PACKAGE = "contract_tests.emulator"
ROOT = REPO_ROOT / "contract_tests" / "emulator"
CAMEL_CASE = re.compile(r"[a-z][A-Z]")  # listDataPools, not a plain word such as login


def api_words(specs_dir: Path | None = None) -> set[str]:
    """The words that name an API or a dialect: of every API under `specs_dir` (default specs/), and of
    every dialect module."""
    words = {path.stem for path in (ROOT / "dialects").glob("*.py") if path.stem != "__init__"}
    for api in all_apis(specs_dir):
        layout = ApiLayout.find(api, specs_dir=specs_dir)
        profile = layout.profile
        words |= {api, profile.display_name, profile.display_name.split()[0], profile.env_prefix.rstrip("_")}
        words |= {profile.client.package, profile.emulator_package, profile.dialect}
        words |= set(profile.live_safety.get("resources", {}))
        operations = load_spec(layout.spec_path).operations
        words |= {operation.operation_id for operation in operations if CAMEL_CASE.search(operation.operation_id)}
    return words


def mentioned(text: str, words: set[str]) -> list[str]:
    """The words the text mentions, at the start of a word and ignoring case, a separator in a word
    matching any (data_pool: "data pool", "data-pool", "DataPool")."""
    found = []
    for word in sorted(words):
        parts = [re.escape(part) for part in re.split(r"[-_ ]+", word) if part]
        if parts and re.search(r"(?<![A-Za-z])" + r"[-_ ]?".join(parts), text, re.IGNORECASE):
            found.append(word)
    return found


def modules(root: Path, package: str) -> dict[str, Path]:
    """Every module under `root` by its dotted name (a package by its __init__.py)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join([package, *parts])] = path
    return found


def imports(path: Path, name: str, known: set[str]) -> Iterator[str]:
    """The modules of `known` that the module imports, anywhere in it (functions and TYPE_CHECKING
    blocks included): for `from a import b`, a.b when that is a module, else a."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        yield from (target for target in targets if target in known)


def graph(root: Path, package: str) -> dict[str, set[str]]:
    found = modules(root, package)
    return {name: set(imports(path, name, set(found))) - {name} for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each as a cycle through it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def test_the_emulator_has_no_import_cycle() -> None:
    edges = graph(ROOT, PACKAGE)
    assert len(edges) > 20, "the walk found too few modules to be looking at the emulator"
    found = cycles(edges)
    assert not found, "import cycles: " + "; ".join(" <-> ".join(group) for group in found)


def test_the_cycle_check_finds_a_cycle(tmp_path: Path) -> None:
    package = tmp_path / "made"
    (package / "inner").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "inner" / "__init__.py").write_text("")
    (package / "a.py").write_text("from made.inner import b\n")
    (package / "inner" / "b.py").write_text("def late():\n    from .. import c\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import made.a\n")
    (package / "d.py").write_text("import made.c\n")
    assert cycles(graph(package, "made")) == [["made.a", "made.c", "made.inner.b"]]


def core_modules() -> dict[str, Path]:
    everything = modules(ROOT, PACKAGE)
    return {
        name: path
        for name, path in everything.items()
        if not name.startswith((f"{PACKAGE}.dialects", f"{PACKAGE}.apis"))
    }


def test_the_core_imports_no_dialect_and_no_api_package() -> None:
    edges = graph(ROOT, PACKAGE)
    wrong = {
        name: sorted(t for t in edges[name] if t.startswith((f"{PACKAGE}.dialects", f"{PACKAGE}.apis")))
        for name in core_modules()
    }
    assert not {name: targets for name, targets in wrong.items() if targets}


WORDS = api_words()


@pytest.mark.parametrize("name", sorted(core_modules()))
def test_no_core_module_names_an_api_or_a_dialect(name: str) -> None:
    named = mentioned(core_modules()[name].read_text(encoding="utf-8"), WORDS)
    assert not named, f"{name} mentions {named}"


def test_the_words_come_from_every_api_and_every_dialect(tmp_path: Path) -> None:
    assert {"patchworks-core", "easydb", "laravel", "spatie", "data_pool", "listDataPools"} <= WORDS
    listing = {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "array"}}}}}
    specs = made_up_api(tmp_path / "specs", "made-up-shop", openapi({"/widgets": {"get": {
        "operationId": "listWidgets", "responses": listing}}}))  # fmt: skip
    third = api_words(specs)
    assert {"made-up-shop", "MADE_UP", "made_up_shop_client", "made_up_shop", "listWidgets"} <= third
    assert mentioned("# the made-up shop's widgets (listwidgets)", third) == [
        "MADE_UP",
        "Made-up",
        "listWidgets",
        "made-up-shop",
        "made_up_shop",
    ]
    assert mentioned("a data-pool, a DataPool, data_pools", {"data_pool"}) == ["data_pool"]
    assert mentioned("metadata_pool", {"data_pool"}) == []  # only at the start of a word
