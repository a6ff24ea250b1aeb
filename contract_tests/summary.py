"""summary.md: what the run did and found, for a person to act on (the facts come from contract_tests/tally.py).

In order: what cannot be believed (most answers refused the credentials), the result line (read back by
`python -m contract_tests`), a live API's drift from its docs (one line per field), network errors (one
line each), the matrix of operations and checks, the cases per phase, the stateful links followed, every
HTTP call by what it belonged to, what the live-write guard kept back, what a writing live run's
clean-up deleted and could not (only for such a run: contract_tests/cleanup.py), and the failures: one
section per field (a schema violation) or per operation and check, each with one example and how to
reproduce it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from contract_tests.cleanup import CleanUp, one_line
from contract_tests.ledger import Entry, Intent
from contract_tests.redaction import MASK
from contract_tests.sweep import LEFTOVER_AGE, started_before
from contract_tests.tally import OUTSIDE_TESTS, PHASES, Finding, OperationTally, Tally

STATEFUL = "Stateful (the spec's links)"  # the stateful test's name in the report
RESULT = "- Result: "  # the summary's line that `python -m contract_tests` reads back for each API
SCHEMA_CHECKS = ("response_schema_conformance", "response_headers_conformance", "strict_response_conformance")
LEGEND = (
    "Each cell: how many responses the check ran on (`412 ok`), or how many of them failed (`3 of 412 FAIL`); "
    "`-`: the check is on but ran on no response of the operation; `off`: the check is turned off for it. "
    "A check counts only the responses to cases it checks (negative_data_rejection: negative cases; "
    "unsupported_method: undeclared methods; use_after_free: the stateful phase; ...: "
    "contract_tests/applicability.py). Cases include Hypothesis' replays of a failing case."
)
LISTED = 20  # the clean-up section lists this many of each list, and counts the rest


@dataclass
class ItemResult:
    """One pytest item of the run: an operation's test, the stateful test, or any other."""

    name: str  # the operation's label for an operation's test
    outcome: str = "not run"  # passed, failed, error, skipped; interrupted (the test the run stopped in)
    error: str | None = None  # one line, for an error that is not a check's failure


