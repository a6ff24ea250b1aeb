"""pytest wiring of the contract check: the report plugin (contract_tests/report.py).

CONTRACT_REPORTS names the directory for summary.md (`python -m contract_tests` sets it, beside the JUnit
XML); without it the run still masks secrets and prints its summary to the terminal. The plugin is kept
in the config's stash under REPORT_KEY, where the live-write guard hands it what it kept back.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from schemathesis.checks import CHECKS
from schemathesis.core.result import Ok

from contract_tests import variables
from contract_tests.report import STATEFUL, ContractReport, Redactor

REPORT_KEY = pytest.StashKey[ContractReport]()


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    if not any(item.path.name == "test_contract.py" for item in items):
        return
    from contract_tests import run  # the schema is loaded by now: test_contract.py was collected

    directory = os.environ.get(variables.REPORTS)
    target = run.TARGET
    describe = {"api": target.api, "target": target.describe(), "live": target.live, "seed": target.seed,
                "seed_variable": target.seed_variable, "profile": target.profile.name}  # fmt: skip
    redact = Redactor(target.credentials.values(), issued=run.AUTH.tokens)
    report = ContractReport(Path(directory) if directory else None, redact, describe)
    names = CHECKS.get_all_names()
    for result in run.SCHEMA.get_all_operations():
        if not isinstance(result, Ok):
            continue  # an operation schemathesis cannot load fails its own test, with the reason
        operation = result.ok()
        checks = run.SCHEMA.config.checks_config_for(operation=operation)
        report.expect(operation.label, [name for name in names if checks.get_by_name(name=name).enabled])
    report.expect(STATEFUL, [name for name in names if run.SCHEMA.config.checks.get_by_name(name=name).enabled])
    config.stash[REPORT_KEY] = report
    config.pluginmanager.register(report, "contract-report")


def pytest_report_header(config: pytest.Config) -> list[str]:
    from schemathesis.config import ConfigError

    from contract_tests.api import ContractSetupError
    from contract_tests.target import TargetError

    try:
        from contract_tests import run
    except (ContractSetupError, TargetError, ConfigError) as error:
        raise pytest.UsageError(f"contract check: {error}") from None
    target = run.TARGET
    return [f"contract check of {target.api}: {target.describe()}; profile {target.profile.name}; seed {target.seed} "
            f"(replay: {target.seed_variable}={target.seed})"]  # fmt: skip
