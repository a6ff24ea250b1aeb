"""A run that does not run every test is not "passed": an interrupted one (Ctrl-C; SIGTERM, which
`python -m contract_tests` takes as one, so that the clean-up and the summary still run) says after how
many of its tests it stopped (contract_tests/summary.py, report.py, __main__.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from contract_tests.report import result_in
from contract_tests.summary import ItemResult, Summary
from contract_tests.tally import Tally

REPO_ROOT = Path(__file__).resolve().parents[2]

CONFTEST = """
from pathlib import Path

from contract_tests.redaction import Redactor
from contract_tests.report import ContractReport
from contract_tests.tally import Tally


def pytest_collection_modifyitems(session, config, items):
    describe = {"api": "widget-api", "target": "a host", "live": True, "seed": 1, "seed_variable": "W_SEED",
                "profile": "fast"}
    tally = Tally(redact=Redactor([]), refusal_of=lambda status, content: None)
    report = ContractReport(Path(__file__).parent / "report", Redactor([]), describe, tally,
                            {item: item.name for item in items})
    config.pluginmanager.register(report, "contract-report")
"""

TESTS = """
import os
import signal
import time

import pytest


@pytest.fixture(scope="session")
def guard(request):
    yield
    # What the live-write guard's fixture does at the end: its clean-up, and what it hands the report.
    request.config.pluginmanager.get_plugin("contract-report").notices = ["the clean-up ran"]


def test_one(guard):
    pass


def test_two(guard):
    os.kill(os.getpid(), signal.SIGTERM)  # as `timeout`, `docker stop` or a cancelled CI job sends it
    time.sleep(30)


def test_three(guard):
    pass
"""


# The guard's clean-up fails after the interruption: pytest tears the session down in its own
# pytest_sessionfinish then, and would print a traceback in place of the summary.
FAILING_CLEAN_UP = """
import os
import signal
import time
from pathlib import Path

import pytest

from contract_tests.cleanup import CleanUp, Undeleted
from contract_tests.ledger import Entry


class Guard:
    cleanup = None


@pytest.fixture(scope="session")
def guard():
    guard = Guard()
    yield guard
    guard.cleanup = CleanUp("20260101T000000-abcd", Path("ledger.jsonl"), finished=True)
    guard.cleanup.deleted["widget"] += 2
    guard.cleanup.undeleted.append(Undeleted(Entry("20260101T000000-abcd", "widget", "7"), "DELETE /widgets/7 -> 500"))
    raise RuntimeError("cleaning up the live run's resources failed: widget 7: DELETE /widgets/7 -> 500")


def test_one(guard):
    pass


def test_two(guard):
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(30)
"""


def run_session(tmp_path: Path, tests: str) -> subprocess.CompletedProcess[str]:
    """A pytest session of these tests with the report plugin, as `python -m contract_tests` runs one."""
    (tmp_path / "conftest.py").write_text(textwrap.dedent(CONFTEST), encoding="utf-8")
    (tmp_path / "test_run.py").write_text(textwrap.dedent(tests), encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    arguments = [str(tmp_path / "test_run.py"), "-p", "no:cacheprovider", "-c", str(tmp_path / "pytest.ini")]
    script = f"import sys; from contract_tests.__main__ import run_pytest; sys.exit(run_pytest({arguments!r}))"
    return subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)


def test_a_sigterm_tears_the_run_down_as_a_ctrl_c_and_the_summary_says_interrupted(tmp_path: Path) -> None:
    done = run_session(tmp_path, TESTS)
    assert done.returncode == 2, done.stdout + done.stderr  # pytest's INTERRUPTED, not killed by the signal (-15)
    assert result_in(tmp_path / "report") == "FAILED: interrupted after 1 of 3 tests (0 of them failed)"
    summary = (tmp_path / "report" / "summary.md").read_text(encoding="utf-8")
    assert "the clean-up ran" in summary  # written after the session's fixtures were torn down
    assert "Not run to the end: test_two, test_three." in summary
    assert "FAILED: interrupted after 1 of 3 tests" in done.stdout


def test_a_clean_up_that_fails_after_an_interruption_is_in_the_summary_not_a_traceback(tmp_path: Path) -> None:
    done = run_session(tmp_path, FAILING_CLEAN_UP)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    summary = (tmp_path / "report" / "summary.md").read_text(encoding="utf-8")
    assert "The session's end (its tear-down, or a plugin's hook) failed: RuntimeError: cleaning up the live " \
           "run's resources failed: widget 7: DELETE /widgets/7 -> 500" in summary  # fmt: skip
    assert "## Clean-up of the run's writes" in summary  # taken as the guard's fixture ended, though it raised
    assert "- The run's own resources: 2 deleted (widget: 2)" in summary
    assert "  - widget 7, of this run: DELETE /widgets/7 -> 500" in summary
    assert "clean-up: deleted 2 of the run's own resources and 0 leftovers of older runs; 1 could not be " \
           "deleted (see the summary)" in done.stdout  # fmt: skip
    assert "ERROR at the session's end: RuntimeError: cleaning up" in done.stdout


def summary(outcomes: list[str], *, interrupted: bool = False) -> Summary:
    items = {f"test {n}": ItemResult(f"test {n}", outcome) for n, outcome in enumerate(outcomes)}
    return Summary(api="widget-api", target="a host", live=False, seed=1, seed_variable="W_SEED", profile="fast",
                   tally=Tally(), items=items, seconds=1.0, interrupted=interrupted)  # fmt: skip


def test_a_run_with_tests_that_did_not_run_has_not_passed() -> None:
    interrupted = summary(["passed"] * 14 + ["interrupted"] + ["not run"] * 10, interrupted=True)
    assert interrupted.failed
    assert interrupted.result() == "**FAILED**: interrupted after 14 of 25 tests (0 of them failed)"
    stopped_early = summary(["passed", "failed", "not run"])  # -x: pytest stopped at the first failure
    assert stopped_early.result() == "**FAILED**: 1 of 3 tests did not run; 1 of 3 failed"
    complete = summary(["passed", "skipped"])
    assert not complete.failed and complete.result() == "**passed**: 0 of 2 tests failed"