@dataclass
class Summary:
    api: str
    target: str
    live: bool
    seed: int
    seed_variable: str  # <PREFIX>CONTRACT_SEED: how the run is replayed
    profile: str
    tally: Tally
    items: dict[str, ItemResult]
    seconds: float
    not_sent: dict[str, Counter[str]] = field(default_factory=dict)  # what the live-write guard kept back
    re_aimed: dict[str, Counter[str]] = field(default_factory=dict)  # what it sent to the run's own resources instead
    base_url: str | None = None  # where the run sent its requests
    reproduce: tuple[str, str] | None = None  # the command that starts an equivalent host, and its base URL
    host_requests: int | None = None  # what the emulator's log says it answered, whoever sent it
    stopped: str | None = None  # why the run stopped before its first test (the preflight's line)
    interrupted: bool = False  # the session was (Ctrl-C, SIGTERM: contract_tests/__main__.py)
    notices: list[str] = field(default_factory=list)  # what the live-write guard says a person must know
    cleanup: CleanUp | None = None  # what a writing live run's clean-up did (no other run has one)
    teardown_error: str | None = None  # one line: the session's tear-down failed (after an interruption)
    started: str = field(default_factory=lambda: time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()))

    # The verdict

    @property
    def failed_items(self) -> list[ItemResult]:
        return [item for item in self.items.values() if item.outcome in ("failed", "error")]

    @property
    def unfinished(self) -> list[ItemResult]:
        """The tests that did not run to the end (the run was interrupted, or stopped early: -x)."""
        return [item for item in self.items.values() if item.outcome in ("not run", "interrupted")]

    @property
    def failed(self) -> bool:
        """A run that did not run every test has not passed, whatever the tests it ran did."""
        problems = self.failed_items or self.unfinished or self.interrupted or self.notices or self.teardown_error
        return bool(problems) or self.cleanup_failed or self.tally.refusal() is not None or self.stopped is not None

    @property
    def cleanup_failed(self) -> bool:
        return self.cleanup is not None and bool(self.cleanup.problems() or not self.cleanup.finished)

    def result(self) -> str:
        verdict = f"**{'FAILED' if self.failed else 'passed'}**: "
        if self.stopped is not None:
            return f"{verdict}stopped before the first test: {self.stopped}"
        refusal = self.tally.refusal()
        said = f"{refusal}; " if refusal else ""
        said += "the clean-up of its writes failed; " if self.cleanup_failed else ""
        total, failed = len(self.items), len(self.failed_items)
        if self.interrupted:
            ran = total - len(self.unfinished)
            return f"{verdict}{said}interrupted after {ran} of {total} tests ({failed} of them failed)"
        if self.unfinished:
            return f"{verdict}{said}{len(self.unfinished)} of {total} tests did not run; {failed} of {total} failed"
        return f"{verdict}{said}{failed} of {total} tests failed"

    def drift(self) -> list[Finding]:
        if not self.live:
            return []
        return [finding for finding in self.findings() if finding.check in SCHEMA_CHECKS]

    def findings(self) -> list[Finding]:
        return sorted(self.tally.findings.values(), key=lambda finding: (-finding.total, finding_title(finding)))

    # The document

    def markdown(self) -> str:
        lines = [f"# Contract check: {self.api}", ""]
        refusal = self.tally.refusal()
        if refusal:
            lines += [f"**The run cannot be believed: {refusal}.**", ""]
        lines += [
            f"- Target: {self.target}",
            f"- Profile: {self.profile}; seed {self.seed} (replay: {self.seed_variable}={self.seed})",
            f"- Started {self.started}, took {self.seconds:.0f} s",
            RESULT + self.result(),
            "",
        ]
        if self.teardown_error:
            lines += [f"The session's end (its tear-down, or a plugin's hook) failed: {self.teardown_error}", ""]
        if self.notices:
            lines += ["## The live-write guard stopped creating", "", *(f"- {notice}" for notice in self.notices), ""]
        if self.unfinished:
            lines += [f"Not run to the end: {', '.join(item.name for item in self.unfinished)}.", ""]
        for section in (self._drift_lines, self._network_lines, self._matrix_lines, self._phase_lines,
                        self._stateful_lines, self._call_lines, self._not_sent_lines, self._re_aimed_lines,
                        self._cleanup_lines, self._failure_lines):  # fmt: skip
            lines += section()
        return "\n".join(lines).rstrip("\n") + "\n"

    def _drift_lines(self) -> list[str]:
        drift = self.drift()
        if not drift:
            return []
        lines = ["## The live API has drifted from its docs", ""]
        # Two checks may find one field's drift (the schema's and the strict one): it is one line.
        lines += [f"- {line}" for line in dict.fromkeys(finding_line(finding) for finding in drift)]
        lines += ["", "The detail of each is under Failures below. Patch the overlay under "
                  f"specs/{self.api}/overlays/ that describes it, then `make regenerate API={self.api}`.",
                  ""]  # fmt: skip
        return lines

    def _network_lines(self) -> list[str]:
        if not self.tally.network:
            return []
        return ["## Network errors", "", *(f"- {error.line()}" for error in self.tally.network.values()), ""]

    def columns(self) -> list[str]:
        enabled = {name for operation in self.tally.operations.values() for name in operation.enabled or ()}
        ran = {name for operation in self.tally.operations.values() for name in operation.checks}
        return sorted(enabled | ran)

    def _matrix_lines(self) -> list[str]:
        checks = self.columns()
        lines = ["## Operations and checks", "", LEGEND, ""]
        lines.append("| Operation | Result | Cases | " + " | ".join(checks) + " |")
        lines.append("|---|---|---|" + "---|" * len(checks))
        for operation in self.tally.operations.values():
            cells = [cell(operation, check) for check in checks]
            lines.append(f"| {operation.label} | {self.outcome_of(operation)} | {operation.cases} | "
                         + " | ".join(cells) + " |")  # fmt: skip
        return [*lines, ""]

    def outcome_of(self, operation: OperationTally) -> str:
        """An operation's result: its own test's, and failed as soon as any check failed on it (whichever
        test sent the case, the stateful one included)."""
        item = self.items.get(operation.label)
        if operation.failed_checks or (item is not None and item.outcome == "failed"):
            return "FAILED"
        if item is not None and item.outcome == "error":
            return "error"
        if operation.cases:
            return "passed"
        return item.outcome if item is not None else "not run"

    def _phase_lines(self) -> list[str]:
        seen = {phase for operation in self.tally.operations.values() for phase in operation.phases}
        phases = [*PHASES, *sorted(seen - set(PHASES))]
        lines = ["## Cases per phase", "", "| Operation | " + " | ".join(phases) + " | answers |",
                 "|---|" + "---|" * (len(phases) + 1)]  # fmt: skip
        for operation in self.tally.operations.values():
            answers = ", ".join(f"{status} x{count}" for status, count in sorted(operation.statuses.items()))
            counts = [str(operation.phases[phase]) if operation.phases[phase] else "-" for phase in phases]
            lines.append(f"| {operation.label} | " + " | ".join(counts) + f" | {answers or '-'} |")
        return [*lines, ""]

    def _stateful_lines(self) -> list[str]:
        tally = self.tally
        spec_links = sorted(link for link, inferred in tally.spec_links.items() if not inferred)
        item = next((item for item in self.items.values() if item.name == STATEFUL), None)
        if item is None and not spec_links:
            return []
        lines = ["## The stateful phase (the spec's links)", ""]
        if item is not None:
            lines.append(f"- Test: {item.outcome}" + (f" ({item.error})" if item.error else ""))
        followed = [link for link in spec_links if tally.followed[link]]
        lines.append(f"- {len(followed)} of {len(spec_links)} links exercised (followed with their values at "
                     "least once)")  # fmt: skip
        inferred = [link for link, is_inferred in tally.spec_links.items() if is_inferred and tally.followed[link]]
        if inferred:
            lines.append(f"- {len(inferred)} links that schemathesis inferred (not in the spec) were followed too")
        never = [link for link in spec_links if not tally.followed[link]]
        if never:
            lines += ["- Never reached:", *(f"  - {link}{self._why_unreached(link)}" for link in never)]
        return [*lines, ""]

    def _why_unreached(self, link: str) -> str:
        """Why a link was never followed, when the run shows it: its source never answered its status."""
        source, bracket, rest = link.partition(" -> [")
        status = rest.split("]", 1)[0]
        operation = self.tally.operations.get(source)
        if not bracket or not status.isdigit() or operation is None:
            return ""
        if operation.statuses[int(status)]:
            return ""
        answered = ", ".join(str(code) for code in sorted(operation.statuses)) or "nothing"
        return f" ({source} never answered {status} in this run; it answered {answered})"

    def _call_lines(self) -> list[str]:
        tally = self.tally
        if not tally.calls:
            return []
        cases = sum(tally.case_calls.values())
        lines = ["## HTTP calls", "", f"{sum(tally.calls.values())} calls of the run's sessions in all:", "",
                 f"- {cases} cases of the tests (the tables above)"]  # fmt: skip
        for context, count in sorted(tally.other_calls().items()):
            if context == OUTSIDE_TESTS:
                lines.append(f"- {count} outside any test: authentication and the live-write guard's set-up "
                             "and clean-up")  # fmt: skip
            else:
                lines.append(f"- {count} during the test of {context}, not its cases: checks' probes, "
                             "the live-write guard's look-ups")  # fmt: skip
        if self.host_requests is not None:
            beyond = self.host_requests - sum(tally.calls.values())
            more = (f": {beyond} more than the run's sessions sent, from clients of their own (schemathesis' "
                    "ignored_auth probes without or with wrong credentials, the preflight); the checks and the matrix "
                    "do not see their answers") if beyond > 0 else ""  # fmt: skip
            lines += ["", f"The emulator's log records {self.host_requests} requests it answered{more}."]
        return [*lines, ""]

    def _not_sent_lines(self) -> list[str]:
        if not self.not_sent:
            return []
        intro = "What the live-write guard (contract_tests/safety.py) kept back, by operation and reason:"
        lines = ["## Not sent to the live host", "", intro, ""]
        for operation, reasons in sorted(self.not_sent.items()):
            for reason, count in sorted(reasons.items()):
                lines.append(f"- {operation}: {count} case{'s' if count > 1 else ''}: {reason}")
        return [*lines, ""]

    def _re_aimed_lines(self) -> list[str]:
        if not self.re_aimed:
            return []
        intro = ("Cases whose ids were not the run's own, sent with one of the run's own resources in their place "
                 "(contract_tests/safety.py), by operation and where the ids were:")  # fmt: skip
        lines = ["## Re-aimed at the run's own resources", "", intro, ""]
        for operation, places in sorted(self.re_aimed.items()):
            for place, count in sorted(places.items()):
                lines.append(f"- {operation}: {count} case{'s' if count > 1 else ''}: {place}")
        return [*lines, ""]

    def _cleanup_lines(self) -> list[str]:
        record = self.cleanup
        if record is None:
            return []

        def of(entry: Entry) -> str:
            return f"{entry.resource} {one_line(entry.id)}, {_of_run(entry, record)}"

        own = sum(record.deleted.values())
        kinds = ", ".join(f"{kind}: {count}" for kind, count in sorted(record.deleted.items()))
        intro = "What the live-write guard deleted at the end of the run, and what not (contract_tests/cleanup.py):"
        lines = ["## Clean-up of the run's writes", "", intro, ""]
        own_left = sum(1 for failure in record.undeleted if failure.entry.run == record.run)
        if own:
            deleted = f"{own} deleted ({kinds})" + (f", {own_left} not (below)" if own_left else "")
        else:  # none deleted: none to delete, or every delete failed (a host that redirects, or is gone)
            deleted = f"0 of {own_left} deleted (below)" if own_left else "none to delete"
        lines.append(f"- The run's own resources: {deleted}")
        lines.append(
            f"- Leftovers of runs that started over a day ago, as the ledger has them: {len(record.swept)} deleted"
        )
        lines += _listed(of(entry) for entry in record.swept)
        lines.append(f"- Not deleted: {len(record.undeleted) or 'none'}")
        lines += _listed(f"{of(failure.entry)}: {failure.call}" for failure in record.undeleted)
        if record.sweep_failed:
            lines.append(f"- Leftovers of older runs not looked for: {record.sweep_failed}")
        still = [of(entry) for entry in record.outstanding]
        still += [f"a {intent.resource} named {intent.name}, {_of_run(intent, record)}: its create was answered "
                  "without its id" for intent in record.unsettled]  # fmt: skip
        lines.append(f"- Still in the ledger as not deleted ({record.ledger}): {len(still) or 'nothing'}")
        lines += _listed(still)
        if not record.finished:
            lines.append("- The clean-up stopped before its end, on an error (the tear-down's above, or the last "
                         "test's): the above is what it did until then")  # fmt: skip
        return [*lines, ""]

    def _failure_lines(self) -> list[str]:
        lines: list[str] = []
        for item in self.items.values():
            if item.outcome == "error" and item.error:
                lines += [f"### {item.name}: error", "", item.error, ""]
        findings = self.findings()
        if findings:
            lines += self._reproduce_intro()
        for finding in findings:
            example = finding.example
            lines += [f"### {finding_title(finding)}", "", f"Failed {finding_counts(finding)}.", ""]
            if finding.violation is not None or len(finding.responses) > 1:
                lines += [f"Example: {example.operation}", ""]
            if example.links:
                lines += ["The stateful steps that led to it:", "", *(f"1. {step}" for step in example.links), ""]
            lines += [example.title, "", "```", example.message.strip() or example.title, "```", ""]
            if example.curl:
                lines += ["Reproduce with:", "", "```sh", self._curl_for_reproduction(example.curl), "```", ""]
        return ["## Failures", "", *lines] if lines else []

    def _reproduce_intro(self) -> list[str]:
        if self.reproduce is None or self.live:
            return []
        command, _ = self.reproduce
        return ["To reproduce a failure, start the emulator again (the run's own has stopped), on a copy of the "
                "data the run left (as it was at the end of the run: a resource the failing case used may have "
                "been deleted since):", "", "```sh", command, "```", "",
                f"then run the failure's curl command. The run's credentials are masked as `{MASK}`: put the "
                "emulator's in their place (the command above names them); where the credential is a token the "
                "API issues (a login or a session), obtain one from this emulator first, the way the API's client "
                "README describes.", ""]  # fmt: skip

    def _curl_for_reproduction(self, curl: str) -> str:
        if self.reproduce is None or self.live or not self.base_url:
            return curl
        return curl.replace(self.base_url, self.reproduce[1])


