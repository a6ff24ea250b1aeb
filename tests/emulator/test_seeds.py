"""Every API has the demo seed `make emulator` starts it with, and starts with it as the Makefile asks."""

from __future__ import annotations

import re

import pytest

from contract_tests.emulator import create_app
from contract_tests.emulator.cli import serve_options
from contract_tests.emulator.core.api import load_api
from contract_tests.emulator.core.storage import Database
from contract_tests.emulator.core.stores import document_counts
from generator.layout import REPO_ROOT, ApiLayout, all_apis


def makefile_default(name: str) -> str:
    """A variable's default in the Makefile (NAME ?= value)."""
    found = re.search(rf"^{name} \?= (.+)$", (REPO_ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE)
    assert found, f"the Makefile has no {name} ?= ..."
    return found[1].strip()


def stored(api: str, db: Database) -> int:
    """How many records the API's tables and documents hold."""
    layout = ApiLayout.find(api)
    package = load_api(api, layout.profile.emulator_package, layout.display(layout.profile.path))
    return sum(db.count(table) for table in package.counted) + sum(document_counts(db).values())


@pytest.mark.parametrize("api", all_apis())
def test_make_emulator_starts_every_api_with_its_demo_data(api: str) -> None:
    recipe = re.search(r"^emulator:.*\n(?:\t.*\n)+", (REPO_ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert recipe and "--seed demo" in recipe[0]  # what the arguments below stand for
    argv = ["serve", "--api", api, "--db", ":memory:"]
    argv += ["--api-key", makefile_default("EMULATOR_KEY"), "--login", makefile_default("EMULATOR_LOGIN")]
    seeded = create_app(api, serve_options([*argv, "--seed", "demo"], {}).settings).state.emulator.db
    bare = create_app(api, serve_options(argv, {}).settings).state.emulator.db
    try:
        assert stored(api, seeded) > stored(api, bare), f"{api}'s demo seed stores nothing"
    finally:
        seeded.close()
        bare.close()
