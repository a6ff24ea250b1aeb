"""What the run did, counted as it happens: the report's facts (contract_tests/report.py writes them).

Per operation and check: how many responses the check ran on and how many it failed, from the results
schemathesis hands to the `after_validate` hook (one CheckResult per check that ran; a check that found
nothing to do returns True and gives none). Per operation: its cases per phase (examples, coverage,
fuzzing, stateful, and any phase a test module names with CONTRACT_PHASE), and the statuses it answered.
A check result is only ever counted on the operation of the case it was run on, so the matrix cannot show
a check on an operation where none of its results were recorded.

A check's result counts as a run only where the case was one it checks (contract_tests/applicability.py):
schemathesis' built-ins answer "nothing to do" the same way as "passed" (negative_data_rejection on a
positive case; use_after_free outside the stateful phase, which alone records the calls it looks back on).

The stateful phase's steps are remembered with the link that led to each, so a failure in it is shown
with the sequence of links before it, and the summary can say which of the links were followed.

Every HTTP call of the run's sessions (contract_tests/http.py) is counted too, by what it belonged to:
an operation's test (its cases, and what checks and the live-write guard sent while it ran) or no test
at all (the run's set-up and clean-up), so that no call is silently folded into an operation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
from schemathesis import Case
from schemathesis.checks import CheckResult
from schemathesis.core.failures import Failure
from schemathesis.core.transport import Response
from schemathesis.hooks import HookContext
from schemathesis.schemas import BaseSchema

from contract_tests.applicability import ran_on
from contract_tests.violations import Violation, violation_of

PHASES = ("examples", "coverage", "fuzzing", "stateful")
OUTSIDE_TESTS = "outside any test"
# Below this many answers a share says nothing: the verdicts on refused credentials wait for more.
MIN_ANSWERS = 10

# What an answer says about the run's credentials: a short description when it refuses them
# ("401", "400 with code ..."), None when it does not.
RefusalOf = Callable[[int, bytes | None], str | None]


@dataclass
class CheckCount:
    ran: int = 0
    failed: int = 0


@dataclass
class OperationTally:
    label: str
    enabled: frozenset[str] | None = None  # None: not known (the run's schema does not list it)
    checks: dict[str, CheckCount] = field(default_factory=dict)
    phases: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)

    @property
    def cases(self) -> int:
        return sum(self.phases.values())

    @property
    def failed_checks(self) -> list[str]:
        return sorted(name for name, count in self.checks.items() if count.failed)


@dataclass
class Example:
    """The first case a finding was seen on."""

    operation: str
    title: str
    message: str
    curl: str | None
    links: list[str]  # the stateful steps that led to it, oldest first; [] outside the stateful phase


@dataclass
class Finding:
    """One check failing for one reason: on an operation, or (a schema violation) on one field."""

    check: str
    violation: Violation | None
    example: Example
    responses: Counter[str] = field(default_factory=Counter)  # failing responses per operation

    @property
    def total(self) -> int:
        return sum(self.responses.values())


@dataclass
class NetworkError:
    context: str  # the test it happened in
    operation: str
    said: str  # one line: what went wrong (contract_tests/network.py)
    request: str  # METHOD and URL without its query (a query may carry a secret)
    count: int = 0

    def line(self) -> str:
        times = f" ({self.count} cases)" if self.count > 1 else ""
        return f"{self.operation}: network error: {self.said} on {self.request}{times}"


@dataclass
class Step:
    label: str
    link: str | None  # the transition's id: "<source> -> [<status>] <link> -> <target>"
    parent: str | None  # the case id of the step the link was followed from
    status: int | None = None


@dataclass
class Tally:
    redact: Callable[[str], str] = lambda text: text
    refusal_of: RefusalOf = lambda status, content: str(status) if status in (401, 403) else None
    operations: dict[str, OperationTally] = field(default_factory=dict)
    findings: dict[tuple[Any, ...], Finding] = field(default_factory=dict)
    network: dict[tuple[str, str, str], NetworkError] = field(default_factory=dict)
    refused: Counter[str] = field(default_factory=Counter)  # refusing answers by what they said
    not_found_without_path_parameters: Counter[bool] = field(default_factory=Counter)  # 404 or not
    calls: Counter[str] = field(default_factory=Counter)  # every call of the run's sessions, by context
    case_calls: Counter[str] = field(default_factory=Counter)  # the cases among them, by context
    item_phases: dict[str, Counter[str]] = field(default_factory=dict)  # cases per test item, by phase
    spec_links: dict[str, bool] = field(default_factory=dict)  # link id -> inferred by schemathesis
    followed: Counter[str] = field(default_factory=Counter)
    steps: dict[str, Step] = field(default_factory=dict)
    answered: set[str] = field(default_factory=set)  # the ids of the cases that had an answer
    context: str = OUTSIDE_TESTS  # the test item running now
    phase_override: str | None = None  # the running test module's CONTRACT_PHASE

    # What the report knows before the run

    def expect(self, label: str, enabled: list[str]) -> None:
        self.operation(label).enabled = frozenset(enabled)

    def operation(self, label: str) -> OperationTally:
        return self.operations.setdefault(label, OperationTally(label))

    def know_links(self, machine: type[Any]) -> None:
        """The links a state machine made from the schema can follow (schemathesis keeps them on the class
        as `_transitions`; read defensively, it is not public)."""
        transitions = getattr(machine, "_transitions", None)
        for operation in getattr(transitions, "operations", {}).values():
            for link in getattr(operation, "outgoing", ()):
                self.spec_links.setdefault(str(link.full_name), bool(getattr(link, "is_inferred", False)))

    # Where the run is

    def enter(self, context: str, phase_override: str | None = None) -> None:
        self.context, self.phase_override = context, phase_override
        self.item_phases.setdefault(context, Counter())

    def leave(self) -> None:
        self.context, self.phase_override = OUTSIDE_TESTS, None

    # The hooks

    def register(self, schema: BaseSchema) -> None:
        schema.hooks.register_hook_with_name(self._after_call, "after_call")
        schema.hooks.register_hook_with_name(self._after_validate, "after_validate")

    def observe_call(self, request: requests.PreparedRequest, response: requests.Response | None) -> None:
        """Every call of the run's sessions (contract_tests/http.py's observer)."""
        self.calls[self.context] += 1

    def _phase(self, case: Case[Any]) -> str:
        if self.phase_override is not None:
            return self.phase_override
        return case.meta.phase.name.value if case.meta is not None else "unknown"

    def _after_call(self, context: HookContext, case: Case[Any], response: Response) -> None:
        self.case_call(case)
        self.answered.add(case.id)
        operation = self.operation(case.operation.label)
        operation.statuses[response.status_code] += 1
        refused = self.refusal_of(response.status_code, response.content)
        if refused is not None:
            self.refused[refused] += 1
        if "{" not in case.operation.path:
            self.not_found_without_path_parameters[response.status_code == 404] += 1
        step = self.steps.get(case.id)
        if step is not None:
            step.status = response.status_code

    def case_call(self, case: Case[Any]) -> None:
        """A case sent (or attempted: a network error) on its operation's behalf."""
        phase = self._phase(case)
        self.operation(case.operation.label).phases[phase] += 1
        self.case_calls[self.context] += 1
        self.item_phases.setdefault(self.context, Counter())[phase] += 1

    def _after_validate(
        self, context: HookContext, case: Case[Any], response: Response, results: list[CheckResult]
    ) -> None:
        operation = self.operation(case.operation.label)
        by_check: dict[str, list[Failure]] = {}
        for result in results:  # a check failing several ways gives one result per failure
            failures = by_check.setdefault(result.name, [])
            if result.failure is not None:
                failures.append(result.failure)
        for name, failures in by_check.items():
            if not failures and not ran_on(name, case, response):
                continue  # the case was not one this check checks (a failure always counts)
            count = operation.checks.setdefault(name, CheckCount())
            count.ran += 1
            if failures:
                count.failed += 1
                self._found(name, failures, case, response)

    def _found(self, check: str, failures: list[Failure], case: Case[Any], response: Response) -> None:
        label = case.operation.label
        seen: set[tuple[Any, ...]] = set()
        for failure in failures:
            violation = violation_of(failure)
            key: tuple[Any, ...] = (check, violation) if violation is not None else (check, label, failure.title)
            if key in seen:
                continue  # the same field of several items of one response: one failing response
            seen.add(key)
            finding = self.findings.get(key)
            if finding is None:
                finding = self.findings[key] = Finding(check, violation, self._example(failure, case, response))
            finding.responses[label] += 1

    def _example(self, failure: Failure, case: Case[Any], response: Response) -> Example:
        try:
            curl: str | None = case.as_curl_command(headers=dict(response.request.headers), verify=response.verify)
        except Exception:  # a case schemathesis cannot spell as curl still has its finding
            curl = None
        return Example(
            operation=case.operation.label,
            title=self.redact(failure.title),
            message=self.redact(failure.message),
            curl=self.redact(curl) if curl else None,
            links=self._links_to(case.id),
        )

    # The stateful phase

    def stateful_step(self, case: Case[Any], link: str | None, parent: str | None, applied: bool) -> None:
        """A step about to be sent: the link it follows (None for a first step), and whether the link's
        values were put into the request (schemathesis at times leaves them out, to widen its inputs)."""
        self.steps[case.id] = Step(case.operation.label, link, parent)
        if link is not None and applied:
            self.followed[link] += 1

    def _links_to(self, case_id: str) -> list[str]:
        chain: list[str] = []
        current = self.steps.get(case_id)
        while current is not None and len(chain) < 100:
            said = f"{current.label} ({current.status})" if current.status is not None else current.label
            chain.append(said if current.link is None else f"link {link_name(current.link)} -> {said}")
            current = self.steps.get(current.parent) if current.parent else None
        return chain[::-1]

    # Network errors

    def network_error(self, label: str, error: requests.RequestException, case: Case[Any] | None = None) -> str:
        """A case that met a network error (no answer): counted, and the one line that says so."""
        from contract_tests import network  # the words for it are the preflight's (contract_tests/network.py)

        if case is not None and case.id not in self.answered:  # else a check's own request met the error
            self.case_call(case)
        self.operation(label)  # the operation has a row in the report even when no case was answered
        request = getattr(error, "request", None)
        url = str(getattr(request, "url", "") or "").split("?", 1)[0]
        sent = self.redact(f"{getattr(request, 'method', '') or ''} {url}".strip() or "a request")
        said = network.describe(error)
        entry = self.network.setdefault((self.context, label, said), NetworkError(self.context, label, said, sent))
        entry.count += 1
        return entry.line()

    def network_errors_here(self) -> int:
        """The network errors of the test running now."""
        return sum(error.count for error in self.network.values() if error.context == self.context)

    # Verdicts

    def refusal(self) -> str | None:
        """Why the run cannot be believed although its checks may pass: most answers refused the run's
        credentials, or most answers to the operations without path parameters were 404."""
        answers = sum(sum(operation.statuses.values()) for operation in self.operations.values())
        refused = sum(self.refused.values())
        if answers >= MIN_ANSWERS and refused * 2 > answers:
            said = " or ".join(what for what, _ in self.refused.most_common())
            return f"{refused} of {answers} answers were {said}: the credentials were refused"
        missing, others = self.not_found_without_path_parameters[True], self.not_found_without_path_parameters[False]
        if missing + others >= MIN_ANSWERS and missing > others:
            return (f"{missing} of {missing + others} answers to the operations without path parameters were 404: "
                    "the operations were not found there (is the base URL the API's?)")  # fmt: skip
        return None

    def other_calls(self) -> dict[str, int]:
        """Calls of the run's sessions that were not cases, by the test they were sent in (or none)."""
        return {context: count - self.case_calls[context] for context, count in self.calls.items()
                if count > self.case_calls[context]}  # fmt: skip


def link_name(link: str) -> str:
    """The link's own name in schemathesis' id of a transition: `<source> -> [<status>] <name> -> <target>`."""
    _, bracket, rest = link.partition("] ")
    return rest.rsplit(" -> ", 1)[0] if bracket else link
