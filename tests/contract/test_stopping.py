"""The run's own handling of stop signals (contract_tests/__main__.py, sigterm_as_interrupt, and
contract_tests/stopping.py): the first SIGINT or SIGTERM interrupts the run, later ones do not (a CI
runner's cancel sends SIGINT, then SIGTERM), and none interrupts the live-write guard's clean-up. In a
process of its own: a signal the handler lets through would end it, or interrupt pytest's session."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import os, signal, time
from contract_tests import stopping
from contract_tests.__main__ import sigterm_as_interrupt

def pause():
    time.sleep(0.2)  # the handler runs in the main thread, at its next bytecode

with sigterm_as_interrupt():
    try:
        os.kill(os.getpid(), signal.{first})
        pause()
        print("not interrupted")
    except KeyboardInterrupt as stop:
        print("interrupted:", str(stop) or "a Ctrl-C")
    os.kill(os.getpid(), signal.{second})
    pause()
    print("the second was ignored")
with sigterm_as_interrupt(), stopping.deferred():  # a clean-up under way
    os.kill(os.getpid(), signal.SIGTERM)
    pause()
    print("the clean-up went on; noted:", stopping.noted)
with sigterm_as_interrupt():
    with stopping.deferred():  # the first signal comes during the clean-up ...
        os.kill(os.getpid(), signal.SIGINT)
        pause()
    os.kill(os.getpid(), signal.SIGTERM)  # ... and the next while the report is written
    pause()
    print("the report was written; noted:", stopping.noted)
"""


def run(first: str, second: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    script = textwrap.dedent(SCRIPT.format(first=first, second=second))
    return subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip


def test_a_sigint_then_a_sigterm_interrupt_the_run_once() -> None:
    done = run("SIGINT", "SIGTERM")
    assert (done.returncode, done.stdout.splitlines()) == (0, [
        "interrupted: a Ctrl-C",
        "the second was ignored",
        "the clean-up went on; noted: ['SIGTERM']",
        "the report was written; noted: ['SIGTERM', 'SIGINT']",
    ]), done.stderr  # fmt: skip


def test_a_sigterm_then_a_sigint_interrupt_the_run_once() -> None:
    done = run("SIGTERM", "SIGINT")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == [
        "interrupted: SIGTERM: the run stops, after its clean-up",
        "the second was ignored",
    ]
