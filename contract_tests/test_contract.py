"""The contract check: schemathesis over the run's API's spec against its host (contract_tests/target.py).

One test per operation runs the examples, coverage and fuzzing phases with every check; test_stateful
follows the spec's links (create -> get -> update -> delete). What the run may send to a live host is
decided in contract_tests/schema.py and contract_tests/safety.py. The host, the HTTP session and the
live-write guard are the run's session fixtures (contract_tests/fixtures.py, shared by every test module).

A case that meets a network error is recorded in the run's tally rather than raised
(contract_tests/sending.py).
"""

from __future__ import annotations

from typing import Any

import hypothesis
import hypothesis.errors
import pytest
import requests
from schemathesis import Case
from schemathesis.core.failures import FailureGroup

from contract_tests.run import SCHEMA as schema
from contract_tests.run import TARGET
from contract_tests.safety import Guard, UndeclaredWrite
from contract_tests.sending import host_gave_up, send_checked
from contract_tests.tally import Tally


@schema.parametrize()
def test_operation(case: Case[Any], base_url: str, http: requests.Session, guard: Guard, tally: Tally) -> None:
    if not host_gave_up(tally):  # else the test fails with the network errors it met
        send_checked(case, base_url, http, guard, tally)


def test_stateful(base_url: str, http: requests.Session, guard: Guard, tally: Tally) -> None:
    phase = schema.config.phases.stateful
    if not phase.enabled:
        pytest.skip("the stateful phase is turned off in schemathesis.toml")
    if TARGET.live and not TARGET.writes_allowed:
        pytest.skip("read-only live run: every link starts at a create, and a read-only run creates nothing")

    failures: list[FailureGroup] = []

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Case[Any]) -> dict[str, Any]:
            return {"base_url": base_url, "session": http}

        def step(self, input: Any) -> Any:
            try:
                admitted = guard.admit(input.case)
            except UndeclaredWrite:
                admitted = False
            # A step the guard keeps from the host is left out of the scenario (counted by the guard).
            if not admitted or host_gave_up(tally):
                return None
            transition = input.transition
            tally.stateful_step(input.case, transition.id if transition is not None else None,
                                transition.parent_id if transition is not None else None, input.is_applied)  # fmt: skip
            try:
                return super().step(input)
            except requests.RequestException as error:
                tally.network_error(input.case.operation.label, error, input.case)
                return None  # left out of the scenario, as a step the guard keeps back

        def after_call(self, response: Any, case: Case[Any]) -> None:
            super().after_call(response, case)  # the recording that the stateful checks look back on
            guard.after_call(case, response)

        def validate_response(self, response: Any, case: Case[Any], *args: Any, **kwargs: Any) -> None:
            try:
                super().validate_response(response, case, *args, **kwargs)
            except FailureGroup as failure:
                failures.append(failure)
                raise

    tally.know_links(Workflow)
    hypothesis.seed(TARGET.seed)(Workflow)
    try:
        Workflow.run(
            settings=hypothesis.settings(
                max_examples=TARGET.profile.stateful_scenarios,
                stateful_step_count=phase.max_steps or 10,
                deadline=None,
                database=None,
                # Generation only, as schemathesis runs its state machines: its link data depends on what
                # the host answered before, which replaying a scenario to shrink it cannot reproduce.
                phases=[hypothesis.Phase.generate],
                suppress_health_check=list(hypothesis.HealthCheck),
            )
        )
    except hypothesis.errors.Flaky:
        # For the same reason Hypothesis may find a scenario it cannot replay. As in schemathesis' own
        # runner, that is no finding about the host: only a check that failed on the way counts.
        if failures:
            raise failures[0] from None
