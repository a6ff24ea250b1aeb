"""The run's report: what each operation and check came to, in reports/<api>-<target>-<time>/summary.md.

A pytest plugin (registered by contract_tests/conftest.py) collects, for every contract test, the
checks that ran on its operation and the schemathesis failures it ended with: the first failing case of
each operation and check is kept as the curl command that reproduces it. Every secret of the run is
masked in all that pytest prints or writes (the terminal, JUnit XML) and in the summary.

A response_schema_conformance failure against a live host is the drift the nightly run exists to see:
the summary says so first, naming the operation and the field.
"""

from __future__ import annotations

import json
import re
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from schemathesis.core.failures import Failure

MASK = "********"
STATEFUL = "Stateful (the spec's links)"
RESULT = "- Result: "  # the summary's line that `python -m contract_tests` reads back for each API
_CURL = re.compile(r"Reproduce with:\s*\n\s*\n(?P<curl>(?:[ \t]+\S.*\n?)+)")
_SCHEMA_CHECKS = ("response_schema_conformance", "response_headers_conformance")


@dataclass
class Finding:
    operation: str
    check: str
    title: str
    message: str
    curl: str | None
    field: str | None  # where in the response body, for a schema violation


@dataclass
class OperationResult:
    label: str
    checks: list[str]
    outcome: str = "not run"  # passed, failed, error, skipped
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None

    def status_of(self, check: str) -> str:
        if check not in self.checks:
            return "-"
        if any(finding.check == check for finding in self.findings):
            return "FAIL"
        return "pass" if self.outcome in ("passed", "failed") else self.outcome