def _of_run(entry: Entry | Intent, record: CleanUp) -> str:
    if entry.run == record.run:
        return "of this run"
    if not started_before(entry.run, dt.datetime.now(dt.UTC) - LEFTOVER_AGE):
        return f"of run {entry.run}, under a day old (it may still be going: a later run sweeps it)"
    return f"of run {entry.run}"


def _listed(lines: Iterable[str]) -> list[str]:
    """The clean-up section's sub-list: LISTED lines at most, then how many more."""
    every = list(lines)
    shown = [f"  - {line}" for line in every[:LISTED]]
    return shown + ([f"  - and {len(every) - LISTED} more"] if len(every) > LISTED else [])


def cell(operation: OperationTally, check: str) -> str:
    count = operation.checks.get(check)
    if count is not None and count.failed:
        return f"{count.failed} of {count.ran} FAIL"
    if count is not None and count.ran:
        return f"{count.ran} ok"
    if operation.enabled is not None and check not in operation.enabled:
        return "off"
    return "-"


def finding_title(finding: Finding) -> str:
    if finding.violation is not None:
        return f"{finding.violation.line()} ({finding.check})"
    return f"{finding.example.operation}: {finding.check}"


def finding_counts(finding: Finding) -> str:
    total, operations = finding.total, len(finding.responses)
    said = f"in {total} response{'s' if total != 1 else ''}"
    if operations > 1:
        said += f" of {operations} operations: " + ", ".join(f"{label} ({count})" for label, count
                                                               in finding.responses.most_common())  # fmt: skip
    return said


def finding_line(finding: Finding) -> str:
    """`DataPool.owner_id: missing in 12 responses of 3 operations`, or for a failure that is not about a
    field, `GET /widgets: max_response_time in 3 responses`."""
    total, operations = finding.total, len(finding.responses)
    where = f"in {total} response{'s' if total != 1 else ''}"
    if finding.violation is None:
        return f"{finding.example.operation}: {finding.check} {where}"
    where += f" of {operations} operations" if operations > 1 else f" of {finding.example.operation}"
    return f"{finding.violation.line()} {where}"
