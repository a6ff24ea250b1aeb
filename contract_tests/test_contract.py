"""The contract check: schemathesis over the run's API's spec against its host (contract_tests/target.py).

One test per operation runs the examples, coverage and fuzzing phases with every check; test_stateful
follows the spec's links (create -> get -> update -> delete). What the run may send to a live host is
decided in contract_tests/schema.py and contract_tests/safety.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import hypothesis.errors
import pytest
import requests
from schemathesis import Case
from schemathesis.core.failures import FailureGroup

from contract_tests import http as contract_http
from contract_tests.conftest import REPORT_KEY
from contract_tests.ledger import Ledger, default_directory
from contract_tests.run import API, AUTH, TARGET
from contract_tests.run import SCHEMA as schema
from contract_tests.safety import Guard, NoGuard, OwnedResources, UndeclaredWrite
from contract_tests.target import host


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with host(TARGET, Path(tmp_path_factory.mktemp("host"))) as url:
        AUTH.bind(url)
        try:
            yield url
        finally:
            AUTH.close()  # after the guard's clean-up, which still needs it


@pytest.fixture(scope="session")
def http() -> Iterator[requests.Session]:
    with contract_http.session() as session:
        yield session


@pytest.fixture(scope="session")
def guard(request: pytest.FixtureRequest, base_url: str, http: requests.Session) -> Iterator[Guard]:
    # Only a live run that may write needs guarding: a read-only one sends no writes (schema.py), and the
    # emulator is the run's own.
    writes_live = TARGET.live and TARGET.writes_allowed
    active: Guard = NoGuard()
    if writes_live:
        ledger = Ledger(default_directory(), API.name, base_url)
        active = OwnedResources(API, TARGET.run_id, base_url, http, AUTH, ledger)
    try:
        yield active
    finally:
        report = request.config.stash.get(REPORT_KEY, None)
        if report is not None:
            report.not_sent = active.not_sent
        active.close()  # also after a failed run: the run's own resources never stay behind


@schema.parametrize()
def test_operation(case: Case[Any], base_url: str, http: requests.Session, guard: Guard) -> None:
    try:
        admitted = guard.admit(case)
    except UndeclaredWrite as undeclared:
        pytest.skip(str(undeclared))
    if admitted:
        response = case.call_and_validate(base_url=base_url, session=http)
        guard.after_call(case, response)


def test_stateful(base_url: str, http: requests.Session, guard: Guard) -> None:
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
            return super().step(input) if admitted else None

        def after_call(self, response: Any, case: Case[Any]) -> None:
            super().after_call(response, case)  # the recording that the stateful checks look back on
            guard.after_call(case, response)

        def validate_response(self, response: Any, case: Case[Any], *args: Any, **kwargs: Any) -> None:
            try:
                super().validate_response(response, case, *args, **kwargs)
            except FailureGroup as failure:
                failures.append(failure)
                raise

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
