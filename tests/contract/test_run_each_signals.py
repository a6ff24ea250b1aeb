"""`python -m contract_tests` without --api, stopped while an API's run goes on (contract_tests/__main__.py,
run_each): the first SIGTERM or Ctrl-C to it is passed on to that run (which has a process group of its
own, so a terminal's Ctrl-C reaches it once), later ones are not; the run is waited for until it has
cleaned up, no other API's run starts, and the last lines say which was interrupted. Real processes: the
parent, and in place of each API's run a slow one of our own that cleans up on SIGTERM as the real one does."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.contract.fake_api import write_api

REPO_ROOT = Path(__file__).resolve().parents[2]

# One API's run, as `python -m contract_tests --api X --run-dir D` does it: SIGTERM taken as a Ctrl-C, then
# a clean-up that takes its time (the parent must wait for it), then the summary's result line.
SLOW_RUN = """
import os, pathlib, sys, time
from contract_tests.__main__ import sigterm_as_interrupt

run_dir = pathlib.Path(sys.argv[sys.argv.index("--run-dir") + 1])
(run_dir / "started").write_text(str(os.getpid()))
try:
    with sigterm_as_interrupt():
        time.sleep(60)
    result, code = "**passed**: 0 of 3 tests failed", 0
except KeyboardInterrupt as stop:
    time.sleep(1)
    (run_dir / "cleaned-up").write_text(str(stop) or "a Ctrl-C")
    result, code = "**FAILED**: interrupted after 1 of 3 tests (0 of them failed)", 2
(run_dir / "summary.md").write_text(f"- Result: {result}\\n")
sys.exit(code)
"""

PARENT = """
import sys
import contract_tests.__main__ as cli

cli.CHILD = [sys.executable, {slow_run!r}]
sys.exit(cli.main(["--specs-dir", {specs!r}, "--reports", {reports!r}, "--profile", "fast"]))
"""


@dataclass
class Parent:
    process: subprocess.Popen[bytes]
    reports: Path
    output: Path  # its stdout and stderr (a file: a run it left behind would hold a pipe open)

    def first_run(self) -> Path:
        """The first API's run folder, once its run has started."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            started = list(self.reports.glob("*/started"))
            if started:
                return started[0].parent
            assert self.process.poll() is None, self.output.read_text(encoding="utf-8")
            time.sleep(0.05)
        raise AssertionError("the first API's run did not start within 60 s")

    def end(self) -> tuple[int, list[str]]:
        code = self.process.wait(timeout=60)
        return code, self.output.read_text(encoding="utf-8").splitlines()


@pytest.fixture
def parent(tmp_path: Path) -> Iterator[Parent]:
    """`python -m contract_tests` over two APIs (gadget-api, then widget-api), in a process group of its own."""
    specs = tmp_path / "specs"
    write_api(specs)
    shutil.copytree(specs / "widget-api", specs / "gadget-api")
    slow_run = tmp_path / "slow_run.py"
    slow_run.write_text(textwrap.dedent(SLOW_RUN), encoding="utf-8")
    reports = tmp_path / "reports"
    script = PARENT.format(slow_run=str(slow_run), specs=str(specs), reports=str(reports))
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    output = tmp_path / "output.txt"
    with output.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-c", script], cwd=REPO_ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        yield Parent(process, reports, output)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever a failed test left running: the parent,
        for started in reports.glob("*/started"):  # and the runs, each in a group of its own
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.killpg(int(started.read_text()), signal.SIGKILL)
        process.wait()


def test_a_sigterm_is_passed_on_to_the_api_run_under_way_which_cleans_up_and_no_other_starts(parent: Parent) -> None:
    run_dir = parent.first_run()
    os.kill(parent.process.pid, signal.SIGTERM)  # to the parent alone, as a cancelled CI job's runner sends it

    code, lines = parent.end()

    assert code == 2, lines  # the interrupted run's status, not the parent killed by the signal (-15)
    assert (run_dir / "cleaned-up").read_text() == "SIGTERM: the run stops, after its clean-up"
    assert [folder.name for folder in parent.reports.iterdir()] == [run_dir.name]  # widget-api's never started
    assert f"  gadget-api: interrupted by SIGTERM: FAILED: interrupted after 1 of 3 tests (0 of them failed), exit " \
           f"status 2 ({run_dir})" in lines, lines  # fmt: skip
    assert "  widget-api: not run (the run was stopped by SIGTERM before it)" in lines, lines


def test_a_ctrl_c_to_the_group_is_waited_out_while_the_api_run_cleans_up(parent: Parent) -> None:
    run_dir = parent.first_run()
    os.killpg(parent.process.pid, signal.SIGINT)  # what the terminal does on Ctrl-C: to its process group

    code, lines = parent.end()

    assert code == 2, lines
    assert (run_dir / "cleaned-up").read_text() == "a Ctrl-C"  # not killed half-way (subprocess.run would)
    assert not any("Traceback" in line for line in lines), lines
    assert any(line.startswith("  gadget-api: interrupted by SIGINT: FAILED: interrupted after 1") for line in lines)
    assert "  widget-api: not run (the run was stopped by SIGINT before it)" in lines, lines


def test_a_sigterm_after_a_sigint_to_the_parent_alone_stops_the_run_once(parent: Parent) -> None:
    """A CI runner's cancel: SIGINT to the step's process, SIGTERM a few seconds later. The run gets the
    first (it stops and cleans up) and not the second (which would cut its clean-up short)."""
    run_dir = parent.first_run()
    os.kill(parent.process.pid, signal.SIGINT)
    time.sleep(0.3)  # the run is cleaning up (it takes a second)
    os.kill(parent.process.pid, signal.SIGTERM)

    code, lines = parent.end()

    assert code == 2, lines
    assert (run_dir / "cleaned-up").read_text() == "a Ctrl-C"
    assert (run_dir / "summary.md").is_file()  # its clean-up ran to the end
    assert "  widget-api: not run (the run was stopped by SIGINT before it)" in lines, lines
