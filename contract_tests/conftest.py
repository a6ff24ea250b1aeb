"""pytest wiring of the contract check: the report plugin (contract_tests/report.py) and its tally.

The report follows every contract test collected here: the schemathesis tests of any module (an item
with an `operation_label`: test_contract.py's per-operation tests, test_reuse.py's) and test_stateful.
It knows them as items, not by node id: schemathesis gives all the items of one test function the same.

The session fixtures (the host, checked before any test; the HTTP session; the live-write guard) are
contract_tests/fixtures.py's, made available here to every test module, so that there is one of each.

CONTRACT_REPORTS names the directory for summary.md (`python -m contract_tests` sets it, beside the JUnit
XML); without it the run still masks secrets and prints its summary to the terminal. The plugin is kept
in the config's stash under REPORT_KEY, where the host fixture and the live-write guard hand it what
they know; the `tally` fixture gives the tests the run's counts.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from schemathesis.checks import CHECKS
from schemathesis.core.result import Ok

from contract_tests import http as contract_http
from contract_tests import variables
from contract_tests.fixtures import base_url, guard, http  # noqa: F401 (one of each per run, for every test module)
from contract_tests.redaction import SECRETS, process_redactor
from contract_tests.report import STATEFUL, ContractReport, Redactor
from contract_tests.tally import Tally

REPORT_KEY = pytest.StashKey[ContractReport]()
HERE = Path(__file__).resolve().parent


def report_name(item: pytest.Item) -> str | None:
    """What the report calls a contract test, or None for an item that is not one."""
    if item.path.parent != HERE:
        return None
    label = getattr(item, "operation_label", None)
    if isinstance(label, str):
        return label
    return STATEFUL if item.name == "test_stateful" else None


@pytest.hookimpl(trylast=True)  # after -k and -m deselected theirs: a test left out is no test that did not run
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    names: dict[pytest.Item, str] = {}
    for item in items:
        name = report_name(item)
        if name is None:
            continue
        # Two tests of one operation (test_contract.py's and test_reuse.py's): the second is named by its module.
        module = getattr(item, "module", None)
        taken = name in names.values()
        names[item] = f"{name} ({getattr(module, '__name__', '?').rsplit('.', 1)[-1]})" if taken else name
    if not names:
        return
    from contract_tests import run  # the schema is loaded by now: a contract test module was collected
    from contract_tests.checks import ApiRejections

    directory = os.environ.get(variables.REPORTS)
    target = run.TARGET
    describe = {"api": target.api, "target": target.describe(), "live": target.live, "seed": target.seed,
                "seed_variable": target.seed_variable, "profile": target.profile.describe()}  # fmt: skip
    # The process's registry (contract_tests/redaction.py): the credentials, and every token as it arrives.
    redact = Redactor(target.credentials.values(), issued=SECRETS.values)
    rejections = ApiRejections.of(run.API)

    def refusal_of(status: int, content: bytes | None) -> str | None:
        if status in (401, 403):
            return str(status)
        if rejections.matches("unauthenticated", status, content):
            return rejections.said(status, content)
        return None

    tally = Tally(redact=redact, refusal_of=refusal_of)
    checks = CHECKS.get_all_names()
    for result in run.SCHEMA.get_all_operations():
        if not isinstance(result, Ok):
            continue  # an operation schemathesis cannot load fails its own test, with the reason
        operation = result.ok()
        config_of = run.SCHEMA.config.checks_config_for(operation=operation)
        tally.expect(operation.label, [name for name in checks if config_of.get_by_name(name=name).enabled])
    tally.register(run.SCHEMA)
    contract_http.observe(tally.observe_call)  # every call of the run's sessions, cases or not
    report = ContractReport(Path(directory) if directory else None, redact, describe, tally, names,
                            reproduce=target.reproduce_host())  # fmt: skip
    config.stash[REPORT_KEY] = report
    config.pluginmanager.register(report, "contract-report")


@pytest.hookimpl(tryfirst=True)
def pytest_collectreport(report: pytest.CollectReport) -> None:
    """A collection error, masked before the terminal or junit.xml get it (the report plugin is only
    registered once collection is over)."""
    if report.longrepr is not None:
        report.longrepr = process_redactor()(str(report.longrepr))


@pytest.fixture(scope="session")
def tally(request: pytest.FixtureRequest) -> Tally:
    """The run's counts (a tally of its own when the report is not running: nothing is lost, nothing shown)."""
    report = request.config.stash.get(REPORT_KEY, None)
    return report.tally if report is not None else Tally()


def pytest_report_header(config: pytest.Config) -> list[str]:
    from schemathesis.config import ConfigError

    from contract_tests.api import ContractSetupError
    from contract_tests.target import TargetError

    try:
        from contract_tests import run
    except (ContractSetupError, TargetError, ConfigError) as error:
        raise pytest.UsageError(f"contract check: {error}") from None
    target = run.TARGET
    return [f"contract check of {target.api}: {target.describe()}; profile {target.profile.describe()}; "
            f"seed {target.seed} (replay: {target.seed_variable}={target.seed})"]  # fmt: skip
