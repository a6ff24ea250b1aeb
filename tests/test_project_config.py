"""The repository's own settings name every API's generated client where tools need it: pytest and mypy
read pyproject.toml, which cannot list folders by pattern. A new API's client that is not listed would
go untested and unchecked, so this fails naming the lines to add (docs/adding-an-api.md, step 4)."""

from __future__ import annotations

import os
import subprocess
import tomllib
from pathlib import Path

import pytest

from generator.layout import REPO_ROOT, ApiLayout, all_apis

CONFIG = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("api", all_apis())
def test_each_client_is_on_the_paths_of_pytest_and_mypy(api: str) -> None:
    client = ApiLayout.find(api).profile.client
    project = f"generated/{client.project}"
    package = f"{project}/{client.package}"
    assert (REPO_ROOT / package).is_dir(), f"{package} is not generated: run `make regenerate API={api}`"
    mypy = CONFIG["tool"]["mypy"]
    assert package in mypy["files"], f'add "{package}" to [tool.mypy] files in pyproject.toml'
    assert project in mypy["mypy_path"].split(":"), f"add {project} to [tool.mypy] mypy_path in pyproject.toml"
    pythonpath = CONFIG["tool"]["pytest"]["ini_options"]["pythonpath"]
    assert project in pythonpath, f'add "{project}" to [tool.pytest.ini_options] pythonpath in pyproject.toml'


def test_make_help_names_the_apis_and_prints_no_make_syntax() -> None:
    result = subprocess.run(["make", "--no-print-directory", "help"], cwd=REPO_ROOT, capture_output=True,
                            text=True, check=True)  # fmt: skip
    assert "$(" not in result.stdout, result.stdout
    assert f"(here: {' '.join(all_apis())})" in result.stdout
    assert "make lint-spec" in result.stdout


@pytest.mark.parametrize("name", ["SEED", "MAX_EXAMPLES"])
@pytest.mark.parametrize("value", ["2 --allow-writes", "1; echo INJECTED", "3x", "٣"])
def test_a_contract_option_that_is_not_a_whole_number_stops_make_before_any_command(name: str, value: str) -> None:
    """They go on the contract check's command line (the nightly workflow fills them from its inputs): a
    space or a `;` would add options or commands. `make -n` prints the commands it would run: none."""
    result = subprocess.run(["make", "--no-print-directory", "-n", "contract-live", "API=easydb", f"{name}={value}"],
                            cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode != 0 and result.stdout == ""
    assert f"{name} must be a whole number (digits only), not '{value}'" in result.stderr


@pytest.mark.parametrize("given", ["environment", "command line"])
def test_a_contract_option_is_checked_as_written_never_expanded(tmp_path: Path, given: str) -> None:
    """Make imports an environment variable as one it expands: a $(shell ...) in it would run."""
    marker = tmp_path / "ran"
    value = f"$(shell touch {marker})3"
    command = ["make", "--no-print-directory", "-n", "contract-live", "API=easydb"]
    environment = {**os.environ, "SEED": value} if given == "environment" else None
    result = subprocess.run([*command, *([f"SEED={value}"] if given == "command line" else [])], cwd=REPO_ROOT,
                            env=environment, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode != 0 and f"SEED must be a whole number (digits only), not '{value}'" in result.stderr
    assert not marker.exists()


def test_whole_numbers_reach_the_contract_check() -> None:
    result = subprocess.run(["make", "--no-print-directory", "-n", "contract", "SEED=42", "MAX_EXAMPLES=7"],
                            cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "--profile full --seed 42 --max-examples 7" in result.stdout
