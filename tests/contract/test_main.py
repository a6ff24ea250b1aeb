"""`python -m contract_tests`: one API with --api, else every API in turn, each in a process of its own
with its own report folder, and one line per API at the end."""

from __future__ import annotations

import dataclasses
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

import contract_tests.__main__ as cli
from contract_tests.api import ContractApi
from generator.layout import all_apis
from tests.contract.fake_api import write_api


def test_an_unknown_api_exits_2_naming_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["--api", "nope"])
    assert exited.value.code == 2
    assert f"--api: unknown API 'nope' (known: {', '.join(all_apis())})" in capsys.readouterr().err


@pytest.fixture
def two_apis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Two APIs (widget-api, prefix WIDGETS_; gadget-api, prefix GADGETS_) whose runs are stood in for:
    widget-api's passes, gadget-api's fails. The commands the runs were started with."""
    widgets = write_api(tmp_path / "widgets")
    gadgets = write_api(tmp_path / "gadgets", profile={"env_prefix": "GADGETS_"})
    gadgets = dataclasses.replace(gadgets, name="gadget-api")
    apis = {"widget-api": widgets, "gadget-api": gadgets}
    monkeypatch.setattr(cli, "all_apis", lambda specs_dir=None: sorted(apis, reverse=True))
    monkeypatch.setattr(ContractApi, "load", classmethod(lambda cls, name, specs_dir=None: apis[name]))
    started: list[list[str]] = []

    class Run:
        """One API's run, done as soon as it starts."""

        def __init__(self, command: list[str], **_: Any) -> None:
            started.append(command)
            api, run_dir = command[command.index("--api") + 1], Path(command[command.index("--run-dir") + 1])
            assert run_dir.is_dir()  # claimed by the parent before the run starts (new_run_folder)
            failed = api == "gadget-api"
            result = f"**{'FAILED' if failed else 'passed'}**: {int(failed)} of 3 tests failed"
            (run_dir / "summary.md").write_text(f"# Contract check: {api}\n\n- Result: {result}\n")
            self.code = int(failed)

        def wait(self) -> int:
            return self.code

    monkeypatch.setattr(subprocess, "Popen", Run)
    return started


def test_without_an_api_each_is_run_in_turn_and_summed_up(
    two_apis: list[list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--profile", "fast", "--reports", str(tmp_path / "reports"), "-x"]  # -x: passed on to pytest
    assert cli.main(argv) == 1
    assert [command[command.index("--api") + 1] for command in two_apis] == ["widget-api", "gadget-api"]
    for command in two_apis:
        api = command[command.index("--api") + 1]
        run_dir = Path(command[command.index("--run-dir") + 1])
        assert run_dir.parent == tmp_path / "reports" and run_dir.name.startswith(f"{api}-emulator-")
        assert command[-len(argv) :] == argv
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("  widget-api: passed: 0 of 3 tests failed (") for line in lines), lines
    assert any(line.startswith("  gadget-api: FAILED: 1 of 3 tests failed, exit status 1 (") for line in lines), lines


def test_live_runs_go_to_the_apis_whose_host_is_set(
    two_apis: list[list[str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("WIDGETS_BASE_URL", raising=False)
    monkeypatch.delenv("GADGETS_BASE_URL", raising=False)
    assert cli.main(["--live", "--reports", str(tmp_path)]) == 2
    assert "WIDGETS_BASE_URL, GADGETS_BASE_URL" in capsys.readouterr().err and two_apis == []
    monkeypatch.setenv("WIDGETS_BASE_URL", "https://widgets.example.com")
    assert cli.main(["--live", "--reports", str(tmp_path)]) == 0
    assert [command[command.index("--api") + 1] for command in two_apis] == ["widget-api"]
    assert "  gadget-api: not run (GADGETS_BASE_URL is not set)" in capsys.readouterr().out


def test_runs_started_in_the_same_second_get_folders_of_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "strftime", lambda _: "20261201T200000")
    folders = [cli.new_run_folder(tmp_path, "acme", live=True) for _ in range(3)]
    assert [folder.name for folder in folders] == [
        "acme-live-20261201T200000", "acme-live-20261201T200000-2", "acme-live-20261201T200000-3"
    ]  # fmt: skip
    assert all(folder.is_dir() for folder in folders)