class Redactor:
    """Replaces every secret of the run with a mask, wherever it appears: the credentials, and what
    `issued` gives when called (the tokens the run has been given so far)."""

    def __init__(self, secrets: Iterable[str], issued: Callable[[], Iterable[str]] = tuple) -> None:
        self._fixed = [secret for secret in secrets if secret]
        self._issued = issued
        self._known: tuple[str, ...] = ()
        self._secrets: list[str] = []
        self._learn()

    def _learn(self) -> None:
        known = (*self._fixed, *(secret for secret in self._issued() if secret))
        if known != self._known:
            # Each secret also as a curl command, JSON or a URL would spell it; longest first, so that a
            # secret containing another is masked whole.
            spellings = {spelling for secret in known for spelling in _spellings(secret)}
            self._known, self._secrets = known, sorted(spellings, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        self._learn()
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text


def _spellings(secret: str) -> set[str]:
    return {
        secret,
        secret.replace("'", "'\"'\"'"),  # inside a single-quoted shell word (curl commands)
        json.dumps(secret)[1:-1],
        urllib.parse.quote(secret, safe=""),
        urllib.parse.quote_plus(secret),
    }


def findings_in(error: BaseException, redact: Redactor) -> list[Finding]:
    """The schemathesis failures an exception carries (a FailureGroup, perhaps nested in other groups),
    one per distinct operation and check, each with the curl command of its case."""
    curl = _curl_in(redact(_message_of(error)))
    found: dict[tuple[str, str], Finding] = {}
    for failure in _failures(error):
        # A failure class names the checks that can report it, the main one first (a schema violation:
        # response_schema_conformance, then response_headers_conformance).
        check = failure.checks[0] if failure.checks else "custom"
        key = (failure.operation or "", check)
        if key not in found:
            found[key] = Finding(
                operation=failure.operation or "",
                check=check,
                title=redact(failure.title),
                message=redact(failure.message),
                curl=_curl_in(redact(_text_of_group_holding(error, failure))) or curl,
                field=_field_of(failure),
            )
    return list(found.values())


def _failures(error: BaseException) -> Iterator[Failure]:
    if isinstance(error, Failure):
        yield error
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from _failures(inner)


def _text_of_group_holding(error: BaseException, failure: Failure) -> str:
    """The message of the innermost group that holds the failure: it names that case's curl command."""
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            if inner is failure:
                return _message_of(error)
            if isinstance(inner, BaseExceptionGroup) and any(f is failure for f in _failures(inner)):
                return _text_of_group_holding(inner, failure)
    return ""


def _message_of(error: BaseException) -> str:
    """A group's own message, without the "(N sub-exceptions)" that str() adds."""
    return error.message if isinstance(error, BaseExceptionGroup) else str(error)


def _curl_in(text: str) -> str | None:
    found = _CURL.search(text)
    if found is None:
        return None
    return "\n".join(line.strip() for line in found["curl"].strip().splitlines())


def _field_of(failure: Failure) -> str | None:
    path = getattr(failure, "instance_path", None)
    if path is None:
        return None
    return "/" + "/".join(str(part) for part in path) if path else "(the whole body)"


@dataclass
class Summary:
    api: str
    target: str
    live: bool
    seed: int
    seed_variable: str  # <PREFIX>CONTRACT_SEED: how the run is replayed
    profile: str
    results: dict[str, OperationResult]
    seconds: float
    not_sent: dict[str, Counter[str]] = field(default_factory=dict)  # what the live-write guard kept back
    started: str = field(default_factory=lambda: time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()))

    @property
    def failed(self) -> bool:
        return any(result.outcome in ("failed", "error") for result in self.results.values())

    def drift(self) -> list[Finding]:
        if not self.live:
            return []
        return [finding for result in self.results.values() for finding in result.findings
                if finding.check in _SCHEMA_CHECKS]  # fmt: skip

    def result(self) -> str:
        failed = sum(result.outcome in ("failed", "error") for result in self.results.values())
        return f"**{'FAILED' if self.failed else 'passed'}**: {failed} of {len(self.results)} tests failed"

    def markdown(self) -> str:
        checks = sorted({check for result in self.results.values() for check in result.checks})
        lines = [
            f"# Contract check: {self.api}",
            "",
            f"- Target: {self.target}",
            f"- Profile: {self.profile}; seed {self.seed} (replay: {self.seed_variable}={self.seed})",
            f"- Started {self.started}, took {self.seconds:.0f} s",
            RESULT + self.result(),
            "",
        ]
        lines += self._drift_lines()
        lines += ["## Operations and checks", "", "pass: no failure; FAIL: see below; -: not run on this operation.",
                  ""]  # fmt: skip
        lines.append("| Operation | Result | " + " | ".join(checks) + " |")
        lines.append("|---|---|" + "---|" * len(checks))
        for result in self.results.values():
            cells = [result.status_of(check) for check in checks]
            lines.append(f"| {result.label} | {result.outcome} | " + " | ".join(cells) + " |")
        lines += self._not_sent_lines()
        lines += self._failure_lines()
        return "\n".join(lines) + "\n"

    def _not_sent_lines(self) -> list[str]:
        if not self.not_sent:
            return []
        intro = "What the live-write guard (contract_tests/safety.py) kept back, by operation and reason:"
        lines = ["", "## Not sent to the live host", "", intro, ""]
        for operation, reasons in sorted(self.not_sent.items()):
            for reason, count in sorted(reasons.items()):
                lines.append(f"- {operation}: {count} case{'s' if count > 1 else ''}: {reason}")
        return lines

    def _drift_lines(self) -> list[str]:
        drift = self.drift()
        if not drift:
            return []
        lines = ["## The live API has drifted from its docs", ""]
        for finding in drift:
            first_line = finding.message.strip().splitlines()[0] if finding.message.strip() else finding.title
            lines.append(f"- {finding.operation}: the response field {finding.field} does not match the spec: "
                         f"{first_line}")  # fmt: skip
        lines += ["", f"Patch the overlay under specs/{self.api}/overlays/ that describes it, then "
                  f"`make regenerate API={self.api}`.", ""]  # fmt: skip
        return lines

    def _failure_lines(self) -> list[str]:
        lines: list[str] = []
        for result in self.results.values():
            if result.error:
                lines += ["", f"### {result.label}: error", "", "```", result.error, "```"]
            for finding in result.findings:
                lines += ["", f"### {finding.operation or result.label}: {finding.check}", "", finding.title, ""]
                lines += ["```", finding.message.strip() or finding.title, "```"]
                if finding.curl:
                    lines += ["", "Reproduce with:", "", "```sh", finding.curl, "```"]
        return ["", "## Failures", *lines] if lines else lines


