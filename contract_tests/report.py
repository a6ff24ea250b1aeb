"""The run's report: a pytest plugin (registered by contract_tests/conftest.py) that counts what the run
did (contract_tests/tally.py), shows its progress (contract_tests/progress.py), masks every secret of the
run in all that pytest prints or writes (contract_tests/redaction.py) and writes
reports/<api>-<target>-<time>/summary.md (contract_tests/summary.py).

A case that meets a network error (no answer: a refused connection, a timeout, a TLS failure) is one
line on the console and in the summary, never a traceback: the test records it (Tally.network_error) and
the plugin fails the test with those lines. A run whose answers mostly refused its credentials (or whose
operations were not found) fails, and says so first.

The summary is written once the session's fixtures are torn down: for a writing live run, after the
live-write guard's clean-up (its fixture, contract_tests/fixtures.py's `guard`), whose record the plugin
takes the moment the fixture's tear-down ends (pytest_fixture_post_finalizer, also when it failed). A
tear-down that fails after an interruption (pytest then tears the session down in its own
pytest_sessionfinish) is one line in the summary and on the console, not a traceback in place of both.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
import requests
from schemathesis.core.failures import Failure, FailureGroup

from contract_tests import progress, variables
from contract_tests.cleanup import CleanUp
from contract_tests.redaction import MASK, Redactor
from contract_tests.summary import RESULT, STATEFUL, ItemResult, Summary, finding_line
from contract_tests.tally import Tally

__all__ = ["MASK", "RESULT", "STATEFUL", "ContractReport", "Redactor", "result_in"]
ERROR_LINE_LIMIT = 300
GUARD_FIXTURE = "guard"  # the live-write guard's fixture (contract_tests/fixtures.py), whose clean-up the summary shows
# The emulator's line per request in its log (contract_tests/emulator/core/request_log.py):
# `<time> INFO GET /api/v1/widgets?page=2 200 1.2 ms`.
_LOGGED_REQUEST = re.compile(r" INFO [A-Z]+ \S+ \d{3} [0-9.]+ ms$")


class ContractReport:
    """The pytest plugin: counts, shows progress, masks secrets in every test report, writes the summary."""

    def __init__(self, directory: Path | None, redact: Redactor, describe: dict[str, Any], tally: Tally,
                 names: dict[pytest.Item, str], reproduce: tuple[str, str] | None = None) -> None:  # fmt: skip
        self.directory = directory
        self.redact = redact
        self.describe = describe
        self.tally = tally
        self.names = names  # the tracked items -> what the report calls them
        self._running: pytest.Item | None = None
        self.reproduce = reproduce
        self.items = {name: ItemResult(name) for name in names.values()}
        self.not_sent: dict[str, Any] = {}  # handed over by the live-write guard at the end
        self.re_aimed: dict[str, Any] = {}  # likewise
        self.notices: list[str] = []  # likewise
        self.cleanup: CleanUp | None = None  # what the guard's clean-up did (pytest_fixture_post_finalizer)
        self.teardown_error: str | None = None  # one line: the session's tear-down failed
        self.base_url: str | None = None  # handed over by the host fixture
        self.started = time.monotonic()
        self.started_at = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())  # the summary's "Started"
        self.summary: Summary | None = None
        self._done = 0
        self._terminal: Any = None

    # Progress

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, Any, Any]:
        name = self.names.get(item)
        terminal = self._terminal_of(item.config)
        if name is None or terminal is None:
            return (yield)
        self._running = item
        index, total, began = self._done + 1, len(self.names), time.monotonic()
        terminal.ensure_newline()
        terminal.write(progress.started(index, total, name), flush=True)
        try:
            return (yield)
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM as contract_tests/__main__.py turns it into one
            self.items[name].outcome = "interrupted"
            raise
        finally:
            self._running = None
            self._done += 1
            result = self.items[name]
            detail = self._stateful_detail() if name == STATEFUL else ""
            line = progress.finished(index, total, self.tally.item_phases.get(name, Counter()), result.outcome,
                                     time.monotonic() - began, detail)  # fmt: skip
            terminal.write_line(line)
            for error in self._network_lines(name):
                terminal.write_line(f"  {error}")

    def _terminal_of(self, config: pytest.Config) -> Any:
        if self._terminal is None:
            self._terminal = config.pluginmanager.get_plugin("terminalreporter")
            if self._terminal is not None:
                self._terminal.showfspath = False  # the file name before each line of progress: ours names the test
        return self._terminal

    def _stateful_detail(self) -> str:
        spec_links = [link for link, inferred in self.tally.spec_links.items() if not inferred]
        followed = sum(1 for link in spec_links if self.tally.followed[link])
        return f"{followed} of {len(spec_links)} links followed"

    @pytest.hookimpl(tryfirst=True)
    def pytest_report_teststatus(self, report: pytest.TestReport, config: pytest.Config) -> tuple[str, str, str] | None:
        """pytest's own letter and word are left out for the tests with a progress line of their own."""
        if self._running is None or report.nodeid != self._running.nodeid:
            return None
        if report.when in ("setup", "teardown") and report.failed:
            return "error", "", ""
        return report.outcome, "", ""

    # Where the run is, for the counts

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, None, None]:
        name = self.names.get(item)
        if name is None:
            return (yield)
        module = getattr(item, "module", None)
        phase = getattr(module, "CONTRACT_PHASE", None)  # a test module's cases counted as a phase of their own
        self.tally.enter(name, phase if isinstance(phase, str) else None)
        try:
            return (yield)
        finally:
            self.tally.leave()

    # Outcomes, masked

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        self._mask(report)
        name = self.names.get(item)
        if name is not None and (report.when == "call" or report.failed or report.skipped):
            self._record(self.items[name], report, call)
        return report

    @pytest.hookimpl(trylast=True)
    def pytest_exception_interact(
        self, node: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport
    ) -> None:
        """Again after schemathesis' own hook, which rewrites the failure's text from the exception."""
        self._mask(report)

    def _mask(self, report: pytest.TestReport) -> None:
        # What the test printed or logged too: pytest shows it on the console and junit.xml may keep it.
        report.sections = [(title, self.redact(content)) for title, content in report.sections]
        if isinstance(report.longrepr, tuple):  # a skip: (file, line, reason), kept in that shape
            path, line, reason = report.longrepr
            report.longrepr = (path, line, self.redact(reason))
        elif report.longrepr is not None:
            report.longrepr = self.redact(str(report.longrepr))

    def _record(self, result: ItemResult, report: pytest.TestReport, call: pytest.CallInfo[None]) -> None:
        error = call.excinfo.value if call.excinfo is not None else None
        network = self._network_lines(result.name)
        if report.skipped:
            result.outcome = "skipped"
            result.error = self.redact(str(report.longrepr[2])) if isinstance(report.longrepr, tuple) else None
        elif isinstance(error, requests.RequestException):
            # Outside a case (a fixture's request): one line, the network error as a person says it.
            from contract_tests import network as words

            result.outcome, result.error = "error", self.redact(f"network error: {words.describe(error)}")
            report.longrepr = result.error
        elif report.failed and error is not None and _holds_failures(error):
            result.outcome = "failed"
        elif report.failed:
            result.outcome = "error"
            result.error = self.redact(_one_line(call.excinfo.exconly() if call.excinfo else str(report.longrepr)))
        elif network:
            # The test passed because each case that met a network error was recorded and let go: it failed.
            report.outcome = "failed"
            report.longrepr = "\n".join(network)
            result.outcome, result.error = "error", "; ".join(network)
        elif result.outcome == "not run":
            result.outcome = "passed"

    def _network_lines(self, name: str) -> list[str]:
        return [error.line() for error in self.tally.network.values() if error.context == name]

    # The end

    def pytest_fixture_post_finalizer(self, fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest) -> None:
        """The live-write guard's clean-up record, once its fixture's tear-down (the clean-up) has ended."""
        if fixturedef.argname != GUARD_FIXTURE or fixturedef.cached_result is None:
            return
        record = getattr(fixturedef.cached_result[0], "cleanup", None)
        if isinstance(record, CleanUp):
            self.cleanup = record

    # Around pytest's runner, which tears down an interrupted run's session fixtures in its own
    # pytest_sessionfinish: the guard's clean-up first, and what it did in the summary; inside the terminal
    # reporter's, which prints pytest_terminal_summary after it.
    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> Generator[None, None, None]:
        from contract_tests.preflight import PROBLEM_KEY  # the line of a run the preflight stopped

        try:
            yield
        # What failed in the session's end (its fixtures' tear-down after an interruption, or another
        # plugin's hook there, which the summary cannot tell apart): the summary and the console say so in one line.
        except Exception as error:
            self.teardown_error = self.redact(_one_line(f"{type(error).__name__}: {error}"))
            if session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED
        stopped = session.config.stash.get(PROBLEM_KEY, None)
        # pytest's status after a KeyboardInterrupt (and a pytest.exit, as the preflight's: `stopped` then).
        interrupted = session.exitstatus == pytest.ExitCode.INTERRUPTED
        if stopped is None and not interrupted and not any(item.outcome != "not run" for item in self.items.values()):
            return
        log = os.environ.get(variables.EMULATOR_LOG)
        logged = None if self.describe.get("live") or not log else requests_logged(Path(log))
        self.summary = Summary(tally=self.tally, items=self.items, seconds=time.monotonic() - self.started,
                               not_sent=self.not_sent, re_aimed=self.re_aimed, base_url=self.base_url,
                               reproduce=self.reproduce, host_requests=logged, stopped=stopped, started=self.started_at,
                               interrupted=interrupted and stopped is None, notices=self.notices,
                               cleanup=self.cleanup, teardown_error=self.teardown_error, **self.describe)  # fmt: skip
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.directory / "summary.md").write_text(self.redact(self.summary.markdown()), encoding="utf-8")
        if self.summary.failed and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED  # a refusal fails the run though no test did

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        summary = self.summary
        if summary is None:
            return
        terminalreporter.write_sep("=", f"contract check: {summary.api}")
        refusal = self.tally.refusal()
        if refusal:
            terminalreporter.write_line(f"THE RUN CANNOT BE BELIEVED: {refusal}")
        terminalreporter.write_line(f"target: {summary.target}; seed {summary.seed}")
        for finding in summary.drift():
            terminalreporter.write_line(f"DRIFT: {finding_line(finding)}")
        for error in self.tally.network.values():
            terminalreporter.write_line(error.line())
        if not summary.live:
            for finding in summary.findings():
                terminalreporter.write_line(f"FAIL {finding.check}: {finding_line(finding)}")
        for item in summary.failed_items:
            if item.error:
                terminalreporter.write_line(f"ERROR {item.name}: {item.error}")
        for notice in summary.notices:
            terminalreporter.write_line(f"LIVE WRITES: {notice}")
        if summary.teardown_error:
            terminalreporter.write_line(f"ERROR at the session's end: {summary.teardown_error}")
        if summary.cleanup is not None:
            terminalreporter.write_line(summary.cleanup.console_line())
        kept_back = sum(sum(reasons.values()) for reasons in self.not_sent.values())
        if kept_back:
            terminalreporter.write_line(f"{kept_back} cases not sent to the live host (see the summary)")
        re_aimed = sum(sum(places.values()) for places in self.re_aimed.values())
        if re_aimed:
            terminalreporter.write_line(f"{re_aimed} cases re-aimed at the run's own resources (see the summary)")
        terminalreporter.write_line(summary.result().replace("**", ""))
        if self.directory is not None:
            terminalreporter.write_line(f"summary: {self.directory / 'summary.md'}")


def _holds_failures(error: BaseException) -> bool:
    """Whether an exception is (or groups) schemathesis failures: a check failed, not the test."""
    if isinstance(error, Failure | FailureGroup):
        return True
    return isinstance(error, BaseExceptionGroup) and any(_holds_failures(inner) for inner in error.exceptions)


def _one_line(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if len(first) <= ERROR_LINE_LIMIT else first[: ERROR_LINE_LIMIT - 3] + "..."


def requests_logged(log: Path) -> int | None:
    """How many requests the emulator's log records (all it answered, whoever sent them); None without it."""
    if not log.is_file():
        return None
    with log.open(encoding="utf-8", errors="replace") as lines:
        count = sum(1 for line in lines if _LOGGED_REQUEST.search(line.rstrip("\n")))
    return count or None


def result_in(directory: Path) -> str | None:
    """A finished run's result line (`passed: 0 of 17 tests failed`), read back from its summary.md."""
    summary = directory / "summary.md"
    if not summary.is_file():
        return None
    for line in summary.read_text(encoding="utf-8").splitlines():
        if line.startswith(RESULT):
            return line.removeprefix(RESULT).replace("**", "")
    return None