class ContractReport:
    """The pytest plugin: masks secrets in every test report, collects results, writes the summary."""

    def __init__(self, directory: Path | None, redact: Redactor, describe: dict[str, Any]) -> None:
        self.directory = directory
        self.redact = redact
        self.describe = describe
        self.results: dict[str, OperationResult] = {}
        self.not_sent: dict[str, Counter[str]] = {}  # handed over by the live-write guard at the end
        self.started = time.monotonic()
        self.summary: Summary | None = None

    def expect(self, label: str, checks: list[str]) -> None:
        self.results.setdefault(label, OperationResult(label, checks))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        self._mask(report)
        label = self._label(item)
        if label is not None and (report.when == "call" or report.failed or report.skipped):
            self._record(self.results.setdefault(label, OperationResult(label, [])), report, call)
        return report

    @pytest.hookimpl(trylast=True)
    def pytest_exception_interact(
        self, node: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport
    ) -> None:
        """Again after schemathesis' own hook, which rewrites the failure's text from the exception."""
        self._mask(report)

    def _mask(self, report: pytest.TestReport) -> None:
        if isinstance(report.longrepr, tuple):  # a skip: (file, line, reason), kept in that shape
            path, line, reason = report.longrepr
            report.longrepr = (path, line, self.redact(reason))
        elif report.longrepr is not None:
            report.longrepr = self.redact(str(report.longrepr))

    def _record(self, result: OperationResult, report: pytest.TestReport, call: pytest.CallInfo[None]) -> None:
        error = call.excinfo.value if call.excinfo is not None else None
        findings = findings_in(error, self.redact) if error is not None else []
        result.findings += findings
        if report.skipped:
            result.outcome = "skipped"
        elif report.failed and findings:
            result.outcome = "failed"
        elif report.failed:
            result.outcome = "error"
            result.error = self.redact(str(report.longrepr))[-3000:]
        elif result.outcome == "not run":
            result.outcome = "passed"

    @staticmethod
    def _label(item: pytest.Item) -> str | None:
        label = getattr(item, "operation_label", None)
        if isinstance(label, str):
            return label
        return STATEFUL if item.name == "test_stateful" else None

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if not self.results:
            return
        self.summary = Summary(results=self.results, seconds=time.monotonic() - self.started, not_sent=self.not_sent,
                               **self.describe)  # fmt: skip
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.directory / "summary.md").write_text(self.summary.markdown(), encoding="utf-8")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.summary is None:
            return
        terminalreporter.write_sep("=", f"contract check: {self.summary.api}")
        terminalreporter.write_line(f"target: {self.summary.target}; seed {self.summary.seed}")
        for result in self.results.values():
            failed = sorted({finding.check for finding in result.findings})
            detail = f": {', '.join(failed)}" if failed else f" ({len(result.checks)} checks)"
            terminalreporter.write_line(f"  {result.outcome:8} {result.label}{detail}")
        for finding in self.summary.drift():
            terminalreporter.write_line(f"DRIFT: {finding.operation}: {finding.field}: {finding.title}")
        kept_back = sum(sum(reasons.values()) for reasons in self.not_sent.values())
        if kept_back:
            terminalreporter.write_line(f"{kept_back} cases not sent to the live host (see the summary)")
        failing = sum(result.outcome in ("failed", "error") for result in self.results.values())
        terminalreporter.write_line(f"{failing} failing" if failing else "every operation passed")
        if self.directory is not None:
            terminalreporter.write_line(f"summary: {self.directory / 'summary.md'}")


def result_in(directory: Path) -> str | None:
    """A finished run's result line (`passed: 0 of 17 tests failed`), read back from its summary.md."""
    summary = directory / "summary.md"
    if not summary.is_file():
        return None
    for line in summary.read_text(encoding="utf-8").splitlines():
        if line.startswith(RESULT):
            return line.removeprefix(RESULT).replace("**", "")
    return None
